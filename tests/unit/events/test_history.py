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
existence, and the log's own retention."""
import datetime
import io
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


class ActivityTests(helpers.TestCase):

    def test_counts_per_local_day_and_series(self):
        # 23:30 UTC on the 24th is the 25th in Berlin.
        event(at(2026, 11, 24, 23, 30))
        event(at(2026, 11, 25, 9), outcome="failed")
        event(at(2026, 11, 25, 10), action="restore")
        event(at(2026, 11, 25, 11), action="delete", outcome="in_progress")
        event(at(2026, 11, 25, 12), outcome="unknown")
        event(at(2026, 11, 25, 13), action="backup", outcome="failed")
        event(at(2026, 11, 25, 14), action="restore_backup")

        activity = history.activity(
            models.Event.objects.all(), at(2026, 11, 24, zone=BERLIN),
            at(2026, 11, 26, 0, 1, zone=BERLIN), BERLIN)

        self.assertEqual(
            [("2026-11-24", {"protect_succeeded": 0, "protect_failed": 0,
                             "restore": 0, "delete": 0, "backup": 0}),
             ("2026-11-25", {"protect_succeeded": 1, "protect_failed": 1,
                             "restore": 1, "delete": 1, "backup": 1}),
             ("2026-11-26", dict.fromkeys(history.SERIES, 0))],
            [(start.date().isoformat(), counts)
             for start, counts in activity])

    def test_deleted_checkpoints_come_from_the_log(self):
        event(timezone.now(), checkpoint_id="kept")
        event(timezone.now(), checkpoint_id="gone")
        event(timezone.now(), action="delete", checkpoint_id="gone")
        event(timezone.now(), action="delete", outcome="failed",
              checkpoint_id="kept")

        self.assertEqual({"gone"}, history.deleted_checkpoints(
            ["kept", "gone", "", "never-seen"]))


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
