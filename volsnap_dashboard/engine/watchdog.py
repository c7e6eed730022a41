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

"""The watchdog's loop: Cinder sends no notification when a driver fails
a snapshot, backup, restore or revert, so an operation still open past
its deadline (watchdog/verdict.py) is looked up in Cinder and settled
from what Cinder says. Any number of watchdogs may run; the one holding
the lease in the shared database makes the passes. A Cinder that cannot
answer settles nothing: the pass stops and the next one asks again.
volsnap-watchdog (cmd/watchdog.py) sets Django up and runs serve().
"""
import dataclasses
import datetime
import logging
import signal
import threading
import time

from django import db

from volsnap_dashboard.api import lookups
from volsnap_dashboard.api import trusts
from volsnap_dashboard.engine import metrics
from volsnap_dashboard.engine import notifier
from volsnap_dashboard.engine import service
from volsnap_dashboard.events import leases
from volsnap_dashboard.events import names
from volsnap_dashboard.events import overdue
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import alerts as alert_operations
from volsnap_dashboard.policies import coverage
from volsnap_dashboard.watchdog import verdict

LOG = logging.getLogger("volsnap_dashboard.engine.watchdog")
LEASE = "volsnap-watchdog"
DEFAULTS = {
    # Seconds between two passes.
    "interval": 60,
    # Open rows asked about in one pass.
    "batch": 200,
    # Seconds a watchdog's lease lasts unless it renews it: after this
    # long without a pass, another watchdog takes over.
    "lease_ttl": 300,
    # Per action, seconds an operation may stay open (verdict.DEADLINES).
    "deadlines": {},
    "http_timeout": 30,
    # Where the Prometheus figures are served; no port, none.
    "metrics_port": None,
    "metrics_host": "0.0.0.0",
}


def settings():
    return service.settings("VOLSNAP_WATCHDOG", DEFAULTS)


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


@dataclasses.dataclass
class Pass:
    asked: int = 0
    settled: dict = dataclasses.field(default_factory=dict)
    # Cinder could not answer: the rest waits for the next pass.
    interrupted: bool = False


class CinderLookup:
    """What Cinder says of an object, as the watchdog's account."""

    def __init__(self, session):
        self.session = session

    def __call__(self, kind, resource_id):
        status = lookups.resource_status_get(self.session, kind,
                                             resource_id)
        if status is None:
            return verdict.GONE, ()
        messages = ()
        if status.startswith("error"):
            messages = tuple(m.user_message for m in
                             lookups.message_list(self.session, resource_id))
        return status, messages


def sweep(lookup, now, conf):
    """One pass over the overdue open operations; a Pass."""
    result = Pass()
    for event in overdue.open_past(verdict.cutoffs(now, conf["deadlines"]),
                                   conf["batch"]):
        target = verdict.subject(event.action, vars(event))
        status = ""
        if target is None:
            settlement = verdict.unaskable()
        else:
            try:
                status, messages = lookup(*target)
            except exceptions.CinderUnavailable as exc:
                LOG.warning("Cinder cannot say what became of %s %s (%s); "
                            "the next pass asks again", event.action,
                            target[1], exc)
                result.interrupted = True
                metrics.PASSES_INTERRUPTED.inc()
                return result
            result.asked += 1
            settlement = verdict.settle(event.action, status, messages)
        if settlement is None:
            overdue.checked(event.pk, now, status)
            continue
        if overdue.settle(event.pk, settlement, now):
            LOG.info("Settled %s %s as %s: %s", event.action,
                     target and target[1], settlement.outcome,
                     settlement.reason or settlement.cinder_status)
            result.settled[settlement.outcome] = (
                result.settled.get(settlement.outcome, 0) + 1)
            metrics.SETTLED.labels(settlement.outcome).inc()
            event.outcome, event.finished_at = settlement.outcome, now
            event.error = settlement.reason or event.error
            metrics.observed_operation(event)
            if settlement.outcome == terms.FAILED:
                alert_operations.operation_failed(event, now)
    return result


def check_objectives(now):
    """The volumes past their objective: counted per project, and
    alerted once each until they meet it again."""
    risks = coverage.at_risk(now, coverage.configured_factor())
    counts = {}
    for risk in risks:
        counts[risk.project_id] = counts.get(risk.project_id, 0) + 1
    metrics.VOLUMES_PAST_OBJECTIVE.clear()
    for project_id, count in counts.items():
        metrics.VOLUMES_PAST_OBJECTIVE.labels(project_id).set(count)
    alert_operations.objectives_checked(risks, now)
    return risks


class Watchdog:

    def __init__(self, name, conf, lookup, now=utcnow, identity=None):
        self.name, self.conf, self.lookup, self.now = (name, conf, lookup,
                                                       now)
        # The session Keystone's names for the log's rows are asked with.
        self.identity = identity

    def turn(self):
        """A pass if this watchdog holds the lease; None otherwise."""
        ttl = datetime.timedelta(seconds=self.conf["lease_ttl"])
        if not leases.lease_take(LEASE, self.name, self.now(), ttl):
            return None
        begun = time.monotonic()
        result = sweep(self.lookup, self.now(), self.conf)
        check_objectives(self.now())
        metrics.OPEN_OPERATIONS.set(overdue.open_count())
        if self.identity is not None:
            names.name_rows(self.identity)
        metrics.PASS_DURATION.observe(time.monotonic() - begun)
        return result

    def release(self):
        leases.lease_release(LEASE, self.name)


def serve(name, conf, once=False):
    """Passes every `interval` seconds, and sends the alerts due every
    VOLSNAP_ALERTS['interval'], until SIGTERM or SIGINT; with `once`, one
    pass and one sending."""
    session = trusts.account_session(conf["cloud_reader"],
                                     conf["http_timeout"])
    watchdog = Watchdog(name, conf, CinderLookup(session), identity=session)
    alerts = notifier.settings()
    metrics.serve(conf)
    if once:
        LOG.info("volsnap-watchdog %s pass: %s; alerts: %s", name,
                 watchdog.turn(), notifier.deliver_due(name, alerts, utcnow))
        return 0
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda signum, frame: stopped.set())
    LOG.info("volsnap-watchdog %s started", name)
    next_pass = time.monotonic()
    try:
        while not stopped.is_set():
            if time.monotonic() >= next_pass:
                next_pass = time.monotonic() + conf["interval"]
                done = _safely("Watchdog pass", watchdog.turn)
                if done and (done.settled or done.interrupted):
                    LOG.info("Pass: %s", done)
            sent = _safely("Sending alerts", notifier.deliver_due, name,
                           alerts, utcnow)
            if sent and any(sent.values()):
                LOG.info("Alerts: %s", sent)
            stopped.wait(min(alerts["interval"],
                             max(next_pass - time.monotonic(), 0)))
    finally:
        watchdog.release()
    return 0


def _safely(what, function, *args):
    # A connection the database dropped meanwhile is opened anew.
    db.close_old_connections()
    try:
        return function(*args)
    except Exception:
        # The database may be away for a moment; the next turn retries.
        LOG.exception("%s failed", what)
        return None
