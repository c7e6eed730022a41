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

# Copy every _*volsnap*.py file of this folder into
# openstack_dashboard/local/enabled/ to enable volsnap-dashboard.
#
# Horizon keeps every name of this file in its settings, which its own
# tests (and other plugins') deep-copy: a class can be copied, a module
# cannot, so the exception class is imported, not its module.
from volsnap_dashboard.exceptions import VolsnapError

PANEL = 'protection'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'volumes'

ADD_PANEL = 'volsnap_dashboard.content.protection.panel.Protection'
ADD_INSTALLED_APPS = ['volsnap_dashboard', 'volsnap_dashboard.events',
                      'volsnap_dashboard.policies',
                      'volsnap_dashboard.alerts']
ADD_EXCEPTIONS = {
    'recoverable': (VolsnapError,),
}
AUTO_DISCOVER_STATIC_FILES = True
ADD_SCSS_FILES = ['volsnap_dashboard/volsnap.scss']
