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

"""Recovery point objectives: how old a volume's newest good checkpoint
may be under its policies before the volume is at risk. Pure, so it is
tested with a fixed clock."""
import dataclasses
import datetime
import functools

from volsnap_dashboard.policies import schedule

# The objective is the longest gap between two runs times this: a run
# may start late, and a snapshot takes time.
DEFAULT_FACTOR = 1.5
MET, PAST, NEVER = "met", "past", "never"


@functools.lru_cache(maxsize=4096)
def longest_interval(policy_schedule, year, sample=400):
    """The longest gap between two runs over `sample` runs from the start
    of `year` (enough to see every weekday, month end and DST change):
    one computation per schedule and year, however many policies share
    it and however often the watchdog asks."""
    start = datetime.datetime(year, 1, 1, tzinfo=datetime.timezone.utc)
    runs = schedule.runs_after(policy_schedule, start, sample)
    if len(runs) < 2:
        return None
    return max(later - earlier for earlier, later in zip(runs, runs[1:]))


def objective_of(policy_schedules, now, factor=DEFAULT_FACTOR):
    """The strictest objective of the schedules covering a volume (a
    timedelta), None when none runs."""
    found = [gap for gap in (longest_interval(s, now.year)
                             for s in policy_schedules) if gap]
    return min(found) * factor if found else None


@dataclasses.dataclass(frozen=True)
class Standing:
    state: str
    objective: datetime.timedelta
    # Time since the newest good checkpoint; None when there is none.
    age: datetime.timedelta = None


def standing(last_good, objective, now):
    """Whether a volume meets `objective` with its newest good checkpoint
    made at `last_good` (None: never)."""
    if last_good is None:
        return Standing(NEVER, objective)
    age = max(now - last_good, datetime.timedelta())
    return Standing(MET if age <= objective else PAST, objective, age)
