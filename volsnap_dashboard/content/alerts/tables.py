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

from horizon import tables

from volsnap_dashboard.alerts import models
from volsnap_dashboard.content import actions
from volsnap_dashboard.content.alerts import panel
from volsnap_dashboard.content import filters as content_filters
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import alerts as alert_operations

RULE_NAMES = dict(models.RULES)


class ScopedAction:
    """An action of the table's dashboard: the project's channels, or
    the admins'."""

    def scoped_url(self, name):
        return f"horizon:{self.table.dashboard}:alerts:{name}"

    def get_policy_target(self, request, datum=None):
        return {"project_id": request.user.project_id}


class CreateChannel(ScopedAction, tables.LinkAction):
    name = "create"
    verbose_name = _("Add Channel")
    classes = ("ajax-modal",)
    icon = "plus"
    policy_rules = panel.MANAGE_POLICY

    def get_link_url(self, datum=None):
        return reverse(self.scoped_url("create"))


class EditChannel(ScopedAction, tables.LinkAction):
    name = "edit"
    verbose_name = _("Edit")
    classes = ("ajax-modal",)
    policy_rules = panel.MANAGE_POLICY

    def get_link_url(self, datum=None):
        return reverse(self.scoped_url("edit"), args=(datum.pk,))


class ChannelAction(ScopedAction, actions.OncePerObject):
    policy_rules = panel.MANAGE_POLICY

    def channel(self, request, obj_id):
        return alert_operations.channel_get(self.table.scope(request),
                                            obj_id)


class SendTest(ChannelAction, tables.BatchAction):
    name = "send_test"
    help_text = _("The test alert is sent within seconds; its delivery "
                  "shows on the channel's page.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Send Test", "Send Tests", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Queued a test alert to",
                             "Queued test alerts to", count)

    def action(self, request, obj_id):
        alert_operations.send_test(self.channel(request, obj_id),
                                   timezone.now())


class DeleteChannel(ChannelAction, tables.DeleteAction):

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Channel", "Delete Channels", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Channel", "Deleted Channels", count)

    def delete(self, request, obj_id):
        try:
            alert_operations.channel_delete(self.channel(request, obj_id))
        except exceptions.NotFound:
            pass  # gone already: what the user wanted


def rules_text(channel):
    return ", ".join(str(RULE_NAMES[r]) for r in channel.rules
                     if r in RULE_NAMES) or _("None")


def last_delivery(channel):
    state = getattr(channel, "last_delivery_state", None)
    return dict(models.Delivery.STATES).get(state, _("Never sent"))


class ChannelsTable(tables.DataTable):
    name = tables.WrappingColumn("name", verbose_name=_("Name"),
                                 link=lambda channel: _detail_url(channel))
    kind = tables.Column("get_kind_display", verbose_name=_("Kind"))
    target = tables.WrappingColumn("target", verbose_name=_("Sends To"))
    rules = tables.Column(rules_text, verbose_name=_("Alerts When"))
    enabled = tables.Column("enabled", verbose_name=_("Enabled"),
                            filters=(lambda on: _("Yes") if on
                                     else _("No"),))
    last = tables.Column(last_delivery, verbose_name=_("Last Delivery"))

    # The dashboard the table is on: "project" or "admin".
    dashboard = "project"

    def scope(self, request):
        return request.user.project_id

    def get_object_id(self, datum):
        return str(datum.pk)

    class Meta:
        name = "channels"
        verbose_name = _("Alert Channels")
        table_actions = (CreateChannel, DeleteChannel)
        row_actions = (SendTest, EditChannel, DeleteChannel)


class AdminChannelsTable(ChannelsTable):
    dashboard = "admin"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admins' channels answer to the admin rule, not to the rule
        # of whichever project the admin is in.
        for action in self.base_actions.values():
            action.policy_rules = panel.ADMIN_POLICY

    def scope(self, request):
        return alert_operations.ADMINS

    class Meta(ChannelsTable.Meta):
        name = "admin_channels"


def _detail_url(channel):
    dashboard = "admin" if channel.project_id == alert_operations.ADMINS \
        else "project"
    return reverse(f"horizon:{dashboard}:alerts:detail", args=(channel.pk,))


def last_result(delivery):
    return delivery.log[-1]["result"] if delivery.log else _("Waiting")


class DeliveriesTable(tables.DataTable):
    created_at = tables.Column("created_at", verbose_name=_("Queued"),
                               filters=(content_filters.local_time,))
    event = tables.Column("get_event_display", verbose_name=_("Event"))
    subject = tables.WrappingColumn(
        lambda d: d.incident.subject if d.incident else _("Test alert"),
        verbose_name=_("About"))
    state = tables.Column("get_state_display", verbose_name=_("State"))
    attempts = tables.Column("attempts", verbose_name=_("Attempts"))
    result = tables.WrappingColumn(last_result,
                                   verbose_name=_("Last Answer"))

    def get_object_id(self, datum):
        return str(datum.pk)

    class Meta:
        name = "deliveries"
        verbose_name = _("Deliveries")
