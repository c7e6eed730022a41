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

"""The watchdog's passes on the test database, with Cinder's answers
given; the watchdog against the real Cinder is
tests/integration/test_watchdog.py."""
import datetime
from unittest import mock

from openstack_dashboard.test import helpers
import prometheus_client

from volsnap_dashboard.api import identity
from volsnap_dashboard.engine import watchdog
from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions
from volsnap_dashboard.watchdog import verdict

NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)
CONF = dict(watchdog.DEFAULTS, batch=10)


def row(action="protect", outcome="in_progress", hours=2, **values):
    return models.Event.objects.create(
        action=action, outcome=outcome, project_id="p", user_id="u",
        created_at=NOW - datetime.timedelta(hours=hours), **values)


class Cinder:
    """Cinder's answers: object id -> (status, messages), or an error."""

    def __init__(self, answers=None, error=None):
        self.answers, self.error = answers or {}, error
        self.asked = []

    def __call__(self, kind, resource_id):
        self.asked.append((kind, resource_id))
        if self.error:
            raise self.error
        return self.answers.get(resource_id, (verdict.GONE, ()))


def counted(name, **labels):
    return prometheus_client.REGISTRY.get_sample_value(name, labels) or 0


def fresh(event):
    return models.Event.objects.get(pk=event.pk)


class SweepTests(helpers.TestCase):

    def test_a_silent_failure_is_settled_with_cinders_reason(self):
        failed = row(checkpoint_id="s-err")
        done = row(action="restore", restored_volume_id="v-new", hours=3)
        cinder = Cinder({"s-err": ("error", ("create snapshot:Snapshot "
                                             "failed to create.",)),
                         "v-new": ("available", ())})
        before = counted("volsnap_watchdog_settled_total", outcome="failed")
        timed = counted("volsnap_operation_duration_seconds_count",
                        action="restore", outcome="succeeded")

        result = watchdog.sweep(cinder, NOW, CONF)

        self.assertEqual({"failed": 1, "succeeded": 1}, result.settled)
        failed, done = fresh(failed), fresh(done)
        self.assertEqual(("failed", "error", NOW), (
            failed.outcome, failed.cinder_status, failed.finished_at))
        self.assertIn("Snapshot failed to create.", failed.error)
        self.assertEqual(("succeeded", ""), (done.outcome, done.error))
        self.assertEqual(before + 1, counted(
            "volsnap_watchdog_settled_total", outcome="failed"))
        self.assertEqual(timed + 1, counted(
            "volsnap_operation_duration_seconds_count", action="restore",
            outcome="succeeded"))

    def test_rows_before_their_deadline_and_settled_rows_are_left(self):
        young = row(checkpoint_id="s-1", hours=0.5)
        backup = row(action="backup", backup_id="b-1", hours=2)
        over = row(checkpoint_id="s-2", outcome="succeeded")
        cinder = Cinder()

        watchdog.sweep(cinder, NOW, CONF)

        self.assertEqual([], cinder.asked)
        for event in (young, backup, over):
            self.assertEqual(event.outcome, fresh(event).outcome)

    def test_cinder_down_settles_nothing_and_the_next_pass_catches_up(self):
        events = [row(checkpoint_id=f"s-{n}") for n in range(3)]
        down = Cinder(error=exceptions.CinderUnreachable("refused"))

        result = watchdog.sweep(down, NOW, CONF)

        self.assertTrue(result.interrupted)
        self.assertTrue(counted("volsnap_watchdog_passes_interrupted_total"))
        self.assertEqual(1, len(down.asked))
        self.assertEqual({"in_progress"}, {fresh(e).outcome for e in events})
        back = Cinder({e.checkpoint_id: ("error", ()) for e in events})
        self.assertEqual({"failed": 3},
                         watchdog.sweep(back, NOW, CONF).settled)

    def test_an_object_still_at_work_is_asked_again_after_the_others(self):
        busy = row(checkpoint_id="s-busy", hours=3)
        rest = [row(checkpoint_id=f"s-{n}") for n in range(12)]
        cinder = Cinder({e.checkpoint_id: ("creating", ())
                         for e in [busy] + rest})

        watchdog.sweep(cinder, NOW, CONF)
        watchdog.sweep(cinder, NOW + datetime.timedelta(minutes=1), CONF)

        asked = [resource for _kind, resource in cinder.asked]
        self.assertEqual(20, len(asked))
        self.assertEqual(13, len(set(asked)))
        self.assertEqual("s-busy", asked[0])
        # The never asked first, then the longest unasked.
        self.assertEqual(["s-9", "s-10", "s-11", "s-busy"], asked[10:14])
        self.assertEqual(("in_progress", "creating"),
                         (fresh(busy).outcome, fresh(busy).cinder_status))

    def test_a_row_without_an_id_is_unknown_and_not_asked_again(self):
        intent = row(outcome="unknown", volume_id="v-1")
        gone = row(checkpoint_id="s-gone")
        cinder = Cinder()

        watchdog.sweep(cinder, NOW, CONF)
        watchdog.sweep(cinder, NOW, CONF)

        self.assertEqual([("snapshot", "s-gone")], cinder.asked)
        self.assertEqual(("unknown", NOW), (fresh(intent).outcome,
                                            fresh(intent).finished_at))
        self.assertIn("cannot be asked", fresh(intent).error)
        self.assertEqual("unknown: Cinder no longer knows it",
                         fresh(gone).error)

    def test_a_notice_that_settled_the_row_meanwhile_wins(self):
        event = row(checkpoint_id="s-1")

        class Racing(Cinder):
            def __call__(self, kind, resource_id):
                models.Event.objects.filter(pk=event.pk).update(
                    outcome="succeeded", cinder_status="available")
                return "error", ()

        self.assertEqual({}, watchdog.sweep(Racing(), NOW, CONF).settled)
        self.assertEqual("succeeded", fresh(event).outcome)


class LeaseTests(helpers.TestCase):

    def test_one_watchdog_of_many_makes_the_passes(self):
        row(checkpoint_id="s-1")
        clock = [NOW]
        first, second = (watchdog.Watchdog(name, CONF, Cinder(),
                                           now=lambda: clock[0])
                         for name in ("a", "b"))

        self.assertIsNotNone(first.turn())
        self.assertIsNone(second.turn())
        self.assertIsNotNone(first.turn())
        clock[0] += datetime.timedelta(seconds=CONF["lease_ttl"] + 1)
        self.assertIsNotNone(second.turn())
        self.assertIsNone(first.turn())
        second.release()
        self.assertIsNotNone(first.turn())

    @mock.patch.object(identity, "identity_names_get",
                       lambda session, kind, ids: {"u": "carol"})
    def test_a_pass_writes_keystones_names_into_the_log(self):
        event = row(checkpoint_id="s-1", user_name="")

        watchdog.Watchdog("a", CONF, Cinder(), now=lambda: NOW,
                          identity=object()).turn()

        self.assertEqual("carol", fresh(event).user_name)
