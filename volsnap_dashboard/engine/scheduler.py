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

"""The scheduler's loop: a thin loop around the claims
(policies/claims.py) and the runner. Any number of schedulers on any
number of machines share the policies' database (Horizon's settings,
VOLSNAP_EVENTS_DATABASE) and each slot runs once. volsnap-scheduler
(cmd/scheduler.py) sets Django up and runs serve().
"""
import datetime
import logging
import threading
import time

from django import db

from volsnap_dashboard.api import trusts
from volsnap_dashboard.engine import runner
from volsnap_dashboard.engine import service
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import policies as policy_operations
from volsnap_dashboard.operations import runs
from volsnap_dashboard.policies import claims

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
    protection_policy = run.policy
    heartbeat = Heartbeat(run, conf["heartbeat_interval"])
    heartbeat.start()
    try:
        session = trusts.trust_session(conf["service_user"],
                                       protection_policy.trust_id,
                                       conf["http_timeout"])
        results = runner.run_policy(
            session, protection_policy, run.scheduled_for, utcnow(),
            runner.Settings(concurrency=conf["concurrency"],
                            wait_timeout=conf["wait_timeout"],
                            wait_interval=conf["wait_interval"]))
    except exceptions.TrustBroken as exc:
        policy_operations.mark_needs_reauthorization(protection_policy, exc)
        runs.finish(run, {}, reason=str(exc))
        return
    except Exception as exc:
        LOG.exception("Run %s of policy %s failed", run.pk,
                      protection_policy.pk)
        runs.finish(run, {}, reason=f"Unexpected error: {exc}")
        return
    finally:
        heartbeat.stop()
    runs.finish(run, results)


def loop_once(name, conf):
    """One look at the database: claims and executes at most one run;
    returns how many it executed."""
    db.close_old_connections()
    now = utcnow()
    closed = claims.close_abandoned(
        now, datetime.timedelta(seconds=conf["abandon_after"]))
    if closed:
        LOG.warning("Closed %d abandoned runs", closed)
    claimed = (claims.claim_due(now, name, datetime.timedelta(
        seconds=conf["grace_period"])) or claims.claim_queued(now, name))
    for run in claimed:
        LOG.info("Running policy %s for %s", run.policy_id,
                 run.scheduled_for.isoformat())
        execute(run, conf)
    return len(claimed)


def serve(name, conf, once=False):
    LOG.info("volsnap-scheduler %s started", name)
    while True:
        try:
            executed = loop_once(name, conf)
        except Exception:
            # The database may be away for a moment; the next look retries.
            LOG.exception("Scheduler pass failed")
            executed = 0
        if once:
            return 0
        if not executed:
            time.sleep(conf["poll_interval"])
