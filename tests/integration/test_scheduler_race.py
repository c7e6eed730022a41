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

"""Three real volsnap-scheduler processes race on the stack's PostgreSQL
for 200 due policies; one is killed mid-run. Each slot runs exactly
once: counted in Cinder's snapshots, not only in the rows."""
import collections
import os
import signal
import sys

import pytest

from tests import cloud
from tests.integration.test_scheduler import trust  # noqa: F401
from tests import schedulers

POLICIES = 200


@pytest.fixture
def room(stack):
    """Quota for 200 more volumes and snapshots in project demo."""
    admin = cloud.cinder(stack, "admin")
    project = cloud.keystone_session(stack, "demo").get_project_id()
    admin.quotas.update(project, volumes=1000, snapshots=1000,
                        gigabytes=5000)


def test_three_schedulers_run_each_slot_once(stack, trust, room,  # noqa
                                             resources):
    volumes = schedulers.many_volumes(resources, POLICIES)
    schedulers.clear(stack)
    schedulers.seed(stack, trust[0], volumes, per_policy=1)

    running = schedulers.start(stack, 3, concurrency=2)
    try:
        # Kill one while it is in the middle of a run.
        cloud.wait_until(lambda: any(
            r["claimed_by"] == "many-0" and r["state"] == "running"
            for r in schedulers.report(stack)["runs"]), 60, 0.5)
        os.killpg(running[0].pid, signal.SIGKILL)

        def all_closed():
            runs = schedulers.report(stack)["runs"]
            return len(runs) == POLICIES and all(
                r["state"] in schedulers.TERMINAL for r in runs)
        cloud.wait_until(all_closed, 300, 2)
    finally:
        schedulers.stop(running)

    report = schedulers.report(stack)
    assert report["runs_per_policy"] == [1]
    states = collections.Counter(r["state"] for r in report["runs"])
    assert set(states) <= {"succeeded", "abandoned"}, states
    # The killed scheduler held one run, and no other.
    assert states["abandoned"] <= 1
    snapshots = collections.Counter(
        s.volume_id for s in resources.cinder.volume_snapshots.list(
            search_opts={"metadata": {"volsnap_checkpoint": "true"}})
        if s.volume_id in {v.id for v in volumes})
    # No volume twice; every succeeded run's volume once.
    assert set(snapshots.values()) <= {1}
    succeeded = {r["volume_id"] for r in report["runs"]
                 if r["state"] == "succeeded"}
    assert succeeded <= set(snapshots)
    assert report["events"] >= len(succeeded)
    print(f"\nrace: {dict(states)}, {len(snapshots)} snapshots for "
          f"{POLICIES} policies", file=sys.stderr)
