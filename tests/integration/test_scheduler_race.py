"""Three real volsnap-scheduler processes race on the stack's PostgreSQL
for 200 due policies; one is killed mid-run. Each slot runs exactly
once: counted in Cinder's snapshots, not only in the rows."""
import collections
import json
import os
import signal
import subprocess
import sys

import pytest

from tests import cloud
from tests.integration.test_scheduler import trust  # noqa: F401

POLICIES = 200
SCHEDULERS = 3
HERE = os.path.dirname(os.path.abspath(__file__))
TERMINAL = {"succeeded", "partial", "failed", "missed", "abandoned"}


def environment(stack):
    return dict(
        os.environ, **stack["horizon_environment"],
        VOLSNAP_EVENTS_DATABASE_JSON=json.dumps(
            stack["volsnap_postgresql"]),
        VOLSNAP_SCHEDULER_JSON=json.dumps({
            "poll_interval": 1, "concurrency": 2, "heartbeat_interval": 2,
            "abandon_after": 10, "wait_timeout": 60,
            "wait_interval": 0.3}))


def race_db(stack, *args):
    return subprocess.run(
        [os.path.join(stack["horizon_bin"], "python"),
         os.path.join(HERE, "race_db.py")] + list(args),
        env=environment(stack), capture_output=True, text=True, check=True,
        timeout=120).stdout


def many_volumes(resources, count):
    made = [resources.cinder.volumes.create(1, name=cloud.unique("race"))
            for _ in range(count)]
    resources.volumes.extend(v.id for v in made)
    ids = {v.id for v in made}
    cloud.wait_until(lambda: sum(
        v.status == "available" for v in resources.cinder.volumes.list()
        if v.id in ids) == count, 120, 1)
    return made


@pytest.fixture
def room(stack):
    """Quota for 200 more volumes and snapshots in project demo."""
    admin = cloud.cinder(stack, "admin")
    project = cloud.keystone_session(stack, "demo").get_project_id()
    admin.quotas.update(project, volumes=1000, snapshots=1000,
                        gigabytes=5000)


def test_three_schedulers_run_each_slot_once(stack, trust, room,  # noqa
                                             resources):
    volumes = many_volumes(resources, POLICIES)
    demo = cloud.keystone_session(stack, "demo")
    race_db(stack, "seed", trust[0], demo.get_user_id(),
            demo.get_project_id(), *[v.id for v in volumes])

    schedulers = [subprocess.Popen(
        [os.path.join(stack["horizon_bin"], "volsnap-scheduler"),
         "--name", f"race-{number}"], env=environment(stack),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True) for number in range(SCHEDULERS)]
    try:
        # Kill one while it is in the middle of a run.
        cloud.wait_until(lambda: any(
            r["claimed_by"] == "race-0" and r["state"] == "running"
            for r in json.loads(race_db(stack, "report"))["runs"]), 60, 0.5)
        os.killpg(schedulers[0].pid, signal.SIGKILL)

        def all_closed():
            report = json.loads(race_db(stack, "report"))
            return (len(report["runs"]) == POLICIES and all(
                r["state"] in TERMINAL for r in report["runs"]))
        cloud.wait_until(all_closed, 300, 2)
    finally:
        for process in schedulers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(30)

    report = json.loads(race_db(stack, "report"))
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
