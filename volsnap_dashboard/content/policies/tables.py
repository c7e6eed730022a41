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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from horizon import exceptions as horizon_exceptions
from horizon import messages
from horizon import tables
from openstack_dashboard import policy

from volsnap_dashboard.content import actions
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard.content.policies import describe
from volsnap_dashboard.content.protection.tables import (
    CREATE_SNAPSHOT_POLICY)
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import policies as policy_operations
from volsnap_dashboard import paging
from volsnap_dashboard.policies import models

DELETE_SNAPSHOT_POLICY = (("volume", "volume:delete_snapshot"),)


class CreatePolicy(tables.LinkAction):
    name = "create"
    verbose_name = _("Create Policy")
    url = "horizon:project:protection_policies:create"
    classes = ("ajax-modal",)
    icon = "plus"
    policy_rules = CREATE_SNAPSHOT_POLICY


class EditPolicy(policy.PolicyTargetMixin, tables.LinkAction):
    name = "edit"
    verbose_name = _("Edit")
    url = "horizon:project:protection_policies:edit"
    classes = ("ajax-modal",)
    policy_rules = CREATE_SNAPSHOT_POLICY


class DeletePolicy(policy.PolicyTargetMixin, tables.LinkAction):
    name = "delete"
    verbose_name = _("Delete")
    url = "horizon:project:protection_policies:delete"
    classes = ("ajax-modal", "btn-danger")
    policy_rules = DELETE_SNAPSHOT_POLICY


class PolicyStateAction(actions.OncePerObject, policy.PolicyTargetMixin,
                        tables.BatchAction):
    """Run now, pause, resume and re-authorize: one row at a time, on
    the project's own policies only."""
    policy_rules = CREATE_SNAPSHOT_POLICY
    from_states = ()

    def allowed(self, request, datum=None):
        return datum is None or datum.state in self.from_states

    def action(self, request, obj_id):
        try:
            self.act(request, policy_operations.protection_policy_get(
                request.user.project_id, paging.number(obj_id)))
        except exceptions.NotFound as exc:
            raise horizon_exceptions.NotFound(str(exc))
        except exceptions.VolsnapError as exc:
            messages.error(request, str(exc))
            raise


class RunNow(PolicyStateAction):
    name = "run_now"
    from_states = (models.Policy.ACTIVE, models.Policy.PAUSED)

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Run Now", "Run Now", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Queued a run of", "Queued runs of", count)

    def act(self, request, protection_policy):
        policy_operations.run_now(protection_policy, timezone.now())


class PausePolicy(PolicyStateAction):
    name = "pause"
    from_states = (models.Policy.ACTIVE,)

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Pause", "Pause", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Paused", "Paused", count)

    def act(self, request, protection_policy):
        policy_operations.pause(protection_policy)


class ResumePolicy(PolicyStateAction):
    name = "resume"
    from_states = (models.Policy.PAUSED,)

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Resume", "Resume", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Resumed", "Resumed", count)

    def act(self, request, protection_policy):
        policy_operations.resume(protection_policy, timezone.now())


class ReauthorizePolicy(PolicyStateAction):
    name = "reauthorize"
    from_states = (models.Policy.NEEDS_REAUTH,)

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Re-authorize", "Re-authorize", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Re-authorized", "Re-authorized", count)

    def act(self, request, protection_policy):
        policy_operations.reauthorize(request, protection_policy,
                                      timezone.now())


def detail_link(protection_policy):
    return reverse("horizon:project:protection_policies:detail",
                   args=(protection_policy.pk,))


class PoliciesTable(tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"),
                                 link=detail_link)
    volumes = tables.WrappingColumn(describe.targets_text,
                                    verbose_name=_("Volumes"))
    schedule = tables.Column(describe.schedule_text,
                             verbose_name=_("Schedule"))
    retention = tables.WrappingColumn(describe.retention_text,
                                      verbose_name=_("Retention"))
    next_run_at = tables.Column("next_run_at", verbose_name=_("Next Run"),
                                filters=(content_filters.local_time,))
    last_run = tables.Column(describe.last_run_text,
                             verbose_name=_("Last Run"))
    state = tables.Column("state", verbose_name=_("State"),
                          display_choices=models.Policy.STATES)

    class Meta:
        name = "policies"
        verbose_name = _("Protection Policies")
        table_actions = (CreatePolicy,)
        row_actions = (RunNow, EditPolicy, PausePolicy, ResumePolicy,
                       ReauthorizePolicy, DeletePolicy)

    def get_object_id(self, protection_policy):
        return str(protection_policy.pk)

    def get_object_display(self, protection_policy):
        return protection_policy.name


class RunsTable(tables.DataTable):
    scheduled_for = tables.Column("scheduled_for",
                                  verbose_name=_("Scheduled For"),
                                  filters=(content_filters.local_time,))
    trigger = tables.Column("trigger", verbose_name=_("Trigger"),
                            display_choices=models.Run.TRIGGERS)
    state = tables.Column("state", verbose_name=_("State"),
                          display_choices=models.Run.STATES)
    protected = tables.Column("protected", verbose_name=_("Protected"))
    skipped = tables.Column("skipped", verbose_name=_("Skipped"))
    failed = tables.Column("failed", verbose_name=_("Failed"))
    deleted = tables.Column("deleted",
                            verbose_name=_("Deleted by Retention"))
    backed_up = tables.Column("backed_up", verbose_name=_("Backed Up"))
    late = tables.Column(describe.lateness_text,
                         verbose_name=_("Started Late By"), empty_value="-")
    duration = tables.Column(describe.duration_text,
                             verbose_name=_("Duration"), empty_value="-")
    reasons = tables.WrappingColumn(describe.run_reasons,
                                    verbose_name=_("Why"))

    class Meta:
        name = "runs"
        verbose_name = _("Runs")
        multi_select = False

    def get_object_id(self, run):
        return str(run.pk)
