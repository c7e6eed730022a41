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


class BackupProgressTests(unittest.TestCase):

    def test_how_far_from_the_chunks_written_not_cinder_s_percent(self):
        payload = captured.BACKUPS["backup.createprogress"]["payload"]

        self.assertLess(payload["backup_percent"], 1)
        # Ten chunks of 64 MiB of a 1 GiB volume.
        self.assertEqual(62, notices.backup_progress(payload))

    def test_odd_payloads_say_nothing(self):
        for payload in ({}, {"size": 0, "list": [{"a": {
                "offset": 0, "length": 1}}]}, {"size": 1, "list": "x"},
                {"size": 1, "list": [{"a": {"offset": "?"}}]}):
            with self.subTest(payload=payload):
                self.assertIsNone(notices.backup_progress(payload))


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


# As the local Cinder (29) sent them for a snapshot and a restored volume
# that volsnap's Karbor plugin made: a snapshot's metadata is the repr of
# a dict, a volume's a list of key and value.
KARBOR_SNAPSHOT_METADATA = ("{'volsnap_karbor_checkpoint': 'kc-1', "
                            "'volsnap_origin': 'karbor', "
                            "'volsnap_created_by': 'u-karbor'}")
KARBOR_VOLUME_METADATA = [{"key": "volsnap_origin", "value": "karbor"},
                          {"key": "volsnap_karbor_checkpoint",
                           "value": "kc-1"}]


class OriginTests(unittest.TestCase):

    def test_what_karbor_made_says_so_in_its_metadata(self):
        for notice in (read("snapshot.create.end",
                            metadata=KARBOR_SNAPSHOT_METADATA),
                       read("volume.create.end",
                            metadata=KARBOR_VOLUME_METADATA)):
            with self.subTest(action=notice.action):
                self.assertEqual(("karbor", "kc-1"),
                                 (notice.source, notice.karbor_checkpoint_id))
        self.assertEqual("u-karbor", read(
            "snapshot.create.end", metadata=KARBOR_SNAPSHOT_METADATA
        ).user_name)

    def test_anything_else_is_other(self):
        for metadata in ("", "{'a': 'b'}", "not python", "__import__('os')",
                         "[1, 2]", [{"key": "a"}], None, 7):
            with self.subTest(metadata=metadata):
                notice = read("snapshot.create.end", metadata=metadata)
                self.assertEqual(("other", ""), (notice.source,
                                                 notice.karbor_checkpoint_id))


class ReportTests(unittest.TestCase):

    def test_a_report_reads_back_as_sent(self):
        payload = notices.report_payload(
            "protect", {"source": "karbor", "project_id": "p",
                        "user_id": "u", "user_name": "u", "extra": "x"},
            "failed", ValueError("attached"),
            {"volume_id": "v", "checkpoint_name": "n", "junk": "j"})

        report = notices.read({}, notices.REPORT_EVENT, payload,
                              {"message_id": "m-1"})

        self.assertEqual(
            ("m-1", "protect", "failed", "attached", "", {
                "project_id": "p", "project_name": "", "user_id": "u",
                "user_name": "u", "source": "karbor"},
             {"volume_id": "v", "checkpoint_name": "n"}),
            (report.message_id, report.action, report.outcome, report.error,
             report.key, report.actor, report.fields))

    def test_a_report_that_is_not_one_is_ignored(self):
        good = notices.report_payload("delete", {}, "failed", "", {})
        for payload in ({}, dict(good, action="explode"),
                        dict(good, outcome="great"), dict(good, actor=[]),
                        dict(good, fields="x")):
            with self.subTest(payload=payload):
                self.assertIsNone(notices.read(
                    {}, notices.REPORT_EVENT, payload, {"message_id": "m"}))
        self.assertIsNone(notices.read({}, notices.REPORT_EVENT, good, {}))


class RevertTests(unittest.TestCase):
    """Cinder sends snapshot.revert.end whether the revert worked or not:
    the status says which."""

    def test_the_status_of_the_end_is_the_outcome(self):
        started, ended, failed_start, failed_end = (
            notices.read(*captured.message(m)) for m in captured.REVERTS)

        self.assertEqual(
            [(n.action, n.phase, n.status, n.outcome) for n in (
                started, ended, failed_start, failed_end)],
            [("revert", "start", "restoring", "in_progress"),
             ("revert", "end", "available", "succeeded"),
             ("revert", "start", "restoring", "in_progress"),
             ("revert", "end", "restoring", "failed")])
        self.assertEqual((ended.key, ended.volume_id),
                         (captured.SNAPSHOT_ID, captured.VOLUME_ID))

    def test_an_end_in_any_other_status_is_a_failure(self):
        end = captured.REVERTS[1]
        for status in ("restoring", "error", "creating", "", "deleted"):
            with self.subTest(status=status):
                self.assertEqual("failed", notices.read(*captured.message(
                    end, status=status)).outcome)

    def test_cinders_safety_snapshot_is_nobodys_checkpoint(self):
        for kind in ("snapshot.create.start", "snapshot.create.end",
                     "snapshot.delete.start", "snapshot.delete.end"):
            with self.subTest(kind=kind):
                self.assertIsNone(read(kind, display_name=(
                    f"[revert] volume {captured.VOLUME_ID} backup snapshot")))
        # A user's snapshot named alike is theirs.
        for name in ("[revert] volume of mine", "x [revert] volume "
                     f"{captured.VOLUME_ID} backup snapshot", "[revert]"):
            with self.subTest(name=name):
                self.assertIsNotNone(read("snapshot.create.end",
                                          display_name=name))
