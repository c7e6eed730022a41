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

"""The Snapshot History at scale, next to Horizon's admin Snapshots page,
and the notification listener's throughput and lag.

Run against the local stack (./tools/stack.py bench history). With 1,000
checkpoints in Cinder it seeds the event log with 1,000, 10,000 and
100,000 events, and at each size renders the history (plain, filtered,
a 30-day range, a chart of the whole log, and its CSV export) and
Horizon's admin Snapshots page as admin: median and 90th percentile
server time and Cinder calls a render. Then it
publishes notifications in Cinder's envelope and measures how many the
listener records a second, and makes snapshots with cinderclient to
measure the lag from Cinder's notification to the row. Figures are
printed, never asserted.
"""
import argparse
import contextlib
import datetime
import json
import os
import sqlite3
import statistics
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from benchmarks import bench_pages  # noqa: E402
from tests import cloud  # noqa: E402
from tests import horizon_http  # noqa: E402
from tests import notifications  # noqa: E402

SEED_USER = "bench-seed"
PAGES = (("snapshot history (volsnap)", "/admin/snapshot_history/"),
         ("  filtered: failed, one user",
          "/admin/snapshot_history/?outcome=failed&user=user-7"),
         ("  filtered: the 30 days before 30 days ago",
          "/admin/snapshot_history/"
          "?since={since}&until={until}"),
         ("  chart of the whole log, 100 days",
          "/admin/snapshot_history/?since={hundred}"),
         ("  CSV export, one project",
          "/admin/snapshot_history/export.csv?project=project-3"),
         ("admin snapshots (Horizon)", "/admin/snapshots/"))
ACTIONS = ("protect", "protect", "protect", "delete", "restore")
OUTCOMES = ("succeeded",) * 8 + ("failed", "in_progress")


