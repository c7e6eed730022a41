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

"""One alert per incident, to the channels that want it."""
import datetime

from openstack_dashboard.test import helpers

from volsnap_dashboard.alerts import incidents
from volsnap_dashboard.alerts import models

NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)
HOUR = datetime.timedelta(hours=1)


def channel(project_id="p", rules=(models.RUN_FAILED,), **values):
    return models.Channel.objects.create(
        project_id=project_id, name=f"c-{project_id}", kind="webhook",
        target="https://example.org/hook", rules=list(rules), **values)


def sent(channel):
    return list(channel.deliveries.order_by("id").values_list(
        "event", flat=True))


class IncidentTests(helpers.TestCase):

    def open(self, at=NOW, key="policy:1:runs", rule=models.RUN_FAILED):
        return incidents.open_incident(rule, key, "p", "Policy a failing",
                                       "2 volumes failed", at)

    def test_a_failing_policy_alerts_once_and_again_when_it_recovers(self):
        mine, admins = channel(), channel(project_id="")

        self.assertIsNotNone(self.open())
        for night in range(1, 4):
            self.assertIsNone(self.open(NOW + night * HOUR))
        incidents.resolve_incident("policy:1:runs", NOW + 5 * HOUR)
        self.assertIsNone(incidents.resolve_incident("policy:1:runs",
                                                     NOW + 6 * HOUR))

        self.assertEqual(["problem", "recovery"], sent(mine))
        self.assertEqual(["problem", "recovery"], sent(admins))
        (incident,) = models.Incident.objects.all()
        self.assertEqual((4, NOW + 5 * HOUR),
                         (incident.occurrences, incident.resolved_at))
        self.assertIsNotNone(self.open(NOW + 7 * HOUR))
        self.assertEqual(["problem", "recovery", "problem"], sent(mine))

    def test_only_the_projects_and_the_admins_channels_that_want_it(self):
        other = channel(project_id="q")
        unwanted = channel(rules=(models.NEEDS_REAUTH,))
        off = channel(enabled=False)

        self.open()

        for quiet in (other, unwanted, off):
            self.assertEqual([], sent(quiet))

    def test_a_failed_operation_is_news_each_time_and_never_recovers(self):
        mine = channel(rules=(models.OPERATION_FAILED,))

        for n in range(2):
            self.open(key=f"event:{n}", rule=models.OPERATION_FAILED)
        incidents.resolve_incident("event:0", NOW + HOUR)

        self.assertEqual(["problem", "problem"], sent(mine))
        self.assertFalse(models.Incident.objects.filter(
            resolved_at__isnull=True).exists())
