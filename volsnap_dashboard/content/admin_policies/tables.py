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
