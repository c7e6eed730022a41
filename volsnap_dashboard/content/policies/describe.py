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

"""Policies and runs in words, for the tables and the detail page."""
import datetime

from django.utils import timesince
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from horizon import tables

from volsnap_dashboard.policies import backups
from volsnap_dashboard.policies import coverage
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import objective
from volsnap_dashboard.policies import schedule
from volsnap_dashboard.policies import targets

WEEKDAY_NAMES = {0: _("Sunday"), 1: _("Monday"), 2: _("Tuesday"),
                 3: _("Wednesday"), 4: _("Thursday"), 5: _("Friday"),
                 6: _("Saturday")}


def schedule_text(policy):
    values = {"minute": policy.minute, "hour": policy.hour,
              "day": policy.day, "zone": policy.timezone,
              "weekday": WEEKDAY_NAMES.get(policy.weekday, policy.weekday),
              "cron": policy.expression}
    texts = {
        schedule.HOURLY: _("Hourly at minute %(minute)d"),
        schedule.DAILY: _("Daily at %(hour)02d:%(minute)02d"),
        schedule.WEEKLY: _("Weekly on %(weekday)s at "
                           "%(hour)02d:%(minute)02d"),
        schedule.MONTHLY: _("Monthly on day %(day)s at "
                            "%(hour)02d:%(minute)02d"),
        schedule.CRON: _("Cron %(cron)s"),
    }
    text = (texts[policy.schedule_kind] + " (%(zone)s)") % values
    if policy.spread_minutes:
        text = _("%(schedule)s, spread over %(minutes)d min (this policy "
                 "starts %(offset)s after each time)") % {
            "schedule": text, "minutes": policy.spread_minutes,
            "offset": offset_text(policy.spread_offset())}
    return text


def offset_text(offset):
    minutes, seconds = divmod(int(offset.total_seconds()), 60)
    return _("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}


def retention_text(policy):
    return rules_text(policy.get_retention())


def rules_text(rules):
    parts = [text % value for value, text in (
        (rules.keep_last, _("last %d")),
        (rules.keep_days, _("%d days")),
        (rules.keep_daily, _("%d daily")),
        (rules.keep_weekly, _("%d weekly")),
        (rules.keep_monthly, _("%d monthly"))) if value]
    return ", ".join(str(p) for p in parts) or _("Keep all")


def backup_text(policy):
    tier = policy.get_backup_tier()
    if not tier.enabled:
        return _("No backups")
    parts = [_("Every run") if tier.every == 1
             else _("Every %d runs") % tier.every,
             _("a full one every %d backups") % tier.full_every
             if tier.full_every else _("incremental after the first"),
             _("keep %s") % rules_text(tier.retention)]
    if tier.delete_snapshot:
        parts.append(_("the snapshot is deleted once backed up"))
    return ", ".join(str(p) for p in parts)


KIND_TEXTS = {backups.FULL: _("full backup"),
              backups.INCREMENTAL: _("incremental backup")}


def last_run_text(policy):
    """From the view's annotation: no query per row."""
    state = getattr(policy, "last_run_state", None)
    return dict(models.Run.STATES).get(state, _("Never"))


def duration_text(run):
    if run.duration is None:
        return None
    return _("%.1f s") % run.duration.total_seconds()


def lateness_text(run):
    """How long after it was due the run started, past a minute (a
    scheduler's look comes every poll interval)."""
    late = run.lateness
    if late is None or late < datetime.timedelta(minutes=1):
        return None
    return offset_text(late)


def run_reasons(run):
    reasons = [f"{outcome.get('name') or unit_id}: {outcome[field]}"
               for unit_id, outcome in (run.volumes or {}).items()
               for field in ("reason", "backup_reason")
               if outcome.get(field)]
    return "; ".join([run.reason] + reasons if run.reason else reasons)


def next_runs(policy, count=5):
    """When the next runs start, each slot plus the policy's spread, and
    what each backs up (KIND_TEXTS, or None), were no run-now between."""
    offset = policy.spread_offset()
    slots = schedule.runs_after(policy.get_schedule(),
                                timezone.now() - offset, count)
    return [(slot + offset, KIND_TEXTS.get(policy.backup_kind(sequence)))
            for sequence, slot in enumerate(slots, policy.runs_made + 1)]


def policy_names(project_id):
    """{policy id (as Cinder metadata holds it): name}, one query."""
    return {str(pk): name for pk, name in models.Policy.objects.filter(
        project_id=project_id).values_list("pk", "name")}


def covering_policies(project_id, volumes):
    """{volume id: [(policy, why), ...]} for `volumes` (each with its id,
    metadata and group): which policies cover each and why (listed, by
    metadata, the whole project, in a group a policy protects), in one
    query."""
    found = {}
    for protection_policy in coverage.with_last_units(
            models.Policy.objects.filter(project_id=project_id)):
        if protection_policy.target in targets.GROUP_KINDS:
            groups = coverage.units_of(protection_policy)
            covering = [(volume, _("In volume group %s") % (
                groups[volume.group_id] or volume.group_id))
                for volume in volumes if volume.group_id in groups]
        else:
            covering = [(volume, protection_policy.get_targets().why(volume))
                        for volume in volumes]
        for volume, why in covering:
            if why:
                found.setdefault(volume.id, []).append(
                    (protection_policy, why))
    return found


def policies_by_volume(covering):
    """{volume id: ["policy (why)", ...]} of covering_policies()."""
    return {volume_id: [f"{p.name} ({why})" for p, why in found]
            for volume_id, found in covering.items()}


def standing_text(standing):
    """A volume's recovery point against its objective, in words."""
    now = timezone.now()
    objective_text = timesince.timesince(now - standing.objective, now)
    if standing.state == objective.NEVER:
        return _("At risk: never protected (objective %s)") % objective_text
    values = {"age": timesince.timesince(now - standing.age, now),
              "objective": objective_text}
    if standing.state == objective.PAST:
        return _("At risk: newest %(age)s ago, objective %(objective)s") % (
            values)
    return _("Met: newest %(age)s ago, objective %(objective)s") % values


def targets_text(policy):
    """What the policy protects, in words."""
    if policy.target == targets.GROUPS:
        return _("%d listed volume groups") % len(policy.group_ids)
    return policy.get_targets().describe() or (
        _("%d listed volumes") % len(policy.volume_ids))


class LookupColumn(tables.Column):
    """A column whose value the table looks up once per page: the
    table's `lookup_name` method gives {key: value}, `key` the datum's."""

    def __init__(self, key, lookup_name, **kwargs):
        super().__init__(key, **kwargs)
        self.lookup_name = lookup_name

    def get_raw_data(self, datum):
        value = getattr(self.table, self.lookup_name)().get(
            getattr(datum, self.transform))
        if isinstance(value, list):
            value = ", ".join(value)
        return value or None
