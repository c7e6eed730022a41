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

"""Periodic protection at scale, next to plain cinderclient and Karbor.

Run against the local stack (./tools/stack.py bench policies). In one
run, on the stack's PostgreSQL, for N = 200 and 2,000 (--sizes):
  * the floor: plain cinderclient making N snapshots with the
    scheduler's budget of requests in flight, until all are available;
  * N one-volume policies due in the same minute, with 1 and with 3
    schedulers;
then one project-wide policy over 500 volumes (--project-volumes), and
Karbor's operation engine protecting the first N volumes in one plan.
For each: seconds until all are available and the ratio to the floor,
Cinder calls per protected volume (counted in cinder-api's log),
missed and duplicated runs, the schedulers' memory and the database
transactions per run (PostgreSQL's own count). Then the Protection
Policies page with 500 policies. Figures are printed, never asserted.
"""
import argparse
import collections
from concurrent import futures
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid

from cinderclient import client as cinder_client

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from benchmarks import bench_pages  # noqa: E402
from benchmarks import figures  # noqa: E402
from tests import cloud  # noqa: E402
from tests import horizon_http  # noqa: E402
from tests import schedulers  # noqa: E402

MARK = {"volsnap_checkpoint": "true"}
# The benchmark's own looks at Cinder carry this global request id, so
# that they are not counted as the measured tool's calls.
LOOKS = f"req-{uuid.uuid4()}"
# Cinder requests in flight: the schedulers' budget, and the floor's.
BUDGET = 16
LIMIT = 1800
STUCK_EVERY = 10


def looking(stack):
    """Project demo's Cinder, for the benchmark's own looks."""
    return cinder_client.Client(
        cloud.CINDER_API_VERSION, global_request_id=LOOKS,
        session=cloud.keystone_session(stack, "demo"))


def snapshots_of(resources, ids, marked=True):
    return [s for s in resources.looks.volume_snapshots.list(
        search_opts={"metadata": MARK} if marked else None)
        if s.volume_id in ids]


def until_available(resources, ids, started, marked=True,
                    stuck=lambda: None):
    """Seconds from `started` until every volume of `ids` has an
    available snapshot, and the snapshots. `stuck`, asked every
    STUCK_EVERY seconds, says why they never will be, or None."""
    asked = 0
    while True:
        found = snapshots_of(resources, ids, marked)
        available = {s.volume_id for s in found if s.status == "available"}
        elapsed = time.perf_counter() - started
        if available >= ids:
            return elapsed, found
        why = None
        if elapsed - asked >= STUCK_EVERY:
            asked, why = elapsed, stuck()
        if elapsed > LIMIT:
            why = f"not all available in {LIMIT} s"
        if why:
            raise SystemExit(f"{len(available)} of {len(ids)} volumes "
                             f"protected: {why}")
        time.sleep(0.5)


def stuck_schedulers(stack, running):
    """Why the schedulers will protect nothing more: all stopped, or all
    their runs ended; with their logs' last lines."""
    why = None
    if all(p.poll() is not None for p in running):
        why = "every scheduler stopped"
    else:
        runs = schedulers.report(stack)["runs"]
        if runs and all(r["state"] in schedulers.TERMINAL for r in runs):
            why = "every run ended: " + json.dumps(runs)[-2000:]
    if why:
        return why + "\n" + schedulers.logs_tail(stack, len(running))


def remove_snapshots(resources, ids):
    doomed = [s for s in resources.cinder.volume_snapshots.list()
              if s.volume_id in ids]
    with futures.ThreadPoolExecutor(BUDGET) as pool:
        list(pool.map(resources.cinder.volume_snapshots.delete, doomed))
    cloud.wait_until(lambda: not snapshots_of(resources, ids, False),
                     300 + len(ids) // 5, 1)


def transactions(stack):
    """Transactions PostgreSQL counted in the schedulers' database."""
    import psycopg2
    db = stack["volsnap_postgresql"]
    connection = psycopg2.connect(host=db["HOST"], port=db["PORT"],
                                  user=db["USER"], password=db["PASSWORD"],
                                  dbname=db["NAME"])
    try:
        with connection.cursor() as cursor:
            # The counts of ended backends are flushed at their exit; a
            # snapshot of them is taken once per transaction.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database "
                "WHERE datname = %s", (db["NAME"],))
            return cursor.fetchone()[0]
    finally:
        connection.close()


