from django.utils.translation import gettext_lazy as _

import horizon


class SnapshotHistory(horizon.Panel):
    name = _("Snapshot History")
    slug = 'snapshot_history'
    permissions = (
        ('openstack.services.block-storage',
         'openstack.services.block-store',
         'openstack.services.volume',
         'openstack.services.volumev3'),
    )
    policy_rules = (("volume", "context_is_admin"),)
