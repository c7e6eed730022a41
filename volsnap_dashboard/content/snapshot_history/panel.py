from django.utils.translation import gettext_lazy as _

import horizon

from volsnap_dashboard import content


class SnapshotHistory(horizon.Panel):
    name = _("Snapshot History")
    slug = 'snapshot_history'
    permissions = content.VOLUME_SERVICE_PERMISSIONS
    policy_rules = (("volume", "context_is_admin"),)
