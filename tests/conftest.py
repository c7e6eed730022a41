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

import importlib.util
import json
import os

import pytest

# Karbor and Horizon live in separate virtualenvs (tools/stack.py runs each
# part in its own); a venv collects only the tests it can import.
collect_ignore = [name for name, needs in (("karbor", "karbor"),
                                           ("unit", "openstack_dashboard"))
                  if importlib.util.find_spec(needs) is None]

ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "test-artifacts")


def pytest_collection_modifyitems(items):
    for item in items:
        for kind in ("integration", "browser", "karbor"):
            if f"tests/{kind}/" in item.nodeid:
                item.add_marker(getattr(pytest.mark, kind))


@pytest.fixture(scope="session")
def stack():
    """The running local stack, as tools/stack.py describes it."""
    path = os.environ.get("VOLSNAP_STACK")
    if not path or not os.path.exists(path):
        if os.environ.get("VOLSNAP_REQUIRE_STACK"):
            pytest.fail(f"the local stack is required but {path} is missing")
        pytest.skip("no local stack: run ./tools/stack.py start first, "
                    "then VOLSNAP_STACK=.stack/stack.json")
    with open(path) as f:
        return json.load(f)


@pytest.fixture
def resources(stack):
    """Volumes a test makes in project demo, removed afterwards."""
    from tests import cloud
    made = cloud.Resources(stack)
    yield made
    made.cleanup()


@pytest.fixture
def volume_bytes(stack):
    """Reads and writes volumes' bytes on the real-bytes backend."""
    from tests import volume_bytes
    return volume_bytes.VolumeBytes(stack)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        item.stash[FAILED] = True


FAILED = pytest.StashKey[bool]()
