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

"""Protect a group, restore a group checkpoint, see one with its
members. The Protection and Checkpoints panels route to these."""
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import tables
from horizon.utils import memoized

from volsnap_dashboard.api import groups
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content.groups import forms as group_forms
from volsnap_dashboard.content.groups import tables as group_tables
from volsnap_dashboard.content.protection import tables as protection_tables
from volsnap_dashboard import exceptions
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

PROTECTION_URL = "horizon:project:protection:index"
CHECKPOINTS_URL = "horizon:project:checkpoints:index"


def _or_redirect(request, url, call, *args):
    try:
        return call(request, *args)
    except exceptions.VolsnapError as exc:
        content_errors.report(request, exc, redirect=reverse(url))


def listed(request, call):
    """A listing for a page's groups section: empty, without a word, on
    a cloud whose Cinder has no groups; a message on other failures."""
    try:
        return call(request)
    except exceptions.InvalidState:
        return []
    except exceptions.VolsnapError as exc:
        content_errors.report(request, exc)
        return []


class ProtectGroupView(forms.ModalFormView):
    form_class = group_forms.ProtectGroupForm
    form_id = "protect_group_form"
    modal_id = "protect_group_modal"
    template_name = "volsnap_dashboard/groups/protect.html"
    submit_label = _("Protect Group")
    submit_url = "horizon:project:protection:protect_group"
    success_url = reverse_lazy(CHECKPOINTS_URL)
    page_title = _("Protect Volume Group")

    @memoized.memoized_method
    def get_group(self):
        return _or_redirect(self.request, PROTECTION_URL, groups.group_get,
                            self.kwargs["group_id"])

    @memoized.memoized_method
    def get_volumes(self):
        return _or_redirect(self.request, PROTECTION_URL,
                            groups.group_volumes, self.get_group().id)

    @memoized.memoized_method
    def get_quota(self):
        return protection_tables.readable_quota(self.request)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(group=self.get_group(), quota=self.get_quota(),
                      sizes=[v.size for v in self.get_volumes()],
                      consistency=group_tables.consistency_of(
                          self.get_group()))
        return kwargs

    def get_initial(self):
        return {"name": protection_tables.default_snapshot_name(
            self.get_group().name)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.get_group()
        context.update(
            group=group, volumes=self.get_volumes(), quota=self.get_quota(),
            count=len(self.get_volumes()),
            size=sum(v.size for v in self.get_volumes()),
            sequential=(group_tables.consistency_of(group)
                        == groups.SEQUENTIAL),
            submit_url=reverse(self.submit_url, args=(group.id,)))
        return context


class GroupCheckpointMixin:
    @memoized.memoized_method
    def get_group_checkpoint(self):
        return _or_redirect(self.request, CHECKPOINTS_URL,
                            groups.group_checkpoint_get,
                            self.kwargs["group_checkpoint_id"])


class RestoreGroupView(GroupCheckpointMixin, forms.ModalFormView):
    form_class = group_forms.RestoreGroupForm
    form_id = "restore_group_form"
    modal_id = "restore_group_modal"
    template_name = "volsnap_dashboard/groups/restore.html"
    submit_label = _("Restore Group")
    submit_url = "horizon:project:checkpoints:restore_group"
    success_url = reverse_lazy(PROTECTION_URL)
    page_title = _("Restore Group Checkpoint")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["group_checkpoint"] = self.get_group_checkpoint()
        return kwargs

    def get_initial(self):
        made = self.get_group_checkpoint()
        initial = {"group_name": (_("%(name)s-restored")
                                  % {"name": made.group_name})[:MAX_TEXT],
                   "description": (_("Restored from group checkpoint "
                                     "%(name)s") % {"name": made.name})[
                                         :MAX_TEXT]}
        for number, member in enumerate(made.members):
            initial[f"volume_{number}"] = (_("%(name)s-restored") % {
                "name": member.volume_name or member.volume_id})[:MAX_TEXT]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        made = self.get_group_checkpoint()
        context.update(group_checkpoint=made, submit_url=reverse(
            self.submit_url, args=(made.id,)))
        return context


class GroupDetailView(GroupCheckpointMixin, tables.DataTableView):
    table_class = group_tables.MembersTable
    template_name = "volsnap_dashboard/groups/detail.html"
    page_title = "{{ group_checkpoint.name }}"

    def get_data(self):
        return list(self.get_group_checkpoint().members)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        made = self.get_group_checkpoint()
        context.update(
            group_checkpoint=made, url=reverse(CHECKPOINTS_URL),
            created=content_filters.local_time(made.created_at),
            consistency=group_tables.CONSISTENCY[made.consistency],
            sequential=made.consistency == groups.SEQUENTIAL,
            actions=group_tables.GroupCheckpointsTable(
                self.request).render_row_actions(made))
        return context
