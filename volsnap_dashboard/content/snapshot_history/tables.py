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

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import tables

from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content import markup
from volsnap_dashboard.events import models
from volsnap_dashboard.events import terms


def checkpoint_display(event):
    return event.checkpoint_name or event.checkpoint_id or "-"


GROUP_ACTIONS = (terms.PROTECT_GROUP, terms.RESTORE_GROUP,
                 terms.DELETE_GROUP)


def checkpoint_link(event, request):
    """The checkpoint's page: the project panel's for the admin's own
    project, where it can be restored; Horizon's read-only admin snapshot
    page for any other project's (the project panels refuse those). A
    group checkpoint's page is the project panel's only."""
    if not event.checkpoint_id or event.checkpoint_deleted:
        return None
    if event.action in GROUP_ACTIONS:
        if event.project_id != request.user.project_id:
            return None
        return reverse("horizon:project:checkpoints:group_detail",
                       args=(event.checkpoint_id,))
    if event.project_id == request.user.project_id:
        return reverse("horizon:project:checkpoints:detail",
                       args=(event.checkpoint_id,))
    return reverse("horizon:admin:snapshots:detail",
                   args=(event.checkpoint_id,))


def checkpoint_now(event):
    if not event.checkpoint_id:
        return "-"
    return _("Deleted") if event.checkpoint_deleted else _("Not deleted")


def volume_display(event):
    """The volume, or for a group operation the group and its members."""
    if event.action not in GROUP_ACTIONS:
        return event.volume_name or event.volume_id or "-"
    group = event.group_name or event.group_id or "-"
    members = ", ".join(m.get("volume_name") or m.get("volume_id") or "?"
                        for m in event.members or ())
    if not members:
        return _("Group %(group)s") % {"group": group}
    return _("Group %(group)s: %(members)s") % {"group": group,
                                                "members": members}


def duration(event):
    if event.duration is None:
        return None
    return content_filters.duration(event.duration)


class ExportCSV(tables.LinkAction):
    name = "export"
    verbose_name = _("Export CSV")
    icon = "download"
    policy_rules = (("volume", "context_is_admin"),)

    def get_link_url(self, datum=None):
        query = self.table.request.GET.urlencode()
        url = reverse("horizon:admin:snapshot_history:export")
        return f"{url}?{query}" if query else url


class EventsTable(markup.OnePassTable, tables.DataTable):
    created_at = tables.Column("created_at", verbose_name=_("Time"),
                               filters=(content_filters.local_time,))
    # Names from the row, or Keystone's for a row that kept only ids
    # (names.with_names).
    project = tables.Column("shown_project", verbose_name=_("Project"))
    user = tables.Column("shown_user", verbose_name=_("User"))
    action = tables.Column("action", verbose_name=_("Action"),
                           display_choices=models.Event.ACTIONS)
    source = tables.Column("source", verbose_name=_("Source"),
                           display_choices=models.Event.SOURCES)
    outcome = tables.Column(
        "outcome", verbose_name=_("Outcome"), status=True,
        status_choices=((models.Event.SUCCEEDED, True),
                        (models.Event.FAILED, False),
                        (models.Event.IN_PROGRESS, None),
                        (models.Event.UNKNOWN, None)),
        display_choices=models.Event.OUTCOMES)
    duration = tables.Column(duration, verbose_name=_("Duration"))
    volume = tables.WrappingColumn(volume_display, verbose_name=_("Volume"))
    checkpoint = tables.WrappingColumn(checkpoint_display,
                                       verbose_name=_("Checkpoint"),
                                       link=checkpoint_link)
    checkpoint_now = tables.Column(checkpoint_now,
                                   verbose_name=_("Checkpoint Now"))
    error = tables.WrappingColumn("error", verbose_name=_("Error"),
                                  empty_value="")

    class Meta:
        name = "events"
        verbose_name = _("Snapshot History")
        pagination_param = "event_marker"
        prev_pagination_param = "prev_event_marker"
        table_actions = (ExportCSV,)
        multi_select = False
        row_class = markup.Row
        cell_class = markup.Cell

    def get_object_id(self, event):
        return str(event.id)

    def get_pagination_string(self):
        return self._keep_filters(super().get_pagination_string())

    def get_prev_pagination_string(self):
        return self._keep_filters(super().get_prev_pagination_string())

    def _keep_filters(self, marker_query):
        query = self.request.GET.copy()
        for param in (self._meta.pagination_param,
                      self._meta.prev_pagination_param):
            query.pop(param, None)
        return "&".join(filter(None, (query.urlencode(), marker_query)))
