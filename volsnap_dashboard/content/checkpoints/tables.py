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

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.content import actions
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content import markup
from volsnap_dashboard.content.policies import describe
from volsnap_dashboard.events import recorder
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import checkpoints as operations

STATUS_CHOICES = (
    ("available", True),
    ("creating", None),
    ("deleting", None),
    ("updating", None),
    ("backing-up", None),
    ("restoring", None),
    ("unmanaging", None),
    ("error", False),
    ("error_deleting", False),
)
STATUS_DISPLAY_CHOICES = (
    ("available", pgettext_lazy("Status of a checkpoint", "Available")),
    ("creating", pgettext_lazy("Status of a checkpoint", "Creating")),
    ("deleting", pgettext_lazy("Status of a checkpoint", "Deleting")),
    ("deleted", pgettext_lazy("Status of a checkpoint", "Deleted")),
    ("updating", pgettext_lazy("Status of a checkpoint", "Updating")),
    ("backing-up", pgettext_lazy("Status of a checkpoint", "Backing Up")),
    ("restoring", pgettext_lazy("Status of a checkpoint", "Restoring")),
    ("unmanaging", pgettext_lazy("Status of a checkpoint", "Unmanaging")),
    ("error", pgettext_lazy("Status of a checkpoint", "Error")),
    ("error_deleting", pgettext_lazy("Status of a checkpoint",
                                     "Error Deleting")),
)


class RestoreCheckpoint(actions.PolicyOncePerPage, policy.PolicyTargetMixin,
                        tables.LinkAction):
    name = "restore"
    verbose_name = _("Restore")
    url = "horizon:project:checkpoints:restore"
    classes = ("ajax-modal",)
    icon = "repeat"
    policy_rules = (("volume", "volume:create"),)
    policy_target_attrs = actions.PROJECT_POLICY_TARGET

    def allowed(self, request, checkpoint=None):
        return (checkpoint is None or
                checkpoint.status in checkpoints.RESTORABLE_STATUSES)

    def get_link_url(self, checkpoint):
        return markup.object_url(self.url, checkpoint.id)


class RevertCheckpoint(actions.PolicyOncePerPage, policy.PolicyTargetMixin,
                       tables.LinkAction):
    """Offered on each volume's newest checkpoint on the page; the
    dialog checks with Cinder what the page cannot know (a newer snapshot
    that is no checkpoint, the volume's state now)."""
    name = "revert"
    verbose_name = _("Revert Volume")
    url = "horizon:project:checkpoints:revert"
    classes = ("ajax-modal", "btn-danger")
    icon = "undo"
    policy_rules = (("volume", "volume:revert_to_snapshot"),)
    policy_target_attrs = actions.PROJECT_POLICY_TARGET

    def allowed(self, request, checkpoint=None):
        if checkpoint is None:
            return True
        newest = self.table.newest_per_volume().get(checkpoint.volume_id,
                                                    checkpoint.id)
        return (checkpoint.status == "available"
                and checkpoint.volume_exists is not False
                and newest == checkpoint.id)

    def get_link_url(self, checkpoint):
        return markup.object_url(self.url, checkpoint.id)


class BackUpCheckpoint(actions.PolicyOncePerPage, policy.PolicyTargetMixin,
                       tables.LinkAction):
    """A copy in the backup store, which outlives the volume's storage."""
    name = "back_up"
    verbose_name = _("Back Up Now")
    url = "horizon:project:checkpoint_backups:create"
    classes = ("ajax-modal",)
    icon = "cloud-upload"
    policy_rules = (("volume", "backup:create"),)
    policy_target_attrs = actions.PROJECT_POLICY_TARGET

    def allowed(self, request, checkpoint=None):
        return checkpoint is None or checkpoint.status == "available"

    def get_link_url(self, checkpoint):
        return markup.object_url(self.url, checkpoint.id)


class DeleteCheckpoint(actions.OncePerObject, actions.PolicyOncePerPage,
                       policy.PolicyTargetMixin,
                       tables.DeleteAction):
    help_text = _("The checkpoint's snapshot is deleted. Volumes restored "
                  "from it are kept.")
    policy_rules = (("volume", "volume:delete_snapshot"),)
    policy_target_attrs = actions.PROJECT_POLICY_TARGET

    # Asked for on every row while a request's language is active: plain
    # ngettext, as a lazy one builds a proxy class on each call.
    @staticmethod
    def action_present(count):
        return ngettext("Delete Checkpoint", "Delete Checkpoints", count)

    @staticmethod
    def action_past(count):
        return ngettext("Scheduled deletion of Checkpoint",
                        "Scheduled deletion of Checkpoints", count)

    def allowed(self, request, checkpoint=None):
        # Cinder deletes a group checkpoint's member only with the group.
        return checkpoint is None or (
            checkpoint.status in checkpoints.DELETABLE_STATUSES
            and not checkpoint.group_checkpoint_id)

    def delete(self, request, obj_id):
        # Horizon refuses ids that are not on the page before this runs.
        checkpoint = self.table.get_object_by_id(obj_id)
        try:
            operations.delete(request, recorder.journal(request),
                              checkpoint)
        except exceptions.VolsnapError as exc:
            content_errors.report(request, exc, escalate=True)


