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

"""Enabling the plugin breaks nothing of Horizon's: Horizon's own
test_plugins and its volume, snapshot, backup and group panel tests, run
from the installed Horizon with the plugin enabled as an operator enables
it (horizon_settings.py), end as they end without it."""
import glob
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import openstack_dashboard
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
HORIZON_TESTS = [
    "openstack_dashboard.test.test_plugins",
    "openstack_dashboard.dashboards.project.volumes.tests",
    "openstack_dashboard.dashboards.project.snapshots.tests",
    "openstack_dashboard.dashboards.project.backups.tests",
    "openstack_dashboard.dashboards.project.volume_groups.tests",
    "openstack_dashboard.dashboards.project.vg_snapshots.tests",
]
LOCAL = os.path.join(os.path.dirname(openstack_dashboard.__file__), "local")

pytestmark = pytest.mark.packaging


def operator_enabled():
    return glob.glob(os.path.join(LOCAL, "enabled", "_*volsnap*.py"))


def start(settings, tmp_path, extra=()):
    report = tmp_path / f"{settings}.xml"
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-c",
         # Tests named by their full path: two modules have classes of
         # the same name.
         os.path.join(HERE, "horizon-pytest.ini"), "--rootdir", "/",
         f"--ds={settings}", f"--junitxml={report}",
         "--pyargs", *HORIZON_TESTS, *extra],
        cwd=tmp_path, env=dict(os.environ, PYTHONPATH=REPO),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, report


def outcomes(process, report):
    output = process.communicate(timeout=900)[0]
    assert report.exists(), output[-3000:]
    found = {}
    for case in ElementTree.parse(report).iter("testcase"):
        ended = [child.tag for child in case
                 if child.tag in ("failure", "error", "skipped")]
        found[f"{case.get('classname')}.{case.get('name')}"] = (
            ended[0] if ended else "passed")
    return found


def test_horizons_own_tests_end_as_they_do_without_the_plugin(tmp_path):
    if not operator_enabled():
        if os.environ.get("VOLSNAP_REQUIRE_STACK"):
            pytest.fail("the stack's Horizon has no volsnap enabled files")
        pytest.skip("the plugin is not enabled in this Horizon "
                    "(./tools/stack.py install copies its enabled files)")
    # Side by side: each run has its own in-memory databases.
    with_plugin = start("tests.packaging.horizon_settings", tmp_path,
                        ["tests.packaging.horizon_plugin_enabled"])
    without = start("openstack_dashboard.test.settings", tmp_path)
    with_plugin, without = outcomes(*with_plugin), outcomes(*without)

    ours = {name: outcome for name, outcome in with_plugin.items()
            if "horizon_plugin_enabled" in name}
    assert list(ours.values()) == ["passed"], ours
    horizons = {name: outcome for name, outcome in with_plugin.items()
                if name not in ours}
    assert horizons == without
    assert sum(o == "passed" for o in without.values()) > 100
