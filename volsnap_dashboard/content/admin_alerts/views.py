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

"""The cloud admins' channels: alerts of every project."""
from volsnap_dashboard.content.alerts import forms as alert_forms
from volsnap_dashboard.content.alerts import tables as alert_tables
from volsnap_dashboard.content.alerts import views
from volsnap_dashboard.operations import alerts as alert_operations


class AdminScoped(views.Scoped):
    dashboard = "admin"
    form_class = alert_forms.AdminChannelForm

    def scope(self):
        return alert_operations.ADMINS


class IndexView(AdminScoped, views.IndexView):
    table_class = alert_tables.AdminChannelsTable


class CreateView(AdminScoped, views.CreateView):
    pass


class EditView(AdminScoped, views.EditView):
    pass


class DetailView(AdminScoped, views.DetailView):
    pass
