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

"""Schedule arithmetic of protection policies: pure functions of a
schedule and a clock, computed in the schedule's own time zone (so a
daily 02:30 stays 02:30 across DST changes) and returned in UTC."""
import dataclasses
import datetime
import hashlib
import zoneinfo

import croniter

from volsnap_dashboard.i18n import _

HOURLY, DAILY, WEEKLY, MONTHLY, CRON = (
    "hourly", "daily", "weekly", "monthly", "cron")
LAST_DAY = "last"
UTC = datetime.timezone.utc


class InvalidSchedule(ValueError):
    """The schedule cannot run; the message says why, for the user."""


@dataclasses.dataclass(frozen=True)
class Schedule:
    kind: str
    timezone: str = "UTC"
    minute: int = 0
    hour: int = 0
    # 0 is Sunday, as cron has it.
    weekday: int = 0
    # 1 to 31, or LAST_DAY.
    day: object = 1
    expression: str = ""

    def cron(self):
        """The schedule as a cron expression in its own time zone."""
        if self.kind == CRON:
            return self.expression.strip()
        fields = {
            HOURLY: (self.minute, "*", "*", "*", "*"),
            DAILY: (self.minute, self.hour, "*", "*", "*"),
            WEEKLY: (self.minute, self.hour, "*", "*", self.weekday),
            MONTHLY: (self.minute, self.hour,
                      "L" if self.day == LAST_DAY else self.day, "*", "*"),
        }
        if self.kind not in fields:
            raise InvalidSchedule(_("Unknown schedule kind %s.") % self.kind)
        return " ".join(str(field) for field in fields[self.kind])

    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InvalidSchedule(
                _("Unknown time zone %s.") % self.timezone)

    def validate(self, minimum_interval):
        """Raises InvalidSchedule unless the schedule can run and runs
        no more often than every `minimum_interval` (a timedelta)."""
        expression = self.cron()
        if len(expression.split()) != 5 or not croniter.croniter.is_valid(
                expression):
            raise InvalidSchedule(
                _("%s is not a valid cron expression (minute hour "
                  "day-of-month month day-of-week).") % expression)
        shortest = shortest_interval(self)
        if shortest is None:
            raise InvalidSchedule(_("This schedule never runs."))
        if shortest < minimum_interval:
            raise InvalidSchedule(
                _("This schedule runs every %(every)s at times; the "
                  "shortest interval allowed is %(minimum)s.")
                % {"every": shortest, "minimum": minimum_interval})


def runs_after(schedule, after, count):
    """The next `count` run times strictly after `after`, in UTC."""
    zone = schedule.zone()
    try:
        times = croniter.croniter(schedule.cron(), after.astimezone(zone))
        return [times.get_next(datetime.datetime).astimezone(UTC)
                for _ in range(count)]
    except (croniter.CroniterBadCronError, croniter.CroniterBadDateError,
            croniter.CroniterNotAlphaError, ValueError, KeyError):
        return []


def next_run(schedule, after):
    runs = runs_after(schedule, after, 1)
    return runs[0] if runs else None


def shortest_interval(schedule, start=None, sample=400):
    """The shortest gap between two runs over the next `sample` runs
    (long enough to see every weekday, month end and DST change)."""
    start = start or datetime.datetime(2026, 1, 1, tzinfo=UTC)
    runs = runs_after(schedule, start, sample)
    if len(runs) < 2:
        return None
    return min(later - earlier for earlier, later in zip(runs, runs[1:]))


def spread_offset(policy_id, spread_minutes):
    """How long after each slot the policy starts: fixed per policy (a
    hash of its id), evenly spread over `spread_minutes`, so a thousand
    policies at 02:00 do not all reach Cinder in the same second."""
    if not spread_minutes or policy_id is None:
        return datetime.timedelta()
    digest = hashlib.sha256(f"volsnap-spread-{policy_id}".encode()).digest()
    return datetime.timedelta(
        seconds=int.from_bytes(digest[:8], "big") % (spread_minutes * 60))


def alive_during(lives, start, end):
    """Whether any scheduler life (started, last seen) overlaps the
    moment range [start, end]."""
    return any(started <= end and seen >= start for started, seen in lives)


@dataclasses.dataclass(frozen=True)
class Slots:
    """What a scheduler does at `now` for a policy whose slot `due` came."""
    # The slot to run now, if any.
    run: datetime.datetime
    # Older slots that were not run, to be recorded as missed, each
    # with its reason: {slot: reason}.
    missed: dict
    # The policy's next slot.
    next_slot: datetime.datetime


def runs_back_from(schedule, until, count):
    """Up to `count` run times at or before `until`, newest first."""
    zone = schedule.zone()
    times = croniter.croniter(
        schedule.cron(),
        (until + datetime.timedelta(seconds=1)).astimezone(zone))
    return [times.get_prev(datetime.datetime).astimezone(UTC)
            for _ in range(count)]


def plan_slots(schedule, due, now, grace, lives=(), offset=None,
               max_missed=100):
    """Which slots from `due` up to `now` run, and which are missed.

    A slot is due at itself plus `offset` (the policy's spread). Only
    the newest due slot runs, however late: schedulers that were alive
    (`lives`, see alive_during) but busy make it late, not missed. It is
    missed only if it is more than `grace` overdue and no scheduler was
    alive within its grace period: they were all down. Older slots are
    missed (no burst of catch-up runs); at most `max_missed`, the newest.
    """
    offset = offset or datetime.timedelta()
    back = [slot for slot in runs_back_from(schedule, now - offset,
                                            max_missed + 1) if slot >= due]
    # `due` itself may be off the schedule (the schedule was edited).
    slots = back or [due]
    newest = slots[0]
    missed = {slot: _("A newer slot was due by the time a scheduler "
                      "claimed it; that one ran instead.")
              for slot in slots[1:]}
    outage = (now - (newest + offset) > grace and not alive_during(
        lives, newest + offset, newest + offset + grace))
    for slot in slots[1:] if not outage else slots:
        if not alive_during(lives, slot + offset, slot + offset + grace):
            missed[slot] = _("No scheduler was running within the grace "
                             "period after it was due.")
    kept = sorted(missed)[-max_missed:]
    return Slots(run=None if outage else newest,
                 missed={slot: missed[slot] for slot in kept},
                 next_slot=next_run(schedule, now - offset))
