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

from django.conf import settings
from django.core import exceptions as django_exceptions
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import messages

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.checks import restore as restore_checks
from volsnap_dashboard.content import errors as content_errors
from volsnap_dashboard.content import views as content_views
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
    size = forms.IntegerField(
        required=False, min_value=1, max_value=2 ** 31 - 1,
        label=_("Size (GiB)"),
        help_text=_("At least the checkpoint's size (empty: that size); the "
                    "space beyond it reads as zeros."))
    volume_type = forms.ThemableChoiceField(
        required=False, label=_("Volume Type"),
        help_text=_("Cinder makes the volume on the checkpoint's backend, so "
                    "a type of another backend fails there; the volume's "
                    "status and messages then say why."))
    availability_zone = forms.ThemableChoiceField(
        required=False, label=_("Availability Zone"))

    def __init__(self, request, *args, **kwargs):
        self.checkpoint = kwargs.pop("checkpoint")
        super().__init__(request, *args, **kwargs)
        self.fields["size"].min_value = self.checkpoint.size
        self.fields["size"].widget.attrs["min"] = self.checkpoint.size
        types = content_views.reported(request, [],
                                       checkpoints.volume_type_list, request)
        self.fields["volume_type"].choices = [
            ("", _("The checkpoint's own"))] + [
            (t.name, _("%(name)s (default)") % {"name": t.name}
             if t.is_default else t.name) for t in types]
        self.zones = content_views.reported(
            request, None, checkpoints.availability_zone_list, request)
        self.fields["availability_zone"].choices = [
            ("", _("The checkpoint's own"))] + [
            (zone, zone) for zone in self.zones or ()]

    def clean(self):
        data = super().clean()
        problems = restore_checks.restore_problems(
            self.checkpoint, data.get("size"),
            data.get("availability_zone"), self.zones,
            getattr(settings, "VOLSNAP_RESTORE_SAME_ZONE", True))
        for field, message in problems.items():
            self.add_error(field, message)
        return data

    def handle(self, request, data):
        try:
            volume = operations.restore(
                request, recorder.journal(request), self.checkpoint,
                data["restore_name"], data["restore_description"] or None,
                size=data["size"], volume_type=data["volume_type"] or None,
                availability_zone=data["availability_zone"] or None)
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


class RevertForm(forms.SelfHandlingForm):
    """Reverts the checkpoint's volume in place. `check` is what
    checkpoint_revert_check answered in this request: (volume,
    checkpoint, refusal), refusal being what Cinder would refuse."""
    keep_copy = forms.BooleanField(
        required=False, initial=True,
        label=_("Keep the current data in a new volume first"),
        help_text=_("The volume's data as it is now is copied into a new "
                    "volume, which is then protected, before the revert "
                    "starts. (A checkpoint of the volume itself cannot keep "
                    "it: Cinder reverts only to a volume's newest snapshot.)"))
    copy_name = forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, required=False,
        label=_("Name of the Copy"))
    confirm = forms.BooleanField(
        label=_("I understand that everything written to the volume since "
                "this checkpoint is lost"))

    def __init__(self, request, *args, **kwargs):
        self.check = kwargs.pop("check")
        _volume, self.checkpoint, self.refusal = self.check
        super().__init__(request, *args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.refusal is not None:
            raise django_exceptions.ValidationError(str(self.refusal))
        if data.get("keep_copy") and not data.get("copy_name"):
            self.add_error("copy_name", _("Name the new volume that keeps "
                                          "the current data."))
        return data

    def handle(self, request, data):
        keep = None
        if data["keep_copy"]:
            description = (
                _("The data of volume %(volume)s before it was reverted to "
                  "checkpoint %(checkpoint)s.")
                % {"volume": self.checkpoint.volume_name,
                   "checkpoint": self.checkpoint.name})
            keep = (data["copy_name"],
                    description[:schemas.MAX_TEXT_LENGTH])
        try:
            kept = operations.revert(request, recorder.journal(request),
                                     self.checkpoint, keep=keep,
                                     checked=self.check)
        except exceptions.VolsnapError as exc:
            content_errors.expired(request, exc)
            self.api_error(str(exc))
            return False
        if kept is not None:
            messages.info(request, _(
                'The data before the revert is kept in volume "%(volume)s", '
                'with checkpoint "%(checkpoint)s".')
                % {"volume": kept.volume_name, "checkpoint": kept.name})
        messages.success(request, _(
            'Started reverting volume "%(volume)s" to checkpoint '
            '"%(checkpoint)s".')
            % {"volume": self.checkpoint.volume_name,
               "checkpoint": self.checkpoint.name})
        return True
