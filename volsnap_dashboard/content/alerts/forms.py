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

import urllib.parse

from django.core import validators
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from horizon import exceptions as horizon_exceptions
from horizon import forms
from horizon import messages

from volsnap_dashboard.alerts import models
from volsnap_dashboard.content import fields
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import alerts as alert_operations
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

MAX_URL = 2000
MAX_ADDRESSES = 10
MAX_SECRET = 256


def addresses(text):
    """The e-mail addresses of a comma-separated list, each checked."""
    found = [a.strip() for a in text.split(",") if a.strip()]
    if not found:
        raise forms.ValidationError(_("Give at least one address."))
    if len(found) > MAX_ADDRESSES:
        raise forms.ValidationError(_("Give at most %d addresses.")
                                    % MAX_ADDRESSES)
    for address in found:
        validators.validate_email(address)
    return ", ".join(found)


def webhook_url(text):
    text = text.strip()
    validators.URLValidator(schemes=("http", "https"))(text)
    parts = urllib.parse.urlsplit(text)
    if parts.username or parts.password:
        raise forms.ValidationError(_("Put no login in the URL; the "
                                      "secret signs each alert."))
    return text


class ChannelForm(forms.SelfHandlingForm):
    name = forms.CharField(max_length=MAX_TEXT, label=_("Name"))
    kind = forms.ThemableChoiceField(label=_("Kind"),
                                     choices=models.Channel.KINDS)
    target = forms.CharField(
        max_length=MAX_URL, label=_("URL or addresses"),
        help_text=_("A webhook's https:// URL, or e-mail addresses "
                    "separated by commas."))
    secret = forms.CharField(
        required=False, max_length=MAX_SECRET, label=_("Signing secret"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Webhooks: the key of the HMAC-SHA256 signature the "
                    "receiver checks. It is never shown again; leave it "
                    "empty to keep the one set."))
    rules = forms.MultipleChoiceField(
        label=_("Alert when"), choices=models.RULES,
        widget=forms.CheckboxSelectMultiple)
    enabled = fields.CheckBox(required=False, initial=True,
                              label=_("Enabled"))

    def __init__(self, request, *args, **kwargs):
        self.channel = kwargs.pop("channel", None)
        self.scope = kwargs.pop("scope")
        self.index_url = kwargs.pop("index_url")
        super().__init__(request, *args, **kwargs)

    def clean(self):
        data = super().clean()
        target = data.get("target")
        try:
            if target and data.get("kind") == models.Channel.WEBHOOK:
                data["target"] = webhook_url(target)
                if not data.get("secret") and not (
                        self.channel and self.channel.sealed_secret):
                    self.add_error("secret", _("A webhook needs a secret "
                                               "to sign its alerts."))
            elif target:
                data["target"] = addresses(target)
        except forms.ValidationError as exc:
            self.add_error("target", exc)
        return data

    def handle(self, request, data):
        try:
            if self.channel is None:
                channel = alert_operations.channel_create(
                    self.scope, data, request.user.username)
                messages.success(request, _('Created alert channel "%s".')
                                 % channel.name)
            else:
                channel = alert_operations.channel_update(self.channel, data)
                messages.success(request, _('Saved alert channel "%s".')
                                 % channel.name)
        except exceptions.VolsnapError as exc:
            horizon_exceptions.handle(request, str(exc),
                                      redirect=reverse(self.index_url))
            return False
        return channel


class AdminChannelForm(ChannelForm):
    allow_private = fields.CheckBox(
        required=False, label=_("Allow private target"),
        help_text=_("Let this webhook reach its own host and port even if "
                    "it is loopback, link-local or a refused network. Only "
                    "for a receiver you trust."))
