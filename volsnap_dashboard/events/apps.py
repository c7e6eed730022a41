from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = 'volsnap_dashboard.events'
    label = 'volsnap_events'
    verbose_name = _("Volume protection events")
    default_auto_field = 'django.db.models.BigAutoField'
