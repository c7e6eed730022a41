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

"""Volume groups on the Protection panel and group checkpoints on the
Checkpoints panel: one row per group checkpoint, its members listed."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import pgettext_lazy

from horizon import exceptions as horizon_exceptions
from horizon import tables
from horizon.templatetags import sizeformat
from horizon.utils import memoized

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.content import actions
from volsnap_dashboard.content.checkpoints import tables as checkpoint_tables
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content import markup
from volsnap_dashboard.content.policies import describe
from volsnap_dashboard.content.protection import tables as protection_tables
from volsnap_dashboard.events import recorder
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import groups as operations

CONSISTENCY = {
    groups.CRASH_CONSISTENT: _("Crash-consistent"),
    groups.SEQUENTIAL: _("One volume after the other (not "
                         "crash-consistent)")}
STATUS_CHOICES = (("available", True), ("in-use", True), ("error", False),
                  ("error_deleting", False))
STATUS_DISPLAY_CHOICES = (
    ("available", pgettext_lazy("Status of a volume group", "Available")),
    ("in-use", pgettext_lazy("Status of a volume group", "In Use")),
    ("creating", pgettext_lazy("Status of a volume group", "Creating")),
    ("updating", pgettext_lazy("Status of a volume group", "Updating")),
    ("deleting", pgettext_lazy("Status of a volume group", "Deleting")),
    ("error", pgettext_lazy("Status of a volume group", "Error")),
    ("error_deleting", pgettext_lazy("Status of a volume group",
                                     "Error Deleting")),
)


def consistency_of(group):
    return groups.consistency_of(group.group_type_id,
                                 operations.consistent_group_types())


# ---------------------------------------------------------------- groups

class ProtectGroup(actions.PolicyOncePerPage, tables.LinkAction):
    name = "protect_group"
    verbose_name = _("Protect Group")
    url = "horizon:project:protection:protect_group"
    classes = ("ajax-modal",)
    icon = "camera"
    policy_rules = (("volume", "group:create_group_snapshot"),)

    def allowed(self, request, group=None):
        if group is None:
            return True
        if (group.status not in groups.PROTECTABLE_STATUSES
                or not group.volume_ids):
            return False
        quota = self.table.snapshot_quota()
        sizes = self.table.sizes_of(group)
        self.classes = [c for c in self.classes if c != "disabled"]
        self.verbose_name = _("Protect Group")
        if quota is not None and not quota.allows_total(len(sizes),
                                                        sum(sizes)):
            self.classes.append("disabled")
            self.verbose_name = _("Protect Group (Quota exceeded)")
        return True

    def get_link_url(self, group):
        return markup.object_url(self.url, group.id)


def group_consistency(group):
    return CONSISTENCY[consistency_of(group)]


class GroupsTable(markup.OnePassTable, tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"))
    status = tables.Column("status", verbose_name=_("Status"), status=True,
                           status_choices=STATUS_CHOICES,
                           display_choices=STATUS_DISPLAY_CHOICES)
    volumes = describe.LookupColumn("id", "member_names",
                                    verbose_name=_("Volumes"),
                                    empty_value=_("None"))
    size = describe.LookupColumn("id", "sizes", verbose_name=_("Size"),
                                 filters=(sizeformat.diskgbformat,))
    consistency = tables.Column(group_consistency,
                                verbose_name=_("Group Checkpoints"))

    class Meta:
        name = "groups"
        verbose_name = _("Volume Groups")
        status_columns = ("status",)
        row_actions = (ProtectGroup,)
        row_class = markup.Row
        cell_class = markup.Cell

    def get_object_display(self, group):
        return group.name

    @memoized.memoized_method
    def volumes_by_id(self):
        """The project's volumes, in one call for the whole table."""
        if not self.data:
            return {}
        try:
            return {v.id: v for v in checkpoints.volume_list_detailed(
                self.request)}
        except exceptions.VolsnapError as exc:
            content_errors.report(self.request, exc)
            return {}

    def sizes_of(self, group):
        found = self.volumes_by_id()
        return [found[i].size for i in group.volume_ids if i in found]

    @memoized.memoized_method
    def member_names(self):
        found = self.volumes_by_id()
        return {g.id: sorted(found[i].name for i in g.volume_ids
                             if i in found) for g in self.data}

    @memoized.memoized_method
    def sizes(self):
        return {g.id: sum(self.sizes_of(g)) for g in self.data}

    @memoized.memoized_method
    def snapshot_quota(self):
        return protection_tables.readable_quota(self.request)


# ---------------------------------------------------------- checkpoints

