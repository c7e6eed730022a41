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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.events import terms
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT


class Event(models.Model):
    """One protect, restore, delete or revert of a snapshot, or one
    backup, restore or delete of a backup: who asked, where from, and
    how it ended in Cinder.

    Outlives the Cinder objects it names, so it keeps their names too.
    """
    PROTECT, RESTORE, DELETE, REVERT = (terms.PROTECT, terms.RESTORE,
                                        terms.DELETE, terms.REVERT)
    BACKUP, RESTORE_BACKUP, DELETE_BACKUP = (
        terms.BACKUP, terms.RESTORE_BACKUP, terms.DELETE_BACKUP)
    PROTECT_GROUP, RESTORE_GROUP, DELETE_GROUP = (
        terms.PROTECT_GROUP, terms.RESTORE_GROUP, terms.DELETE_GROUP)
    ACTIONS = ((PROTECT, _("Protect")), (RESTORE, _("Restore")),
               (DELETE, _("Delete")), (REVERT, _("Revert")),
               (BACKUP, _("Back Up")),
               (RESTORE_BACKUP, _("Restore from Backup")),
               (DELETE_BACKUP, _("Delete Backup")),
               (PROTECT_GROUP, _("Protect Group")),
               (RESTORE_GROUP, _("Restore Group")),
               (DELETE_GROUP, _("Delete Group Checkpoint")))
    UNKNOWN, IN_PROGRESS, SUCCEEDED, FAILED = (
        terms.UNKNOWN, terms.IN_PROGRESS, terms.SUCCEEDED, terms.FAILED)
    OUTCOMES = ((SUCCEEDED, _("Succeeded")), (FAILED, _("Failed")),
                (IN_PROGRESS, _("In progress")), (UNKNOWN, _("Unknown")))
    SOURCES = ((terms.SOURCE_DASHBOARD, _("Dashboard")),
               (terms.SOURCE_SCHEDULE, _("Schedule")),
               (terms.SOURCE_KARBOR, _("Karbor")),
               (terms.SOURCE_OTHER, _("Other")))

    # When it was asked for, or for a row made from notifications, when
    # Cinder started it.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When Cinder said it ended (succeeded or failed).
    finished_at = models.DateTimeField(null=True, blank=True)
    action = models.CharField(max_length=16, choices=ACTIONS)
    outcome = models.CharField(max_length=16, choices=OUTCOMES,
                               default=UNKNOWN)
    source = models.CharField(max_length=16, choices=SOURCES,
                              default=terms.SOURCE_DASHBOARD)
    error = models.TextField(blank=True)
    project_id = models.CharField(max_length=64, db_index=True)
    project_name = models.CharField(max_length=MAX_TEXT, blank=True,
                                    db_index=True)
    user_id = models.CharField(max_length=64, db_index=True)
    user_name = models.CharField(max_length=MAX_TEXT, db_index=True)
    volume_id = models.CharField(max_length=64, blank=True, db_index=True)
    volume_name = models.CharField(max_length=MAX_TEXT, blank=True,
                                   db_index=True)
    checkpoint_id = models.CharField(max_length=64, blank=True)
    checkpoint_name = models.CharField(max_length=MAX_TEXT, blank=True,
                                       db_index=True)
    restored_volume_id = models.CharField(max_length=64, blank=True,
                                          db_index=True)
    # The Karbor checkpoint an operation of Karbor's belongs to.
    karbor_checkpoint_id = models.CharField(max_length=64, blank=True)
    backup_id = models.CharField(max_length=64, blank=True, db_index=True)
    # A group operation: the volume group, the group made by a restore,
    # and the members (terms.members_value).
    group_id = models.CharField(max_length=64, blank=True, db_index=True)
    group_name = models.CharField(max_length=MAX_TEXT, blank=True)
    restored_group_id = models.CharField(max_length=64, blank=True,
                                         db_index=True)
    members = models.JSONField(default=list, blank=True)
    # How far a backup got, in percent, while Cinder makes it.
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    # The last status Cinder reported, and the time of the notification
    # that set it: an older notification arriving later changes nothing.
    cinder_status = models.CharField(max_length=32, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    # When the watchdog last asked Cinder about this open operation: it
    # asks the longest unasked first, so that no row starves.
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ('-created_at', '-id')
        # A filter on one of these walks its index in the history's
        # order: newest first, no sort.
        indexes = [models.Index(fields=['project_id', '-created_at']),
                   models.Index(fields=['action', 'created_at'],
                                name='volsnap_event_action'),
                   models.Index(fields=['outcome', 'created_at'],
                                name='volsnap_event_outcome'),
                   models.Index(fields=['source', 'created_at'],
                                name='volsnap_event_source'),
                   # Whether a page's checkpoints were deleted: by id
                   # first, not by the far less selective outcome.
                   models.Index(fields=['checkpoint_id', 'action', 'outcome'],
                                name='volsnap_event_checkpoint'),
                   models.Index(fields=['outcome', 'checked_at'],
                                name='volsnap_event_open')]

    def __str__(self):
        return f"{self.action} {self.checkpoint_id or self.volume_id}"

    @property
    def duration(self):
        if self.finished_at is None:
            return None
        return self.finished_at - self.created_at


class Notification(models.Model):
    """A notification already applied: redelivered, it changes nothing."""
    message_id = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)


class Lease(models.Model):
    """Work that one process of many does at a time (the watchdog's
    passes): held by `holder` until `expires_at`, renewed while it runs."""
    name = models.CharField(max_length=64, unique=True)
    holder = models.CharField(max_length=MAX_TEXT)
    expires_at = models.DateTimeField()


class Tally(models.Model):
    """How many events began in an hour (UTC), per action, outcome and
    source. The database's own triggers keep it as rows are written,
    changed or deleted, by whatever writes them, so that the activity
    chart reads hours, not events."""
    hour = models.DateTimeField()
    action = models.CharField(max_length=16)
    outcome = models.CharField(max_length=16)
    source = models.CharField(max_length=16)
    total = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["hour", "action", "outcome", "source"],
            name="volsnap_tally_key")]
        # The chart's sums read this index alone, never the table.
        indexes = [models.Index(
            fields=["hour", "action", "outcome", "source", "total"],
            name="volsnap_tally_read")]
