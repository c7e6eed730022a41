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

from django.utils.translation import gettext_lazy as _

from horizon import tables

from volsnap_dashboard.content.policies import tables as policy_tables


def stale_volumes(policy):
    stale = getattr(policy, "stale_volumes", ())
    return ", ".join(stale) or None


class AdminPoliciesTable(policy_tables.PoliciesTable):
    """The project table with every project's policies and their health;
    the actions stay with the project's members."""
    project = tables.Column("project_name", verbose_name=_("Project"))
    # The detail page is the project's own.
    name = tables.WrappingColumn("name", verbose_name=_("Name"))
    acts_for = tables.Column("trustor_name", verbose_name=_("Acts For"))
    state_reason = tables.WrappingColumn("state_reason",
                                         verbose_name=_("Why"),
                                         empty_value="")
    stale = tables.WrappingColumn(
        stale_volumes, verbose_name=_("Volumes Without a Recent Checkpoint"),
        empty_value="-")

    class Meta:
        name = "admin_policies"
        verbose_name = _("Protection Policies")
        columns = ("project", "name", "volumes", "schedule", "next_run_at",
                   "last_run", "state", "state_reason", "acts_for", "stale")
        multi_select = False
