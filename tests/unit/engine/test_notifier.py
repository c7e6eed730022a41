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

"""The notifier's claims, attempts and retries on the test database;
the sending itself is tests/unit/alerts and the live
tests/integration/test_alerts.py."""
import datetime

from django.conf import settings
from openstack_dashboard.test import helpers

from volsnap_dashboard.alerts import models
from volsnap_dashboard.alerts import secrets
from volsnap_dashboard.alerts import senders
from volsnap_dashboard.engine import notifier

NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)
CONF = dict(notifier.DEFAULTS, backoff=10, max_attempts=3)


class Receiver:
    def __init__(self, *attempts):
        self.attempts, self.seen = list(attempts), []

    def __call__(self, delivery, conf, key_material, now):
        self.seen.append((delivery.pk, key_material))
        return self.attempts.pop(0)


class NotifierTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.clock = [NOW]
        self.channel = models.Channel.objects.create(
            project_id="p", name="ops", kind="webhook",
            target="https://example.org/hook", rules=["run_failed"],
            sealed_secret=secrets.seal("s", settings.SECRET_KEY))
        self.delivery = models.Delivery.objects.create(
            channel=self.channel, event="test", created_at=NOW,
            next_attempt_at=NOW)

    def deliver(self, receiver, name="n1"):
        return notifier.deliver_due(name, CONF, lambda: self.clock[0],
                                    send=receiver)

    def fresh(self):
        return models.Delivery.objects.get(pk=self.delivery.pk)

    def test_retried_with_back_off_then_failed_with_its_log(self):
        down = senders.Attempt(False, "Not delivered: refused")
        receiver = Receiver(down, down, down)

        self.assertEqual(1, self.deliver(receiver)["retrying"])
        self.assertEqual(0, sum(self.deliver(receiver).values()))
        self.clock[0] += datetime.timedelta(seconds=10)
        self.assertEqual(1, self.deliver(receiver)["retrying"])
        self.clock[0] += datetime.timedelta(seconds=20)
        self.assertEqual(1, self.deliver(receiver)["failed"])

        delivery = self.fresh()
        self.assertEqual(("failed", 3, None), (
            delivery.state, delivery.attempts, delivery.next_attempt_at))
        self.assertEqual(["Not delivered: refused"] * 3,
                         [entry["result"] for entry in delivery.log])
        self.assertEqual(settings.SECRET_KEY, receiver.seen[0][1])

    def test_a_refused_target_is_not_tried_again(self):
        self.deliver(Receiver(senders.Attempt(False, "Refused: loopback",
                                              final=True)))

        self.assertEqual(("failed", 1), (self.fresh().state,
                                         self.fresh().attempts))

    def test_delivered_once_however_many_notifiers(self):
        receiver = Receiver(senders.Attempt(True, "Delivered", 204))

        self.assertEqual(1, self.deliver(receiver, "n1")["delivered"])
        self.assertEqual(0, sum(self.deliver(receiver, "n2").values()))
        self.assertEqual(("delivered", NOW), (self.fresh().state,
                                              self.fresh().delivered_at))

    def test_a_claim_of_a_notifier_that_died_is_taken_over(self):
        notifier.claim("dead", NOW, 10)
        receiver = Receiver(senders.Attempt(True, "Delivered", 200))

        self.assertEqual(0, sum(self.deliver(receiver).values()))
        self.clock[0] += datetime.timedelta(minutes=6)
        self.assertEqual(1, self.deliver(receiver)["delivered"])
