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

"""Recovery point objectives on a fixed clock."""
import datetime

from volsnap_dashboard.policies import objective
from volsnap_dashboard.policies import schedule

UTC = datetime.timezone.utc
NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=UTC)
HOUR = datetime.timedelta(hours=1)


def every(kind, **values):
    return schedule.Schedule(kind=kind, timezone=values.pop("zone", "UTC"),
                             **dict(dict(minute=0, hour=2, weekday=1,
                                         day=1, expression=""), **values))


def test_the_objective_is_the_longest_gap_times_the_factor():
    # Mondays and Fridays: the longest gap is four days.
    twice_a_week = every("cron", expression="0 2 * * 1,5")

    assert objective.objective_of([twice_a_week], NOW) == (
        datetime.timedelta(days=4) * 1.5)
    assert objective.objective_of([every("hourly"), twice_a_week], NOW,
                                  factor=2) == 2 * HOUR


def test_a_day_longer_at_a_dst_change_counts():
    daily = every("daily", zone="Europe/Berlin", hour=12)

    assert objective.objective_of([daily], datetime.datetime(
        2031, 1, 1, tzinfo=UTC), factor=1) == 25 * HOUR


def test_met_past_or_never():
    day = datetime.timedelta(days=1)

    assert objective.standing(NOW - 20 * HOUR, day, NOW).state == "met"
    assert objective.standing(NOW - 25 * HOUR, day, NOW) == (
        objective.Standing("past", day, 25 * HOUR))
    assert objective.standing(None, day, NOW).state == "never"
    # A clock behind the checkpoint's is no negative age.
    assert objective.standing(NOW + HOUR, day, NOW).age == (
        datetime.timedelta())
