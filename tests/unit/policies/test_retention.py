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

"""The retention choice: keep-N, age, tiers, failure-aware."""
import datetime

from volsnap_dashboard.policies import retention

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def daily_items(days, status="available", hour=2):
    """One checkpoint a day for `days` days before NOW, newest first."""
    return [retention.Item(
        f"cp-{day}", NOW.replace(hour=hour) - datetime.timedelta(days=day),
        status) for day in range(days)]


def test_no_rule_deletes_nothing():
    assert retention.to_delete(daily_items(30), retention.Retention(),
                               NOW) == set()


def test_keep_last_n():
    deleted = retention.to_delete(daily_items(5),
                                  retention.Retention(keep_last=2), NOW)
    assert deleted == {"cp-2", "cp-3", "cp-4"}


def test_keep_younger_than_days():
    deleted = retention.to_delete(daily_items(10),
                                  retention.Retention(keep_days=3), NOW)
    assert deleted == {f"cp-{d}" for d in range(3, 10)}


def test_rules_add_up():
    deleted = retention.to_delete(
        daily_items(10), retention.Retention(keep_last=5, keep_days=2),
        NOW)
    assert deleted == {f"cp-{d}" for d in range(5, 10)}


def test_tiers_keep_the_newest_of_each_day_week_and_month():
    items = []
    for day in range(120):
        for hour in (1, 13):
            items.append(retention.Item(
                f"cp-{day}-{hour}",
                datetime.datetime(2026, 6, 30, hour, tzinfo=UTC)
                - datetime.timedelta(days=day), "available"))
    rules = retention.Retention(keep_daily=3, keep_weekly=2, keep_monthly=3)

    kept = {i.id for i in items} - retention.to_delete(items, rules, NOW)

    # 30 June 2026 is a Tuesday: the week's newest is today's; the week
    # before ends on Sunday 28 June; months end on 31 May and 30 April.
    assert kept == {"cp-0-13", "cp-1-13", "cp-2-13", "cp-30-13",
                    "cp-61-13"}


def test_tiers_count_days_in_the_policys_time_zone():
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    items = [
        retention.Item("late", datetime.datetime(2026, 6, 29, 16,
                                                 tzinfo=UTC), "available"),
        retention.Item("early", datetime.datetime(2026, 6, 29, 14,
                                                  tzinfo=UTC), "available")]
    rules = retention.Retention(keep_daily=2)
    # In UTC both are on 29 June; in Tokyo "late" is on 30 June.
    assert retention.to_delete(items, rules, NOW) == {"early"}
    assert retention.to_delete(items, rules, NOW, tokyo) == set()


def test_the_newest_good_checkpoint_survives_a_run_of_failures():
    items = [retention.Item(f"bad-{d}", NOW - datetime.timedelta(days=d),
                            "error") for d in range(5)]
    items.append(retention.Item("good", NOW - datetime.timedelta(days=30),
                                "available"))

    deleted = retention.to_delete(items, retention.Retention(keep_days=1),
                                  NOW)

    assert "good" not in deleted
    assert deleted == {f"bad-{d}" for d in range(1, 5)}


def test_busy_checkpoints_are_never_chosen():
    items = daily_items(4) + [retention.Item(
        "busy", NOW - datetime.timedelta(days=9), "creating")]
    deleted = retention.to_delete(items, retention.Retention(keep_last=1),
                                  NOW)
    assert deleted == {"cp-1", "cp-2", "cp-3"}
