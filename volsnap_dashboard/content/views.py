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


class PagedBackendView(tables.PagedTableMixin, tables.DataTableView):
    """A table page filled by one paged backend call."""

    def get_data(self):
        marker, sort_dir = self._get_marker()
        page, self._has_more_data, self._has_prev_data = reported(
            self.request, ([], False, False), self.get_page, marker=marker,
            sort_dir=sort_dir,
            limit=page_size(self.request))
        return page

    def get_page(self, marker, sort_dir, limit):
        """Returns (items, has_more_data, has_prev_data)."""
        raise NotImplementedError
