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

"""Schedule arithmetic: time zones, DST changes, month ends, cron."""
import datetime

import pytest

from volsnap_dashboard.policies import schedule as sched

UTC = datetime.timezone.utc
MINUTES_15 = datetime.timedelta(minutes=15)


def at(text):
    return datetime.datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize("given, cron", [
    (sched.Schedule(sched.HOURLY, minute=7), "7 * * * *"),
    (sched.Schedule(sched.DAILY, hour=2, minute=30), "30 2 * * *"),
    (sched.Schedule(sched.WEEKLY, weekday=1, hour=3), "0 3 * * 1"),
    (sched.Schedule(sched.MONTHLY, day=15, hour=4), "0 4 15 * *"),
    (sched.Schedule(sched.MONTHLY, day=sched.LAST_DAY), "0 0 L * *"),
    (sched.Schedule(sched.CRON, expression=" */30 1-5 * * * "),
     "*/30 1-5 * * *"),
])
def test_presets_become_cron(given, cron):
    assert given.cron() == cron


def test_daily_keeps_its_local_time_across_dst():
    daily = sched.Schedule(sched.DAILY, hour=2, minute=30,
                           timezone="Europe/Berlin")
    runs = sched.runs_after(daily, at("2026-03-27T12:00:00+00:00"), 4)
    # 02:30 does not exist on 29 March in Berlin: that day runs at 03:00.
    assert runs == [at("2026-03-28T02:30:00+01:00"),
                    at("2026-03-29T03:00:00+02:00"),
                    at("2026-03-30T02:30:00+02:00"),
                    at("2026-03-31T02:30:00+02:00")]


def test_hourly_runs_twice_in_the_repeated_autumn_hour():
    hourly = sched.Schedule(sched.HOURLY, timezone="Europe/Berlin")
    runs = sched.runs_after(hourly, at("2026-10-25T01:30:00+02:00"), 3)
    assert runs == [at("2026-10-25T02:00:00+02:00"),
                    at("2026-10-25T02:00:00+01:00"),
                    at("2026-10-25T03:00:00+01:00")]
    assert runs[1] - runs[0] == datetime.timedelta(hours=1)


def test_monthly_on_the_last_day_and_on_the_31st():
    last = sched.Schedule(sched.MONTHLY, day=sched.LAST_DAY, hour=23,
                          timezone="America/New_York")
    assert [r.astimezone(last.zone()).date().isoformat()
            for r in sched.runs_after(last, at("2027-01-15T00:00:00+00:00"),
                                      3)] == [
        "2027-01-31", "2027-02-28", "2027-03-31"]
    thirty_first = sched.Schedule(sched.MONTHLY, day=31)
    assert [r.date().isoformat() for r in sched.runs_after(
        thirty_first, at("2027-01-15T00:00:00+00:00"), 3)] == [
        "2027-01-31", "2027-03-31", "2027-05-31"]


@pytest.mark.parametrize("expression", [
    "61 * * * *", "* * *", "every day", "0 0 30 2 *", "", "* * * * * *"])
def test_invalid_or_never_running_cron_is_refused(expression):
    with pytest.raises(sched.InvalidSchedule):
        sched.Schedule(sched.CRON, expression=expression).validate(
            MINUTES_15)


def test_unknown_time_zone_is_refused():
    with pytest.raises(sched.InvalidSchedule, match="time zone"):
        sched.Schedule(sched.DAILY, timezone="Mars/Olympus").validate(
            MINUTES_15)


@pytest.mark.parametrize("expression, allowed", [
    ("*/5 * * * *", False), ("0,10 * * * *", False),
    ("*/15 * * * *", True), ("0 * * * *", True), ("0 0,23 * * *", True)])
def test_more_frequent_than_the_minimum_is_refused(expression, allowed):
    schedule = sched.Schedule(sched.CRON, expression=expression)
    if allowed:
        schedule.validate(MINUTES_15)
    else:
        with pytest.raises(sched.InvalidSchedule, match="shortest"):
            schedule.validate(MINUTES_15)


def test_hourly_is_too_frequent_for_a_two_hour_minimum():
    with pytest.raises(sched.InvalidSchedule):
        sched.Schedule(sched.HOURLY).validate(datetime.timedelta(hours=2))


