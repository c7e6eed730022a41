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
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import messages

from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import fields
from volsnap_dashboard.events import recorder
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import checkpoints as operations
from volsnap_dashboard import schemas


class ProtectForm(forms.SelfHandlingForm):
    snapshot_name = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, label=_("Snapshot Name"),
        help_text=_("The name of the volume snapshot."))
    description = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"),
        help_text=_("The description of the volume snapshot."))
    force = fields.CheckBox(
        required=False, label=_("Force"),
        help_text=_("Create the snapshot even if the volume is attached to "
                    "an instance."))

    def __init__(self, request, *args, **kwargs):
        self.volume = kwargs.pop("volume")
        self.quota = kwargs.pop("quota")
        super().__init__(request, *args, **kwargs)
        if self.volume.status != "in-use":
            del self.fields["force"]

    def clean(self):
        cleaned = super().clean()
        if self.quota is not None and not self.quota.allows(self.volume.size):
            raise forms.ValidationError(
                _("Requested snapshot would exceed the allowed quota."))
        return cleaned

    def handle(self, request, data):
        try:
            checkpoint = operations.protect(
                request, recorder.journal(request), self.volume.id,
                self.volume.name, data["snapshot_name"], data["description"],
                bool(data.get("force")))
        except exceptions.VolsnapError as exc:
            content_errors.expired(request, exc)
            self.api_error(str(exc))
            return False
        messages.success(request, format_html(
            _('Started protecting volume "{volume}" as checkpoint '
              '<a href="{url}">{checkpoint}</a>.'),
            volume=self.volume.name, checkpoint=checkpoint.name,
            url=reverse("horizon:project:checkpoints:detail",
                        args=(checkpoint.id,))),
            extra_tags="safe")
        return checkpoint
