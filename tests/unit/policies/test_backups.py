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

"""The backup tier's pure functions, on fixed times."""
import datetime

from volsnap_dashboard.policies import backups
from volsnap_dashboard.policies import retention

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def item(name, hours_ago, incremental=True, status="available",
         has_dependents=False, ours=True):
    moment = NOW - datetime.timedelta(hours=hours_ago)
    return backups.Item(id=name, created_at=moment, taken_at=moment,
                        status=status, incremental=incremental,
                        has_dependents=has_dependents, ours=ours)


def test_every_nth_run_backs_up_and_every_mth_backup_is_full():
    tier = backups.Tier(every=2, full_every=3)
    kinds = [backups.kind_of(tier, n) for n in range(1, 14)]
    assert kinds == ["full", None, "incremental", None, "incremental", None,
                     "full", None, "incremental", None, "incremental", None,
                     "full"]
    assert backups.kind_of(backups.Tier(), 1) is None
    assert backups.kind_of(tier, 0) is None
    only_first = backups.Tier(every=1)
    assert [backups.kind_of(only_first, n) for n in (1, 2, 50)] == [
        "full", "incremental", "incremental"]


def test_parents_are_the_newest_usable_backup_taken_before():
    items = [item("f", 5, incremental=False), item("broken", 4,
                                                   status="error"),
             item("i1", 3), item("i2", 2), item("f2", 1, incremental=False)]
    # A failed incremental still counts on its parent, as Cinder's count
    # of dependents does until it is deleted.
    assert backups.parents(items) == {"broken": "f", "i1": "f", "i2": "i1"}


def test_retention_deletes_children_first_and_keeps_what_kept_ones_need():
    # f1 <- a <- b, f2 <- c <- d; keep the last 2 (c, d): d needs c, c
    # needs f2; f1's chain goes, its leaf b first.
    items = [item("f1", 6, incremental=False, has_dependents=True),
             item("a", 5, has_dependents=True), item("b", 4),
             item("f2", 3, incremental=False, has_dependents=True),
             item("c", 2, has_dependents=True), item("d", 1)]
    now, doomed = backups.to_delete(items, retention.Retention(keep_last=2),
                                    NOW)
    assert now == ["b"]
    assert doomed == {"f1", "a", "b"}
    # Once b is gone, a can go; then f1.
    rest = [i for i in items if i.id != "b"]
    rest[1] = item("a", 5)
    assert backups.to_delete(rest, retention.Retention(keep_last=2),
                             NOW)[0] == ["a"]


def test_retention_never_deletes_what_others_build_on_or_the_newest_good():
    items = [item("f", 3, incremental=False, has_dependents=True),
             item("theirs", 2, ours=False),
             item("failed", 1, status="error")]
    now, doomed = backups.to_delete(items, retention.Retention(keep_last=1),
                                    NOW)
    # f is the newest good one of the policy's, and theirs needs it.
    assert (now, doomed) == (["failed"], {"failed"})
    assert backups.to_delete(items, retention.Retention(), NOW) == (
        [], set())


def test_retention_by_age_and_tier():
    items = [item(f"f{h}", h * 24, incremental=False) for h in range(6)]
    now, _ = backups.to_delete(items, retention.Retention(keep_days=2), NOW)
    assert now == ["f2", "f3", "f4", "f5"]
    now, _ = backups.to_delete(items, retention.Retention(keep_daily=3), NOW)
    assert now == ["f3", "f4", "f5"]


def slots(count, hours=24):
    return [NOW + datetime.timedelta(hours=hours * n) for n in range(count)]


def test_steady_state_counts_the_chains_kept_ones_need():
    tier = backups.Tier(every=1, full_every=7,
                        retention=retention.Retention(keep_last=14))
    # 14 kept, up to 6 more back to the oldest one's full, and the new
    # one before retention runs.
    assert backups.steady_state(tier, slots(100)) == (21, False)
    always_full = backups.Tier(every=1, full_every=1,
                               retention=retention.Retention(keep_last=3))
    assert backups.steady_state(always_full, slots(100)) == (4, False)


def test_steady_state_says_when_it_is_only_a_lower_bound():
    endless = backups.Tier(every=2,
                           retention=retention.Retention(keep_last=3))
    assert backups.steady_state(endless, slots(10)) == (5, True)
    keep_all = backups.Tier(every=1, full_every=3)
    assert backups.steady_state(keep_all, slots(10)) == (10, True)
    monthly = backups.Tier(every=1, full_every=7,
                           retention=retention.Retention(keep_monthly=12))
    assert backups.steady_state(monthly, slots(30))[1] is True
