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

"""The projects' webhooks, which an admin may let reach a private
target."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from horizon import tables

from volsnap_dashboard.content import actions
from volsnap_dashboard.content.alerts import panel
from volsnap_dashboard.content.alerts import tables as alert_tables
from volsnap_dashboard.operations import alerts as alert_operations


class PrivateTargetAction(actions.OncePerObject, tables.BatchAction):
    policy_rules = panel.ADMIN_POLICY
    # What the action sets allow_private to.
    allow = True

    def allowed(self, request, channel=None):
        return channel is None or channel.allow_private != self.allow

    def action(self, request, obj_id):
        alert_operations.private_target_set(obj_id, self.allow,
                                            request.user.username)


class AllowPrivateTarget(PrivateTargetAction):
    name = "allow_private"
    help_text = _("The webhook may then reach its own host and port even "
                  "if it is loopback, link-local or a refused network, "
                  "through whatever address its name resolves to when it "
                  "sends. Only for a receiver you trust. A project that "
                  "changes the URL loses the allow.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Allow Private Target", "Allow Private Targets",
                             count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Allowed a private target for",
                             "Allowed private targets for", count)


class RefusePrivateTarget(PrivateTargetAction):
    name = "refuse_private"
    allow = False
    action_type = "danger"

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Refuse Private Target",
                             "Refuse Private Targets", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Refused a private target for",
                             "Refused private targets for", count)


class ProjectWebhooksTable(tables.DataTable):
    project = tables.Column("shown_project", verbose_name=_("Project"))
    name = tables.WrappingColumn("name", verbose_name=_("Name"))
    target = tables.WrappingColumn("target", verbose_name=_("Sends To"))
    allow_private = tables.Column(
        "allow_private", verbose_name=_("Private Target"),
        filters=(lambda on: _("Allowed") if on else _("Refused"),))
    last = tables.Column(alert_tables.last_delivery,
                         verbose_name=_("Last Delivery"))

    def get_object_id(self, datum):
        return str(datum.pk)

    class Meta:
        name = "project_webhooks"
        verbose_name = _("Projects' Webhooks")
        row_actions = (AllowPrivateTarget, RefusePrivateTarget)
