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

"""Reading Cinder's notifications, on payloads Cinder really sent."""
import datetime
import unittest

from tests.unit.events import captured
from volsnap_dashboard.events import notices


def read(event_type, **changes):
    return notices.read(*captured.message(event_type, **changes))


class ReadTests(unittest.TestCase):

    def test_a_snapshots_life(self):
        self.assertEqual(
            [(n.action, n.phase, n.key, n.outcome) for n in (
                read("snapshot.create.start"), read("snapshot.create.end"),
                read("snapshot.delete.start"), read("snapshot.delete.end"))],
            [("protect", "start", captured.SNAPSHOT_ID, "in_progress"),
             ("protect", "end", captured.SNAPSHOT_ID, "succeeded"),
             ("delete", "start", captured.SNAPSHOT_ID, "in_progress"),
             ("delete", "end", captured.SNAPSHOT_ID, "succeeded")])

    def test_who_and_when(self):
        notice = read("snapshot.create.end")

        self.assertEqual(
            (notice.user_id, notice.user_name, notice.project_id,
             notice.project_name, notice.volume_id, notice.status),
            (captured.USER_ID, "", captured.PROJECT_ID, "demo",
             captured.VOLUME_ID, "available"))
        self.assertEqual("UTC", str(notice.at.tzinfo))
        self.assertLessEqual(notice.started_at, notice.at)

    def test_a_volume_from_a_snapshot_is_a_restore(self):
        notice = read("volume.create.end")

        self.assertEqual(
            (notice.action, notice.key, notice.checkpoint_id,
             notice.restored_volume_id, notice.outcome),
            ("restore", captured.RESTORED_ID, captured.SNAPSHOT_ID,
             captured.RESTORED_ID, "succeeded"))
        self.assertEqual("failed",
                         read("volume.create.end", status="error").outcome)

    def test_a_plain_volume_or_other_news_is_not_about_snapshots(self):
        self.assertIsNone(read("volume.create.end", snapshot_id=None))
        self.assertIsNone(notices.read({}, "volume.attach.end", {},
                                       {"message_id": "m"}))
        self.assertIsNone(notices.read({}, "snapshot.create.end", "junk",
                                       {"message_id": "m"}))
        self.assertIsNone(read("snapshot.create.end", snapshot_id=""))

    def test_statuses_between_say_nothing_new(self):
        self.assertIsNone(read("snapshot.update.end",
                               status="creating").outcome)
        self.assertEqual("failed", read("snapshot.reset_status.end",
                                        status="error").outcome)
        deleting = read("snapshot.reset_status.end", status="error_deleting")
        self.assertEqual(("delete", "failed"),
                         (deleting.action, deleting.outcome))

    def test_times_without_a_zone_are_utc(self):
        self.assertEqual(notices.parse_time("2026-11-25 10:00:00.5"),
                         notices.parse_time("2026-11-25T10:00:00.5Z"))
        self.assertIsNone(notices.parse_time("yesterday"))


class RestampTests(unittest.TestCase):
    """The captured messages moved to another moment, as the ledger's
    tests use them."""

    def test_every_time_moves_by_the_same_amount(self):
        at = datetime.datetime(1999, 12, 31, 23, 59, 59,
                               tzinfo=datetime.timezone.utc)
        kinds = ("snapshot.create.start", "snapshot.create.end",
                 "volume.create.end")
        captured_times = [read(kind).at for kind in kinds]
        moved = [notices.read(*captured.message(kind, at=at))
                 for kind in kinds]

        self.assertEqual(at, moved[0].at)
        self.assertEqual([t - captured_times[0] for t in captured_times],
                         [n.at - at for n in moved])
        self.assertEqual(at - captured.CAPTURED_AT,
                         moved[0].started_at - read(kinds[0]).started_at)