HOURLY = sched.Schedule(sched.HOURLY)
GRACE = datetime.timedelta(minutes=30)


def test_a_slot_due_now_runs():
    slots = sched.plan_slots(HOURLY, at("2026-05-01T10:00:00+00:00"),
                             at("2026-05-01T10:00:20+00:00"), GRACE)
    assert slots == sched.Slots(run=at("2026-05-01T10:00:00+00:00"),
                                missed={},
                                next_slot=at("2026-05-01T11:00:00+00:00"))


def test_after_downtime_only_the_newest_slot_runs_within_grace():
    slots = sched.plan_slots(HOURLY, at("2026-05-01T07:00:00+00:00"),
                             at("2026-05-01T10:10:00+00:00"), GRACE)
    assert slots.run == at("2026-05-01T10:00:00+00:00")
    assert list(slots.missed) == [at(f"2026-05-01T0{h}:00:00+00:00")
                                  for h in (7, 8, 9)]


def test_past_the_grace_period_nothing_runs_and_all_is_missed():
    slots = sched.plan_slots(HOURLY, at("2026-05-01T09:00:00+00:00"),
                             at("2026-05-01T10:45:00+00:00"), GRACE)
    assert slots.run is None
    assert list(slots.missed) == [at("2026-05-01T09:00:00+00:00"),
                                  at("2026-05-01T10:00:00+00:00")]
    assert slots.next_slot == at("2026-05-01T11:00:00+00:00")


def test_a_long_outage_lists_a_bounded_number_of_missed_slots():
    slots = sched.plan_slots(HOURLY, at("2025-05-01T00:00:00+00:00"),
                             at("2026-05-01T00:05:00+00:00"), GRACE,
                             max_missed=10)
    assert slots.run == at("2026-05-01T00:00:00+00:00")
    assert len(slots.missed) == 10
    assert max(slots.missed) == at("2026-04-30T23:00:00+00:00")


def test_a_spread_is_fixed_per_policy_and_within_its_window():
    offsets = [sched.spread_offset(pk, 30) for pk in range(1000)]
    assert offsets == [sched.spread_offset(pk, 30) for pk in range(1000)]
    assert all(datetime.timedelta() <= o < datetime.timedelta(minutes=30)
               for o in offsets)
    # Spread out: every five-minute part of the window has some.
    assert len({o // datetime.timedelta(minutes=5) for o in offsets}) == 6
    assert sched.spread_offset(7, 0) == datetime.timedelta()


NOON = at("2026-05-01T12:00:00+00:00")
MINUTE = datetime.timedelta(minutes=1)


def test_late_when_a_scheduler_was_alive_missed_when_none_was():
    now = NOON + 40 * MINUTE
    busy = sched.plan_slots(HOURLY, NOON, now, MINUTES_15,
                            lives=[(NOON - MINUTE, now)])
    assert (busy.run, busy.missed) == (NOON, {})
    down = sched.plan_slots(HOURLY, NOON, now, MINUTES_15,
                            lives=[(NOON + 30 * MINUTE, now)])
    assert down.run is None and list(down.missed) == [NOON]
    on_time = sched.plan_slots(HOURLY, NOON, NOON + MINUTE, MINUTES_15)
    assert on_time.run == NOON
    assert on_time.next_slot == NOON + 60 * MINUTE


def test_the_grace_is_counted_from_the_spread_start():
    offset = 10 * MINUTE
    now = NOON + offset + MINUTES_15
    plan = sched.plan_slots(HOURLY, NOON, now, MINUTES_15, offset=offset)
    assert plan.run == NOON
    assert plan.next_slot == NOON + 60 * MINUTE
    plan = sched.plan_slots(HOURLY, NOON, now + MINUTE, MINUTES_15,
                            offset=offset)
    assert plan.run is None


def test_alive_during_overlaps():
    lives = [(NOON, NOON + MINUTE)]
    assert sched.alive_during(lives, NOON + MINUTE, NOON + 2 * MINUTE)
    assert not sched.alive_during(lives, NOON + 2 * MINUTE,
                                  NOON + 3 * MINUTE)
    assert not sched.alive_during([], NOON, NOON)