Row = collections.namedtuple("Row", "label available floor calls missed "
                                    "duplicated memory queries")


def floor_round(resources, volumes, log_path):
    """Plain cinderclient, BUDGET creates in flight."""
    ids = {v.id for v in volumes}
    before = figures.cinder_requests(log_path, LOOKS)
    started = time.perf_counter()
    with futures.ThreadPoolExecutor(BUDGET) as pool:
        list(pool.map(lambda v: resources.cinder.volume_snapshots.create(
            v.id, name="floor"), volumes))
    elapsed, _ = until_available(resources, ids, started, marked=False)
    calls = figures.cinder_requests(log_path, LOOKS) - before
    remove_snapshots(resources, ids)
    return Row(f"cinderclient, {BUDGET} in flight", elapsed, elapsed,
               calls / len(ids), "-", "-", "-", "-")


def volsnap_round(stack, resources, trust_id, volumes, count, log_path,
                  floor, project_wide=False):
    ids = {v.id for v in volumes}
    schedulers.clear(stack)
    # The cloud's budget shared by the schedulers, as an operator sets
    # it for Cinder: more schedulers add claims and takeovers, not load.
    share = max(1, BUDGET // count)
    running = schedulers.start(stack, count, budget=share,
                               project_budget=share)
    try:
        time.sleep(4)  # Django set-up of each scheduler, not measured
        before = figures.cinder_requests(log_path, LOOKS)
        queries = transactions(stack)
        # From the moment the policies are in the database (the seeding
        # process's own start-up is not the scheduler's time).
        if project_wide:
            schedulers.seed_project(stack, trust_id)
        else:
            schedulers.seed(stack, trust_id, volumes, per_policy=1)
        started = time.perf_counter()
        elapsed, found = until_available(
            resources, ids, started,
            stuck=lambda: stuck_schedulers(stack, running))
        cloud.wait_until(lambda: all(
            r["state"] in schedulers.TERMINAL
            for r in schedulers.report(stack)["runs"]), 120, 1)
        memory = sum(figures.rss_mib(p.pid) for p in running)
    finally:
        schedulers.stop(running)
    calls = figures.cinder_requests(log_path, LOOKS) - before
    report = schedulers.report(stack)
    queries = transactions(stack) - queries
    per_volume = collections.Counter(s.volume_id for s in found)
    runs = len(report["runs"])
    remove_snapshots(resources, ids)
    label = (f"volsnap, 1 policy over {len(ids)} volumes" if project_wide
             else f"volsnap, {len(ids)} policies")
    return Row(f"{label}, {count} scheduler(s)", elapsed, floor,
               calls / len(ids),
               sum(r["state"] == "missed" for r in report["runs"]),
               sum(n - 1 for n in per_volume.values()),
               f"{memory} MiB", f"{queries / max(runs, 1):.1f}")


def karbor_in_its_venv(stack, resources, volumes):
    """Karbor's client lives in Karbor's venv: run that part there."""
    here = os.path.dirname(os.path.abspath(__file__))
    karbor_python = os.path.join(stack["state"], "venv-karbor", "bin",
                                 "python")
    result = subprocess.run(
        [karbor_python, os.path.join(here, "karbor_schedule.py")]
        + [v.id for v in volumes], capture_output=True, text=True,
        timeout=1200, env=dict(os.environ, PYTHONPATH=os.path.dirname(here)))
    remove_snapshots(resources, {v.id for v in volumes})
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.splitlines()[-1])


