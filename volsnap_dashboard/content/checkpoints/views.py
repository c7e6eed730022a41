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
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import tabs
from horizon.utils import memoized

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.api import revert
from volsnap_dashboard.content.checkpoints import forms as checkpoint_forms
from volsnap_dashboard.content.checkpoints import tables as checkpoint_tables
from volsnap_dashboard.content.checkpoints import tabs as checkpoint_tabs
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content.groups import tables as group_tables
from volsnap_dashboard.content.groups import views as group_views
from volsnap_dashboard.content.policies import describe
from volsnap_dashboard.content import views as content_views
from volsnap_dashboard import exceptions
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

INDEX_URL = "horizon:project:checkpoints:index"


class IndexView(content_views.PagedFirstTableView):
    table_classes = (checkpoint_tables.CheckpointsTable,
                     group_tables.GroupCheckpointsTable)
    template_name = "volsnap_dashboard/checkpoints/index.html"
    page_title = _("Checkpoints")

    def get_checkpoints_data(self):
        return self.paged_data()

    def get_group_checkpoints_data(self):
        return group_views.listed(self.request, groups.group_checkpoint_list)

    def get_page(self, marker, sort_dir, limit):
        filters = self.get_filters()
        if "policy" in filters:
            # Users filter by the policy's name; Cinder's mark is its id.
            names = {name: pk for pk, name in describe.policy_names(
                self.request.user.project_id).items()}
            filters["policy_id"] = names.get(filters.pop("policy"), "none")
        return checkpoints.checkpoint_list_paged(
            self.request, marker=marker, sort_dir=sort_dir, limit=limit,
            filters=filters)


class CheckpointMixin:
    """Fetches the checkpoint of the URL; a foreign or gone id redirects."""
    redirect_url = INDEX_URL

    @memoized.memoized_method
    def get_checkpoint(self):
        try:
            return checkpoints.checkpoint_get(self.request,
                                              self.kwargs["checkpoint_id"])
        except exceptions.VolsnapError as exc:
            content_errors.report(self.request, exc,
                                  redirect=reverse(self.redirect_url))


class CheckpointModal(CheckpointMixin, forms.ModalFormView):
    """A dialog about the checkpoint of the URL, posted back to itself."""
    success_url = reverse_lazy(INDEX_URL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = reverse(self.submit_url,
                                        args=(self.kwargs["checkpoint_id"],))
        return context


class RestoreView(CheckpointModal):
    form_class = checkpoint_forms.RestoreForm
    form_id = "restore_checkpoint_form"
    modal_id = "restore_checkpoint_modal"
    template_name = "volsnap_dashboard/checkpoints/restore.html"
    submit_label = _("Restore")
    submit_url = "horizon:project:checkpoints:restore"
    page_title = _("Restore Checkpoint")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["checkpoint"] = self.get_checkpoint()
        return kwargs

    def get_initial(self):
        checkpoint = self.get_checkpoint()
        return {"size": checkpoint.size,
                "restore_name": (_("%(name)s-restored")
                                 % {"name": checkpoint.name})[:MAX_TEXT],
                "restore_description": (
                    _("Restored from checkpoint %(name)s")
                    % {"name": checkpoint.name})[:MAX_TEXT]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checkpoint"] = self.get_checkpoint()
        return context


class RevertView(CheckpointModal):
    form_class = checkpoint_forms.RevertForm
    form_id = "revert_checkpoint_form"
    modal_id = "revert_checkpoint_modal"
    template_name = "volsnap_dashboard/checkpoints/revert.html"
    submit_label = _("Revert Volume")
    submit_url = "horizon:project:checkpoints:revert"
    page_title = _("Revert Volume to Checkpoint")

    @memoized.memoized_method
    def get_check(self):
        """(volume, checkpoint, refusal), from Cinder as it is now."""
        try:
            return revert.checkpoint_revert_check(
                self.request, self.kwargs["checkpoint_id"])
        except exceptions.VolsnapError as exc:
            content_errors.report(self.request, exc,
                                  redirect=reverse(self.redirect_url))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["check"] = self.get_check()
        return kwargs

    def get_initial(self):
        volume, checkpoint, _refusal = self.get_check()
        name = volume.name if volume else checkpoint.volume_name
        return {"copy_name": (_("%(name)s-before-revert")
                              % {"name": name})[:MAX_TEXT]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        volume, checkpoint, refusal = self.get_check()
        context.update(volume=volume, checkpoint=checkpoint, refusal=refusal,
                       created=content_filters.local_time(
                           checkpoint.created_at))
        context["submit_url"] = reverse(self.submit_url,
                                        args=(self.kwargs["checkpoint_id"],))
        context["restore_url"] = reverse(
            "horizon:project:checkpoints:restore", args=(checkpoint.id,))
        return context


class DetailView(CheckpointMixin, tabs.TabbedTableView):
    tab_group_class = checkpoint_tabs.CheckpointDetailTabs
    template_name = "horizon/common/_detail.html"
    page_title = "{{ checkpoint.name }}"
    table_class = checkpoint_tables.CheckpointsTable

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        checkpoint = self.get_checkpoint()
        context["checkpoint"] = checkpoint
        context["url"] = reverse(self.redirect_url)
        context["actions"] = self.table_class(
            self.request).render_row_actions(checkpoint)
        return context

    def get_tabs(self, request, *args, **kwargs):
        return self.tab_group_class(request, checkpoint=self.get_checkpoint(),
                                    **kwargs)