def seed_events(stack, total):
    """Grows the stack's event log to `total` seeded events, spread over
    90 days, 10 projects and 50 users."""
    now = datetime.datetime.now(datetime.timezone.utc)
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        have = db.execute("SELECT COUNT(*) FROM volsnap_events_event WHERE "
                          "user_name = ?", (SEED_USER,)).fetchone()[0]
        rows = []
        for n in range(have, total):
            created = now - datetime.timedelta(minutes=n * 1.3 % 129600)
            rows.append((
                created.strftime("%Y-%m-%d %H:%M:%S.%f"),
                (created + datetime.timedelta(seconds=4)).strftime(
                    "%Y-%m-%d %H:%M:%S.%f"),
                ACTIONS[n % len(ACTIONS)], OUTCOMES[n % len(OUTCOMES)],
                "other", "", f"project-{n % 10}", f"project-{n % 10}",
                f"user-{n % 50}", SEED_USER, str(uuid.uuid4()),
                f"volume-{n % 700}", str(uuid.uuid4()), f"cp-{n}", "", "",
                "", "", "", "", "[]", "available"))
        db.executemany(
            "INSERT INTO volsnap_events_event (created_at, finished_at, "
            "action, outcome, source, error, project_id, project_name, "
            "user_id, user_name, volume_id, volume_name, checkpoint_id, "
            "checkpoint_name, restored_volume_id, karbor_checkpoint_id, "
            "backup_id, group_id, group_name, restored_group_id, members, "
            "cinder_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.commit()


def remove_seeded(stack):
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        db.execute("DELETE FROM volsnap_events_event WHERE user_name = ?",
                   (SEED_USER,))
        # As a purge does: the next run starts from the same tallies.
        db.execute("DELETE FROM volsnap_events_tally WHERE total <= 0")
        db.commit()


def pages_at(stack, http, log_path, renders):
    """Every page's median and p90 ms and most Cinder calls, the pages
    rendered by turns, so that each sees the same moments of a busy
    machine."""
    today = datetime.date.today()
    urls = [(label, path.format(
        since=today - datetime.timedelta(days=60),
        until=today - datetime.timedelta(days=30),
        hundred=today - datetime.timedelta(days=100)))
        for label, path in PAGES]
    for _label, url in urls:
        bench_pages.measure(http, url, log_path, 3)
    samples = {label: [] for label, _url in urls}
    for _ in range(renders):
        for label, url in urls:
            samples[label].append(bench_pages.render(http, url, log_path))
    rows = []
    for label, taken in samples.items():
        times = sorted(elapsed for elapsed, _calls in taken)
        rows.append((label, statistics.median(times) * 1000,
                     times[int(len(times) * 0.9) - 1] * 1000,
                     max(calls for _elapsed, calls in taken)))
    return rows


def applied_count(stack):
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        return db.execute(
            "SELECT COUNT(*) FROM volsnap_events_notification").fetchone()[0]


def listener_throughput(stack, count):
    """Publishes `count` create.end notifications of made-up snapshots at
    once; notifications recorded a second until the last is written."""
    before = applied_count(stack)
    context = {"user_id": "u-bench", "user_name": SEED_USER,
               "project_id": "p-bench", "project_name": "bench"}
    started = time.perf_counter()
    notifications.publish_many(
        ("snapshot.create.end",
         {"snapshot_id": str(uuid.uuid4()), "volume_id": str(uuid.uuid4()),
          "tenant_id": "p-bench", "user_id": "u-bench",
          "display_name": f"bench-{n}", "status": "available",
          "created_at": datetime.datetime.utcnow().isoformat()}, context)
        for n in range(count))
    published = time.perf_counter() - started
    cloud.wait_until(lambda: applied_count(stack) - before >= count, 600, 0.2)
    return count / (time.perf_counter() - started), published


def listener_lag(stack, resources, count):
    """Seconds from Cinder's create.end notification of a snapshot made
    with cinderclient to its row being complete, for `count` snapshots."""
    volume = resources.volume()
    lags = []
    for _ in range(count):
        snapshot = resources.cinder.volume_snapshots.create(volume.id)
        while True:
            found = notifications.history(stack, checkpoint_id=snapshot.id)
            if found and found[0]["finished_at"]:
                break
            time.sleep(0.02)
        seen = datetime.datetime.now(datetime.timezone.utc)
        finished = datetime.datetime.fromisoformat(
            found[0]["finished_at"]).replace(tzinfo=datetime.timezone.utc)
        lags.append((seen - finished).total_seconds())
    lags.sort()
    return statistics.median(lags), lags[int(len(lags) * 0.9) - 1]


def print_growth(medians):
    """Each page's median at the largest size over the smallest."""
    print(f"\n{'largest size / smallest':42} {'median':>10}")
    for label, times in medians.items():
        print(f"{label:42} {times[-1] / times[0]:9.2f}x")


# What the test suite runs, so that the benchmark cannot rot.
SMOKE = {"checkpoints": 5, "renders": 2, "notifications": 20,
         "events": "100", "lag_snapshots": 2}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoints", type=int, default=1000)
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--notifications", type=int, default=2000)
    parser.add_argument("--events", default="1000,10000,100000",
                        help="event log sizes, comma-separated")
    parser.add_argument("--lag-snapshots", type=int, default=20)
    parser.add_argument("--smoke", action="store_true",
                        help="the smallest sizes, to check that it runs")
    args = parser.parse_args()
    if args.smoke:
        vars(args).update(SMOKE)
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    log_path = os.path.join(stack["logs"], "cinder-api-app.log")
    print(f"seeding {args.checkpoints} checkpoints in project demo ...",
          flush=True)
    volume, _template = bench_pages.seed(stack, args.checkpoints)
    http = horizon_http.Horizon(stack, "admin")
    resources = cloud.Resources(stack)
    print(f"{'':42} {'median ms':>10} {'p90 ms':>8} {'Cinder calls':>13} "
          f"{'vs Horizon':>11}")
    medians = {}
    try:
        for size in sorted(int(n) for n in args.events.split(",")):
            seed_events(stack, size)
            print(f"{size} events, {args.checkpoints} checkpoints",
                  flush=True)
            rows = pages_at(stack, http, log_path, args.renders)
            horizon = rows[-1][1]
            for label, median, p90, calls in rows:
                medians.setdefault(label, []).append(median)
                print(f"{label:42} {median:10.0f} {p90:8.0f} {calls:13d} "
                      f"{median / horizon:10.2f}x", flush=True)
        print_growth(medians)
        rate, published = listener_throughput(stack, args.notifications)
        print(f"\nlistener: {args.notifications} notifications published in "
              f"{published:.1f} s, recorded at {rate:.0f} a second "
              f"({size:,} events in the log)")
        median, p90 = listener_lag(stack, resources, args.lag_snapshots)
        print(f"listener lag, Cinder's create.end to the row, "
              f"{args.lag_snapshots} snapshots "
              f"made with cinderclient: median {median * 1000:.0f} ms, p90 "
              f"{p90 * 1000:.0f} ms")
    finally:
        remove_seeded(stack)
        resources.cleanup()
        bench_pages.cleanup(stack, volume)


if __name__ == "__main__":
    main()
