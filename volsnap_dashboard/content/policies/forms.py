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

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from horizon import forms
from horizon import messages

from volsnap_dashboard.content import fields
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import policies as policy_operations
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import schedule
from volsnap_dashboard.policies import targets
from volsnap_dashboard import schemas
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

WEEKDAYS = ((1, _("Monday")), (2, _("Tuesday")), (3, _("Wednesday")),
            (4, _("Thursday")), (5, _("Friday")), (6, _("Saturday")),
            (0, _("Sunday")))
DAYS = [(str(d), str(d)) for d in range(1, 32)] + [
    (schedule.LAST_DAY, _("Last day of the month"))]
# More than this many of anything is a typing error, not a wish.
MAX_KEEP = 10000
MAX_SPREAD = 720
# The fields each kind of target uses.
TARGET_FIELDS = {"volume_ids": (targets.LISTED,),
                 "target_key": (targets.METADATA,),
                 "target_value": (targets.METADATA,),
                 "group_ids": (targets.GROUPS,),
                 "group_pattern": (targets.GROUP_NAME,)}
RETENTION_FIELDS = ("keep_last", "keep_days", "keep_daily", "keep_weekly",
                    "keep_monthly")
BACKUP_RETENTION_FIELDS = tuple(f"backup_{name}" for name in RETENTION_FIELDS)
BACKUP_FIELDS = ("backup_every", "backup_full_every",
                 "backup_delete_snapshot") + BACKUP_RETENTION_FIELDS
MAX_EVERY = 1000
# The fields each kind of schedule uses; Horizon's switchable fields show
# only those.
SCHEDULE_FIELDS = {
    "minute": (schedule.HOURLY, schedule.DAILY, schedule.WEEKLY,
               schedule.MONTHLY),
    "hour": (schedule.DAILY, schedule.WEEKLY, schedule.MONTHLY),
    "weekday": (schedule.WEEKLY,),
    "day": (schedule.MONTHLY,),
    "expression": (schedule.CRON,),
}


def minimum_interval():
    return datetime.timedelta(seconds=getattr(
        settings, "VOLSNAP_MIN_SCHEDULE_INTERVAL", 900))


def user_timezone(request):
    return request.session.get("django_timezone") or "UTC"


def keep_field(label, help_text):
    return forms.IntegerField(required=False, min_value=1,
                              max_value=MAX_KEEP, label=label,
                              help_text=help_text)


def every_field(label, help_text):
    return forms.IntegerField(required=False, min_value=1,
                              max_value=MAX_EVERY, label=label,
                              help_text=help_text)


def schedule_of(data):
    """The Schedule of cleaned form data; InvalidSchedule if it is not."""
    day = data.get("day") or "1"
    return schedule.Schedule(
        kind=data.get("schedule_kind"), timezone=data.get("timezone") or
        "UTC", minute=data.get("minute") or 0, hour=data.get("hour") or 0,
        weekday=int(data.get("weekday") or 0),
        day=day if day == schedule.LAST_DAY else int(day),
        expression=data.get("expression") or "")


