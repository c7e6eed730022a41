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

"""The cloud admins' channels: alerts of every project; and the
projects' webhooks, which an admin may let reach a private target."""
from django.utils.translation import gettext_lazy as _

from horizon import tables

from volsnap_dashboard.content.admin_alerts import tables as admin_tables
from volsnap_dashboard.content.alerts import forms as alert_forms
from volsnap_dashboard.content.alerts import tables as alert_tables
from volsnap_dashboard.content.alerts import views
from volsnap_dashboard.content.snapshot_history import names
from volsnap_dashboard.events import names as event_names
from volsnap_dashboard.operations import alerts as alert_operations


class AdminScoped(views.Scoped):
    dashboard = "admin"
    form_class = alert_forms.AdminChannelForm

    def scope(self):
        return alert_operations.ADMINS


class IndexView(AdminScoped, tables.MultiTableView):
    table_classes = (alert_tables.AdminChannelsTable,
                     admin_tables.ProjectWebhooksTable)
    template_name = "volsnap_dashboard/alerts/admin_index.html"
    page_title = _("Protection Alerts")

    def get_admin_channels_data(self):
        return alert_operations.channel_list(self.scope())

    def get_project_webhooks_data(self):
        webhooks = alert_operations.project_webhooks()
        found = event_names.names_of(
            "project", sorted({w.project_id for w in webhooks}),
            names.account_session())
        for webhook in webhooks:
            webhook.shown_project = (found.get(webhook.project_id)
                                     or webhook.project_id)
        return webhooks


class CreateView(AdminScoped, views.CreateView):
    pass


class EditView(AdminScoped, views.EditView):
    pass


class DetailView(AdminScoped, views.DetailView):
    pass
