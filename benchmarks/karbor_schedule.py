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

"""The Karbor half of bench_policies.py, run in Karbor's venv: the given
volumes in one plan (Karbor's own volume snapshot plugin) protected by
karbor-operationengine from a one-minute time trigger. Prints one JSON
line: seconds from the checkpoint's appearance until every snapshot was
requested and until the checkpoint is available, Cinder calls, and the
Karbor services' memory. Its snapshots are left to the caller, which
removes them through Cinder: deleting them through Karbor is not what is
measured."""
import glob
import json
import os
import sys
import time

from karborclient import client as karbor_client
from keystoneauth1 import exceptions as ks_exceptions

from benchmarks import figures
from tests import cloud

VOLUME = "OS::Cinder::Volume"
NAME = "karbor-bench"
LIMIT = 900


def patient(call, *args, **kwargs):
    """karbor-api is one eventlet worker; while the protection service
    floods it, a call may time out. Retry until the round's limit."""
    while True:
        try:
            return call(*args, **kwargs)
        except (ks_exceptions.ConnectFailure, ks_exceptions.ConnectTimeout,
                ks_exceptions.RequestTimeout) as error:
            print(f"karbor-api: {error}; again", file=sys.stderr, flush=True)
            time.sleep(1)


def stop_trigger(karbor, operation_id, trigger_id):
    """After the measurement: deleting a scheduled operation makes the
    operation engine call Keystone while the protection service is busy,
    and took over 30 s when done during the run."""
    for delete, item in ((karbor.scheduled_operations.delete, operation_id),
                         (karbor.triggers.delete, trigger_id)):
        try:
            patient(delete, item)
        except Exception as error:  # reported; the figures stand
            print(f"could not delete {item}: {error}", file=sys.stderr)


def main(volume_ids):
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    log_path = os.path.join(stack["logs"], "cinder-api-app.log")
    session = cloud.keystone_session(stack, "demo")
    session.timeout = 120
    karbor = karbor_client.Client("1", session.get_endpoint(
        service_type="data-protect", interface="public"), session=session)
    cinder = cloud.cinder(stack, "demo")
    provider = stack["karbor_providers"]["reference"]
    plan = patient(
        karbor.plans.create, cloud.unique("bench"), provider,
        [{"id": v, "type": VOLUME, "name": v} for v in volume_ids],
        {VOLUME: {"snapshot_name": NAME, "description": "",
                  "force": False}})
    trigger = patient(
        karbor.triggers.create, cloud.unique("bench"), "time",
        {"format": "crontab", "pattern": "* * * * *", "window": 30})
    operation = patient(
        karbor.scheduled_operations.create, cloud.unique("bench"),
        "protect", trigger.id, {"provider_id": provider, "plan_id": plan.id})
    before = figures.cinder_requests(log_path)
    checkpoint = None
    waited = time.monotonic()
    while checkpoint is None:
        found = patient(karbor.checkpoints.list, provider,
                        search_opts={"plan_id": plan.id})
        checkpoint = found[0] if found else None
        if time.monotonic() - waited > 180:
            raise SystemExit("Karbor made no checkpoint in 180 s")
        time.sleep(0.5)
    started = time.perf_counter()
    requested = None
    while True:
        made = [s for s in cinder.volume_snapshots.list() if s.name == NAME]
        now = time.perf_counter() - started
        # The trigger fires each minute: a later checkpoint's snapshots
        # may come on top of these.
        if requested is None and len(made) >= len(volume_ids):
            requested = now
        status = patient(karbor.checkpoints.get, provider,
                         checkpoint.id).status
        if status == "available":
            break
        if status == "error" or now > LIMIT:
            raise SystemExit(f"Karbor's checkpoint is {status} after "
                             f"{now:.0f} s")
        time.sleep(1)
    memory = [figures.rss_mib(json.load(open(path))["pid"])
              for path in sorted(glob.glob(os.path.join(
                  stack["state"], "pids", "karbor-*.json")))]
    calls = figures.cinder_requests(log_path) - before
    stop_trigger(karbor, operation.id, trigger.id)
    print(json.dumps({"requested": requested or now, "available": now,
                      "calls": calls, "memory": memory}))


if __name__ == "__main__":
    main(sys.argv[1:])