class PolicyForm(forms.SelfHandlingForm):
    name = forms.CharField(max_length=MAX_TEXT,
                           label=_("Name"))
    description = forms.CharField(
        max_length=MAX_TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Description"))
    target = forms.ThemableChoiceField(
        label=_("Protect"), choices=models.Policy.TARGETS,
        help_text=_("A key or the whole project is resolved at each run: "
                    "a volume made later with the key, by the dashboard, "
                    "the CLI, Heat or Terraform, is protected from its "
                    "first run on."))
    volume_ids = forms.MultipleChoiceField(
        label=_("Volumes"), widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("The volumes this policy protects."))
    target_key = forms.CharField(
        label=_("Metadata key"), required=False, max_length=MAX_TEXT)
    target_value = forms.CharField(
        label=_("Metadata value"), required=False, max_length=MAX_TEXT,
        help_text=_("Blank: any value of the key."))
    group_ids = forms.MultipleChoiceField(
        label=_("Volume groups"), widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_(
            "Each run protects each group as one group checkpoint, and "
            "retention keeps or deletes group checkpoints whole."))
    group_pattern = forms.CharField(
        label=_("Group name pattern"), required=False, max_length=MAX_TEXT,
        help_text=_("Every volume group whose whole name matches, with * "
                    "for any text and ? for one character: db-*."))
    schedule_kind = forms.ThemableChoiceField(
        label=_("Schedule"), choices=models.Policy.KINDS)
    minute = forms.IntegerField(label=_("Minute"), min_value=0,
                                max_value=59, initial=0, required=False)
    hour = forms.IntegerField(label=_("Hour"), min_value=0, max_value=23,
                              initial=2, required=False)
    weekday = forms.ThemableChoiceField(label=_("Day of the week"),
                                        choices=WEEKDAYS, required=False)
    day = forms.ThemableChoiceField(label=_("Day of the month"),
                                    choices=DAYS, required=False)
    expression = forms.CharField(
        label=_("Cron expression"), required=False, max_length=MAX_TEXT,
        help_text=_("minute hour day-of-month month day-of-week, for "
                    "example 30 2 * * 1-5"))
    timezone = forms.ThemableChoiceField(label=_("Time zone"))
    spread_minutes = forms.IntegerField(
        label=_("Spread over (minutes)"), min_value=0, max_value=MAX_SPREAD,
        initial=0, required=False,
        help_text=_("Each run starts up to this many minutes after its "
                    "time, at an offset fixed for this policy, so that "
                    "many policies at the same hour do not all reach "
                    "the block storage service in the same second."))
    keep_last = keep_field(_("Keep the last"),
                           _("checkpoints of this policy per volume"))
    keep_days = keep_field(_("Keep those younger than"), _("days"))
    keep_daily = keep_field(_("Keep daily"), _("the newest checkpoint of "
                                               "each of this many days"))
    keep_weekly = keep_field(_("Keep weekly"), _("the newest of each of "
                                                 "this many weeks"))
    keep_monthly = keep_field(_("Keep monthly"), _("the newest of each of "
                                                   "this many months"))
    backup_every = every_field(
        _("Back up every"),
        _("runs (1: each run). The run's checkpoint is copied to the "
          "backup service, which survives the loss of the volumes' "
          "storage. Blank: no backups."))
    backup_full_every = every_field(
        _("A full backup every"),
        _("backups, incremental ones between (1: always full). Blank: "
          "only the first is full, and the chain never ends, so backup "
          "retention cannot delete any."))
    backup_keep_last = keep_field(_("Keep the last"),
                                  _("backups of this policy per volume"))
    backup_keep_days = keep_field(_("Keep backups younger than"), _("days"))
    backup_keep_daily = keep_field(_("Keep daily backups"),
                                   _("the newest backup of each of this "
                                     "many days"))
    backup_keep_weekly = keep_field(_("Keep weekly backups"),
                                    _("the newest of each of this many "
                                      "weeks"))
    backup_keep_monthly = keep_field(_("Keep monthly backups"),
                                     _("the newest of each of this many "
                                       "months"))
    backup_delete_snapshot = fields.CheckBox(
        required=False, label=_("Delete the snapshot once backed up"),
        help_text=_("Snapshot, back up, delete the snapshot: the backup "
                    "stays, and the storage holds no snapshot. A failed "
                    "backup keeps its snapshot."))
    force = fields.CheckBox(
        required=False, label=_("Snapshot attached volumes (force)"),
        help_text=_("Off: attached volumes are skipped and the run says "
                    "why. A snapshot of an attached volume may be "
                    "inconsistent."))

    def __init__(self, request, *args, **kwargs):
        self.protection_policy = kwargs.pop("policy", None)
        volumes = kwargs.pop("volumes")
        volume_groups = kwargs.pop("groups", ())
        super().__init__(request, *args, **kwargs)
        self.fields["volume_ids"].choices = volumes
        self.fields["group_ids"].choices = volume_groups
        for switch, switched in (("schedule_kind", SCHEDULE_FIELDS),
                                 ("target", TARGET_FIELDS)):
            self.fields[switch].widget.attrs.update(
                {"class": "switchable", "data-slug": switch})
            for name, kinds in switched.items():
                field = self.fields[name]
                field.widget.attrs.update(
                    {"class": "switched", "data-switch-on": switch},
                    **{f"data-{switch}-{kind}": field.label
                       for kind in kinds})
        self.fields["timezone"].choices = [
            (zone, zone) for zone in sorted(zoneinfo.available_timezones())]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if schemas.text_problem(name):
            raise forms.ValidationError(
                _("The name must not contain control characters or "
                  "characters that reorder text."))
        return name

    def clean(self):
        cleaned = super().clean()
        self._clean_targets(cleaned)
        self._clean_backups(cleaned)
        if "schedule_kind" in self.errors or "timezone" in self.errors:
            return cleaned
        field = ("expression" if cleaned.get("schedule_kind")
                 == schedule.CRON else "schedule_kind")
        try:
            schedule_of(cleaned).validate(minimum_interval())
        except schedule.InvalidSchedule as exc:
            self.add_error(field, str(exc))
            return cleaned
        spread = datetime.timedelta(minutes=cleaned.get("spread_minutes")
                                    or 0)
        if spread and spread >= schedule.shortest_interval(
                schedule_of(cleaned)):
            self.add_error("spread_minutes", _(
                "The spread must be shorter than the time between two runs "
                "of the schedule."))
        return cleaned

    def _clean_targets(self, cleaned):
        kind = cleaned.get("target")
        if kind == targets.LISTED and not cleaned.get("volume_ids"):
            self.add_error("volume_ids", _("Choose at least one volume."))
        if kind == targets.METADATA:
            for name in ("target_key", "target_value"):
                if schemas.text_problem(cleaned.get(name) or ""):
                    self.add_error(name, _(
                        "It must not contain control characters or "
                        "characters that reorder text."))
            if not (cleaned.get("target_key") or "").strip():
                self.add_error("target_key", _(
                    "Name the metadata key the volumes carry."))
        if kind == targets.GROUPS and not cleaned.get("group_ids"):
            self.add_error("group_ids", _("Choose at least one group."))
        if kind == targets.GROUP_NAME:
            pattern = cleaned.get("group_pattern") or ""
            if not pattern.strip():
                self.add_error("group_pattern", _(
                    "Give the pattern the groups' names match."))
            elif schemas.text_problem(pattern):
                self.add_error("group_pattern", _(
                    "It must not contain control characters or characters "
                    "that reorder text."))
        if kind in targets.GROUP_KINDS and cleaned.get("backup_every"):
            self.add_error("backup_every", _(
                "A policy over volume groups has no backup tier."))

    def _clean_backups(self, cleaned):
        if not cleaned.get("backup_every"):
            for name in BACKUP_FIELDS[1:]:
                if cleaned.get(name):
                    self.add_error(name, _(
                        "Say how often to back up first, or clear this."))
            return
        if (not cleaned.get("backup_full_every")
                and any(cleaned.get(name)
                        for name in BACKUP_RETENTION_FIELDS)):
            self.add_error("backup_full_every", _(
                "Backup retention needs a full backup now and then: every "
                "incremental backup depends on those before it, back to "
                "the full one, and none of them can go while it stays."))

    def policy_values(self, data):
        values = {name: data.get(name) for name in
                  ("name", "description", "force") + RETENTION_FIELDS
                  + BACKUP_FIELDS}
        values["backup_delete_snapshot"] = bool(
            data.get("backup_delete_snapshot"))
        kind = data["target"]
        values.update(
            target=kind,
            volume_ids=(list(dict.fromkeys(data.get("volume_ids") or ()))
                        if kind == targets.LISTED else []),
            target_key=((data.get("target_key") or "").strip()
                        if kind == targets.METADATA else ""),
            target_value=((data.get("target_value") or "").strip()
                          if kind == targets.METADATA else ""),
            group_ids=(list(dict.fromkeys(data.get("group_ids") or ()))
                       if kind == targets.GROUPS else []),
            group_pattern=((data.get("group_pattern") or "").strip()
                           if kind == targets.GROUP_NAME else ""),
            spread_minutes=data.get("spread_minutes") or 0,
            schedule_kind=data["schedule_kind"],
            minute=data.get("minute") or 0, hour=data.get("hour") or 0,
            weekday=int(data.get("weekday") or 0),
            day=data.get("day") or "1",
            expression=data.get("expression") or "",
            timezone=data["timezone"],
            description=data.get("description") or "",
            force=bool(data.get("force")))
        values["next_run_at"] = schedule.next_run(schedule_of(data),
                                                  timezone.now())
        return values


class CreatePolicyForm(PolicyForm):

    def handle(self, request, data):
        try:
            created = policy_operations.create(request,
                                               self.policy_values(data))
        except exceptions.VolsnapError as exc:
            self.api_error(str(exc))
            return False
        messages.success(request, _('Created protection policy "%s".')
                         % created.name)
        return created


class EditPolicyForm(PolicyForm):

    def handle(self, request, data):
        policy_operations.edit(self.protection_policy,
                               self.policy_values(data))
        messages.success(request, _('Saved protection policy "%s".')
                         % data["name"])
        return True


class DeletePolicyForm(forms.SelfHandlingForm):
    KEEP, DELETE = "keep", "delete"
    checkpoints = forms.ThemableChoiceField(
        label=_("The policy's checkpoints"),
        choices=((KEEP, _("Keep them")),
                 (DELETE, _("Delete them as well"))), initial=KEEP)

    def __init__(self, request, *args, **kwargs):
        self.protection_policy = kwargs.pop("policy")
        super().__init__(request, *args, **kwargs)

    def handle(self, request, data):
        failures = policy_operations.delete(
            request, self.protection_policy,
            with_checkpoints=data["checkpoints"] == self.DELETE)
        if failures:
            self.api_error(_("The policy was kept: %s") % "; ".join(
                failures[:3]))
            return False
        messages.success(request, _('Deleted protection policy "%s".')
                         % self.protection_policy.name)
        return True
