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

"""Horizon's own test settings with volsnap-dashboard enabled the way an
operator enables it: the enabled files copied into the installed
openstack_dashboard/local/enabled/ and the settings snippet into
local/local_settings.d/, read as openstack_dashboard/settings.py reads
them. Horizon's own tests run on it (test_horizon_with_plugin.py)."""
import glob
import os

import openstack_dashboard
from openstack_dashboard import enabled
from openstack_dashboard.local import enabled as local_enabled
from openstack_dashboard.test.settings import *  # noqa: F403,H303
from openstack_dashboard.utils import settings as settings_utils

HORIZON_CONFIG.pop("dashboards", None)  # noqa: F405
HORIZON_CONFIG.pop("default_dashboard", None)  # noqa: F405
settings_utils.update_dashboards(
    [enabled, local_enabled], HORIZON_CONFIG,  # noqa: F405
    INSTALLED_APPS)  # noqa: F405
INSTALLED_APPS = list(dict.fromkeys(INSTALLED_APPS))  # noqa: F405

for _snippet in sorted(glob.glob(os.path.join(
        os.path.dirname(openstack_dashboard.__file__), "local",
        "local_settings.d", "*.py"))):
    with open(_snippet, encoding="utf-8") as _f:
        exec(_f.read())
