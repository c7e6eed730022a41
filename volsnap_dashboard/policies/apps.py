from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = 'volsnap_dashboard.policies'
    label = 'volsnap_policies'
    verbose_name = _("Volume protection policies")
    default_auto_field = 'django.db.models.BigAutoField'
