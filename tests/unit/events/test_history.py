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

"""The history's questions of the log: the chart's buckets and counts,
the tallies the database keeps, the page's order, existence, and the
log's own retention."""
import collections
import datetime
import io
import random
import re
import zoneinfo

from django.core import management
from django.utils import timezone
from openstack_dashboard.test import helpers

from volsnap_dashboard.events import history
from volsnap_dashboard.events import models

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = datetime.timezone.utc


def at(*args, zone=UTC):
    return datetime.datetime(*args, tzinfo=zone)


def event(created_at, action="protect", outcome="succeeded", **values):
    return models.Event.objects.create(
        created_at=created_at, action=action, outcome=outcome,
        project_id="p", user_id="u", user_name="alice", **values)


class BucketTests(helpers.TestCase):

    def test_days_stay_days_across_a_dst_change(self):
        starts, hourly = history.buckets(at(2026, 10, 24, 12, zone=BERLIN),
                                         at(2026, 10, 27, zone=BERLIN),
                                         BERLIN)

        self.assertFalse(hourly)
        self.assertEqual(["2026-10-24 00:00+02:00", "2026-10-25 00:00+02:00",
                          "2026-10-26 00:00+01:00"],
                         [s.isoformat(" ", "minutes") for s in starts])

    def test_up_to_two_days_is_hourly(self):
        starts, hourly = history.buckets(at(2026, 11, 25, 8, 30),
                                         at(2026, 11, 25, 11), UTC)

        self.assertTrue(hourly)
        self.assertEqual([8, 9, 10], [s.hour for s in starts])

    def test_the_default_window_is_the_last_two_weeks(self):
        now = at(2026, 11, 25, 12)

        self.assertEqual((at(2026, 11, 11, 12), now),
                         history.chart_window(None, None, now))

    def test_a_window_longer_than_the_chart_draws_its_last_part(self):
        now = at(2026, 11, 25, 12)
        cases = (
            # From the first day a user can type to the last one.
            ((at(1969, 12, 31, 10), at(9999, 12, 31, 12)),
             (now - history.CHART_SPAN, now)),
            ((None, at(2026, 3, 1)),
             (at(2026, 3, 1) - datetime.timedelta(days=14), at(2026, 3, 1))),
            ((at(2020, 1, 1), at(2020, 1, 3)),
             (at(2020, 1, 1), at(2020, 1, 3))),
            # Wholly in the future: nothing to draw.
            ((at(9999, 12, 30), None), (now, now)))
        for window, drawn in cases:
            with self.subTest(window=window):
                self.assertEqual(drawn, history.chart_window(*window, now))


def counted(rows):
    """{(UTC hour, action, outcome, source): events} of a set of events."""
    counts = collections.Counter(
        (history._hour(e.created_at), e.action, e.outcome, e.source)
        for e in rows)
    return {key: n for key, n in counts.items() if n}


def tallied():
    return {(t.hour, t.action, t.outcome, t.source): t.total
            for t in models.Tally.objects.all() if t.total}


class TallyTests(helpers.TestCase):
    """The database's triggers keep the tallies whoever writes the log."""

    def test_every_kind_of_write_keeps_the_tallies_exact(self):
        base = at(2026, 11, 25, 9, 59, 59)
        first = event(base, outcome="in_progress")
        second = event(base, outcome="in_progress", source="other")
        models.Event.objects.bulk_create(
            models.Event(created_at=base + datetime.timedelta(minutes=n),
                         action="delete", project_id="p", user_id="u",
                         user_name="bob") for n in range(1, 6))
        writes = (
            lambda: models.Event.objects.filter(pk=first.pk).update(
                outcome="succeeded"),
            # A change of nothing the tallies count, and one that makes
            # no change at all.
            lambda: models.Event.objects.filter(pk=second.pk).update(
                error="Cinder says no", outcome="in_progress"),
            lambda: models.Event.objects.filter(action="delete").update(
                outcome="failed"),
            # Into the next hour, and back into the same key.
            lambda: models.Event.objects.filter(pk=second.pk).update(
                created_at=base + datetime.timedelta(seconds=1)),
            lambda: models.Event.objects.filter(pk=second.pk).update(
                created_at=base),
            lambda: models.Event.objects.get(pk=first.pk).save(),
            lambda: models.Event.objects.filter(
                created_at__gt=base).delete(),
            lambda: models.Event.objects.filter(pk=second.pk).delete())
        for number, write in enumerate(writes):
            with self.subTest(write=number):
                write()
                self.assertEqual(counted(models.Event.objects.all()),
                                 tallied())
        self.assertEqual({(at(2026, 11, 25, 9), "protect", "succeeded",
                           "dashboard"): 1}, tallied())

    def test_a_purge_leaves_no_empty_tallies(self):
        event(timezone.now() - datetime.timedelta(days=40))
        event(timezone.now() - datetime.timedelta(days=2))

        history.purge(timezone.now() - datetime.timedelta(days=30))

        self.assertEqual(1, models.Tally.objects.count())
        self.assertEqual(counted(models.Event.objects.all()), tallied())


