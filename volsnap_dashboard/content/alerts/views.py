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
from django.utils.translation import gettext_lazy as _

from horizon import exceptions as horizon_exceptions
from horizon import forms
from horizon import tables
from horizon.utils import memoized

from volsnap_dashboard.content.alerts import forms as alert_forms
from volsnap_dashboard.content.alerts import tables as alert_tables
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import alerts as alert_operations


class Scoped:
    """The project's channels; the admin panel's views say otherwise."""
    dashboard = "project"
    form_class = alert_forms.ChannelForm

    def scope(self):
        return self.request.user.project_id

    def url(self, name):
        return f"horizon:{self.dashboard}:alerts:{name}"


class IndexView(Scoped, tables.DataTableView):
    table_class = alert_tables.ChannelsTable
    page_title = _("Alerts")

    def get_data(self):
        return alert_operations.channel_list(self.scope())


class ChannelMixin(Scoped):

    @memoized.memoized_method
    def get_channel(self):
        try:
            return alert_operations.channel_get(self.scope(),
                                                self.kwargs["channel_id"])
        except exceptions.NotFound as exc:
            horizon_exceptions.handle(self.request, str(exc),
                                      redirect=reverse(self.url("index")))


class FormMixin(Scoped):
    template_name = "volsnap_dashboard/alerts/form.html"
    modal_id = "channel_modal"
    form_id = "channel_form"

    def get_success_url(self):
        return reverse(self.url("index"))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(scope=self.scope(), index_url=self.url("index"))
        return kwargs


class CreateView(FormMixin, forms.ModalFormView):
    submit_label = _("Add Channel")
    page_title = _("Add Alert Channel")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = reverse(self.url("create"))
        return context


class EditView(ChannelMixin, FormMixin, forms.ModalFormView):
    submit_label = _("Save")
    page_title = _("Edit Alert Channel")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["channel"] = self.get_channel()
        return kwargs

    def get_initial(self):
        channel = self.get_channel()
        return {"name": channel.name, "kind": channel.kind,
                "target": channel.target, "rules": channel.rules,
                "enabled": channel.enabled,
                "allow_private": channel.allow_private}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_url"] = reverse(self.url("edit"),
                                        args=(self.get_channel().pk,))
        context["secret_set"] = bool(self.get_channel().sealed_secret)
        return context


class DetailView(ChannelMixin, tables.DataTableView):
    table_class = alert_tables.DeliveriesTable
    template_name = "volsnap_dashboard/alerts/detail.html"
    page_title = _("Alert Channel: {{ channel.name }}")

    def get_data(self):
        return alert_operations.deliveries(self.get_channel())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        channel = self.get_channel()
        context.update(channel=channel,
                       rules_text=alert_tables.rules_text(channel),
                       index_url=reverse(self.url("index")))
        return context