class UpdateRow(markup.Row):
    ajax = True

    def get_data(self, request, checkpoint_id):
        try:
            return checkpoints.checkpoint_get(request, checkpoint_id)
        except exceptions.NotFound:
            # A checkpoint deleted meanwhile: Horizon drops the row on 404.
            raise horizon_exceptions.NotFound()


class CheckpointFilterAction(tables.FilterAction):
    name = "checkpoints_filter"
    filter_type = "server"
    filter_choices = (
        ("name", _("Checkpoint Name ="), True),
        ("status", _("Status ="), True),
        ("volume_id", _("Volume ID ="), True),
        ("policy", _("Protection Policy ="), True),
    )


def volume_link(checkpoint):
    if checkpoint.volume_exists is False:
        return None
    return markup.object_url("horizon:project:volumes:detail",
                             checkpoint.volume_id)


def volume_display(checkpoint):
    name = checkpoint.volume_name or checkpoint.volume_id
    if checkpoint.volume_exists is False:
        return _("%(name)s (deleted)") % {"name": name}
    return name


ORIGINS = {checkpoints.ORIGIN_KARBOR: _("Karbor"),
           checkpoints.ORIGIN_MANUAL: _("Dashboard")}


def origin_display(checkpoint):
    return ORIGINS.get(checkpoint.origin, checkpoint.origin or "-")


class CheckpointsTable(markup.OnePassTable, tables.DataTable):
    name = tables.WrappingColumn(
        "name", verbose_name=_("Name"),
        link="horizon:project:checkpoints:detail")
    volume = tables.WrappingColumn(volume_display, verbose_name=_("Volume"),
                                   link=volume_link)
    status = tables.Column("status", verbose_name=_("Status"), status=True,
                           status_choices=STATUS_CHOICES,
                           display_choices=STATUS_DISPLAY_CHOICES)
    size = tables.Column("size", verbose_name=_("Size"),
                         filters=(sizeformat.diskgbformat,))
    created_at = tables.Column(
        "created_at", verbose_name=_("Created At"),
        filters=(content_filters.local_time,))
    created_by = tables.Column("created_by", verbose_name=_("Created By"))
    origin = tables.Column(origin_display, verbose_name=_("Made Through"))
    policy = describe.LookupColumn("policy_id", "policy_names",
                                   verbose_name=_("Protection Policy"),
                                   empty_value="-")

    class Meta:
        name = "checkpoints"
        verbose_name = _("Checkpoints")
        pagination_param = "checkpoint_marker"
        prev_pagination_param = "prev_checkpoint_marker"
        status_columns = ("status",)
        row_class = UpdateRow
        cell_class = markup.Cell
        table_actions = (CheckpointFilterAction, DeleteCheckpoint)
        row_actions = (RestoreCheckpoint, BackUpCheckpoint, RevertCheckpoint,
                       DeleteCheckpoint)

    def get_object_display(self, checkpoint):
        return checkpoint.name

    @memoized.memoized_method
    def newest_per_volume(self):
        """The newest checkpoint of each volume among the page's rows."""
        newest = {}
        for checkpoint in sorted(self.data or (),
                                 key=lambda c: c.created_at):
            newest[checkpoint.volume_id] = checkpoint.id
        return newest

    @memoized.memoized_method
    def policy_names(self):
        return describe.policy_names(self.request.user.project_id)


class RestoredVolumesTable(tables.DataTable):
    name = tables.WrappingColumn(
        "name", verbose_name=_("Name"),
        link="horizon:project:volumes:detail")
    status = tables.Column("status", verbose_name=_("Status"))
    size = tables.Column("size", verbose_name=_("Size"),
                         filters=(sizeformat.diskgbformat,))
    created_at = tables.Column(
        "created_at", verbose_name=_("Created At"),
        filters=(content_filters.local_time,))

    class Meta:
        name = "restored_volumes"
        verbose_name = _("Volumes Restored From This Checkpoint")


class CheckpointMessagesTable(tables.DataTable):
    created_at = tables.Column(
        "created_at", verbose_name=_("Time"),
        filters=(content_filters.local_time,))
    message_level = tables.Column("message_level", verbose_name=_("Level"))
    event_id = tables.Column("event_id", verbose_name=_("Event"))
    user_message = tables.WrappingColumn("user_message",
                                         verbose_name=_("Message"))

    class Meta:
        name = "checkpoint_messages"
        verbose_name = _("Messages from the Block Storage Service")
