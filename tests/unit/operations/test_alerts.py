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

"""What the scheduler's runs and the policies' trusts make of alerts."""
import datetime

from openstack_dashboard.test import helpers

from volsnap_dashboard.alerts import models as alert_models
from volsnap_dashboard.operations import alerts
from volsnap_dashboard.policies import models

NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)
HOUR = datetime.timedelta(hours=1)


class RunAlertTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.policy = models.Policy.objects.create(
            project_id="p", project_name="demo", name="nightly",
            volume_ids=["v-1"], schedule_kind="daily", trust_id="t",
            trustor_id="u")
        self.channel = alert_models.Channel.objects.create(
            project_id="p", name="ops", kind="webhook", target="https://x/h",
            rules=[alert_models.RUN_FAILED, alert_models.NEEDS_REAUTH])

    def made_run(self, state, at, **values):
        return models.Run.objects.create(
            policy=self.policy, scheduled_for=at, state=state, **values)

    def test_a_failing_policy_alerts_with_the_first_reason_then_recovers(
            self):
        failed = self.made_run("failed", NOW, failed=1, volumes={"v-1": {
            "status": "failed", "reason": "Cinder refused it over quota"}})

        incident = alerts.run_finished(failed, "failed", NOW)
        again = alerts.run_finished(self.made_run("partial", NOW + HOUR),
                                    "partial", NOW + HOUR)
        alerts.run_finished(self.made_run("succeeded", NOW + 2 * HOUR),
                            "succeeded", NOW + 2 * HOUR)

        self.assertIn("nightly", incident.summary)
        self.assertIn("1 volumes failed. Cinder refused it over quota",
                      incident.summary)
        self.assertIsNone(again)
        self.assertEqual(["problem", "recovery"], list(
            self.channel.deliveries.order_by("id").values_list(
                "event", flat=True)))

    def test_a_broken_trust_alerts_until_re_authorized(self):
        alerts.needs_reauthorization(self.policy, "trust gone", NOW)
        alerts.needs_reauthorization(self.policy, "trust gone", NOW + HOUR)
        alerts.reauthorized(self.policy, NOW + 2 * HOUR)

        self.assertEqual(["problem", "recovery"], list(
            self.channel.deliveries.order_by("id").values_list(
                "event", flat=True)))
