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

"""Real volsnap-scheduler processes on the stack's PostgreSQL and on
its MariaDB: three race for 200 due policies and one is killed
mid-burst, yet each slot runs exactly once (counted in Cinder's
snapshots, not only in the rows); a burst larger than the old
one-run-at-a-time design could reach within the grace period is all
protected; slots due while no scheduler ran are missed, and the later
ones run.

They work in project alt, on databases of their own, so that
tools/stack.py test runs them beside the Karbor tests (project demo)."""
import collections
import os
import signal
import sys

from keystoneclient import exceptions as keystone_exceptions
import pytest

from tests import cloud
from tests import schedulers

POLICIES = 200
USER = "alt"


@pytest.fixture(params=schedulers.DATABASES)
def database(request, stack):
    schedulers.clear(stack, request.param)
    return request.param


@pytest.fixture
def trust(stack):
    trust_id, keystone = schedulers.make_trust(stack, USER)
    yield trust_id
    try:
        keystone.trusts.delete(trust_id)
    except keystone_exceptions.NotFound:
        pass


@pytest.fixture
def volumes_of_alt(stack):
    """Room for 200 more volumes and snapshots in project alt, and the
    volumes a test makes there, removed afterwards."""
    admin = cloud.cinder(stack, "admin")
    project = cloud.keystone_session(stack, USER).get_project_id()
    admin.quotas.update(project, volumes=1000, snapshots=1000,
                        gigabytes=5000)
    made = cloud.Resources(stack, USER)
    yield made
    made.cleanup()


def test_three_schedulers_run_each_slot_once(stack, database, trust,
                                             volumes_of_alt):
    volumes = schedulers.many_volumes(volumes_of_alt, POLICIES)
    schedulers.seed(stack, trust, volumes, per_policy=1, user=USER,
                    database=database)

    running = schedulers.start(stack, 3, database)
    try:
        # Kill one while it holds runs in flight: whichever does, since
        # the first to start may claim every run before the others.
        holding = []

        def one_holds_runs():
            holding[:] = [r["claimed_by"] for r in schedulers.report(
                stack, database)["runs"] if r["state"] == "running"]
            return bool(holding)
        cloud.wait_until(one_holds_runs, 60, 0.2)
        victim = running[int(holding[0].rsplit("-", 1)[1])]
        os.killpg(victim.pid, signal.SIGKILL)
        cloud.wait_until(lambda: all_closed(stack, database, POLICIES),
                         300, 2)
    finally:
        schedulers.stop(running)

    report = schedulers.report(stack, database)
    assert report["runs_per_policy"] == [1]
    states = collections.Counter(r["state"] for r in report["runs"])
    # The killed scheduler's runs were taken over and finished.
    assert states == {"succeeded": POLICIES}, states
    snapshots = checkpoints_by_volume(volumes_of_alt, volumes)
    assert set(snapshots.values()) == {1}
    assert set(snapshots) == {v.id for v in volumes}
    assert report["events"] >= POLICIES
    takeovers = sum(r["takeovers"] for r in report["runs"])
    print(f"\nrace on {database}: {dict(states)}, {takeovers} runs taken "
          f"over, {len(snapshots)} snapshots for {POLICIES} policies",
          file=sys.stderr)


def all_closed(stack, database, count):
    runs = schedulers.report(stack, database)["runs"]
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
        stack, database, trust, volumes_of_alt):
    volumes = schedulers.many_volumes(volumes_of_alt, BURST)
    running = schedulers.start(stack, 1, database, grace_period=GRACE)
    try:
        schedulers.seed(stack, trust, volumes, per_policy=1, user=USER,
                        database=database)
        cloud.wait_until(lambda: all_closed(stack, database, BURST), 180, 1)
    finally:
        schedulers.stop(running)
    states = collections.Counter(
        r["state"] for r in schedulers.report(stack, database)["runs"])
    assert states == {"succeeded": BURST}, states
    assert set(checkpoints_by_volume(volumes_of_alt, volumes).values()) == {
        1}


def test_slots_due_while_no_scheduler_ran_are_missed_later_ones_run(
        stack, database, trust, volumes_of_alt):
    volumes = schedulers.many_volumes(volumes_of_alt, 6)
    # Due 60 s ago with nobody alive: more than the grace period.
    schedulers.seed(stack, trust, volumes[:3], per_policy=1,
                    ago=4 * GRACE, user=USER, database=database)
    running = schedulers.start(stack, 1, database, grace_period=GRACE)
    try:
        cloud.wait_until(lambda: all_closed(stack, database, 3), 60, 0.5)
        schedulers.seed(stack, trust, volumes[3:], per_policy=1, user=USER,
                        database=database)
        cloud.wait_until(lambda: all_closed(stack, database, 6), 120, 1)
    finally:
        schedulers.stop(running)
    runs = {r["volume_id"]: r
            for r in schedulers.report(stack, database)["runs"]}
    assert [runs[v.id]["state"] for v in volumes] == (
        ["missed"] * 3 + ["succeeded"] * 3)
    assert all("No scheduler was running" in runs[v.id]["reason"]
               for v in volumes[:3])
    assert set(checkpoints_by_volume(volumes_of_alt, volumes)) == {
        v.id for v in volumes[3:]}
