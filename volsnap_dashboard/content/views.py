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

from django import shortcuts

from horizon import tables
from openstack_dashboard.utils import settings as dashboard_settings

from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard import exceptions
from volsnap_dashboard import paging


def page_size(request):
    """The user's page size (Horizon's setting, which a cookie can set to
    anything), kept between 1 and paging.MAX_PAGE_SIZE."""
    size = paging.number(str(dashboard_settings.get_page_size(request)))
    if size is None:
        return 20
    return min(max(size, 1), paging.MAX_PAGE_SIZE)


def reported(request, fallback, call, *args, **kwargs):
    """The call's result; on a backend failure, a message and `fallback`."""
    try:
        return call(*args, **kwargs)
    except exceptions.VolsnapError as exc:
        content_errors.report(request, exc)
        return fallback


class BackendPaging(tables.PagedTableMixin):
    """A table filled by one paged backend call, `get_page`."""

    def paged_data(self):
        marker, sort_dir = self._get_marker()
        page, self._has_more_data, self._has_prev_data = reported(
            self.request, ([], False, False), self.get_page, marker=marker,
            sort_dir=sort_dir, limit=page_size(self.request))
        return page

    def get_page(self, marker, sort_dir, limit):
        """Returns (items, has_more_data, has_prev_data)."""
        raise NotImplementedError


class PagedBackendView(BackendPaging, tables.DataTableView):
    """A table page filled by one paged backend call."""

    def get_data(self):
        return self.paged_data()


class PagedFirstTableView(BackendPaging, tables.MultiTableView):
    """Tables on one page, the first filled by one paged backend call and
    filtered as DataTableView filters; the others by their
    get_<name>_data."""

    def has_prev_data(self, table):
        return table.name == self.paged_name() and self._has_prev_data

    def has_more_data(self, table):
        return table.name == self.paged_name() and self._has_more_data

    def paged_name(self):
        return self.table_classes[0]._meta.name

    def paged_table(self):
        return self.get_tables()[self.paged_name()]

    def get_filters(self):
        """The paged table's server filter, {field: text}, as
        DataTableView reads a single table's."""
        table = self.paged_table()
        self.update_server_filter_action(self.request, table)
        action = table._meta._filter_action
        field = table.get_filter_field()
        text = table.get_filter_string().strip()
        if action and field and text and action.is_api_filter(field):
            return {field: text}
        return {}

    def post(self, request, *args, **kwargs):
        if self.handle_server_filter(request, self.paged_table()):
            return shortcuts.redirect(self.paged_table().get_absolute_url())
        return self.get(request, *args, **kwargs)
