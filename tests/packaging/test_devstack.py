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

"""The DevStack plugin parses, and the files it copies exist."""
import glob
import os
import re
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DEVSTACK = os.path.join(REPO, "devstack")

pytestmark = pytest.mark.packaging


def read(name):
    with open(os.path.join(DEVSTACK, name)) as f:
        return f.read()


def test_the_scripts_are_bash():
    for name in ("plugin.sh", "settings"):
        subprocess.run(["bash", "-n", os.path.join(DEVSTACK, name)],
                       check=True)


def test_every_copied_file_exists():
    plugin = read("plugin.sh")
    copied = re.findall(r"cp \$VOLSNAP_DASHBOARD_DIR/(\S+)", plugin)
    assert len(copied) == 2
    for pattern in copied:
        assert glob.glob(os.path.join(REPO, pattern)), pattern


def test_the_services_it_runs_are_the_packages_and_enabled():
    plugin, settings = read("plugin.sh"), read("settings")
    run = set(re.findall(r"run_process (\S+)", plugin))
    with open(os.path.join(REPO, "setup.cfg")) as f:
        scripts = set(re.findall(r"^\s+(volsnap-\w+) =", f.read(), re.M))
    assert run == scripts == {
        "volsnap-scheduler", "volsnap-listener", "volsnap-watchdog"}
    enabled = set(re.search(r"enable_service (.*)", settings)[1].split())
    assert run | {"volsnap-dashboard"} == enabled


def test_devstack_and_the_local_stack_fill_in_one_settings_template():
    template = os.path.join(REPO, "enabled", "local_settings.d",
                            "_91_volsnap_services.py.template")
    with open(template) as f:
        names = set(re.findall(r"\$\{(\w+)\}", f.read()))
    given = set(re.findall(r'^    (\w+)="[^"]*" \\$', read("plugin.sh"),
                           re.M))
    with open(os.path.join(REPO, "tools", "localstack", "components",
                           "horizon.py")) as f:
        stack = f.read()
    assert names and names == given
    assert "_91_volsnap_services.py.template" in read("plugin.sh")
    assert '"_91_volsnap_services.py"' in stack
    assert names <= set(re.findall(r"(\w+)=", stack))