class RestoreGroup(actions.PolicyOncePerPage, tables.LinkAction):
    name = "restore_group"
    verbose_name = _("Restore Group")
    url = "horizon:project:checkpoints:restore_group"
    classes = ("ajax-modal",)
    icon = "repeat"
    policy_rules = (("volume", "group:create"),)

    def allowed(self, request, group_checkpoint=None):
        return (group_checkpoint is None or group_checkpoint.status
                in groups.RESTORABLE_STATUSES)

    def get_link_url(self, group_checkpoint):
        return markup.object_url(self.url, group_checkpoint.id)


class DeleteGroupCheckpoint(actions.OncePerObject,
                            actions.PolicyOncePerPage, tables.DeleteAction):
    name = "delete_group"
    help_text = _("The group snapshot and every member's snapshot are "
                  "deleted; Cinder deletes no member alone. Volumes and "
                  "groups restored from it are kept.")
    policy_rules = (("volume", "group:delete_group_snapshot"),)

    @staticmethod
    def action_present(count):
        return ngettext("Delete Group Checkpoint", "Delete Group Checkpoints",
                        count)

    @staticmethod
    def action_past(count):
        return ngettext("Scheduled deletion of Group Checkpoint",
                        "Scheduled deletion of Group Checkpoints", count)

    def allowed(self, request, group_checkpoint=None):
        return (group_checkpoint is None or group_checkpoint.status
                in groups.DELETABLE_STATUSES)

    def delete(self, request, obj_id):
        group_checkpoint = self.table.get_object_by_id(obj_id)
        try:
            operations.delete(request, recorder.journal(request),
                              group_checkpoint, listed=True)
        except exceptions.VolsnapError as exc:
            content_errors.report(request, exc, escalate=True)


class UpdateGroupCheckpointRow(markup.Row):
    ajax = True

    def get_data(self, request, group_checkpoint_id):
        try:
            return groups.group_checkpoint_get(request, group_checkpoint_id)
        except exceptions.NotFound:
            raise horizon_exceptions.NotFound()


def member_names(group_checkpoint):
    return ", ".join(m.volume_name or m.volume_id
                     for m in group_checkpoint.members)


class GroupCheckpointsTable(markup.OnePassTable, tables.DataTable):
    name = tables.WrappingColumn(
        "name", verbose_name=_("Name"),
        link="horizon:project:checkpoints:group_detail")
    group = tables.WrappingColumn("group_name", verbose_name=_("Group"))
    members = tables.WrappingColumn(member_names,
                                    verbose_name=_("Member Volumes"))
    status = tables.Column(
        "status", verbose_name=_("Status"), status=True,
        status_choices=checkpoint_tables.STATUS_CHOICES,
        display_choices=checkpoint_tables.STATUS_DISPLAY_CHOICES)
    size = tables.Column("size", verbose_name=_("Size"),
                         filters=(sizeformat.diskgbformat,))
    consistency = tables.Column(lambda g: CONSISTENCY[g.consistency],
                                verbose_name=_("Consistency"))
    created_at = tables.Column(
        "created_at", verbose_name=_("Created At"),
        filters=(content_filters.local_time,))
    created_by = tables.Column("created_by", verbose_name=_("Created By"))

    class Meta:
        name = "group_checkpoints"
        verbose_name = _("Group Checkpoints")
        status_columns = ("status",)
        row_class = UpdateGroupCheckpointRow
        cell_class = markup.Cell
        table_actions = (DeleteGroupCheckpoint,)
        row_actions = (RestoreGroup, DeleteGroupCheckpoint)

    def get_object_display(self, group_checkpoint):
        return group_checkpoint.name


class RestoreMember(checkpoint_tables.RestoreCheckpoint):
    """One member alone, into a new volume outside any group."""
    verbose_name = _("Restore This Volume")


class MembersTable(tables.DataTable):
    name = tables.WrappingColumn(
        "name", verbose_name=_("Checkpoint"),
        link="horizon:project:checkpoints:detail")
    volume = tables.WrappingColumn(checkpoint_tables.volume_display,
                                   verbose_name=_("Volume"))
    status = tables.Column(
        "status", verbose_name=_("Status"), status=True,
        status_choices=checkpoint_tables.STATUS_CHOICES,
        display_choices=checkpoint_tables.STATUS_DISPLAY_CHOICES)
    size = tables.Column("size", verbose_name=_("Size"),
                         filters=(sizeformat.diskgbformat,))

    class Meta:
        name = "members"
        verbose_name = _("Members")
        row_actions = (RestoreMember,)

    def get_object_display(self, checkpoint):
        return checkpoint.volume_name or checkpoint.name
