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
from volsnap_dashboard.events import recorder
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import checkpoints as operations
from volsnap_dashboard import schemas


class RestoreForm(forms.SelfHandlingForm):
    restore_name = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, label=_("Volume Name"),
        help_text=_("The name of the new volume."))
    restore_description = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Description"),
        help_text=_("The description of the new volume."))

    def __init__(self, request, *args, **kwargs):
        self.checkpoint = kwargs.pop("checkpoint")
        super().__init__(request, *args, **kwargs)

    def handle(self, request, data):
        try:
            volume = operations.restore(
                request, recorder.journal(request), self.checkpoint,
                data["restore_name"], data["restore_description"] or None)
        except exceptions.VolsnapError as exc:
            content_errors.expired(request, exc)
            self.api_error(str(exc))
            return False
        messages.success(request, format_html(
            _('Started restoring checkpoint "{checkpoint}" into the new '
              'volume <a href="{url}">{volume}</a>.'),
            checkpoint=self.checkpoint.name, volume=volume.name,
            url=reverse("horizon:project:volumes:detail", args=(volume.id,))),
            extra_tags="safe")
        return volume
