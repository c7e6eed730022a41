from django.utils.translation import gettext_lazy as _

import horizon


class Protection(horizon.Panel):
    name = _("Protection")
    slug = 'protection'
    permissions = (
        ('openstack.services.block-storage',
         'openstack.services.block-store',
         'openstack.services.volume',
         'openstack.services.volumev3'),
    )
    policy_rules = (("volume", "volume:get_all"),)
