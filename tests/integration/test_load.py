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

"""Load through the real dashboard: 20 sessions protecting 5 volumes
each, side by side, while 3 schedulers run 200 due policies. Exactly the
expected snapshots, exactly one history row for each, no server error and
no "database is locked" shown to anyone."""
import collections
from concurrent import futures
import sys
import time

import pytest

from tests import cloud
from tests.horizon_http import Horizon
from tests.horizon_http import sound
from tests.integration.test_scheduler import trust  # noqa: F401
from tests import notifications
from tests import schedulers

SESSIONS = 20  # half as demo, half as alt
PER_SESSION = 5
SCHEDULED = 200


@pytest.fixture
def room(stack):
    admin = cloud.cinder(stack, "admin")
    for user in ("demo", "alt"):
        project = cloud.keystone_session(stack, user).get_project_id()
        admin.quotas.update(project, volumes=1000, snapshots=1000,
                            gigabytes=5000)


@pytest.fixture
def alt_resources(stack):
    made = cloud.Resources(stack, "alt")
    yield made
    made.cleanup()


def protect_each(horizon, volumes):
    """What the user was told for each volume, and how long it took."""
    said = []
    for volume in volumes:
        started = time.monotonic()
        response = sound(horizon.post(
            f"/project/protection/{volume.id}/protect/",
            {"snapshot_name": f"load-{volume.name}",
             "description": "load test"}))
        said.append((horizon.messages(response),
                     time.monotonic() - started))
    return said


def checkpoints_by_volume(manager, volumes):
    ids = {volume.id for volume in volumes}
    found = collections.defaultdict(list)
    for snapshot in manager.volume_snapshots.list(search_opts={
            "metadata": {"volsnap_checkpoint": "true"}}):
        if snapshot.volume_id in ids:
            found[snapshot.volume_id].append(snapshot)
    return found


def test_twenty_users_and_three_schedulers_at_once(
        stack, trust, room, resources, alt_resources):  # noqa: F811
    scheduled = schedulers.many_volumes(resources, SCHEDULED)
    half = SESSIONS // 2 * PER_SESSION
    owned = {"demo": schedulers.many_volumes(resources, half),
             "alt": schedulers.many_volumes(alt_resources, half)}
    work = [(Horizon(stack, user), owned[user][n * PER_SESSION:
                                               (n + 1) * PER_SESSION])
            for n in range(SESSIONS // 2) for user in ("demo", "alt")]
    schedulers.clear(stack)
    schedulers.seed(stack, trust[0], scheduled, per_policy=1)

    started = time.monotonic()
    running = schedulers.start(stack, 3, concurrency=4)
    try:
        with futures.ThreadPoolExecutor(SESSIONS) as pool:
            said = [told for told in pool.map(lambda job: protect_each(*job),
                                              work) for told in told]
        dashboard_done = time.monotonic() - started

        def all_closed():
            runs = schedulers.report(stack)["runs"]
            return len(runs) == SCHEDULED and all(
                r["state"] in schedulers.TERMINAL for r in runs)
        cloud.wait_until(all_closed, 600, 2)
        scheduler_done = time.monotonic() - started
    finally:
        schedulers.stop(running)

    assert len(said) == SESSIONS * PER_SESSION
    for message, _ in said:
        assert "Started protecting" in message
        assert "database is locked" not in message

    made = {}
    for user, manager in (("demo", resources.cinder),
                          ("alt", alt_resources.cinder)):
        found = checkpoints_by_volume(manager, owned[user])
        assert sorted(len(found[v.id]) for v in owned[user]) == [1] * half
        made.update({v.id: found[v.id][0].id for v in owned[user]})

    def settled():
        rows = [row for row in notifications.history(stack, action="protect")
                if row["volume_id"] in made]
        return len(rows) == len(made) and all(
            row["outcome"] == "succeeded" for row in rows)
    cloud.wait_until(settled, 300, 2)
    rows = [row for row in notifications.history(stack, action="protect")
            if row["volume_id"] in made]
    assert sorted(row["checkpoint_id"] for row in rows) == sorted(
        made.values())
    assert {row["source"] for row in rows} == {"dashboard"}

    report = schedulers.report(stack)
    assert report["runs_per_policy"] == [1]
    assert {r["state"] for r in report["runs"]} == {"succeeded"}
    found = checkpoints_by_volume(resources.cinder, scheduled)
    assert sorted(len(found[v.id]) for v in scheduled) == [1] * SCHEDULED
    assert report["events"] == SCHEDULED

    waits = sorted(seconds for _, seconds in said)
    print(f"\nload: {len(said)} protects by {SESSIONS} sessions in "
          f"{dashboard_done:.1f} s (median {waits[len(waits) // 2]:.2f} s, "
          f"p90 {waits[int(len(waits) * 0.9)]:.2f} s, max {waits[-1]:.2f} s"
          f" a protect); {SCHEDULED} scheduled runs closed after "
          f"{scheduler_done:.1f} s", file=sys.stderr)
