from django.utils.translation import gettext_lazy as _

import horizon

from volsnap_dashboard import content


class AdminProtectionPolicies(horizon.Panel):
    name = _("Protection Policies")
    slug = 'protection_policies'
    permissions = content.VOLUME_SERVICE_PERMISSIONS
    policy_rules = (("volume", "context_is_admin"),)