def policies_page(stack, count, log_path, renders=15):
    """Render time and Cinder calls of the policies page with `count`
    policies in project demo, in the running Horizon's database."""
    project = cloud.keystone_session(stack, "demo").get_project_id()
    schedulers.policy_db(stack, "add-many", count, project, shared=False)
    try:
        http = horizon_http.Horizon(stack, "demo")
        url = "/project/protection_policies/"
        bench_pages.measure(http, url, log_path, 4)
        times, calls = bench_pages.measure(http, url, log_path, renders)
    finally:
        schedulers.policy_db(stack, "remove-many", shared=False)
    times.sort()
    return (statistics.median(times) * 1000,
            times[int(len(times) * 0.9) - 1] * 1000, max(calls))


HEADER = (f"{'':50} {'available s':>11} {'x floor':>8} "
          f"{'calls/vol':>9} {'missed':>6} {'dup':>4} {'memory':>9} "
          f"{'DB tx/run':>9}")


def format_row(row):
    return (f"{row.label:50} {row.available:11.1f} "
            f"{row.available / row.floor:8.2f} {row.calls:9.2f} "
            f"{row.missed!s:>6} {row.duplicated!s:>4} {row.memory!s:>9} "
            f"{row.queries!s:>9}")


# What the test suite runs, so that the benchmark cannot rot.
SMOKE = {"sizes": [3], "project_volumes": 4, "policies": 25, "renders": 2}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--project-volumes", type=int, default=500)
    parser.add_argument("--policies", type=int, default=500,
                        help="policies on the Protection Policies page")
    parser.add_argument("--renders", type=int, default=15)
    parser.add_argument("--no-karbor", dest="karbor", action="store_false")
    parser.add_argument("--smoke", action="store_true",
                        help="the smallest sizes, to check that it runs")
    args = parser.parse_args()
    if args.smoke:
        vars(args).update(SMOKE)
    # Terminated, it still stops its schedulers and deletes what it made.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    log_path = os.path.join(stack["logs"], "cinder-api-app.log")
    most = max(args.sizes + [args.project_volumes])
    admin = cloud.cinder(stack, "admin")
    admin.quotas.update(cloud.keystone_session(stack, "demo")
                        .get_project_id(), volumes=most + 1000,
                        snapshots=most + 1000, gigabytes=most + 5000)
    resources = cloud.Resources(stack)
    resources.looks = looking(stack)
    trust_id, keystone = schedulers.make_trust(stack)
    rows = []
    page = policies_page(stack, args.policies, log_path, args.renders)
    volumes = []

    def grow(count):
        if len(volumes) < count:
            print(f"making {count - len(volumes)} volumes ...", flush=True)
            volumes.extend(schedulers.many_volumes(resources,
                                                   count - len(volumes)))
        return volumes[:count]

    try:
        print(HEADER, flush=True)
        rounds = sorted({(n, False) for n in args.sizes}
                        | {(args.project_volumes, True)})
        for size, project_wide in rounds:
            chosen = grow(size)
            floor = floor_round(resources, chosen, log_path)
            rows.append(floor)
            print(format_row(floor), flush=True)
            # Project-wide: every volume of the project, that is all
            # made so far.
            for count in (1,) if project_wide else (1, 3):
                rows.append(volsnap_round(
                    stack, resources, trust_id, chosen, count, log_path,
                    floor.available, project_wide))
                print(format_row(rows[-1]), flush=True)
            if args.karbor and not project_wide and size == min(args.sizes):
                karbor = karbor_in_its_venv(stack, resources, chosen)
                rows.append(Row(f"karbor-operationengine, 1 plan of {size}",
                                karbor["available"], floor.available,
                                karbor["calls"] / size, "-", "-",
                                f"{sum(karbor['memory'])} MiB", "-"))
                print(format_row(rows[-1]), flush=True)
    finally:
        keystone.trusts.delete(trust_id)
        resources.cleanup()
    print("\nSnapshots protected at once (fake driver); the floor is plain "
          f"cinderclient with {BUDGET} requests in flight\n")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    print(f"\nProtection Policies page, {args.policies} policies in the "
          "project, 20 rows a page: median %.0f ms, p90 %.0f ms, at most %d "
          "Cinder calls a render" % page)


if __name__ == "__main__":
    main()
