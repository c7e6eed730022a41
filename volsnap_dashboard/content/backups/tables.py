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

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import pgettext_lazy

from horizon import exceptions as horizon_exceptions
from horizon import tables
from horizon.templatetags import sizeformat
from horizon.utils import memoized
from openstack_dashboard import policy

from volsnap_dashboard.api import backups
from volsnap_dashboard.content import actions
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content import markup
from volsnap_dashboard.events import history
from volsnap_dashboard.events import recorder
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import backups as operations

STATUS_CHOICES = (
    ("available", True),
    ("creating", None),
    ("deleting", None),
    ("restoring", None),
    ("error", False),
    ("error_restoring", False),
)
STATUS_DISPLAY_CHOICES = (
    ("available", pgettext_lazy("Status of a backup", "Available")),
    ("creating", pgettext_lazy("Status of a backup", "Creating")),
    ("deleting", pgettext_lazy("Status of a backup", "Deleting")),
    ("restoring", pgettext_lazy("Status of a backup", "Restoring")),
    ("error", pgettext_lazy("Status of a backup", "Error")),
    ("error_restoring", pgettext_lazy("Status of a backup",
                                      "Error Restoring")),
)


class RestoreBackup(actions.PolicyOncePerPage, policy.PolicyTargetMixin,
                    tables.LinkAction):
    name = "restore_backup"
    verbose_name = _("Restore from Backup")
    url = "horizon:project:checkpoint_backups:restore"
    classes = ("ajax-modal",)
    icon = "repeat"
    policy_rules = (("volume", "backup:restore"),)
    policy_target_attrs = actions.PROJECT_POLICY_TARGET

    def allowed(self, request, backup=None):
        return backup is None or backup.status in backups.RESTORABLE_STATUSES

    def get_link_url(self, backup):
        return markup.object_url(self.url, backup.id)


class DeleteBackup(actions.OncePerObject, actions.PolicyOncePerPage,
                   policy.PolicyTargetMixin, tables.DeleteAction):
    name = "delete_backup"
    help_text = _("The backup is deleted from the backup store. An "
                  "incremental backup builds on the one before it: Cinder "
                  "deletes a backup only once no other backup builds on "
                  "it, so delete a chain newest first.")
    policy_rules = (("volume", "backup:delete"),)
    policy_target_attrs = actions.PROJECT_POLICY_TARGET

    @staticmethod
    def action_present(count):
        return ngettext("Delete Backup", "Delete Backups", count)

    @staticmethod
    def action_past(count):
        return ngettext("Scheduled deletion of Backup",
                        "Scheduled deletion of Backups", count)

    def allowed(self, request, backup=None):
        return backup is None or backup.status in backups.DELETABLE_STATUSES

    def delete(self, request, obj_id):
        # Horizon refuses ids that are not on the page before this runs.
        backup = self.table.get_object_by_id(obj_id)
        try:
            operations.delete(request, recorder.journal(request), backup,
                              listed=True)
        except exceptions.VolsnapError as exc:
            content_errors.report(request, exc, escalate=True)


class UpdateRow(markup.Row):
    ajax = True

    def get_data(self, request, backup_id):
        try:
            return backups.backup_get(request, backup_id)
        except exceptions.NotFound:
            raise horizon_exceptions.NotFound()


class ProgressColumn(tables.Column):
    """How far a backup being made has got, as Cinder last told."""

    def get_raw_data(self, backup):
        percent = None
        if backup.status == "creating":
            percent = self.table.progress_of().get(backup.id)
        return "" if percent is None else f"{percent}%"


def kind_display(backup):
    return _("Incremental") if backup.is_incremental else _("Full")


def checkpoint_link(backup):
    return markup.object_url("horizon:project:checkpoints:detail",
                             backup.checkpoint_id)


class BackupsTable(markup.OnePassTable, tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"))
    volume = tables.WrappingColumn("volume_name", verbose_name=_("Volume"))
    checkpoint = tables.Column("checkpoint_id",
                               verbose_name=_("Checkpoint"),
                               link=checkpoint_link, truncate=13)
    kind = tables.Column(kind_display, verbose_name=_("Kind"))
    status = tables.Column("status", verbose_name=_("Status"), status=True,
                           status_choices=STATUS_CHOICES,
                           display_choices=STATUS_DISPLAY_CHOICES)
    progress = ProgressColumn("progress", verbose_name=_("Progress"))
    fail_reason = tables.WrappingColumn("fail_reason",
                                        verbose_name=_("Cinder's Reason"),
                                        empty_value="")
    size = tables.Column("size", verbose_name=_("Size"),
                         filters=(sizeformat.diskgbformat,))
    created_at = tables.Column(
        "created_at", verbose_name=_("Created At"),
        filters=(content_filters.local_time,))
    created_by = tables.Column("created_by", verbose_name=_("Created By"))

    class Meta:
        name = "checkpoint_backups"
        verbose_name = _("Checkpoint Backups")
        status_columns = ("status",)
        row_class = UpdateRow
        cell_class = markup.Cell
        table_actions = (DeleteBackup,)
        row_actions = (RestoreBackup, DeleteBackup)

    def get_object_display(self, backup):
        return backup.name

    @memoized.memoized_method
    def progress_of(self):
        """From the event log, for the rows being made: one query."""
        return history.backup_progress(
            b.id for b in self.data or () if b.status == "creating")


class CheckpointBackupsTable(BackupsTable):
    """One checkpoint's backups, on its detail page (which takes no
    table posts: deleting is on the Checkpoint Backups page)."""

    class Meta:
        name = "checkpoint_backups"
        verbose_name = _("Backups of This Checkpoint")
        status_columns = ("status",)
        row_class = UpdateRow
        cell_class = markup.Cell
        row_actions = (RestoreBackup,)
