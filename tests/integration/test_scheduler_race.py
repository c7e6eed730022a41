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

"""Real volsnap-scheduler processes on the stack's PostgreSQL: three
race for 200 due policies and one is killed mid-burst, yet each slot
runs exactly once (counted in Cinder's snapshots, not only in the
rows); a burst larger than the old one-run-at-a-time design could
reach within the grace period is all protected; slots due while no
scheduler ran are missed, and the later ones run."""
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

    running = schedulers.start(stack, 3)
    try:
        # Kill one while it holds runs in flight.
        cloud.wait_until(lambda: any(
            r["claimed_by"] == "many-0" and r["state"] == "running"
            for r in schedulers.report(stack)["runs"]), 60, 0.2)
        os.killpg(running[0].pid, signal.SIGKILL)
        cloud.wait_until(lambda: all_closed(stack, POLICIES), 300, 2)
    finally:
        schedulers.stop(running)

    report = schedulers.report(stack)
    assert report["runs_per_policy"] == [1]
    states = collections.Counter(r["state"] for r in report["runs"])
    # The killed scheduler's runs were taken over and finished.
    assert states == {"succeeded": POLICIES}, states
    snapshots = checkpoints_by_volume(resources, volumes)
    assert set(snapshots.values()) == {1}
    assert set(snapshots) == {v.id for v in volumes}
    assert report["events"] >= POLICIES
    takeovers = sum(r["takeovers"] for r in report["runs"])
    print(f"\nrace: {dict(states)}, {takeovers} runs taken over, "
          f"{len(snapshots)} snapshots for {POLICIES} policies",
          file=sys.stderr)


def all_closed(stack, count):
    runs = schedulers.report(stack)["runs"]
    return len(runs) == count and all(
        r["state"] in schedulers.TERMINAL for r in runs)


def checkpoints_by_volume(resources, volumes):
    ids = {v.id for v in volumes}
    return collections.Counter(
        s.volume_id for s in resources.cinder.volume_snapshots.list(
            search_opts={"metadata": {"volsnap_checkpoint": "true"}})
        if s.volume_id in ids)


# One policy a second, the old design's pace, would reach 15 of them
# within this grace period.
BURST, GRACE = 80, 15


def test_a_burst_beyond_the_old_grace_throughput_is_all_protected(
        stack, trust, room, resources):  # noqa: F811
    volumes = schedulers.many_volumes(resources, BURST)
    schedulers.clear(stack)
    running = schedulers.start(stack, 1, grace_period=GRACE)
    try:
        schedulers.seed(stack, trust[0], volumes, per_policy=1)
        cloud.wait_until(lambda: all_closed(stack, BURST), 180, 1)
    finally:
        schedulers.stop(running)
    states = collections.Counter(
        r["state"] for r in schedulers.report(stack)["runs"])
    assert states == {"succeeded": BURST}, states
    assert set(checkpoints_by_volume(resources, volumes).values()) == {1}


def test_slots_due_while_no_scheduler_ran_are_missed_later_ones_run(
        stack, trust, room, resources):  # noqa: F811
    volumes = schedulers.many_volumes(resources, 6)
    schedulers.clear(stack)
    # Due 60 s ago with nobody alive: more than the grace period.
    schedulers.seed(stack, trust[0], volumes[:3], per_policy=1,
                    ago=4 * GRACE)
    running = schedulers.start(stack, 1, grace_period=GRACE)
    try:
        cloud.wait_until(lambda: all_closed(stack, 3), 60, 0.5)
        schedulers.seed(stack, trust[0], volumes[3:], per_policy=1)
        cloud.wait_until(lambda: all_closed(stack, 6), 120, 1)
    finally:
        schedulers.stop(running)
    runs = {r["volume_id"]: r for r in schedulers.report(stack)["runs"]}
    assert [runs[v.id]["state"] for v in volumes] == (
        ["missed"] * 3 + ["succeeded"] * 3)
    assert all("No scheduler was running" in runs[v.id]["reason"]
               for v in volumes[:3])
    assert set(checkpoints_by_volume(resources, volumes)) == {
        v.id for v in volumes[3:]}
