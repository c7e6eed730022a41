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
(policies/claims.py), the dispatcher's budget and the flight of runs.

One thread, the loop's, touches the database: it claims every due slot
at each look (claiming is cheap, so busy schedulers are never late to
claim), takes queued runs while its queue of Cinder calls is short, and
writes the runs that finished. Cinder is called on the dispatcher's
threads, at most `budget` requests at once and `project_budget` per
project; waiting for snapshots costs no thread (flight.py). Any number
of schedulers on any number of machines share the policies' database
(Horizon's settings, VOLSNAP_EVENTS_DATABASE) and each slot runs once.
volsnap-scheduler (cmd/scheduler.py) sets Django up and runs serve().
"""
import datetime
import logging
import signal
import time

from django import db

from volsnap_dashboard.api import trusts
from volsnap_dashboard.engine import dispatch
from volsnap_dashboard.engine import flight
from volsnap_dashboard.engine import metrics
from volsnap_dashboard.engine import runner
from volsnap_dashboard.engine import service
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import alerts as alert_operations
from volsnap_dashboard.operations import groups as group_operations
from volsnap_dashboard.operations import policies as policy_operations
from volsnap_dashboard.operations import runs
from volsnap_dashboard.policies import claims

LOG = logging.getLogger("volsnap_dashboard.engine.scheduler")
DEFAULTS = {
    # Seconds between two looks at the database for due slots.
    "poll_interval": 10,
    # A slot more than this overdue, with no scheduler alive since it
    # was due, is recorded as missed; a busy scheduler runs it late.
    "grace_period": 900,
    # Cinder requests in flight at once, for this scheduler and for one
    # project.
    "budget": 16,
    "project_budget": 8,
    # At most this many runs taken from the queue at a look, and only
    # while fewer than `budget` times `backlog_factor` calls wait for
    # the budget.
    "take_batch": 100,
    "backlog_factor": 4,
    "wait_timeout": 600,
    # Seconds between two listings of a project's checkpoints while
    # some are pending.
    "wait_interval": 2,
    # Seconds a policy's backup may take to become available.
    "backup_timeout": 3600,
    "heartbeat_interval": 15,
    # A run whose scheduler has not beaten for this long is queued
    # again for another; after max_takeovers, abandoned.
    "abandon_after": 120,
    "max_takeovers": 3,
    "http_timeout": 60,
    # Seconds the runs of one trust share its session.
    "session_ttl": 300,
    "retry_attempts": 5,
    "retry_backoff": 1,
    # Seconds a stopping scheduler gives its runs in flight to finish.
    "drain_timeout": 20,
    # Where the Prometheus figures are served; no port, none.
    "metrics_port": None,
    "metrics_host": "0.0.0.0",
}


def settings():
    return service.settings("VOLSNAP_SCHEDULER", DEFAULTS)


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


class Engine:
    """One scheduler: its life in the database, its budget, its flight."""

    def __init__(self, name, conf, clock=time.monotonic, now=utcnow):
        self.name, self.conf = name, conf
        self.clock, self.now = clock, now
        self.dispatcher = dispatch.Dispatcher(conf["budget"],
                                              conf["project_budget"])
        self.flight = flight.Flight(
            self.dispatcher, self._session, runner.Settings(
                wait_timeout=conf["wait_timeout"],
                wait_interval=conf["wait_interval"],
                backup_timeout=conf["backup_timeout"],
                attempts=conf["retry_attempts"],
                backoff=conf["retry_backoff"],
                consistent_group_types=(
                    group_operations.consistent_group_types())),
            clock, now)
        self._sessions = {}
        self._life = None
        self._next_look = -1
        self.stopping = False
        self.finished = 0

    def _session(self, protection_policy):
        """The policy's trust session, shared by the runs of the same
        trust for `session_ttl` seconds; a new one proves the trust still
        works (TrustBroken otherwise)."""
        trust_id = protection_policy.trust_id
        session, made = self._sessions.get(trust_id, (None, None))
        if session is None or self.clock() - made > self.conf["session_ttl"]:
            session = trusts.trust_session(self.conf["service_user"],
                                           trust_id,
                                           self.conf["http_timeout"])
            self._sessions[trust_id] = (session, self.clock())
        return session

    def look(self):
        """Beats, requeues what stopped schedulers left, claims every due
        slot and takes queued runs as capacity allows; returns how many
        runs it took."""
        db.close_old_connections()
        now = self.now()
        if self._life is None:
            self._life = claims.life_begin(self.name, now)
        held = claims.beat(self._life, list(self.flight.works), now)
        for run_id in set(self.flight.works) - held:
            LOG.warning("Run %s is no longer this scheduler's", run_id)
            self.flight.drop(run_id)
        requeued, abandoned = claims.requeue_abandoned(
            now, datetime.timedelta(seconds=self.conf["abandon_after"]),
            self.conf["max_takeovers"])
        if requeued or abandoned:
            LOG.warning("Queued again %d runs of stopped schedulers; "
                        "abandoned %d", requeued, abandoned)
        claims.enqueue_due(now, datetime.timedelta(
            seconds=self.conf["grace_period"]))
        # Only as much as keeps the queue of calls short, so that what
        # this scheduler cannot start soon stays for the others.
        room = min(self.conf["take_batch"],
                   self.conf["budget"] * self.conf["backlog_factor"]
                   - self.dispatcher.waiting())
        if self.stopping or room <= 0:
            return False
        taken = claims.take_queued(now, self.name, room)
        for run in taken:
            LOG.info("Running policy %s for %s (%s late)", run.policy_id,
                     run.scheduled_for.isoformat(), run.lateness)
            if run.lateness is not None:
                metrics.RUN_LATENESS.observe(run.lateness.total_seconds())
            self.flight.take(run)
        return len(taken) == room

    def step(self):
        """One turn of the loop."""
        moment = self.clock()
        if moment >= self._next_look and not self.stopping:
            # A full take says more is queued: look again at the next
            # turn, once the dispatcher has room.
            full = self.look()
            self._next_look = moment + (0 if full
                                        else self.conf["poll_interval"])
        self.flight.tick()
        self.dispatcher.pump()
        self.dispatcher.collect(timeout=max(0.05, min(
            self.conf["wait_interval"], self._next_look - self.clock())))
        self.dispatcher.pump()
        for work in self.flight.finished():
            self._record(work)
        metrics.RUNS_IN_FLIGHT.set(len(self.flight.works))
        metrics.CALLS_IN_FLIGHT.set(self.dispatcher.in_flight)
        metrics.CALLS_WAITING.set(self.dispatcher.waiting())

    def _record(self, work):
        if isinstance(work.error, exceptions.TrustBroken):
            policy_operations.mark_needs_reauthorization(
                work.run.policy, work.error, self.now())
            self._sessions.pop(work.run.policy.trust_id, None)
        state = runs.finish(work.run, work.results, reason=work.reason,
                            names=work.names)
        alert_operations.run_finished(work.run, state, self.now())
        metrics.RUNS.labels(state).inc()
        if work.run.started_at:
            metrics.RUN_DURATION.observe(
                (self.now() - work.run.started_at).total_seconds())
        self.finished += 1

    def idle(self):
        return not self.flight.works and not self.dispatcher.busy()

    def close(self):
        self.dispatcher.shutdown()


def serve(name, conf, once=False):
    """Runs until stopped (SIGTERM or SIGINT: no new runs, the runs in
    flight get `drain_timeout` seconds; what is left another scheduler
    takes over). With `once`, one look and its runs to their end."""
    if once:
        run_once(name, conf)
        return 0
    engine = Engine(name, conf)
    metrics.serve(conf)
    LOG.info("volsnap-scheduler %s started", name)

    def stop(signum, frame):
        engine.stopping = True
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    try:
        drain(engine, lambda: not engine.stopping, conf["drain_timeout"])
    finally:
        engine.close()
    return 0


def drain(engine, going, timeout):
    """Turns the loop while `going()`, then until the flight is empty or
    `timeout` seconds have passed."""
    deadline = None
    while True:
        try:
            engine.step()
        except Exception:
            # The database may be away for a moment; the next turn
            # retries.
            LOG.exception("Scheduler turn failed")
            time.sleep(1)
        if going():
            continue
        engine.stopping = True
        deadline = deadline or time.monotonic() + timeout
        if engine.idle() or time.monotonic() > deadline:
            return


def run_once(name, conf):
    """One look and its runs to their end, in this process; returns how
    many runs finished (for tests and `volsnap-scheduler --once`)."""
    engine = Engine(name, conf)
    try:
        drain(engine, lambda: False, conf["wait_timeout"])
        return engine.finished
    finally:
        engine.close()
