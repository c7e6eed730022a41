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
import datetime

from django.db.models import OuterRef
from django.db.models import Subquery
from django import http
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils import formats
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from horizon import exceptions as horizon_exceptions
from horizon import forms
from horizon import tables
from horizon.utils import memoized
from openstack_dashboard.api import cinder as horizon_cinder

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.content.groups import tables as group_tables
from volsnap_dashboard.content.groups import views as group_views
from volsnap_dashboard.content.policies import describe
from volsnap_dashboard.content.policies import forms as policy_forms
from volsnap_dashboard.content.policies import tables as policy_tables
from volsnap_dashboard.content.protection import tables as protection_tables
from volsnap_dashboard.content import views as content_views
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import policies as policy_operations
from volsnap_dashboard import paging
from volsnap_dashboard.policies import backups as policy_backups
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import retention
from volsnap_dashboard.policies import schedule
from volsnap_dashboard.policies import targets

INDEX_URL = "horizon:project:protection_policies:index"


def with_last_run(policies):
    """Each policy with its newest run's state, in the same query."""
    return policies.annotate(last_run_state=Subquery(
        models.Run.objects.filter(policy=OuterRef("pk")).order_by(
            "-scheduled_for", "-id").values("state")[:1]))


class IndexView(tables.PagedTableMixin, tables.DataTableView):
    table_class = policy_tables.PoliciesTable
    page_title = _("Protection Policies")

    def policies(self):
        return models.Policy.objects.filter(
            project_id=self.request.user.project_id)

    def get_data(self):
        protection_policies = with_last_run(self.policies())
        marker, sort_dir = self._get_marker()
        marker = paging.number(marker)
        if marker is None:
            sort_dir = "desc"
        elif sort_dir == "desc":
            protection_policies = protection_policies.filter(pk__lt=marker)
        else:
            protection_policies = protection_policies.filter(pk__gt=marker)
        protection_policies = protection_policies.order_by(
            "-pk" if sort_dir == "desc" else "pk")
        limit = content_views.page_size(self.request)
        page, self._has_more_data, self._has_prev_data = (
            horizon_cinder.update_pagination(
                list(protection_policies[:limit + 1]), limit, marker,
                sort_dir))
        return page


class PolicyMixin:
    """The project's policy of the URL; another project's id redirects.
    A form view's submit URL names the policy too."""

    @memoized.memoized_method
    def get_policy(self):
        try:
            return policy_operations.protection_policy_get(
                self.request.user.project_id,
                paging.number(self.kwargs["policy_id"]))
        except exceptions.NotFound:
            horizon_exceptions.handle(
                self.request, _("Protection policy %s was not found.")
                % self.kwargs["policy_id"], redirect=reverse(INDEX_URL))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["policy"] = self.get_policy()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self, "submit_url", None):
            context["submit_url"] = reverse(self.submit_url,
                                            args=(self.get_policy().pk,))
        return context


class FormViewBase(forms.ModalFormView):
    template_name = "volsnap_dashboard/policies/form.html"
    success_url = reverse_lazy(INDEX_URL)

    @memoized.memoized_method
    def volumes(self):
        """The project's volumes with their metadata, in one listing: the
        form's choices, and what its selector count is made from."""
        return sorted(content_views.reported(
            self.request, [], checkpoints.volume_list_detailed,
            self.request), key=lambda volume: volume.name.lower())

    @memoized.memoized_method
    def groups(self):
        """The project's volume groups (none where Cinder has none)."""
        return group_views.listed(self.request, groups.group_list)

    def group_needs(self):
        """[(group name, snapshots, GiB)]: what one group checkpoint of
        each group reserves at once, from the volume listing."""
        sizes = {volume.id: volume.size for volume in self.volumes()}
        return [(group.name, len(group.volume_ids),
                 sum(sizes.get(i, 0) for i in group.volume_ids))
                for group in self.groups()]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["volumes"] = [(v.id, v.name) for v in self.volumes()]
        kwargs["groups"] = [(g.id, g.name) for g in self.groups()]
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview_url"] = reverse(
            "horizon:project:protection_policies:preview")
        context["volume_metadata"] = [
            {"id": v.id, "name": v.name, "size": v.size,
             "metadata": v.metadata} for v in self.volumes()]
        # Groups whose storage takes members one after the other: the form
        # says so while one is chosen.
        context["sequential_groups"] = [
            g.id for g in self.groups()
            if group_tables.consistency_of(g) == groups.SEQUENTIAL]
        if self.groups():
            context.update(group_needs=self.group_needs(),
                           snapshot_quota=protection_tables.readable_quota(
                               self.request))
        context["backup_quota"] = content_views.reported(
            self.request, None, checkpoints.backup_quota_get, self.request)
        protection_policy = getattr(self, "get_policy", lambda: None)()
        context["policy_id"] = protection_policy.pk if protection_policy \
            else ""
        return context


class CreateView(FormViewBase):
    form_class = policy_forms.CreatePolicyForm
    form_id = "create_policy_form"
    modal_id = "create_policy_modal"
    submit_label = _("Create Policy")
    submit_url = reverse_lazy("horizon:project:protection_policies:create")
    page_title = _("Create Protection Policy")

    def get_initial(self):
        return {"target": targets.LISTED,
                "schedule_kind": schedule.DAILY, "hour": 2, "minute": 0,
                "timezone": policy_forms.user_timezone(self.request),
                "keep_last": 7}


