from django.utils.translation import gettext_lazy as _

import horizon

from volsnap_dashboard import content


class Checkpoints(horizon.Panel):
    name = _("Checkpoints")
    slug = 'checkpoints'
    permissions = content.VOLUME_SERVICE_PERMISSIONS
    policy_rules = (("volume", "volume:get_all_snapshots"),)
