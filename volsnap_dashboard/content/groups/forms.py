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
from volsnap_dashboard.operations import groups as operations
from volsnap_dashboard import schemas

DETAIL_URL = "horizon:project:checkpoints:group_detail"


def _name_field(label, help_text, required=True):
    return forms.CharField(max_length=schemas.MAX_TEXT_LENGTH, label=label,
                           help_text=help_text, required=required)


def _description_field(help_text):
    return forms.CharField(
        max_length=schemas.MAX_TEXT_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), label=_("Description"),
        help_text=help_text)


class GroupForm(forms.SelfHandlingForm):
    def call(self, request, operation, *args, **kwargs):
        """(the operation's result, whether it was done whole): a failure
        is shown in the dialog (None, False); once Cinder took it, on the
        next page with what it took (Cinder is at work: submitting again
        would do it twice)."""
        try:
            return operation(request, recorder.journal(request), *args,
                             **kwargs), True
        except exceptions.PartlyDone as exc:
            messages.warning(request, str(exc))
            return exc.made, False
        except exceptions.VolsnapError as exc:
            content_errors.expired(request, exc)
            self.api_error(str(exc))
            return None, False


class ProtectGroupForm(GroupForm):
    name = _name_field(_("Checkpoint Name"),
                       _("The name of the group snapshot and of each "
                         "member's snapshot."))
    description = _description_field(_("The description of the group "
                                       "snapshot."))

    def __init__(self, request, *args, **kwargs):
        self.group = kwargs.pop("group")
        self.sizes = kwargs.pop("sizes")
        self.quota = kwargs.pop("quota")
        self.consistency = kwargs.pop("consistency")
        super().__init__(request, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.quota is not None and not self.quota.allows_total(
                len(self.sizes), sum(self.sizes)):
            raise forms.ValidationError(
                _("A checkpoint of this group needs %(count)d snapshots and "
                  "%(size)d GiB at once, more than the quota leaves.")
                % {"count": len(self.sizes), "size": sum(self.sizes)})
        return cleaned

    def handle(self, request, data):
        made, whole = self.call(request, operations.protect, self.group,
                                data["name"], data["description"],
                                consistency=self.consistency)
        if whole:
            messages.success(request, format_html(
                _('Started protecting group "{group}" as group checkpoint '
                  '<a href="{url}">{checkpoint}</a>.'),
                group=self.group.name, checkpoint=made.name,
                url=reverse(DETAIL_URL, args=(made.id,))), extra_tags="safe")
        return made or False


class RestoreGroupForm(GroupForm):
    group_name = _name_field(_("New Group Name"),
                             _("The name of the new volume group."))
    description = _description_field(_("The description of the new group."))

    def __init__(self, request, *args, **kwargs):
        self.group_checkpoint = kwargs.pop("group_checkpoint")
        super().__init__(request, *args, **kwargs)
        for number, member in enumerate(self.group_checkpoint.members):
            self.fields[f"volume_{number}"] = _name_field(
                _("Volume from %(name)s") % {
                    "name": member.volume_name or member.volume_id},
                _("The name of the new volume restored from this member."))

    def handle(self, request, data):
        names = {member.id: data[f"volume_{number}"] for number, member
                 in enumerate(self.group_checkpoint.members)}
        restored, whole = self.call(request, operations.restore,
                                    self.group_checkpoint,
                                    data["group_name"], names,
                                    data["description"])
        if whole:
            messages.success(request, _(
                'Started restoring group checkpoint "%(checkpoint)s" into '
                'the new group "%(group)s".') % {
                    "checkpoint": self.group_checkpoint.name,
                    "group": restored.name})
        return restored or False
