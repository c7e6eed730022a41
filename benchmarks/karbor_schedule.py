"""The Karbor half of bench_policies.py, run in Karbor's venv: the given
volumes in one plan (Karbor's own volume snapshot plugin) protected by
karbor-operationengine from a one-minute time trigger. Prints one JSON
line: seconds from the checkpoint's appearance until every snapshot was
requested and until the checkpoint is available, Cinder calls, and the
Karbor services' memory."""
import glob
import json
import os
import sys
import time

from karborclient import client as karbor_client

from benchmarks import bench_pages
from tests import cloud

VOLUME = "OS::Cinder::Volume"


def main(volume_ids):
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    log_path = os.path.join(stack["logs"], "cinder-api-app.log")
    session = cloud.keystone_session(stack, "demo")
    karbor = karbor_client.Client("1", session.get_endpoint(
        service_type="data-protect", interface="public"), session=session)
    cinder = cloud.cinder(stack, "demo")
    provider = stack["karbor_providers"]["reference"]
    plan = karbor.plans.create(
        cloud.unique("bench"), provider,
        [{"id": v, "type": VOLUME, "name": v} for v in volume_ids],
        {VOLUME: {"snapshot_name": "karbor-bench", "description": "",
                  "force": False}})
    trigger = karbor.triggers.create(
        cloud.unique("bench"), "time",
        {"format": "crontab", "pattern": "* * * * *", "window": 30})
    operation = karbor.scheduled_operations.create(
        cloud.unique("bench"), "protect", trigger.id,
        {"provider_id": provider, "plan_id": plan.id})
    before = bench_pages.cinder_requests(log_path)
    checkpoint = None
    while checkpoint is None:
        found = karbor.checkpoints.list(provider,
                                        search_opts={"plan_id": plan.id})
        checkpoint = found[0] if found else None
        time.sleep(0.5)
    started = time.perf_counter()
    karbor.scheduled_operations.delete(operation.id)
    karbor.triggers.delete(trigger.id)
    requested = None
    while True:
        made = [s for s in cinder.volume_snapshots.list()
                if s.name == "karbor-bench"]
        now = time.perf_counter() - started
        if requested is None and len(made) == len(volume_ids):
            requested = now
        status = karbor.checkpoints.get(provider, checkpoint.id).status
        if status == "available":
            break
        if status == "error" or now > 900:
            raise SystemExit(f"Karbor's checkpoint is {status}")
        time.sleep(0.5)
    memory = [bench_pages.rss_mib(json.load(open(path))["pid"])
              for path in sorted(glob.glob(os.path.join(
                  stack["state"], "pids", "karbor-*.json")))]
    calls = bench_pages.cinder_requests(log_path) - before
    karbor.checkpoints.delete(provider, checkpoint.id)
    cloud.wait_until(lambda: not [s for s in cinder.volume_snapshots.list()
                                  if s.name == "karbor-bench"], 600, 2)
    print(json.dumps({"requested": requested or now, "available": now,
                      "calls": calls, "memory": memory}))


if __name__ == "__main__":
    main(sys.argv[1:])
