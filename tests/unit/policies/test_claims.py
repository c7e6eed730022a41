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


def policy(**changes):
    values = dict(project_id="p1", name="nightly", volume_ids=["v1"],
                  schedule_kind="hourly", minute=0, trust_id="t1",
                  next_run_at=NOON)
    values.update(changes)
    return models.Policy.objects.create(**values)


class ClaimTests(helpers.TestCase):

    def test_a_due_slot_is_claimed_once(self):
        due = policy()
        now = NOON + datetime.timedelta(seconds=5)

        first = claims.claim_due(now, "a", GRACE)
        second = claims.claim_due(now, "b", GRACE)

        self.assertEqual([(due.pk, NOON, "a")], [
            (r.policy_id, r.scheduled_for, r.claimed_by) for r in first])
        self.assertEqual([], second)
        due.refresh_from_db()
        self.assertEqual(NOON + datetime.timedelta(hours=1), due.next_run_at)

    def test_a_scheduler_with_a_stale_view_claims_nothing(self):
        due = policy()
        stale = models.Policy.objects.get(pk=due.pk)
        claims.claim_due(NOON, "a", GRACE)

        # What the compare-and-swap of a slower scheduler finds.
        moved = models.Policy.objects.filter(
            pk=stale.pk, next_run_at=stale.next_run_at).update(
            next_run_at=NOON + datetime.timedelta(hours=1))

        self.assertEqual(0, moved)
        self.assertEqual(1, models.Run.objects.count())

    def test_missed_slots_are_recorded_and_not_run(self):
        policy(next_run_at=NOON - datetime.timedelta(hours=3))

        runs = claims.claim_due(NOON + datetime.timedelta(minutes=5), "a",
                                GRACE)

        self.assertEqual([NOON], [r.scheduled_for for r in runs])
        self.assertEqual(3, models.Run.objects.filter(
            state=models.Run.MISSED).count())

    def test_past_grace_nothing_runs(self):
        policy()
        runs = claims.claim_due(NOON + datetime.timedelta(minutes=40), "a",
                                GRACE)
        self.assertEqual([], runs)
        self.assertEqual([models.Run.MISSED], list(
            models.Run.objects.values_list("state", flat=True)))

    def test_paused_and_future_policies_are_left_alone(self):
        policy(state=models.Policy.PAUSED)
        policy(next_run_at=NOON + datetime.timedelta(minutes=1))
        self.assertEqual([], claims.claim_due(NOON, "a", GRACE))

    def test_a_queued_run_is_claimed_once(self):
        run = models.Run.objects.create(
            policy=policy(), trigger=models.Run.MANUAL, scheduled_for=NOON,
            state=models.Run.QUEUED)

        self.assertEqual([run.pk], [r.pk for r in claims.claim_queued(
            NOON, "a")])
        self.assertEqual([], claims.claim_queued(NOON, "b"))

    def test_a_silent_scheduler_s_run_is_closed_not_rerun(self):
        policy()
        (run,) = claims.claim_due(NOON, "a", GRACE)
        later = NOON + datetime.timedelta(minutes=5)

        self.assertEqual(1, claims.close_abandoned(
            later, datetime.timedelta(minutes=2)))

        run.refresh_from_db()
        self.assertEqual(models.Run.ABANDONED, run.state)
        self.assertFalse(claims.beat(run, later))
        self.assertEqual([], claims.claim_due(later, "b", GRACE))

    def test_a_beating_run_is_not_abandoned(self):
        policy()
        (run,) = claims.claim_due(NOON, "a", GRACE)
        later = NOON + datetime.timedelta(minutes=5)
        self.assertTrue(claims.beat(run, later))
        self.assertEqual(0, claims.close_abandoned(
            later, datetime.timedelta(minutes=2)))
