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

"""Run beside Horizon's own tests on horizon_settings.py: proves that
they ran with the plugin enabled, as an operator enables it."""
from django.conf import settings
from django.urls import reverse
from openstack_dashboard.test import helpers


class PluginEnabledTests(helpers.TestCase):

    def test_the_plugins_panels_and_database_are_in(self):
        self.assertIn("volsnap_dashboard.events", settings.INSTALLED_APPS)
        self.assertIn("volsnap_events", settings.DATABASES)
        for name in ("horizon:project:protection:index",
                     "horizon:project:checkpoints:index",
                     "horizon:project:protection_policies:index",
                     "horizon:admin:snapshot_history:index"):
            self.assertTrue(reverse(name))