class EditView(PolicyMixin, FormViewBase):
    form_class = policy_forms.EditPolicyForm
    form_id = "edit_policy_form"
    modal_id = "edit_policy_modal"
    submit_label = _("Save")
    submit_url = "horizon:project:protection_policies:edit"
    page_title = _("Edit Protection Policy")

    def get_initial(self):
        protection_policy = self.get_policy()
        initial = {name: getattr(protection_policy, name) for name in (
            "name", "description", "target", "volume_ids", "target_key",
            "target_value", "group_ids", "group_pattern", "schedule_kind",
            "minute", "hour", "weekday", "day", "expression", "timezone",
            "spread_minutes", "force")
            + policy_forms.RETENTION_FIELDS + policy_forms.BACKUP_FIELDS}
        return initial


class DeleteView(PolicyMixin, forms.ModalFormView):
    form_class = policy_forms.DeletePolicyForm
    form_id = "delete_policy_form"
    modal_id = "delete_policy_modal"
    template_name = "volsnap_dashboard/policies/form.html"
    submit_label = _("Delete Policy")
    submit_url = "horizon:project:protection_policies:delete"
    success_url = reverse_lazy(INDEX_URL)
    page_title = _("Delete Protection Policy")


class DetailView(PolicyMixin, tables.DataTableView):
    table_class = policy_tables.RunsTable
    template_name = "volsnap_dashboard/policies/detail.html"
    page_title = _("Protection Policy: {{ policy.name }}")

    def get_data(self):
        return list(self.get_policy().runs.all()[:50])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        protection_policy = self.get_policy()
        context.update(policy=protection_policy,
                       schedule_text=describe.schedule_text(
                           protection_policy),
                       retention_text=describe.retention_text(
                           protection_policy),
                       next_runs=describe.next_runs(protection_policy),
                       backup_text=describe.backup_text(protection_policy),
                       targets_text=protection_policy.get_targets()
                       .describe(),
                       listed=self.listed(protection_policy))
        return context

    def listed(self, protection_policy):
        """The names of the volumes (or groups) the policy lists, from one
        listing; an id the listing lacks stays, marked gone."""
        if protection_policy.target == targets.GROUPS:
            ids = protection_policy.group_ids
            names = {group.id: group.name or group.id for group in
                     group_views.listed(self.request, groups.group_list)}
        elif protection_policy.target == targets.LISTED:
            ids = protection_policy.volume_ids
            names = dict(content_views.reported(
                self.request, [], checkpoints.volume_list, self.request))
        else:
            return []
        return [names.get(unit_id, _("%s (gone)") % unit_id)
                for unit_id in ids]


class PreviewView(generic.View):
    """The next five run times of the schedule in the query string, what
    each backs up, and how many backups of a volume the tier keeps at
    steady state: computed here, shown by the form before it is saved."""

    def get(self, request):
        data = request.GET
        try:
            preview = policy_forms.schedule_of({
                "schedule_kind": data.get("schedule_kind"),
                "timezone": data.get("timezone"),
                "minute": int(data.get("minute") or 0),
                "hour": int(data.get("hour") or 0),
                "weekday": data.get("weekday"), "day": data.get("day"),
                "expression": data.get("expression")})
            preview.validate(policy_forms.minimum_interval())
            spread = min(max(int(data.get("spread_minutes") or 0), 0),
                         policy_forms.MAX_SPREAD)
            tier = self.tier(data)
        except (schedule.InvalidSchedule, ValueError, TypeError) as exc:
            return http.JsonResponse({"error": str(exc)})
        # A saved policy's offset and count of runs are known; a new
        # one's are not yet.
        saved = self.saved(data.get("policy"))
        offset = (schedule.spread_offset(saved.pk, spread)
                  if saved is not None else None)
        first = 1
        if saved is not None and (tier.every, tier.full_every) == (
                saved.backup_every, saved.backup_full_every):
            first = saved.runs_made - saved.backup_since + 1
        slots = schedule.runs_after(preview, timezone.now(),
                                    policy_backups.STEADY_RUNS
                                    if tier.enabled else 5)
        answer = {"runs": [
            self.run_text(run, spread, offset,
                          policy_backups.kind_of(tier, sequence))
            for sequence, run in enumerate(slots[:5], first)]}
        if tier.enabled:
            count, at_least = policy_backups.steady_state(
                tier, slots, preview.zone(), first)
            answer["backups"] = {"count": count, "at_least": at_least}
        return http.JsonResponse(answer)

    @staticmethod
    def tier(data):
        def number(name):
            value = data.get(name)
            return min(max(int(value), 1), policy_forms.MAX_KEEP) \
                if value else None
        return policy_backups.Tier(
            every=number("backup_every"),
            full_every=number("backup_full_every"),
            retention=retention.Retention(**{
                name: number(f"backup_{name}")
                for name in policy_forms.RETENTION_FIELDS}))

    def saved(self, policy_id):
        policy_id = paging.number(policy_id)
        if policy_id is None:
            return None
        try:
            return policy_operations.protection_policy_get(
                self.request.user.project_id, policy_id)
        except exceptions.NotFound:
            return None

    @staticmethod
    def run_text(run, spread, offset, kind=None):
        def shown(moment):
            return formats.date_format(timezone.localtime(moment),
                                       "DATETIME_FORMAT")
        if not spread:
            text = shown(run)
        elif offset is not None:
            text = _("%(slot)s, starting at %(start)s") % {
                "slot": shown(run), "start": shown(run + offset)}
        else:
            text = _("%(slot)s, starting by %(end)s") % {
                "slot": shown(run),
                "end": shown(run + datetime.timedelta(minutes=spread))}
        if kind:
            text = _("%(run)s (%(backup)s)") % {
                "run": text, "backup": describe.KIND_TEXTS[kind]}
        return text
