import csv

from django import http
from django.utils.translation import gettext_lazy as _
from django.views import generic

from horizon import tables
from openstack_dashboard.utils import settings as dashboard_settings

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.content.snapshot_history import forms
from volsnap_dashboard.content.snapshot_history import tables as history_tables
from volsnap_dashboard import exceptions
from volsnap_dashboard import paging

CSV_COLUMNS = ("created_at", "project_id", "project_name", "user_id",
               "user_name", "action", "result", "source", "volume_id",
               "volume_name", "checkpoint_id", "checkpoint_name",
               "restored_volume_id", "error")


class IndexView(tables.PagedTableMixin, tables.DataTableView):
    table_class = history_tables.EventsTable
    template_name = "volsnap_dashboard/snapshot_history/index.html"
    page_title = _("Snapshot History")

    def get_data(self):
        self.filter_form = forms.HistoryFilterForm(self.request.GET)
        events = self.filter_form.events()
        marker, sort_dir = self._get_marker()
        if marker and marker.isdigit():
            events = (events.filter(id__lt=marker).order_by("-id")
                      if sort_dir == "desc"
                      else events.filter(id__gt=marker).order_by("id"))
        else:
            marker, sort_dir = None, "desc"
            events = events.order_by("-id")
        limit = dashboard_settings.get_page_size(self.request)
        page, self._has_more_data, self._has_prev_data = paging.cut_page(
            events[:limit + 1], limit, marker, sort_dir)
        existing = self._existing_checkpoints(page)
        for event in page:
            event.checkpoint_exists = (
                None if existing is None or not event.checkpoint_id
                else event.checkpoint_id in existing)
        return page

    def _existing_checkpoints(self, events):
        if not any(event.checkpoint_id for event in events):
            return set()
        try:
            return checkpoints.checkpoint_ids(self.request, all_projects=True)
        except exceptions.VolsnapError:
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        return context


class ExportView(generic.View):
    """The filtered history as CSV, every matching row, newest first."""

    def get(self, request, *args, **kwargs):
        form = forms.HistoryFilterForm(request.GET)
        events = form.events().order_by("-id")
        response = http.StreamingHttpResponse(
            _csv_lines(events), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            'attachment; filename="snapshot-history.csv"')
        return response


class _Line:
    def write(self, value):
        return value


def _csv_lines(events):
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator():
        yield writer.writerow(
            _spreadsheet_safe(event.created_at.isoformat()
                              if column == "created_at"
                              else getattr(event, column))
            for column in CSV_COLUMNS)


def _spreadsheet_safe(value):
    """Keeps names like '=HYPERLINK(...)' text in spreadsheet programs."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
