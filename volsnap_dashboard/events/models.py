from django.db import models
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.events import rows


class Event(models.Model):
    """One protect, restore or delete a user asked for, and its outcome.

    Outlives the Cinder objects it names, so it keeps their names too.
    """
    PROTECT = rows.PROTECT
    RESTORE = rows.RESTORE
    DELETE = rows.DELETE
    ACTIONS = ((PROTECT, _("Protect")), (RESTORE, _("Restore")),
               (DELETE, _("Delete")))
    # Cinder accepted the request and works on it asynchronously; the
    # checkpoint's own status tells whether the work then succeeded.
    ACCEPTED = rows.ACCEPTED
    FAILED = rows.FAILED
    RESULTS = ((ACCEPTED, _("Accepted")), (FAILED, _("Failed")))
    # Where the request came from.
    SOURCES = ((rows.SOURCE_DASHBOARD, _("Dashboard")),
               (rows.SOURCE_KARBOR, _("Karbor")),
               (rows.SOURCE_SCHEDULE, _("Schedule")))

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=16, choices=ACTIONS)
    result = models.CharField(max_length=16, choices=RESULTS)
    source = models.CharField(max_length=16, choices=SOURCES,
                              default=rows.SOURCE_DASHBOARD, db_index=True)
    error = models.TextField(blank=True)
    project_id = models.CharField(max_length=64, db_index=True)
    project_name = models.CharField(max_length=255, blank=True)
    user_id = models.CharField(max_length=64)
    user_name = models.CharField(max_length=255, db_index=True)
    volume_id = models.CharField(max_length=64, blank=True, db_index=True)
    volume_name = models.CharField(max_length=255, blank=True)
    checkpoint_id = models.CharField(max_length=64, blank=True,
                                     db_index=True)
    checkpoint_name = models.CharField(max_length=255, blank=True)
    restored_volume_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ('-created_at', '-id')
        indexes = [models.Index(fields=['project_id', '-created_at'])]

    def __str__(self):
        return f"{self.action} {self.checkpoint_id or self.volume_id}"
