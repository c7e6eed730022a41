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

"""Server time and Cinder calls of the plugin's pages next to Horizon's own.

Run against the local stack (./tools/stack.py bench). For each size it
seeds one project with that many checkpoints, renders each page repeatedly
as a logged-in user, and prints the median and 90th percentile time of a
render, the number of Cinder API calls one render makes (read from
cinder-api's request log) and the ratio of each plugin page to Horizon's
page beside it. The same data serves both sides in the same run.

One checkpoint is made through the API; the rest are copies of its rows
written into Cinder's database (creating 10,000 through the API would take
an hour), and are removed the same way.
"""
import argparse
import json
import os
import statistics
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from benchmarks import figures  # noqa: E402
from tests import cloud  # noqa: E402
from tests import horizon_http  # noqa: E402
from volsnap_dashboard.api import checkpoints  # noqa: E402

PAGES = (
    ("demo", "checkpoints (volsnap)", "/project/checkpoints/"),
    ("demo", "snapshots (Horizon)", "/project/snapshots/"),
    ("demo", "protection (volsnap)", "/project/protection/"),
    ("demo", "volumes (Horizon)", "/project/volumes/"),
    ("admin", "snapshot history (volsnap)", "/admin/snapshot_history/"),
    ("admin", "admin snapshots (Horizon)", "/admin/snapshots/"),
)
BENCH_VOLUME = "volsnap-bench-volume"


SEEDED = "volsnap benchmark copy"


def template(stack):
    """The bench volume and one checkpoint of it, made through the API."""
    demo = cloud.cinder(stack, "demo")
    volume = demo.volumes.create(1, name=BENCH_VOLUME)
    cloud.wait_status(lambda: demo.volumes.get(volume.id), "available")
    session = cloud.keystone_session(stack, "demo")
    checkpoint = checkpoints.checkpoint_create(
        session, volume.id, "bench-template", "benchmark data", False)
    cloud.wait_status(lambda: demo.volume_snapshots.get(checkpoint.id),
                      "available")
    return volume, checkpoint.id


def seed(stack, count):
    """The bench volume with `count` checkpoints in project demo (whose
    quota is lifted), and the id of the one made through the API."""
    admin = cloud.cinder(stack, "admin")
    admin.quotas.update(
        cloud.keystone_session(stack, "demo").get_project_id(),
        snapshots=-1, gigabytes=-1)
    volume, template_id = template(stack)
    seed_copies(stack["cinder_postgresql"], template_id, count)
    return volume, template_id


def columns(cursor, table):
    cursor.execute("SELECT column_name FROM information_schema.columns "
                   "WHERE table_name = %s ORDER BY ordinal_position",
                   (table,))
    return [name for (name,) in cursor.fetchall()]


def seed_copies(database, template_id, count):
    """Copies the template checkpoint's rows until the bench volume has
    `count` checkpoints, one second apart, newest first."""
    with psycopg2.connect(**database) as db, db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM snapshots WHERE "
                       "display_description = %s", (SEEDED,))
        have = cursor.fetchone()[0] + 1
        if have >= count:
            return
        cursor.execute(
            "CREATE TEMP TABLE copies AS SELECT gen_random_uuid()::text "
            "AS id, n FROM generate_series(%s, %s) AS n", (have, count - 1))
        changed = {"id": "c.id",
                   "display_name": "'bench-' || lpad(c.n::text, 5, '0')",
                   "display_description": "%(seeded)s",
                   "created_at": "s.created_at - c.n * interval '1 second'"}
        names = columns(cursor, "snapshots")
        cursor.execute(
            f"INSERT INTO snapshots ({', '.join(names)}) SELECT "
            + ", ".join(changed.get(n, f"s.{n}") for n in names)
            + " FROM snapshots s, copies c WHERE s.id = %(template)s",
            {"seeded": SEEDED, "template": template_id})
        names = [n for n in columns(cursor, "snapshot_metadata") if n != "id"]
        cursor.execute(
            f"INSERT INTO snapshot_metadata ({', '.join(names)}) SELECT "
            + ", ".join("c.id" if n == "snapshot_id" else f"m.{n}"
                        for n in names)
            + " FROM snapshot_metadata m, copies c WHERE m.snapshot_id = "
            "%(template)s AND NOT m.deleted", {"template": template_id})
        cursor.execute("ANALYZE snapshots; ANALYZE snapshot_metadata")


