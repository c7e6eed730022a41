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

"""Which of a policy's checkpoints of one volume retention deletes: a
pure function of the checkpoints, the rules and the clock."""
import dataclasses
import datetime

AVAILABLE = "available"
# Busy checkpoints are never chosen; Cinder would refuse them anyway.
DELETABLE = ("available", "error")


@dataclasses.dataclass(frozen=True)
class Retention:
    """Keep rules; a checkpoint any rule keeps stays. None: no such rule.

    keep_last: the newest N available checkpoints.
    keep_days: every checkpoint younger than D days.
    keep_daily / keep_weekly / keep_monthly: the newest available
    checkpoint of each of the last N days / ISO weeks / months that have
    one, in the policy's time zone.
    """
    keep_last: int = None
    keep_days: int = None
    keep_daily: int = None
    keep_weekly: int = None
    keep_monthly: int = None

    def is_empty(self):
        return all(value is None for value in dataclasses.astuple(self))


@dataclasses.dataclass(frozen=True)
class Item:
    id: str
    created_at: datetime.datetime
    status: str


def _periods(kind, moment):
    if kind == "daily":
        return moment.date()
    if kind == "weekly":
        return moment.isocalendar()[:2]
    return (moment.year, moment.month)


def to_delete(items, retention, now, zone=datetime.timezone.utc):
    """The ids retention deletes among one policy's checkpoints of one
    volume (`items`, each an Item).

    The newest available checkpoint is always kept, so a policy that
    keeps failing keeps its last good restore point. With no rule,
    nothing is deleted.
    """
    if retention.is_empty():
        return set()
    newest_first = sorted(items, key=lambda i: i.created_at, reverse=True)
    good = [i for i in newest_first if i.status == AVAILABLE]
    keep = {i.id for i in good[:1]}
    if retention.keep_last:
        keep.update(i.id for i in good[:retention.keep_last])
    if retention.keep_days:
        cutoff = now - datetime.timedelta(days=retention.keep_days)
        keep.update(i.id for i in newest_first if i.created_at > cutoff)
    for kind, count in (("daily", retention.keep_daily),
                        ("weekly", retention.keep_weekly),
                        ("monthly", retention.keep_monthly)):
        if not count:
            continue
        seen = set()
        for item in good:
            period = _periods(kind, item.created_at.astimezone(zone))
            if period not in seen and len(seen) < count:
                seen.add(period)
                keep.add(item.id)
    return {i.id for i in newest_first
            if i.id not in keep and i.status in DELETABLE}
