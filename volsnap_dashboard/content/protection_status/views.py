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

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from horizon import tables

from volsnap_dashboard.content import coverage as content_coverage
from volsnap_dashboard.content.protection_status import tables as \
    status_tables
from volsnap_dashboard.policies import coverage


class IndexView(tables.DataTableView):
    """Every project's covered volumes against their objectives, from
    the policies and the event log: no Cinder call."""
    table_class = status_tables.ProjectsTable
    template_name = "volsnap_dashboard/protection_status/index.html"
    page_title = _("Protection Status")

    def get_data(self):
        self.now = timezone.now()
        self.covered = coverage.standings(self.now,
                                          coverage.configured_factor())
        return coverage.by_project(self.covered)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chart"] = content_coverage.coverage_chart(
            lambda: self.covered, self.now)
        return context