ACTIONS = ("protect", "protect", "restore", "delete", "backup", "revert")
OUTCOMES = ("succeeded", "succeeded", "failed", "in_progress", "unknown")
ZONES = ("UTC", "Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu",
         "America/St_Johns", "Australia/Lord_Howe", "Pacific/Kiritimati")


class ActivityTests(helpers.TestCase):

    def both(self, start, end, zone, **filters):
        """The chart's counts from the tallies and from the events, which
        must agree."""
        events = models.Event.objects.filter(**filters)
        from_tallies = history.activity(
            start, end, zone, events,
            models.Tally.objects.filter(**filters))
        self.assertEqual(history.activity(start, end, zone, events),
                         from_tallies)
        return from_tallies

    def test_counts_per_local_day_and_series(self):
        # 23:30 UTC on the 24th is the 25th in Berlin.
        event(at(2026, 11, 24, 23, 30))
        event(at(2026, 11, 25, 9), outcome="failed")
        event(at(2026, 11, 25, 10), action="restore")
        event(at(2026, 11, 25, 11), action="delete", outcome="in_progress")
        event(at(2026, 11, 25, 12), outcome="unknown")
        event(at(2026, 11, 25, 13), action="backup", outcome="failed")
        event(at(2026, 11, 25, 14), action="restore_backup")

        activity = self.both(at(2026, 11, 24, zone=BERLIN),
                             at(2026, 11, 26, 0, 1, zone=BERLIN), BERLIN)

        self.assertEqual(
            [("2026-11-24", {"protect_succeeded": 0, "protect_failed": 0,
                             "restore": 0, "delete": 0, "backup": 0}),
             ("2026-11-25", {"protect_succeeded": 1, "protect_failed": 1,
                             "restore": 1, "delete": 1, "backup": 1}),
             ("2026-11-26", dict.fromkeys(history.SERIES, 0))],
            [(start.date().isoformat(), counts)
             for start, counts in activity])

    def test_an_hour_cut_by_a_half_hour_zone_splits_exactly(self):
        kolkata = zoneinfo.ZoneInfo("Asia/Kolkata")
        # 18:29 and 18:30 UTC: either side of midnight in Kolkata.
        event(at(2026, 11, 24, 18, 29))
        event(at(2026, 11, 24, 18, 30), outcome="failed")
        event(at(2026, 11, 24, 18, 59), outcome="failed")

        activity = self.both(at(2026, 11, 24, zone=kolkata),
                             at(2026, 11, 26, 0, 1, zone=kolkata), kolkata)

        self.assertEqual([(1, 0), (0, 2), (0, 0)],
                         [(counts["protect_succeeded"],
                           counts["protect_failed"])
                          for _start, counts in activity])

    def test_the_tallies_agree_with_the_events_in_any_zone(self):
        # Autumn's DST changes in Berlin and Lord Howe lie inside.
        first = at(2026, 10, 22, 0, 7)
        randomly = random.Random(21)
        for _n in range(400):
            event(first + datetime.timedelta(
                minutes=randomly.randrange(7 * 24 * 60),
                seconds=randomly.random() * 60),
                action=randomly.choice(ACTIONS),
                outcome=randomly.choice(OUTCOMES),
                source=randomly.choice(("dashboard", "schedule", "other")))
        windows = ((at(2026, 10, 22, 13, 17), at(2026, 10, 28, 2, 41)),
                   (at(2026, 10, 24, 22, 45), at(2026, 10, 26, 1, 15)),
                   (at(2026, 10, 25, 3), at(2026, 10, 25, 9)))
        for name in ZONES:
            zone = zoneinfo.ZoneInfo(name)
            for start, end in windows:
                for filters in ({}, {"outcome": "failed"},
                                {"source": "other", "action": "protect"}):
                    with self.subTest(zone=name, start=start,
                                      filters=filters):
                        drawn = self.both(start, end, zone, **filters)
                        self.assertEqual(
                            models.Event.objects.filter(
                                created_at__gte=start, created_at__lt=end,
                                **filters).exclude(
                                action__in=("revert",)).exclude(
                                action="protect",
                                outcome__in=("in_progress", "unknown"))
                            .count(),
                            sum(sum(c.values()) for _s, c in drawn))

    def test_a_window_in_the_future_counts_nothing(self):
        event(at(2026, 11, 25, 12))
        now = at(2026, 11, 25, 12, 30)

        drawn = self.both(now, now, UTC)

        self.assertEqual(0, sum(sum(c.values()) for _s, c in drawn))

    def test_deleted_checkpoints_come_from_the_log(self):
        event(timezone.now(), checkpoint_id="kept")
        event(timezone.now(), checkpoint_id="gone")
        event(timezone.now(), action="delete", checkpoint_id="gone")
        event(timezone.now(), action="delete", outcome="failed",
              checkpoint_id="kept")

        self.assertEqual({"gone"}, history.deleted_checkpoints(
            ["kept", "gone", "", "never-seen"]))


