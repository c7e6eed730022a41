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

"""volsnap-scheduler: runs protection policies on their schedules.

A thin loop around the claims (policies/claims.py) and the runner: any
number of schedulers on any number of machines share the policies'
database (Horizon's settings, VOLSNAP_EVENTS_DATABASE) and each slot runs
once. Run it with Horizon's settings module:

    DJANGO_SETTINGS_MODULE=openstack_dashboard.settings volsnap-scheduler
"""
import argparse
import datetime
import logging
import socket
import threading
import time
import uuid

from volsnap_dashboard.engine import service

LOG = logging.getLogger("volsnap_dashboard.engine.scheduler")
DEFAULTS = {
    # Seconds between two looks at the database.
    "poll_interval": 10,
    # A slot older than this when a scheduler gets to it is recorded as
    # missed instead of run.
    "grace_period": 900,
    "concurrency": 4,
    "wait_timeout": 600,
    "wait_interval": 2,
    "heartbeat_interval": 15,
    # A run whose scheduler has not beaten for this long is abandoned.
    "abandon_after": 120,
    "http_timeout": 60,
}


def settings():
    return service.settings("VOLSNAP_SCHEDULER", DEFAULTS)


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class Heartbeat(threading.Thread):
    """Beats for a run while it executes, on a connection of its own."""

    def __init__(self, run, interval):
        super().__init__(daemon=True)
        self._run, self._interval = run, interval
        self._done = threading.Event()

    def run(self):
        from django import db

        from volsnap_dashboard.policies import claims
        try:
            while not self._done.wait(self._interval):
                claims.beat(self._run, utcnow())
        finally:
            db.connections.close_all()

    def stop(self):
        self._done.set()
        self.join()


def execute(run, conf):
    """Runs one claimed run to its end and records what it did."""
    from volsnap_dashboard.api import trusts
    from volsnap_dashboard.engine import recording
    from volsnap_dashboard.engine import runner
    from volsnap_dashboard import exceptions
    from volsnap_dashboard.policies import models

    policy = run.policy
    heartbeat = Heartbeat(run, conf["heartbeat_interval"])
    heartbeat.start()
    try:
        session = trusts.trust_session(conf["service_user"], policy.trust_id,
                                       conf["http_timeout"])
        results = runner.run_policy(
            session, policy, run.scheduled_for, utcnow(),
            runner.Settings(concurrency=conf["concurrency"],
                            wait_timeout=conf["wait_timeout"],
                            wait_interval=conf["wait_interval"]))
    except exceptions.TrustBroken as exc:
        models.Policy.objects.filter(pk=policy.pk).update(
            state=models.Policy.NEEDS_REAUTH, state_reason=str(exc))
        recording.finish(run, {}, reason=str(exc))
        return
    except Exception as exc:
        LOG.exception("Run %s of policy %s failed", run.pk, policy.pk)
        recording.finish(run, {}, reason=f"Unexpected error: {exc}")
        return
    finally:
        heartbeat.stop()
    recording.finish(run, results)


def loop_once(name, conf):
    """One look at the database: claims and executes at most one run;
    returns how many it executed."""
    from django import db

    from volsnap_dashboard.policies import claims
    db.close_old_connections()
    now = utcnow()
    closed = claims.close_abandoned(
        now, datetime.timedelta(seconds=conf["abandon_after"]))
    if closed:
        LOG.warning("Closed %d abandoned runs", closed)
    runs = (claims.claim_due(now, name, datetime.timedelta(
        seconds=conf["grace_period"])) or claims.claim_queued(now, name))
    for run in runs:
        LOG.info("Running policy %s for %s", run.policy_id,
                 run.scheduled_for.isoformat())
        execute(run, conf)
    return len(runs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--name", help="this scheduler's name in the runs "
                                       "it claims (default: host and a "
                                       "random suffix)")
    parser.add_argument("--once", action="store_true",
                        help="look once, run what is due, and exit")
    args = parser.parse_args(argv)
    service.setup()
    conf = settings()
    if "service_user" not in conf:
        parser.error("VOLSNAP_SCHEDULER['service_user'] is not set in "
                     "Horizon's settings")
    name = args.name or f"{socket.gethostname()}-{uuid.uuid4().hex[:6]}"
    LOG.info("volsnap-scheduler %s started", name)
    while True:
        try:
            executed = loop_once(name, conf)
        except Exception:
            # The database may be away for a moment; the next look retries.
            LOG.exception("Scheduler pass failed")
            executed = 0
        if args.once:
            return 0
        if not executed:
            time.sleep(conf["poll_interval"])
