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

"""Protection policies and their runs, in the event log's database so
that every Horizon and scheduler node shares them."""
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.policies import backups
from volsnap_dashboard.policies import retention
from volsnap_dashboard.policies import schedule
from volsnap_dashboard.policies import targets
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT


class Policy(models.Model):
    ACTIVE, PAUSED, NEEDS_REAUTH = "active", "paused", "needs_reauth"
    STATES = ((ACTIVE, _("Active")), (PAUSED, _("Paused")),
              (NEEDS_REAUTH, _("Needs re-authorization")))
    KINDS = ((schedule.HOURLY, _("Hourly")), (schedule.DAILY, _("Daily")),
             (schedule.WEEKLY, _("Weekly")),
             (schedule.MONTHLY, _("Monthly")),
             (schedule.CRON, _("Cron expression")))

    TARGETS = ((targets.LISTED, _("The volumes listed")),
               (targets.PROJECT, _("Every volume of the project")),
               (targets.METADATA, _("Every volume with a metadata key")),
               (targets.GROUPS, _("The volume groups listed")),
               (targets.GROUP_NAME, _("Every volume group with a name "
                                      "like a pattern")))

    project_id = models.CharField(max_length=64, db_index=True)
    project_name = models.CharField(max_length=MAX_TEXT, blank=True)
    name = models.CharField(max_length=MAX_TEXT)
    description = models.TextField(blank=True)
    # Which volumes a run protects, resolved at each run (targets.py).
    target = models.CharField(max_length=16, choices=TARGETS,
                              default=targets.LISTED)
    volume_ids = models.JSONField(default=list)
    target_key = models.CharField(max_length=MAX_TEXT, blank=True)
    # Blank: any value of target_key.
    target_value = models.CharField(max_length=MAX_TEXT, blank=True)
    # A policy over volume groups: one group checkpoint of each a run.
    group_ids = models.JSONField(default=list, blank=True)
    group_pattern = models.CharField(max_length=MAX_TEXT, blank=True)
    force = models.BooleanField(default=False)

    schedule_kind = models.CharField(max_length=16, choices=KINDS)
    minute = models.PositiveSmallIntegerField(default=0)
    hour = models.PositiveSmallIntegerField(default=0)
    weekday = models.PositiveSmallIntegerField(default=0)
    day = models.CharField(max_length=8, default="1")
    expression = models.CharField(max_length=MAX_TEXT, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    # Runs start up to this many minutes after each slot, at an offset
    # fixed per policy (schedule.spread_offset).
    spread_minutes = models.PositiveSmallIntegerField(default=0)

    keep_last = models.PositiveIntegerField(null=True, blank=True)
    keep_days = models.PositiveIntegerField(null=True, blank=True)
    keep_daily = models.PositiveIntegerField(null=True, blank=True)
    keep_weekly = models.PositiveIntegerField(null=True, blank=True)
    keep_monthly = models.PositiveIntegerField(null=True, blank=True)

    # The backup tier (backups.Tier): None, no backups.
    backup_every = models.PositiveSmallIntegerField(null=True, blank=True)
    backup_full_every = models.PositiveSmallIntegerField(null=True,
                                                         blank=True)
    backup_keep_last = models.PositiveIntegerField(null=True, blank=True)
    backup_keep_days = models.PositiveIntegerField(null=True, blank=True)
    backup_keep_daily = models.PositiveIntegerField(null=True, blank=True)
    backup_keep_weekly = models.PositiveIntegerField(null=True, blank=True)
    backup_keep_monthly = models.PositiveIntegerField(null=True, blank=True)
    backup_delete_snapshot = models.BooleanField(default=False)
    # How many runs were queued: the next one's number (Run.sequence)
    # says whether it backs up.
    runs_made = models.PositiveIntegerField(default=0)
    # runs_made when the tier got its current shape: its runs count from
    # there, so the first run after it is set backs up, in full.
    backup_since = models.PositiveIntegerField(default=0)

    state = models.CharField(max_length=16, choices=STATES, default=ACTIVE,
                             db_index=True)
    state_reason = models.TextField(blank=True)
    # The Keystone trust from the user the policy acts for to volsnap's
    # service user; no password or token is stored.
    trust_id = models.CharField(max_length=64, blank=True)
    trustor_id = models.CharField(max_length=64, blank=True)
    trustor_name = models.CharField(max_length=MAX_TEXT, blank=True)
    # The policy's next slot, and when it is due: the slot plus the
    # policy's spread offset. Schedulers claim a slot by moving both.
    next_run_at = models.DateTimeField(null=True, db_index=True)
    next_due_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")
        indexes = [models.Index(fields=["state", "next_run_at"]),
                   models.Index(fields=["state", "next_due_at"])]

    def __str__(self):
        return self.name

    def get_schedule(self):
        day = self.day if self.day == schedule.LAST_DAY else int(self.day)
        return schedule.Schedule(
            kind=self.schedule_kind, timezone=self.timezone,
            minute=self.minute, hour=self.hour, weekday=self.weekday,
            day=day, expression=self.expression)

    def spread_offset(self):
        return schedule.spread_offset(self.pk, self.spread_minutes)

    def slot_fields(self, slot):
        """The columns that make `slot` the policy's next one."""
        return {"next_run_at": slot,
                "next_due_at": slot and slot + self.spread_offset()}

    def get_targets(self):
        return targets.Targets(kind=self.target,
                               volume_ids=tuple(self.volume_ids or ()),
                               key=self.target_key, value=self.target_value,
                               group_ids=tuple(self.group_ids or ()),
                               pattern=self.group_pattern)

    def get_retention(self):
        return retention.Retention(
            keep_last=self.keep_last, keep_days=self.keep_days,
            keep_daily=self.keep_daily, keep_weekly=self.keep_weekly,
            keep_monthly=self.keep_monthly)

    def get_backup_tier(self):
        return backups.Tier(
            every=self.backup_every, full_every=self.backup_full_every,
            retention=retention.Retention(
                keep_last=self.backup_keep_last,
                keep_days=self.backup_keep_days,
                keep_daily=self.backup_keep_daily,
                keep_weekly=self.backup_keep_weekly,
                keep_monthly=self.backup_keep_monthly),
            delete_snapshot=self.backup_delete_snapshot)

    def backup_kind(self, sequence):
        """What its `sequence`th run backs up (backups.kind_of)."""
        return backups.kind_of(self.get_backup_tier(),
                               sequence - self.backup_since)


class Run(models.Model):
    SCHEDULED, MANUAL = "schedule", "manual"
    TRIGGERS = ((SCHEDULED, _("Schedule")), (MANUAL, _("Run now")))
    QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, MISSED, ABANDONED = (
        "queued", "running", "succeeded", "partial", "failed", "missed",
        "abandoned")
    STATES = ((QUEUED, _("Queued")), (RUNNING, _("Running")),
              (SUCCEEDED, _("Succeeded")),
              (PARTIAL, _("Partly failed")), (FAILED, _("Failed")),
              (MISSED, _("Missed")), (ABANDONED, _("Abandoned")))

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE,
                               related_name="runs")
    scheduled_for = models.DateTimeField()
    trigger = models.CharField(max_length=16, choices=TRIGGERS,
                               default=SCHEDULED)
    state = models.CharField(max_length=16, choices=STATES, default=RUNNING,
                             db_index=True)
    # When it was due: the slot plus the policy's spread (for Run now,
    # when it was asked for). started_at - due_at is how late it ran.
    due_at = models.DateTimeField(null=True)
    # Which scheduler runs it, and when it last said it is alive.
    claimed_by = models.CharField(max_length=MAX_TEXT, blank=True)
    heartbeat_at = models.DateTimeField(null=True)
    # Schedulers that took it over from one that stopped.
    takeovers = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    protected = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    # The policy's how-manyth run (from 1): whether it backs up.
    sequence = models.PositiveIntegerField(default=0)
    backed_up = models.PositiveIntegerField(default=0)
    # Per volume: {"status": ..., "reason": ..., "checkpoint_id": ...},
    # with "backup_id", "backup_status", "backup_reason" when it backs up.
    volumes = models.JSONField(default=dict)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-scheduled_for", "-id")
        constraints = [models.UniqueConstraint(
            fields=["policy", "scheduled_for", "trigger"],
            name="volsnap_run_once_per_slot")]
        indexes = [models.Index(fields=["state", "heartbeat_at"]),
                   models.Index(fields=["state", "due_at"])]

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def lateness(self):
        if self.started_at and self.due_at:
            return max(self.started_at - self.due_at, datetime.timedelta())
        return None


class SchedulerLife(models.Model):
    """One scheduler process from its start to its last beat: whether a
    scheduler was alive when a slot was due tells a missed slot (an
    outage) from a late one (busy schedulers)."""
    name = models.CharField(max_length=MAX_TEXT)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.name
