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

"""The files Horizon and Django look for must ship in a plain install."""
import os
import subprocess
import sys
import zipfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "--disable-pip-version-check", "-w", str(out), REPO],
                   check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def tracked(top):
    listing = subprocess.run(["git", "ls-files", top], cwd=REPO,
                             capture_output=True, text=True, check=True)
    return [name for name in listing.stdout.split()
            if not name.endswith("__init__.py") or top == "enabled"]


@pytest.mark.parametrize("top", ["templates", "static", "enabled"])
def test_every_tracked_file_is_in_the_wheel(wheel_names, top):
    files = tracked(top)
    assert files, f"nothing tracked under {top}/"
    missing = [name for name in files
               if f"volsnap_dashboard/{name}" not in wheel_names]
    assert missing == []


def test_no_test_or_tooling_code_is_shipped(wheel_names):
    assert not [n for n in wheel_names
                if n.startswith(("tests/", "tools/", "benchmarks/"))]
