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

from django.db import models
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

# What an alert can be about.
RUN_FAILED, NEEDS_REAUTH, PAST_OBJECTIVE, OPERATION_FAILED = (
    "run_failed", "needs_reauth", "past_objective", "operation_failed")
RULES = ((RUN_FAILED, _("A scheduled run failed or partly failed")),
         (NEEDS_REAUTH, _("A policy needs re-authorization")),
         (PAST_OBJECTIVE, _("A volume is past its recovery point "
                            "objective")),
         (OPERATION_FAILED, _("The watchdog found an operation failed")))


class Channel(models.Model):
    """Where a project's alerts go, or (project_id "") the cloud admins'
    alerts of every project."""
    WEBHOOK, EMAIL = "webhook", "email"
    KINDS = ((WEBHOOK, _("Webhook")), (EMAIL, _("E-mail")))

    project_id = models.CharField(max_length=64, blank=True, db_index=True)
    name = models.CharField(max_length=MAX_TEXT)
    kind = models.CharField(max_length=16, choices=KINDS)
    # The webhook's URL, or the e-mail addresses, comma-separated.
    target = models.TextField()
    # The webhook's signing key, sealed (alerts/secrets.py): the panels
    # never show it again.
    sealed_secret = models.TextField(blank=True)
    rules = models.JSONField(default=list)
    enabled = models.BooleanField(default=True)
    # An admin let this webhook reach an address the guard refuses.
    allow_private = models.BooleanField(default=False)
    created_by = models.CharField(max_length=MAX_TEXT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self):
        return self.name


class Incident(models.Model):
    """Something wrong, from the first failure that showed it to the
    success that ended it: one alert when it opens and one when it ends,
    however often it fails meanwhile."""
    key = models.CharField(max_length=MAX_TEXT, db_index=True)
    # The key while the incident is open, None after: unique, so that one
    # incident of a key is open at a time on every database (MariaDB has
    # no partial unique index; any has unique columns with NULLs).
    open_key = models.CharField(max_length=MAX_TEXT, null=True, unique=True)
    rule = models.CharField(max_length=32, choices=RULES)
    project_id = models.CharField(max_length=64, db_index=True)
    project_name = models.CharField(max_length=MAX_TEXT, blank=True)
    subject = models.CharField(max_length=MAX_TEXT)
    summary = models.TextField()
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Failures seen while it was open, the first included.
    occurrences = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ("-opened_at", "-id")


class Delivery(models.Model):
    """One alert to one channel, and how its sending went."""
    PROBLEM, RECOVERY, TEST = "problem", "recovery", "test"
    EVENTS = ((PROBLEM, _("Problem")), (RECOVERY, _("Recovered")),
              (TEST, _("Test")))
    PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
    STATES = ((PENDING, _("Pending")), (DELIVERED, _("Delivered")),
              (FAILED, _("Failed")))

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE,
                                related_name="deliveries")
    incident = models.ForeignKey(Incident, null=True, blank=True,
                                 on_delete=models.CASCADE)
    event = models.CharField(max_length=16, choices=EVENTS)
    state = models.CharField(max_length=16, choices=STATES, default=PENDING)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Which notifier sends it, until when (another takes it after).
    claimed_by = models.CharField(max_length=MAX_TEXT, blank=True)
    claimed_until = models.DateTimeField(null=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Each attempt: {"at", "result", "status"} (the receiver's answer).
    log = models.JSONField(default=list)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
