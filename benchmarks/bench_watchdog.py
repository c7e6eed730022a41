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

"""The watchdog's pass over many open operations, next to plain
cinderclient asking Cinder the same, and an alert's latency from its
incident to a real webhook receiver through the stack's own
volsnap-watchdog.

Run against the local stack (./tools/stack.py bench watchdog). It makes a
few snapshots in Cinder, writes 100, 1,000 and 10,000 open protects naming
them into the stack's event log (recent, so that the stack's watchdog
leaves them alone), and times passes of `batch` operations (the default
200) with volsnap's watchdog code, as the watchdog's account, beside the
same snapshot GETs with cinderclient; then the time one database query
takes to pick the batch. Then it opens incidents for an admins' channel
and times each to the webhook. Figures are printed, never asserted; the
seeded rows and the channel are removed after.
"""
import argparse
import datetime
import json
import logging
import os
import statistics
import sys
import time
import uuid

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

from cinderclient import exceptions as cinder_exceptions  # noqa: E402

from tests import cloud  # noqa: E402
from tests import receivers  # noqa: E402

SEED_USER = "bench-watchdog"
UTC = datetime.timezone.utc


def django_of_the_stack(stack):
    """This process on the stack's Horizon settings, and so its event
    log: the stack's watchdog sends the alerts queued here."""
    os.environ.update(stack["horizon_environment"])
    for path in reversed(stack["horizon_environment"]["PYTHONPATH"].split(
            os.pathsep)):
        sys.path.insert(0, path)
    import django
    django.setup()
    # The settled rows' lines would bury the table.
    logging.getLogger("volsnap_dashboard").setLevel(logging.WARNING)


def seed(total, snapshot_ids, now):
    from volsnap_dashboard.events import models
    have = models.Event.objects.filter(user_name=SEED_USER).count()
    models.Event.objects.bulk_create((models.Event(
        action="protect", outcome="in_progress", source="other",
        project_id="bench-project", user_id="bench", user_name=SEED_USER,
        checkpoint_id=snapshot_ids[n % len(snapshot_ids)],
        created_at=now - datetime.timedelta(minutes=10))
        for n in range(have, total)), batch_size=2000)


def reopen():
    """The seeded rows open again, for the next pass."""
    from volsnap_dashboard.events import models
    models.Event.objects.filter(user_name=SEED_USER).update(
        outcome="in_progress", finished_at=None, checked_at=None)


def ask_plainly(plain, target):
    """What the watchdog asks of one row, with cinderclient: the rows of
    the stack's other work are in the batch too, some of objects gone."""
    from volsnap_dashboard.api import lookups
    if target is None:
        return
    kind, object_id = target
    try:
        getattr(plain, lookups.MANAGERS[kind]).get(object_id)
    except cinder_exceptions.NotFound:
        pass


def pass_times(stack, snapshot_ids, batch, rounds):
    from volsnap_dashboard.api import trusts
    from volsnap_dashboard.engine import watchdog
    from volsnap_dashboard.events import overdue
    from volsnap_dashboard.watchdog import verdict
    account = {"auth_url": stack["keystone_url"],
               "username": "volsnap-watchdog", "project_name": "service",
               "password": stack["users"]["volsnap-watchdog"]["password"]}
    lookup = watchdog.CinderLookup(trusts.account_session(account))
    plain = cloud.cinder(stack, "admin")
    conf = dict(watchdog.DEFAULTS, batch=batch,
                deadlines=dict.fromkeys(verdict.DEADLINES, 0))
    ours, theirs, queries = [], [], []
    for _round in range(rounds):
        reopen()
        now = datetime.datetime.now(UTC)
        started = time.perf_counter()
        picked = overdue.open_past(verdict.cutoffs(now, conf["deadlines"]),
                                   batch)
        queries.append(time.perf_counter() - started)
        started = time.perf_counter()
        watchdog.sweep(lookup, now, conf)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        for event in picked:
            ask_plainly(plain, verdict.subject(event.action, vars(event)))
        theirs.append(time.perf_counter() - started)
    return (statistics.median(ours), statistics.median(theirs),
            statistics.median(queries))


def alert_latencies(count):
    from volsnap_dashboard.alerts import incidents
    from volsnap_dashboard.alerts import models
    from volsnap_dashboard.operations import alerts
    latencies = []
    with receivers.Webhooks() as hooks:
        channel = alerts.channel_create(alerts.ADMINS, {
            "name": "bench-watchdog", "kind": "webhook", "target": hooks.url,
            "rules": [models.RUN_FAILED], "enabled": True,
            "secret": "bench", "allow_private": True}, "bench")
        keys = []
        try:
            for n in range(count):
                keys.append(f"bench:{uuid.uuid4()}")
                started = time.monotonic()
                incidents.open_incident(
                    models.RUN_FAILED, keys[-1], "bench-project",
                    "Benchmark incident", "bench",
                    datetime.datetime.now(UTC))
                cloud.wait_until(lambda: len(hooks.received) > n,
                                 timeout=60, interval=0.01)
                latencies.append(time.monotonic() - started)
        finally:
            channel.delete()
            models.Incident.objects.filter(key__in=keys).delete()
    return latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[100, 1000, 10000])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--alerts", type=int, default=10)
    parser.add_argument("--smoke", action="store_true",
                        help="100 open operations, a batch of 20, one "
                             "round, two alerts")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.batch, args.rounds, args.alerts = [100], 20, 1, 2
    with open(os.environ.get("VOLSNAP_STACK", ".stack/stack.json")) as f:
        stack = json.load(f)
    django_of_the_stack(stack)
    from volsnap_dashboard.events import models

    resources = cloud.Resources(stack)
    try:
        volume = resources.volume(volume_type=stack["volume_types"]["fake"])
        snapshots = [resources.cinder.volume_snapshots.create(
            volume.id, name=cloud.unique("bench-watchdog"))
            for _ in range(3 if args.smoke else 10)]
        for snapshot in snapshots:
            cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
                snapshot.id), "available")
        ids = [s.id for s in snapshots]
        print(f"{'open operations':>15} {'batch':>6} {'watchdog pass s':>16} "
              f"{'cinderclient s':>15} {'ratio':>6} {'pick query ms':>14}",
              flush=True)
        for size in args.sizes:
            seed(size, ids, datetime.datetime.now(UTC))
            ours, theirs, query = pass_times(stack, ids, args.batch,
                                             args.rounds)
            print(f"{size:>15} {args.batch:>6} {ours:>16.3f} "
                  f"{theirs:>15.3f} {ours / theirs:>5.2f}x "
                  f"{query * 1000:>14.1f}", flush=True)
        print(f"medians of {args.rounds} pass(es); cinderclient: the same "
              "snapshot GETs, one after the other, as admin", flush=True)
    finally:
        models.Event.objects.filter(user_name=SEED_USER).delete()
        resources.cleanup()
    latencies = alert_latencies(args.alerts)
    print(f"alert latency, incident to webhook through the stack's "
          f"volsnap-watchdog (VOLSNAP_ALERTS interval 2 s): median "
          f"{statistics.median(latencies):.2f} s, max {max(latencies):.2f} s "
          f"of {len(latencies)}; no OpenStack service sends such alerts",
          flush=True)


if __name__ == "__main__":
    main()
