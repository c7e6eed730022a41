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

"""A protection policy's backup tier, as pure functions of the run's
number, the backups and the clock: which runs back up, which backup is
full, which backups retention deletes, and how many it keeps."""
import bisect
import dataclasses
import datetime

from volsnap_dashboard.policies import retention as retention_rules

FULL, INCREMENTAL = "full", "incremental"
# How many runs ahead the steady-state estimate looks.
STEADY_RUNS = 600


@dataclasses.dataclass(frozen=True)
class Tier:
    """every: back up every Nth run (1: each run); None: no backups.
    full_every: a full backup every M backups, incremental between; None:
    only the first (and any with no backup to build on) is full.
    delete_snapshot: delete the checkpoint once its backup is available.
    """
    every: int = None
    full_every: int = None
    retention: retention_rules.Retention = retention_rules.Retention()
    delete_snapshot: bool = False

    @property
    def enabled(self):
        return bool(self.every)


def kind_of(tier, sequence):
    """What the policy's `sequence`th run (the first is 1) backs up:
    FULL, INCREMENTAL, or None."""
    if not tier.enabled or sequence < 1 or (sequence - 1) % tier.every:
        return None
    number = (sequence - 1) // tier.every
    if number == 0 or (tier.full_every and number % tier.full_every == 0):
        return FULL
    return INCREMENTAL


@dataclasses.dataclass(frozen=True)
class Item:
    """One backup of one volume. `ours`: this policy's own; `taken_at`:
    when its data was taken (Cinder's data_timestamp)."""
    id: str
    created_at: datetime.datetime
    taken_at: datetime.datetime
    status: str
    incremental: bool
    has_dependents: bool
    ours: bool = True


def parents(items):
    """{incremental's id: its parent's id}, as Cinder chose it: the newest
    available backup of the volume whose data was taken before."""
    candidates = sorted((i for i in items if i.status != "error"),
                        key=lambda i: i.taken_at)
    times = [c.taken_at for c in candidates]
    found = {}
    for item in items:
        before = bisect.bisect_left(times, item.taken_at)
        if item.incremental and before:
            found[item.id] = candidates[before - 1].id
    return found


def to_delete(items, rules, now, zone=datetime.timezone.utc):
    """What retention deletes among one volume's backups (`items`, the
    policy's own and any other): (ids to delete now, newest first; every
    id it deletes in the end).

    The keep rules choose among the policy's own backups, the newest
    available always kept; a backup that a kept one, or anybody else's,
    builds on is kept as well. Only a backup with no dependents can go
    now: its parent follows once Cinder has deleted it.
    """
    mine = [i for i in items if i.ours]
    doomed = retention_rules.to_delete(mine, rules, now, zone)
    parent_of = parents(items)
    kept = [i.id for i in items if i.id not in doomed]
    while kept:
        parent = parent_of.get(kept.pop())
        if parent in doomed:
            doomed.discard(parent)
            kept.append(parent)
    newest_first = sorted((i for i in items if i.id in doomed),
                          key=lambda i: i.created_at, reverse=True)
    return [i.id for i in newest_first if not i.has_dependents], doomed


def steady_state(tier, slots, zone=datetime.timezone.utc, first=1):
    """How many backups of one volume the tier keeps at most over the
    runs at `slots` (UTC, the first being run number `first`), each
    backup succeeding: (count, whether the slots were too few to reach
    the rules' longest reach, so that the count is a lower bound)."""
    if _unbounded(tier):
        return sum(kind_of(tier, n) is not None
                   for n in range(first, first + len(slots))), True
    items, peak = [], 0
    for sequence, slot in enumerate(slots, start=first):
        kind = kind_of(tier, sequence)
        if kind is None:
            continue
        items.append(Item(id=str(sequence), created_at=slot, taken_at=slot,
                          status=retention_rules.AVAILABLE,
                          incremental=kind == INCREMENTAL and bool(items),
                          has_dependents=False))
        peak = max(peak, len(items))
        while True:
            items = _with_dependents(items)
            now_ids, _ = to_delete(items, tier.retention, slot, zone)
            if not now_ids:
                break
            items = [i for i in items if i.id not in now_ids]
    return peak, _short(tier, slots)


def _with_dependents(items):
    built_on = set(parents(items).values())
    return [dataclasses.replace(i, has_dependents=i.id in built_on)
            for i in items]


def _unbounded(tier):
    """With no rule, or no full backup to end a chain, backups only
    grow."""
    return tier.retention.is_empty() or not tier.full_every


def _short(tier, slots):
    """Whether `slots` fall short of the rules' longest reach."""
    rules = tier.retention
    if len(slots) < 2:
        return True
    days = max(rules.keep_days or 0, rules.keep_daily or 0,
               7 * (rules.keep_weekly or 0), 31 * (rules.keep_monthly or 0))
    made = len(slots) // tier.every
    return (slots[-1] - slots[0] < datetime.timedelta(days=days + 1)
            or made <= (rules.keep_last or 0) + tier.full_every)