def remove_copies(database):
    with psycopg2.connect(**database) as db, db.cursor() as cursor:
        cursor.execute("DELETE FROM snapshot_metadata WHERE snapshot_id IN "
                       "(SELECT id FROM snapshots WHERE "
                       "display_description = %s)", (SEEDED,))
        cursor.execute("DELETE FROM snapshots WHERE display_description = "
                       "%s", (SEEDED,))


def cleanup(stack, volume):
    remove_copies(stack["cinder_postgresql"])
    demo = cloud.Resources(stack)
    demo.volumes.append(volume.id)
    demo.cleanup()


def render(horizon, path, log_path):
    """One render's time and the Cinder calls it made."""
    before = figures.cinder_requests(log_path)
    started = time.perf_counter()
    response = horizon.get(path)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    time.sleep(0.3)  # cinder-api writes its log line after answering
    return elapsed, figures.cinder_requests(log_path) - before


def measure(horizon, path, log_path, renders):
    samples = [render(horizon, path, log_path) for _ in range(renders)]
    return ([elapsed for elapsed, _calls in samples],
            [calls for _elapsed, calls in samples])


def measure_pages(stack, sessions, log_path, renders):
    """Each plugin page and the Horizon page beside it, rendered by turns,
    so that both see the same moments of a busy machine."""
    rows = {}
    for pair in zip(PAGES[::2], PAGES[1::2]):
        for user, _label, path in pair:
            for _ in range(4):  # both workers warm
                render(sessions[user], path, log_path)
        measured = {label: [] for _user, label, _path in pair}
        for _ in range(renders):
            for user, label, path in pair:
                measured[label].append(render(sessions[user], path,
                                              log_path))
        for label, samples in measured.items():
            times = sorted(elapsed for elapsed, _calls in samples)
            calls = [count for _elapsed, count in samples]
            rows[label] = (statistics.median(times) * 1000,
                           times[int(len(times) * 0.9) - 1] * 1000,
                           statistics.median(calls), max(calls))
    return rows


def report(size, renders, rows):
    print(f"\n{size} checkpoints in one project, {renders} renders a page, "
          "20 rows a page\n")
    print(f"{'page':30} {'median ms':>10} {'p90 ms':>8} "
          f"{'Cinder calls':>13} {'max':>4} {'vs Horizon':>11}")
    medians = {label: row[0] for label, row in rows.items()}
    for index, (label, (median, p90, calls, most)) in enumerate(
            rows.items()):
        # Each plugin page is listed just before the Horizon page it
        # stands beside.
        ratio = ""
        if index % 2 == 0:
            beside = list(rows)[index + 1]
            ratio = f"{median / medians[beside]:10.0%}"
        print(f"{label:30} {median:10.0f} {p90:8.0f} {calls:13.0f} "
              f"{most:4d} {ratio:>11}")
    sys.stdout.flush()


# What the test suite runs, so that the benchmark cannot rot.
SMOKE = {"sizes": "20", "renders": 2}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="checkpoint counts, comma-separated")
    parser.add_argument("--renders", type=int, default=15)
    parser.add_argument("--smoke", action="store_true",
                        help="the smallest sizes, to check that it runs")
    args = parser.parse_args()
    if args.smoke:
        vars(args).update(SMOKE)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    log_path = os.path.join(stack["logs"], "cinder-api-app.log")
    volume, template_id = seed(stack, 1)
    sessions = {user: horizon_http.Horizon(stack, user)
                for user in ("demo", "admin")}
    try:
        for size in sizes:
            started = time.perf_counter()
            seed_copies(stack["cinder_postgresql"], template_id, size)
            print(f"seeded {size} checkpoints in "
                  f"{time.perf_counter() - started:.1f} s")
            report(size, args.renders, measure_pages(
                stack, sessions, log_path, args.renders))
    finally:
        cleanup(stack, volume)


if __name__ == "__main__":
    main()
