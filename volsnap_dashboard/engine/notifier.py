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

"""Delivers the alerts: each pending delivery is claimed by one notifier
(any number share the database), sent, and its attempt logged; a failed
one is tried again with back-off until its attempts are spent. Runs in
volsnap-watchdog's loop (engine/watchdog.py)."""
import datetime
import logging

from django.conf import settings as django_settings
from django.db.models import Q

from volsnap_dashboard.alerts import models
from volsnap_dashboard.alerts import payloads
from volsnap_dashboard.alerts import senders
from volsnap_dashboard.engine import metrics
from volsnap_dashboard.engine import service

LOG = logging.getLogger("volsnap_dashboard.engine.notifier")
DEFAULTS = {
    # Seconds between two looks for alerts to send.
    "interval": 2,
    # Seconds one send may take.
    "timeout": 10,
    "max_attempts": 5,
    # Seconds before the second attempt; doubling after.
    "backoff": 30,
    "batch": 50,
    # Networks webhooks may not reach, beyond loopback and link-local:
    # the control plane's own (for example "10.0.0.0/8").
    "refused_networks": [],
    # host, port, starttls (True), cafile, username, password, sender.
    "smtp": {},
}


def settings():
    return service.settings("VOLSNAP_ALERTS", DEFAULTS)


def claim(name, now, batch, hold=datetime.timedelta(minutes=5)):
    """Up to `batch` due deliveries, now this notifier's for `hold`."""
    due = models.Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        state=models.Delivery.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at", "id").values_list(
        "id", flat=True)[:batch])
    mine = []
    for delivery_id in ids:
        if due.filter(pk=delivery_id).update(claimed_by=name,
                                             claimed_until=now + hold):
            mine.append(delivery_id)
    return list(models.Delivery.objects.filter(pk__in=mine).select_related(
        "channel", "incident").order_by("id"))


def deliver_due(name, conf, now, send=senders.send):
    """Sends what is due; returns {"delivered": n, "failed": n,
    "retrying": n}."""
    counts = dict.fromkeys(("delivered", "failed", "retrying"), 0)
    for delivery in claim(name, now(), conf["batch"]):
        attempt = send(delivery, conf, django_settings.SECRET_KEY, now())
        counts[record(delivery, attempt, now(), conf)] += 1
    return counts


def record(delivery, attempt, at, conf):
    """Logs the attempt on the delivery; returns what became of it."""
    attempts = delivery.attempts + 1
    entry = {"at": at.isoformat(), "result": attempt.result,
             "status": attempt.status}
    values = {"attempts": attempts, "log": delivery.log + [entry],
              "claimed_by": "", "claimed_until": None}
    kind = delivery.channel.kind
    if attempt.delivered:
        values.update(state=models.Delivery.DELIVERED, delivered_at=at)
        outcome = "delivered"
        metrics.ALERTS.labels(kind, "delivered").inc()
        if delivery.incident_id:
            metrics.ALERT_LATENCY.observe(max(
                (at - delivery.incident.opened_at).total_seconds(), 0))
    else:
        retry = None if attempt.final else _next(attempts, at, conf)
        values.update(next_attempt_at=retry, state=(
            models.Delivery.PENDING if retry else models.Delivery.FAILED))
        outcome = "retrying" if retry else "failed"
        if not retry:
            metrics.ALERTS.labels(kind, "failed").inc()
            LOG.warning("Alert %s to channel %s failed: %s", delivery.pk,
                        delivery.channel_id, attempt.result)
    models.Delivery.objects.filter(pk=delivery.pk).update(**values)
    return outcome


def _next(attempts, at, conf):
    return payloads.next_attempt(attempts, at, conf["backoff"],
                                 conf["max_attempts"])
