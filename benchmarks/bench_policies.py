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

"""Periodic protection at scale, next to Karbor's operation engine.

Run against the local stack (./tools/stack.py bench policies). On the
same 200 volumes in one run it measures:
  * volsnap: 200 volumes in one policy due at once, with one and with
    three schedulers, and 200 one-volume policies due at once, likewise:
    seconds until every snapshot was requested and until all are
    available, Cinder API calls, the schedulers' memory;
  * Karbor: the same 200 volumes in one plan with a one-minute time
    trigger (Karbor's own volume snapshot plugin), from the checkpoint's
    appearance until all snapshots exist and it is available;
  * the Protection Policies page with 500 policies in the project.
Figures are printed, never asserted.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from benchmarks import bench_pages  # noqa: E402
from benchmarks import figures  # noqa: E402
from tests import cloud  # noqa: E402
from tests import horizon_http  # noqa: E402
from tests import schedulers  # noqa: E402

MARK = {"volsnap_checkpoint": "true"}


def snapshot_states(resources, ids):
    found = [s for s in resources.cinder.volume_snapshots.list(
        search_opts={"metadata": MARK}) if s.volume_id in ids]
    return len(found), sum(s.status == "available" for s in found)


def remove_snapshots(resources, ids):
    for snapshot in resources.cinder.volume_snapshots.list(
            search_opts={"all_tenants": 0}):
        if snapshot.volume_id in ids:
            resources.cinder.volume_snapshots.delete(snapshot)
    cloud.wait_until(lambda: not [
        s for s in resources.cinder.volume_snapshots.list()
        if s.volume_id in ids], 300, 1)


def volsnap_round(stack, resources, trust_id, volumes, per_policy, count,
                  log_path):
    ids = {v.id for v in volumes}
    schedulers.clear(stack)
    running = schedulers.start(stack, count, concurrency=8)
    try:
        time.sleep(4)  # Django set-up of each scheduler, not measured
        before = figures.cinder_requests(log_path)
        started = time.perf_counter()
        schedulers.seed(stack, trust_id, volumes, per_policy)
        requested = None
        while True:
            made, available = snapshot_states(resources, ids)
            now = time.perf_counter() - started
            if requested is None and made == len(ids):
                requested = now
            if available == len(ids):
                break
            if now > 600:
                raise SystemExit("volsnap did not finish in 600 s")
            time.sleep(0.5)
        memory = [figures.rss_mib(p.pid) for p in running]
    finally:
        schedulers.stop(running)
    calls = figures.cinder_requests(log_path) - before
    remove_snapshots(resources, ids)
    return requested, now, calls, memory


def karbor_in_its_venv(stack, volumes):
    """Karbor's client lives in Karbor's venv: run that part there."""
    here = os.path.dirname(os.path.abspath(__file__))
    karbor_python = os.path.join(stack["state"], "venv-karbor", "bin",
                                 "python")
    result = subprocess.run(
        [karbor_python, os.path.join(here, "karbor_schedule.py")]
        + [v.id for v in volumes], capture_output=True, text=True,
        timeout=1200, env=dict(os.environ, PYTHONPATH=os.path.dirname(here)))
    remove_snapshots(cloud.Resources(stack), {v.id for v in volumes})
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


HEADER = (f"{'':42} {'requested s':>12} {'available s':>12} "
          f"{'Cinder calls':>13}  scheduler MiB")


def format_row(row):
    label, requested, available, calls, memory = row
    return (f"{label:42} {requested:12.1f} {available:12.1f} "
            f"{calls:13d}  {memory}")


# What the test suite runs, so that the benchmark cannot rot.
SMOKE = {"volumes": 3, "policies": 25, "renders": 2}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--volumes", type=int, default=200)
    parser.add_argument("--policies", type=int, default=500,
                        help="policies on the Protection Policies page")
    parser.add_argument("--renders", type=int, default=15)
    parser.add_argument("--smoke", action="store_true",
                        help="the smallest sizes, to check that it runs")
    args = parser.parse_args()
    if args.smoke:
        vars(args).update(SMOKE)
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    log_path = os.path.join(stack["logs"], "cinder-api-app.log")
    admin = cloud.cinder(stack, "admin")
    admin.quotas.update(cloud.keystone_session(stack, "demo")
                        .get_project_id(), volumes=1000, snapshots=1000,
                        gigabytes=5000)
    resources = cloud.Resources(stack)
    trust_id, keystone = schedulers.make_trust(stack)
    rows = []
    page = policies_page(stack, args.policies, log_path, args.renders)
    try:
        print(f"making {args.volumes} volumes ...", flush=True)
        volumes = schedulers.many_volumes(resources, args.volumes)
        print(HEADER, flush=True)
        for per_policy, label in ((args.volumes, "1 policy"),
                                  (1, f"{args.volumes} policies")):
            for count in (1, 3):
                rows.append((f"volsnap {label}, {count} scheduler(s)",)
                            + volsnap_round(stack, resources, trust_id,
                                            volumes, per_policy, count,
                                            log_path))
                print(format_row(rows[-1]), flush=True)
        karbor = karbor_in_its_venv(stack, volumes)
        rows.append(("karbor-operationengine, 1 plan",
                     karbor["requested"], karbor["available"],
                     karbor["calls"], karbor["memory"]))
        print(format_row(rows[-1]), flush=True)
    finally:
        keystone.trusts.delete(trust_id)
        resources.cleanup()
    print(f"\n{args.volumes} volumes protected at once (fake driver)\n")
    print(HEADER)
    for row in rows:
        print(format_row(row))
    print(f"\nProtection Policies page, {args.policies} policies in the "
          "project, 20 rows a page: median %.0f ms, p90 %.0f ms, at most %d "
          "Cinder calls a render" % page)


if __name__ == "__main__":
    main()
