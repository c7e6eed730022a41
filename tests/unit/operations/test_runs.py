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

"""Closing a run: its state from its units' outcomes, each outcome named
where the run's listing named it."""
import datetime

from openstack_dashboard.test import helpers

from volsnap_dashboard.engine import runner
from volsnap_dashboard.operations import runs
from volsnap_dashboard.policies import models


class FinishTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        policy = models.Policy.objects.create(
            project_id=self.tenant.id, name="db-nightly", target="groups",
            group_ids=["g1", "g2"], schedule_kind="daily", trust_id="t-1")
        self.run = models.Run.objects.create(
            policy=policy, state=models.Run.RUNNING,
            scheduled_for=datetime.datetime(2026, 11, 25, 2, 30,
                                            tzinfo=datetime.timezone.utc))

    def test_a_failed_unit_beside_a_protected_one_is_partial_and_named(self):
        runs.finish(self.run, {
            "g1": runner.VolumeResult(runner.PROTECTED, checkpoint_id="c1"),
            "g2": runner.VolumeResult(runner.FAILED, "Over quota.")},
            names={"g1": "db"})

        self.run.refresh_from_db()
        self.assertEqual((models.Run.PARTIAL, 1, 0, 1), (
            self.run.state, self.run.protected, self.run.skipped,
            self.run.failed))
        self.assertEqual(
            {"g1": {"status": runner.PROTECTED, "reason": "",
                    "checkpoint_id": "c1", "name": "db"},
             "g2": {"status": runner.FAILED, "reason": "Over quota.",
                    "checkpoint_id": ""}}, self.run.volumes)

    def test_a_run_already_closed_elsewhere_is_left_as_it_is(self):
        models.Run.objects.filter(pk=self.run.pk).update(
            state=models.Run.FAILED, reason="Taken over.")

        runs.finish(self.run, {
            "g1": runner.VolumeResult(runner.PROTECTED, checkpoint_id="c1")})

        self.run.refresh_from_db()
        self.assertEqual((models.Run.FAILED, "Taken over."),
                         (self.run.state, self.run.reason))
