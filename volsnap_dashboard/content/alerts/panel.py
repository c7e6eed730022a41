#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

from django.utils.translation import gettext_lazy as _

import horizon

from volsnap_dashboard import content

# Who may manage a project's alert channels: who may protect its volumes.
MANAGE_POLICY = (("volume", "volume:create_snapshot"),)
# Who may manage the cloud admins' channels.
ADMIN_POLICY = (("volume", "context_is_admin"),)


class Alerts(horizon.Panel):
    name = _("Alerts")
    slug = 'alerts'
    permissions = content.VOLUME_SERVICE_PERMISSIONS
    policy_rules = MANAGE_POLICY
