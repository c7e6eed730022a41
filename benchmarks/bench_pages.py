"""Server time and Cinder calls of the plugin's pages next to Horizon's own.

Run against the local stack (./tools/stack.py bench). It seeds one project
with checkpoints, renders each page repeatedly as a logged-in user, and
prints the median and 90th percentile time of a render and the number of
Cinder API calls one render makes (read from cinder-api's request log).
The same data serves both sides in the same run.
"""
import argparse
import json
import os
import re
import statistics
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from tests import cloud  # noqa: E402
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
REQUEST_LINE = re.compile(r'"(GET|POST|PUT|DELETE|HEAD) ')


def seed(stack, count):
    """Ensures `count` checkpoints of one volume in project demo."""
    admin = cloud.cinder(stack, "admin")
    session = cloud.keystone_session(stack, "demo")
    admin.quotas.update(session.get_project_id(), snapshots=count + 200,
                        volumes=200, gigabytes=count + 2000)
    demo = cloud.cinder(stack, "demo")
    volumes = demo.volumes.list(search_opts={"name": BENCH_VOLUME})
    if volumes:
        volume = volumes[0]
    else:
        volume = demo.volumes.create(1, name=BENCH_VOLUME)
        cloud.wait_status(lambda: demo.volumes.get(volume.id), "available")
    have = len(demo.volume_snapshots.list(
        search_opts={"volume_id": volume.id}))
    for number in range(have, count):
        for attempt in range(5):
            try:
                checkpoints.checkpoint_create(
                    session, volume.id, f"bench-{number:04d}",
                    "benchmark data", False)
                break
            except Exception:  # SQLite in Cinder: "database is locked"
                time.sleep(0.5 * (attempt + 1))
        else:
            raise SystemExit("could not seed the checkpoints")
    return volume


def cleanup(stack, volume):
    demo = cloud.Resources(stack)
    demo.volumes.append(volume.id)
    demo.cleanup()


def login(stack, user):
    http = requests.Session()
    base = stack["horizon_url"]
    http.get(base + "/auth/login/")
    response = http.post(base + "/auth/login/", data={
        "username": user, "password": stack["users"][user]["password"],
        "region": "default",
        "csrfmiddlewaretoken": http.cookies["csrftoken"]},
        headers={"Referer": base + "/auth/login/"})
    response.raise_for_status()
    if "sessionid" not in http.cookies:
        raise SystemExit(f"could not log in as {user}")
    return http


def cinder_requests(log_path):
    with open(log_path, errors="replace") as log:
        return sum(1 for line in log if REQUEST_LINE.search(line))


def rss_mib(pid):
    """Resident memory of a process group, in MiB."""
    total = 0
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.getpgid(int(entry)) == pid:
                with open(f"/proc/{entry}/statm") as f:
                    total += int(f.read().split()[1])
        except OSError:
            continue
    return total * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def measure(http, url, log_path, renders):
    times, calls = [], []
    for _ in range(renders):
        before = cinder_requests(log_path)
        started = time.perf_counter()
        response = http.get(url)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
        time.sleep(0.3)  # cinder-api writes its log line after answering
        calls.append(cinder_requests(log_path) - before)
    return times, calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checkpoints", type=int, default=200)
    parser.add_argument("--renders", type=int, default=15)
    parser.add_argument("--keep", action="store_true",
                        help="keep the seeded checkpoints")
    args = parser.parse_args()
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    log_path = os.path.join(stack["logs"], "cinder-api-app.log")

    print(f"seeding {args.checkpoints} checkpoints in project demo ...")
    started = time.perf_counter()
    volume = seed(stack, args.checkpoints)
    print(f"  done in {time.perf_counter() - started:.1f} s")
    sessions = {user: login(stack, user) for user in ("demo", "admin")}
    try:
        rows = []
        for user, label, path in PAGES:
            url = stack["horizon_url"] + path
            measure(sessions[user], url, log_path, 4)  # both workers warm
            times, calls = measure(sessions[user], url, log_path,
                                   args.renders)
            times.sort()
            rows.append((label, statistics.median(times) * 1000,
                         times[int(len(times) * 0.9) - 1] * 1000,
                         statistics.median(calls), max(calls)))
    finally:
        if not args.keep:
            cleanup(stack, volume)
    print(f"\n{args.checkpoints} checkpoints in one project, "
          f"{args.renders} renders a page, 20 rows a page\n")
    print(f"{'page':30} {'median ms':>10} {'p90 ms':>8} "
          f"{'Cinder calls':>13} {'max':>4}")
    for label, median, p90, calls, most in rows:
        print(f"{label:30} {median:10.0f} {p90:8.0f} {calls:13.0f} "
              f"{most:4d}")


if __name__ == "__main__":
    main()
