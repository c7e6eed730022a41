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

"""The scheduler's look at the database, with a fake clock: it claims
every due slot, but takes runs only as its queue of calls has room."""
import datetime
from unittest import mock

from openstack_dashboard.test import helpers

from volsnap_dashboard.engine import scheduler
from volsnap_dashboard.policies import models

UTC = datetime.timezone.utc
NOON = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CONF = dict(scheduler.DEFAULTS, budget=2, project_budget=2, take_batch=5,
            backlog_factor=2, service_user={})


class LookTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.engine = scheduler.Engine("s1", CONF, now=lambda: NOON)
        self.engine.flight = mock.Mock(works={})
        self.addCleanup(self.engine.close)
        for number in range(9):
            models.Policy.objects.create(
                project_id="p1", name=f"p{number}", volume_ids=["v1"],
                schedule_kind="hourly", next_run_at=NOON, next_due_at=NOON)

    def test_every_due_slot_is_claimed_and_runs_taken_as_room_allows(self):
        self.assertTrue(self.engine.look())
        self.assertEqual(9, models.Run.objects.count())
        # Room for budget x backlog_factor = 4 waiting calls.
        self.assertEqual(4, self.engine.flight.take.call_count)
        self.assertEqual(4, models.Run.objects.filter(
            state=models.Run.RUNNING, claimed_by="s1").count())

    def test_a_full_queue_of_calls_takes_nothing(self):
        with mock.patch.object(self.engine.dispatcher, "waiting",
                               return_value=4):
            self.assertFalse(self.engine.look())
        self.assertEqual(9, models.Run.objects.filter(
            state=models.Run.QUEUED).count())
        self.engine.flight.take.assert_not_called()

    def test_a_stopping_scheduler_takes_nothing(self):
        self.engine.stopping = True
        self.assertFalse(self.engine.look())
        self.engine.flight.take.assert_not_called()
        self.assertEqual([(NOON, NOON)], list(
            models.SchedulerLife.objects.values_list("started_at",
                                                     "seen_at")))


class SessionTests(helpers.TestCase):

    @mock.patch("volsnap_dashboard.api.trusts.trust_session")
    def test_runs_of_a_trust_share_a_session_for_a_while(self, made):
        clock = mock.Mock(return_value=100.0)
        engine = scheduler.Engine("s1", CONF, clock=clock, now=lambda: NOON)
        self.addCleanup(engine.close)
        made.side_effect = ["first", "second"]
        policy = models.Policy(trust_id="t1")

        self.assertEqual("first", engine._session(policy))
        clock.return_value += CONF["session_ttl"]
        self.assertEqual("first", engine._session(policy))
        clock.return_value += 1
        self.assertEqual("second", engine._session(policy))
