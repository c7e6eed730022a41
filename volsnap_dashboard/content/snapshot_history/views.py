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

import csv
import logging

from django.db import DatabaseError
from django import http
from django import shortcuts
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import generic

from horizon import tables
from openstack_dashboard.api import cinder as horizon_cinder

from volsnap_dashboard.content import chart
from volsnap_dashboard.content.snapshot_history import forms
from volsnap_dashboard.content.snapshot_history import names
from volsnap_dashboard.content.snapshot_history import tables as history_tables
from volsnap_dashboard.content import views as content_views
from volsnap_dashboard.events import history
from volsnap_dashboard import paging

LOG = logging.getLogger(__name__)
CSV_COLUMNS = ("created_at", "finished_at", "project_id", "project_name",
               "user_id", "user_name", "action", "outcome", "source",
               "volume_id", "volume_name", "checkpoint_id",
               "checkpoint_name", "restored_volume_id", "group_id",
               "group_name", "restored_group_id", "members", "cinder_status",
               "error")
SERIES_LABELS = {"protect_succeeded": _("Protects succeeded"),
                 "protect_failed": _("Protects failed"),
                 "restore": _("Restores"), "delete": _("Deletes"),
                 "backup": _("Backups")}
UNAVAILABLE = _("The snapshot history cannot be read: its database is "
                "missing or not migrated. Ask the operator to run the "
                "migrations (see the installation guide). Protect, restore "
                "and delete still work.")


class IndexView(tables.PagedTableMixin, tables.DataTableView):
    table_class = history_tables.EventsTable
    template_name = "volsnap_dashboard/snapshot_history/index.html"
    page_title = _("Snapshot History")

    def get_data(self):
        self.filter_form = forms.HistoryFilterForm(self.request.GET)
        self.database_error = None
        try:
            return self._page(self.filter_form.events(dated=False),
                              self.filter_form.window())
        except DatabaseError:
            LOG.exception("The snapshot history's database cannot be read")
            self.database_error = UNAVAILABLE
            self._has_more_data = self._has_prev_data = False
            return []

    def _page(self, events, window):
        marker, sort_dir = self._get_marker()
        marker = paging.number(marker)
        after = None if marker is None else history.position(marker)
        if after is None:
            # No marker, or its event purged since: the first page.
            marker, sort_dir = None, "desc"
        events = history.newest_first(events, after,
                                      reverse=sort_dir != "desc",
                                      window=window)
        limit = content_views.page_size(self.request)
        page, self._has_more_data, self._has_prev_data = (
            horizon_cinder.update_pagination(
                list(events[:limit + 1]), limit, marker, sort_dir))
        deleted = history.deleted_checkpoints(e.checkpoint_id for e in page)
        for event in page:
            event.checkpoint_deleted = event.checkpoint_id in deleted
        return names.with_names(page)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["database_error"] = self.database_error
        if not self.database_error:
            context["chart"] = self._chart()
        return context

    def _chart(self):
        zone = timezone.get_current_timezone()
        start, end = history.chart_window(*self.filter_form.window(),
                                          now=timezone.now())
        try:
            activity = history.activity(start, end, zone,
                                        self.filter_form.events(dated=False),
                                        self.filter_form.tallies())
        except DatabaseError:
            LOG.exception("The activity chart's query failed")
            return None
        hourly = end - start <= history.HOURLY_UP_TO
        total = sum(sum(counts.values()) for _start, counts in activity)
        return chart.draw(
            activity, hourly, SERIES_LABELS,
            _("Activity per hour") if hourly else _("Activity per day"),
            ngettext("%(total)d operation in the chart's range",
                     "%(total)d operations in the chart's range",
                     total) % {"total": total})


class ExportView(generic.View):
    """The filtered history as CSV, every matching row in the page's order,
    streamed: neither the rows nor a lock are held for the whole file."""

    def get(self, request, *args, **kwargs):
        form = forms.HistoryFilterForm(request.GET)
        if not form.is_valid():
            # The page shows the form's errors; an empty file would not.
            return shortcuts.redirect(
                reverse("horizon:admin:snapshot_history:index") + "?"
                + request.GET.urlencode())
        response = http.StreamingHttpResponse(
            _csv_lines(form.events(dated=False), form.window()),
            content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            'attachment; filename="snapshot-history.csv"')
        return response


class _Line:
    def write(self, value):
        return value


def _csv_lines(events, window, chunk=500):
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    # Keyset chunks, each its own short query: SQLite is not held in a
    # read transaction while the client downloads.
    after = None
    while True:
        batch = list(history.newest_first(events, after,
                                          window=window)[:chunk])
        for event in batch:
            yield writer.writerow(_cell(event, column)
                                  for column in CSV_COLUMNS)
        if len(batch) < chunk:
            return
        after = (batch[-1].created_at, batch[-1].id)


def _cell(event, column):
    value = getattr(event, column)
    if column == "members":
        value = "; ".join(
            f"{m.get('volume_name') or ''} ({m.get('volume_id') or ''})"
            for m in value or ())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _spreadsheet_safe("" if value is None else value)


def _spreadsheet_safe(value):
    """Keeps names like '=HYPERLINK(...)' text in spreadsheet programs."""
    value = str(value)
    return ("'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r")
            else value)
