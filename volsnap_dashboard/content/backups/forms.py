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

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import views as content_views
from volsnap_dashboard.events import recorder
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import backups as operations
from volsnap_dashboard import schemas


def _failed(form, request, exc):
    content_errors.expired(request, exc)
    form.api_error(str(exc))
    return False


class BackUpForm(forms.SelfHandlingForm):
    name = forms.CharField(max_length=schemas.MAX_TEXT_LENGTH,
                           label=_("Backup Name"))
    description = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"))
    incremental = forms.BooleanField(
        required=False, label=_("Incremental"),
        help_text=_("Copies only what changed since the volume's newest "
                    "available backup from before this checkpoint; that "
                    "backup is then kept until this one is deleted. Cinder "
                    "refuses an incremental backup when there is none."))

    def __init__(self, request, *args, **kwargs):
        self.checkpoint = kwargs.pop("checkpoint")
        self.quota = kwargs.pop("quota")
        super().__init__(request, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.quota is not None and not self.quota.allows(
                self.checkpoint.size):
            raise forms.ValidationError(
                _("A backup of this checkpoint would exceed the project's "
                  "backup quota; delete backups it no longer needs, or ask "
                  "for more."))
        return cleaned

    def handle(self, request, data):
        try:
            backup = operations.back_up(
                request, recorder.journal(request), self.checkpoint,
                data["name"], data["description"] or "",
                incremental=data["incremental"])
        except exceptions.VolsnapError as exc:
            return _failed(self, request, exc)
        messages.success(request, _(
            'Started backing up checkpoint "%(checkpoint)s" as backup '
            '"%(backup)s".')
            % {"checkpoint": self.checkpoint.name, "backup": backup.name})
        return backup


class RestoreBackupForm(forms.SelfHandlingForm):
    restore_name = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, label=_("Volume Name"),
        help_text=_("The name of the new volume."))
    restore_description = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"))
    volume_type = forms.ThemableChoiceField(
        label=_("Volume Type"),
        help_text=_("The new volume's type: a backup can be restored onto "
                    "any backend."))
    size = forms.IntegerField(
        required=False, min_value=1, max_value=2 ** 31 - 1,
        label=_("Size (GiB)"),
        help_text=_("At least the backup's size (empty: that size)."))

    def __init__(self, request, *args, **kwargs):
        self.backup = kwargs.pop("backup")
        super().__init__(request, *args, **kwargs)
        self.fields["size"].min_value = self.backup.size
        self.fields["size"].widget.attrs["min"] = self.backup.size
        types = content_views.reported(request, [],
                                       checkpoints.volume_type_list, request)
        self.fields["volume_type"].choices = [
            (t.name, _("%(name)s (default)") % {"name": t.name}
             if t.is_default else t.name) for t in types]
        if types:
            self.fields["volume_type"].initial = types[0].name

    def clean_size(self):
        size = self.cleaned_data.get("size")
        if size is not None and size < self.backup.size:
            raise forms.ValidationError(
                _("At least the backup's size, %(size)d GiB.")
                % {"size": self.backup.size})
        return size

    def handle(self, request, data):
        try:
            volume = operations.restore(
                request, recorder.journal(request), self.backup,
                data["restore_name"], data["restore_description"] or None,
                data["volume_type"], size=data["size"])
        except exceptions.VolsnapError as exc:
            return _failed(self, request, exc)
        messages.success(request, format_html(
            _('Started restoring backup "{backup}" into the new volume '
              '<a href="{url}">{volume}</a>.'),
            backup=self.backup.name, volume=volume.name,
            url=reverse("horizon:project:volumes:detail", args=(volume.id,))),
            extra_tags="safe")
        return volume