class OrderTests(helpers.TestCase):

    def test_pages_walk_the_log_by_time_then_id_either_way(self):
        tied = at(2026, 11, 25, 12)
        # Written out of time order, as notifications arrive, with ties.
        for hour in (9, 12, 7, 12, 12, 10, 8):
            event(tied.replace(hour=hour))
        expected = list(models.Event.objects.order_by(
            "-created_at", "-id").values_list("id", flat=True))

        walked, after = [], None
        while True:
            page = list(history.newest_first(models.Event.objects.all(),
                                             after)[:2])
            walked += [e.id for e in page]
            if len(page) < 2:
                break
            after = history.position(page[-1].id)
        back = history.newest_first(models.Event.objects.all(),
                                    history.position(expected[4]),
                                    reverse=True)

        self.assertEqual(expected, walked)
        self.assertEqual(expected[:4][::-1], [e.id for e in back])
        self.assertIsNone(history.position(max(expected) + 1))

    def test_a_window_and_a_position_bound_the_walk_once_each_way(self):
        day = at(2026, 11, 25, 0)
        for hour in (6, 9, 9, 12, 15, 18, 21):
            event(day.replace(hour=hour))
        window = (day.replace(hour=9), day.replace(hour=18))
        inside = list(models.Event.objects.filter(
            created_at__gte=window[0], created_at__lt=window[1]).order_by(
            "-created_at", "-id").values_list("id", flat=True))
        outside_position = (day.replace(hour=23), 10 ** 6)

        for after, reverse, expected in (
                (None, False, inside),
                (outside_position, False, inside),
                (history.position(inside[0]), False, inside[1:]),
                (history.position(inside[2]), True, inside[:2][::-1]),
                (history.position(inside[-1]), True, inside[:-1][::-1])):
            with self.subTest(after=after, reverse=reverse):
                walk = history.newest_first(models.Event.objects.all(),
                                            after, reverse, window)
                self.assertEqual(expected, [e.id for e in walk])
                sql = str(walk.query)
                # SQLite would walk from the first bound given of each.
                self.assertEqual(1, len(re.findall(
                    r'created_at["`]? >=? ', sql)), sql)
                self.assertEqual(1, len(re.findall(
                    r'created_at["`]? <=? ', sql)), sql)


class PurgeTests(helpers.TestCase):

    def test_purges_only_what_is_older(self):
        old = event(timezone.now() - datetime.timedelta(days=40))
        new = event(timezone.now() - datetime.timedelta(days=2))
        models.Notification.objects.create(message_id="m-new")

        counts = history.purge(timezone.now() - datetime.timedelta(days=30),
                               batch=1)

        self.assertEqual((1, 0), counts)
        self.assertEqual([new.pk], list(models.Event.objects.values_list(
            "pk", flat=True)))
        self.assertFalse(models.Event.objects.filter(pk=old.pk).exists())


class PurgeCommandTests(helpers.TestCase):

    def test_purges_by_days(self):
        event(timezone.now() - datetime.timedelta(days=40))
        out = io.StringIO()

        management.call_command("volsnap_purge_events", "--days", "30",
                                stdout=out)

        self.assertIn("Deleted 1 events", out.getvalue())

    def test_without_days_it_says_what_to_give(self):
        with self.assertRaisesMessage(management.CommandError, "--days N"):
            management.call_command("volsnap_purge_events")
