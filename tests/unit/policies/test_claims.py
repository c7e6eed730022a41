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

"""Claiming runs in the database, with a fake clock."""
import datetime

from openstack_dashboard.test import helpers

from volsnap_dashboard.policies import claims
from volsnap_dashboard.policies import models

UTC = datetime.timezone.utc
NOON = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
GRACE = datetime.timedelta(minutes=15)
MINUTE = datetime.timedelta(minutes=1)


def policy(**changes):
    values = dict(project_id="p1", name="nightly", volume_ids=["v1"],
                  schedule_kind="hourly", minute=0, trust_id="t1",
                  next_run_at=NOON, next_due_at=NOON)
    values.update(changes)
    return models.Policy.objects.create(**values)


def alive(start, end, name="s1"):
    return models.SchedulerLife.objects.create(name=name, started_at=start,
                                               seen_at=end)


def runs(state):
    return list(models.Run.objects.filter(state=state).order_by(
        "scheduled_for").values_list("scheduled_for", flat=True))


class EnqueueTests(helpers.TestCase):

    def test_a_due_slot_becomes_one_queued_run(self):
        due = policy()
        now = NOON + datetime.timedelta(seconds=5)

        self.assertEqual(1, claims.enqueue_due(now, GRACE))
        self.assertEqual(0, claims.enqueue_due(now, GRACE))

        (run,) = models.Run.objects.all()
        self.assertEqual((models.Run.QUEUED, NOON, NOON),
                         (run.state, run.scheduled_for, run.due_at))
        due.refresh_from_db()
        self.assertEqual(NOON + datetime.timedelta(hours=1), due.next_run_at)

    def test_a_scheduler_with_a_stale_view_claims_nothing(self):
        due = policy()
        stale = models.Policy.objects.get(pk=due.pk)
        claims.enqueue_due(NOON, GRACE)
        self.assertEqual(0, claims._enqueue(stale, NOON, GRACE, []))
        self.assertEqual(1, models.Run.objects.count())

    def test_busy_schedulers_make_a_slot_late_not_missed(self):
        policy()
        # Schedulers were alive all along, too busy to claim it.
        alive(NOON - MINUTE, NOON + 40 * MINUTE)
        claims.enqueue_due(NOON + 40 * MINUTE, GRACE)
        self.assertEqual([NOON], runs(models.Run.QUEUED))
        self.assertEqual([], runs(models.Run.MISSED))

    def test_with_no_scheduler_alive_past_the_grace_it_is_missed(self):
        policy()
        # One stopped before the slot, one started after its grace.
        alive(NOON - 60 * MINUTE, NOON - MINUTE)
        alive(NOON + 20 * MINUTE, NOON + 40 * MINUTE, "s2")
        claims.enqueue_due(NOON + 40 * MINUTE, GRACE)
        self.assertEqual([NOON], runs(models.Run.MISSED))
        self.assertEqual([], runs(models.Run.QUEUED))
        (missed,) = models.Run.objects.all()
        self.assertIn("No scheduler was running", missed.reason)

    def test_after_an_outage_the_gap_is_missed_and_the_newest_runs(self):
        policy()
        alive(NOON + 170 * MINUTE, NOON + 181 * MINUTE)
        claims.enqueue_due(NOON + 181 * MINUTE, GRACE)
        hour = datetime.timedelta(hours=1)
        self.assertEqual([NOON, NOON + hour, NOON + 2 * hour],
                         runs(models.Run.MISSED))
        self.assertEqual([NOON + 3 * hour], runs(models.Run.QUEUED))

    def test_a_spread_policy_is_due_at_its_offset(self):
        spread = policy(spread_minutes=30)
        spread.refresh_from_db()
        offset = spread.spread_offset()
        models.Policy.objects.filter(pk=spread.pk).update(
            **spread.slot_fields(NOON))
        self.assertEqual(0, claims.enqueue_due(NOON + offset - MINUTE / 60,
                                               GRACE))
        self.assertEqual(1, claims.enqueue_due(NOON + offset, GRACE))
        (run,) = models.Run.objects.all()
        self.assertEqual((NOON, NOON + offset), (run.scheduled_for,
                                                 run.due_at))
        spread.refresh_from_db()
        self.assertEqual(NOON + datetime.timedelta(hours=1) + offset,
                         spread.next_due_at)

    def test_every_due_policy_in_batches(self):
        for number in range(7):
            policy(name=f"p{number}")
        self.assertEqual(7, claims.enqueue_due(NOON, GRACE, batch=3))
        self.assertEqual(7, models.Run.objects.filter(
            state=models.Run.QUEUED).count())

    def test_paused_and_future_policies_are_left_alone(self):
        policy(state=models.Policy.PAUSED)
        later = NOON + datetime.timedelta(hours=1)
        policy(next_run_at=later, next_due_at=later)
        self.assertEqual(0, claims.enqueue_due(NOON, GRACE))


class TakeTests(helpers.TestCase):

    def queued(self, count, **changes):
        owner = policy()
        return [models.Run.objects.create(
            policy=owner, scheduled_for=NOON + n * MINUTE, trigger="manual",
            due_at=NOON + n * MINUTE, state=models.Run.QUEUED, **changes)
            for n in range(count)]

    def test_queued_runs_are_taken_once_oldest_first(self):
        made = self.queued(5)
        first = claims.take_queued(NOON, "a", 3)
        second = claims.take_queued(NOON, "b", 3)
        self.assertEqual([r.pk for r in made[:3]],
                         sorted(r.pk for r in first))
        self.assertEqual([r.pk for r in made[3:]],
                         sorted(r.pk for r in second))
        self.assertEqual([], claims.take_queued(NOON, "c", 3))
        self.assertEqual({"a", "b"}, set(models.Run.objects.values_list(
            "claimed_by", flat=True)))

    def test_a_late_run_records_how_late(self):
        self.queued(1)
        (run,) = claims.take_queued(NOON + 7 * MINUTE, "a", 1)
        self.assertEqual(7 * MINUTE, run.lateness)

    def test_a_silent_scheduler_s_run_is_queued_again_for_another(self):
        (run,) = self.queued(1)
        (taken,) = claims.take_queued(NOON, "a", 1)
        later = NOON + 3 * MINUTE
        self.assertEqual((1, 0), claims.requeue_abandoned(
            later, 2 * MINUTE))
        (again,) = claims.take_queued(later, "b", 1)
        self.assertEqual((run.pk, 1, "b", NOON),
                         (again.pk, again.takeovers, again.claimed_by,
                          again.started_at))

    def test_after_max_takeovers_it_is_abandoned(self):
        self.queued(1, takeovers=3)
        claims.take_queued(NOON, "a", 1)
        self.assertEqual((0, 1), claims.requeue_abandoned(
            NOON + 3 * MINUTE, 2 * MINUTE, max_takeovers=3))
        self.assertEqual(["abandoned"], list(
            models.Run.objects.values_list("state", flat=True)))

    def test_a_beating_run_is_kept(self):
        self.queued(2)
        life = claims.life_begin("a", NOON)
        taken = claims.take_queued(NOON, "a", 2)
        later = NOON + 3 * MINUTE
        self.assertEqual({r.pk for r in taken},
                         claims.beat(life, [r.pk for r in taken], later))
        self.assertEqual((0, 0), claims.requeue_abandoned(
            later, 2 * MINUTE))
        self.assertEqual([(NOON, later)], claims.lives_since(NOON))
