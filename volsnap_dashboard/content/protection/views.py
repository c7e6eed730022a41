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
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon.utils import memoized

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.content import coverage as content_coverage
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content.groups import tables as group_tables
from volsnap_dashboard.content.groups import views as group_views
from volsnap_dashboard.content.protection import forms as protection_forms
from volsnap_dashboard.content.protection import tables as protection_tables
from volsnap_dashboard.content import views as content_views
from volsnap_dashboard import exceptions
from volsnap_dashboard.policies import coverage

INDEX_URL = "horizon:project:protection:index"


class IndexView(content_views.PagedFirstTableView):
    table_classes = (protection_tables.ProtectableVolumesTable,
                     group_tables.GroupsTable)
    template_name = "volsnap_dashboard/protection/index.html"
    page_title = _("Protection")

    def get_volumes_data(self):
        return self.paged_data()

    def get_page(self, marker, sort_dir, limit):
        return checkpoints.volume_list_paged(
            self.request, marker=marker, sort_dir=sort_dir, limit=limit)

    def get_groups_data(self):
        return group_views.listed(self.request, groups.group_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context["chart"] = content_coverage.coverage_chart(
            lambda: coverage.covered_volumes(
                now, coverage.configured_factor(),
                self.request.user.project_id), now)
        return context


class ProtectView(forms.ModalFormView):
    form_class = protection_forms.ProtectForm
    form_id = "protect_volume_form"
    modal_id = "protect_volume_modal"
    template_name = "volsnap_dashboard/protection/protect.html"
    submit_label = _("Protect")
    submit_url = "horizon:project:protection:protect"
    success_url = reverse_lazy("horizon:project:checkpoints:index")
    page_title = _("Protect Volume")

    @memoized.memoized_method
    def get_volume(self):
        try:
            return checkpoints.volume_get(self.request,
                                          self.kwargs["volume_id"])
        except exceptions.VolsnapError as exc:
            content_errors.report(self.request, exc,
                                  redirect=reverse(INDEX_URL))

    @memoized.memoized_method
    def get_quota(self):
        return protection_tables.readable_quota(self.request)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(volume=self.get_volume(), quota=self.get_quota())
        return kwargs

    def get_initial(self):
        return {"snapshot_name": protection_tables.default_snapshot_name(
            self.get_volume().name)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(volume=self.get_volume(), quota=self.get_quota())
        context["submit_url"] = reverse(self.submit_url,
                                        args=(self.kwargs["volume_id"],))
        return context
