from django.utils.translation import gettext_lazy as _

import horizon

from volsnap_dashboard import content


class Protection(horizon.Panel):
    name = _("Protection")
    slug = 'protection'
    permissions = content.VOLUME_SERVICE_PERMISSIONS
    policy_rules = (("volume", "volume:get_all"),)
