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

"""Cinder's notices applied to the log: one row per operation, each
message once, the same final row in any order."""
import datetime

from openstack_dashboard.test import helpers
import time_machine

from tests.unit.events import captured
from volsnap_dashboard.events import ledger
from volsnap_dashboard.events import models
from volsnap_dashboard.events import notices
from volsnap_dashboard.events import recorder
from volsnap_dashboard.events import terms


# The tests' clock: the capture is re-stamped to begin at this moment,
# and whatever the log stamps itself (an intent's created_at) is stamped
# by this clock, never by the day the tests run.
NOW = datetime.datetime(2031, 2, 28, 23, 59, 30, tzinfo=datetime.timezone.utc)


def apply(kind, **changes):
    return ledger.apply(notices.read(*captured.message(kind, at=NOW,
                                                       **changes)))


def only_row(**where):
    return models.Event.objects.filter(**where).get()


@time_machine.travel(NOW, tick=False)
class LedgerTests(helpers.TestCase):

    def recorded(self, action, **fields):
        return recorder.journal(self.request).recorded(action, **fields)

    def test_an_unrecorded_snapshot_gets_a_row_of_its_own(self):
        self.assertTrue(apply("snapshot.create.start"))
        self.assertTrue(apply("snapshot.create.end"))

        row = only_row()
        self.assertEqual(
            (row.action, row.outcome, row.source, row.user_id,
             row.user_name, row.project_id, row.checkpoint_id,
             row.volume_id, row.cinder_status),
            ("protect", "succeeded", "other", captured.USER_ID, "",
             captured.PROJECT_ID, captured.SNAPSHOT_ID, captured.VOLUME_ID,
             "available"))
        self.assertGreaterEqual(row.finished_at, row.created_at)

    def test_the_same_message_twice_changes_nothing(self):
        apply("snapshot.create.end")
        before = list(models.Event.objects.values())

        self.assertFalse(apply("snapshot.create.end"))

        self.assertEqual(before, list(models.Event.objects.values()))

    def test_any_order_ends_in_the_same_row(self):
        kinds = ["snapshot.create.start", "snapshot.create.end",
                 "snapshot.delete.start", "snapshot.delete.end"]
        finals = []
        for order in (kinds, kinds[::-1], kinds[1::2] + kinds[::2]):
            models.Event.objects.all().delete()
            models.Notification.objects.all().delete()
            for kind in order:
                apply(kind)
            finals.append(sorted(models.Event.objects.values_list(
                "action", "outcome", "created_at", "finished_at")))

        self.assertEqual(finals[0], finals[1])
        self.assertEqual(finals[0], finals[2])
        self.assertEqual(["succeeded", "succeeded"],
                         [f[1] for f in finals[0]])

    def test_the_dashboards_intent_is_completed_not_doubled(self):
        self.request.user.project_id = captured.PROJECT_ID
        with self.recorded(terms.PROTECT,
                           volume_id=captured.VOLUME_ID) as event:
            # Cinder's notices may come before the call returns.
            apply("snapshot.create.start")
            event["checkpoint_id"] = captured.SNAPSHOT_ID
        apply("snapshot.create.end")

        row = only_row()
        self.assertEqual((row.source, row.outcome, row.user_name,
                          row.checkpoint_id),
                         ("dashboard", "succeeded", self.request.user.username,
                          captured.SNAPSHOT_ID))

    def test_a_killed_workers_unknown_intent_is_settled(self):
        models.Event.objects.create(**terms.event_row(
            terms.PROTECT, {"source": "dashboard",
                            "project_id": captured.PROJECT_ID,
                            "user_id": "u-alice", "user_name": "alice"},
            terms.UNKNOWN, volume_id=captured.VOLUME_ID))

        apply("snapshot.create.end")

        row = only_row()
        self.assertEqual((row.user_name, row.outcome, row.checkpoint_id),
                         ("alice", "succeeded", captured.SNAPSHOT_ID))

    def intent_at(self, moment):
        values = terms.event_row(
            terms.PROTECT, {"source": "dashboard",
                            "project_id": captured.PROJECT_ID},
            terms.UNKNOWN, volume_id=captured.VOLUME_ID)
        return models.Event.objects.create(created_at=moment, **values)

    def sources_after_the_snapshot(self):
        apply("snapshot.create.end")
        return sorted(models.Event.objects.values_list("source", flat=True))

    def test_an_old_intent_is_not_taken_for_a_new_snapshot(self):
        self.intent_at(NOW - datetime.timedelta(days=1))

        self.assertEqual(["dashboard", "other"],
                         self.sources_after_the_snapshot())

    def test_an_intent_written_after_the_notice_is_not_taken_for_it(self):
        self.intent_at(NOW + ledger.CLOCK_SKEW + datetime.timedelta(
            seconds=1))

        self.assertEqual(["dashboard", "other"],
                         self.sources_after_the_snapshot())

    def test_the_window_holds_both_of_its_ends(self):
        notice_at = notices.read(*captured.message(
            "snapshot.create.end", at=NOW)).at
        for moment in (notice_at - ledger.INTENT_WINDOW,
                       notice_at + ledger.CLOCK_SKEW):
            with self.subTest(moment=moment):
                models.Event.objects.all().delete()
                models.Notification.objects.all().delete()
                self.intent_at(moment)

                self.assertEqual(["dashboard"],
                                 self.sources_after_the_snapshot())

    def test_a_reset_to_error_fails_the_protect(self):
        apply("snapshot.create.end")
        apply("snapshot.reset_status.end", status="error")

        row = only_row()
        self.assertEqual((row.outcome, row.cinder_status, row.error),
                         ("failed", "error",
                          "Cinder reported the protect in status error."))

    def test_a_restore_names_the_source_volume_from_the_log(self):
        apply("snapshot.create.end")
        apply("volume.create.start")
        apply("volume.create.end")

        row = only_row(action="restore")
        self.assertEqual(
            (row.outcome, row.checkpoint_id, row.restored_volume_id,
             row.volume_id),
            ("succeeded", captured.SNAPSHOT_ID, captured.RESTORED_ID,
             captured.VOLUME_ID))

    def test_a_status_of_an_unknown_snapshot_makes_no_row(self):
        apply("snapshot.update.end")

        self.assertFalse(models.Event.objects.exists())

    def test_a_restore_intent_without_its_snapshot_is_matched_by_volume(self):
        apply("snapshot.create.end")
        # As Karbor's restore hook writes it: the volume, not yet the
        # snapshot it reads from its bank.
        models.Event.objects.create(**terms.event_row(
            terms.RESTORE, {"source": "karbor",
                            "project_id": captured.PROJECT_ID,
                            "user_name": "alice"},
            terms.UNKNOWN, volume_id=captured.VOLUME_ID))

        apply("volume.create.start")
        apply("volume.create.end")

        row = only_row(action="restore")
        self.assertEqual((row.source, row.user_name, row.outcome,
                          row.restored_volume_id),
                         ("karbor", "alice", "succeeded",
                          captured.RESTORED_ID))


@time_machine.travel(NOW, tick=False)
def apply_revert(number, **changes):
    return ledger.apply(notices.read(*captured.message(
        captured.REVERTS[number], at=NOW, **changes)))


@time_machine.travel(NOW, tick=False)
class RevertTests(helpers.TestCase):

    def test_the_dashboards_revert_is_settled_by_the_status(self):
        self.request.user.project_id = captured.PROJECT_ID
        for ok, (start, end) in ((True, (0, 1)), (False, (2, 3))):
            with recorder.journal(self.request).recorded(
                    terms.REVERT, checkpoint_id=captured.SNAPSHOT_ID,
                    volume_id=captured.VOLUME_ID) as event:
                event["accepted"] = True
            apply_revert(start)
            apply_revert(end)
        rows = list(models.Event.objects.order_by("id").values_list(
            "action", "source", "outcome", "cinder_status", "user_name"))
        user = self.request.user.username
        self.assertEqual(rows, [
            ("revert", "dashboard", "succeeded", "available", user),
            ("revert", "dashboard", "failed", "restoring", user)])
        self.assertIn("restoring", models.Event.objects.order_by(
            "id").last().error)

    def test_reverts_nobody_recorded_are_a_row_each(self):
        for number in range(4):
            apply_revert(number)

        self.assertEqual(
            list(models.Event.objects.order_by("id").values_list(
                "action", "source", "outcome")),
            [("revert", "other", "succeeded"), ("revert", "other", "failed")])


@time_machine.travel(NOW, tick=False)
class BackupTests(helpers.TestCase):
    """Backups, restores from them and their deletes: one row each."""

    def test_the_dashboards_backup_is_completed_with_its_progress(self):
        self.request.user.project_id = captured.PROJECT_ID
        with recorder.journal(self.request).recorded(
                terms.BACKUP, checkpoint_id=captured.SNAPSHOT_ID,
                volume_id=captured.VOLUME_ID) as event:
            event.update(accepted=True)
        apply("backup.create.start")
        apply("backup.createprogress")

        row = only_row()
        self.assertEqual((row.source, row.outcome, row.backup_id,
                          row.progress),
                         ("dashboard", "in_progress", captured.BACKUP_ID,
                          62))
        apply("backup.create.end")
        row = only_row()
        self.assertEqual((row.outcome, row.cinder_status),
                         ("succeeded", "available"))
        self.assertGreaterEqual(row.finished_at, row.created_at)

    def test_each_operation_of_a_backup_nobody_recorded_is_a_row(self):
        for kind in ("backup.create.start", "backup.createprogress",
                     "backup.create.end", "backup.restore.start",
                     "backup.restore.end", "backup.delete.start",
                     "backup.delete.end"):
            apply(kind)

        self.assertEqual(
            list(models.Event.objects.order_by("id").values_list(
                "action", "source", "outcome", "backup_id",
                "checkpoint_id")),
            [(action, "other", "succeeded", captured.BACKUP_ID,
              captured.SNAPSHOT_ID)
             for action in ("backup", "restore_backup", "delete_backup")])

    def test_a_failed_backup_keeps_cinder_s_reason(self):
        apply("backup.create.start")
        apply("backup.create.end", status="error",
              fail_reason="No space left on device")

        row = only_row()
        self.assertEqual((row.outcome, row.error),
                         ("failed", "No space left on device"))

    def test_progress_of_a_backup_never_started_makes_no_row(self):
        apply("backup.createprogress")

        self.assertFalse(models.Event.objects.exists())


class KarborTests(helpers.TestCase):
    """Karbor's work from Cinder's notices and the plugin's reports."""
    ACTOR = {"source": "karbor", "project_id": captured.PROJECT_ID,
             "project_name": "demo", "user_id": captured.USER_ID,
             "user_name": captured.USER_ID}

    def report(self, message_id, outcome, error="", **fields):
        return ledger.apply(notices.read(
            {}, notices.REPORT_EVENT, notices.report_payload(
                "protect", self.ACTOR, outcome, error, fields),
            {"message_id": message_id}))

    def test_a_karbor_snapshot_is_karbors_row(self):
        marks = "{'volsnap_karbor_checkpoint': 'kc-1'}"
        apply("snapshot.create.start", metadata=marks)
        apply("snapshot.create.end", metadata=marks)

        row = only_row()
        self.assertEqual(("karbor", "kc-1", "succeeded"),
                         (row.source, row.karbor_checkpoint_id, row.outcome))

    def test_a_protect_cinder_never_saw_is_reported_once(self):
        self.assertTrue(self.report("r-1", "failed", "attached",
                                    volume_id=captured.VOLUME_ID))
        self.assertFalse(self.report("r-1", "failed", "attached",
                                     volume_id=captured.VOLUME_ID))

        row = only_row()
        self.assertEqual(("protect", "failed", "karbor", "attached", ""),
                         (row.action, row.outcome, row.source, row.error,
                          row.checkpoint_id))

    def test_a_snapshot_gone_to_error_fails_the_row_cinder_began(self):
        marks = "{'volsnap_karbor_checkpoint': 'kc-1'}"
        apply("snapshot.create.start", metadata=marks)

        self.report("r-2", "failed", "went to status error",
                    volume_id=captured.VOLUME_ID,
                    checkpoint_id=captured.SNAPSHOT_ID)

        row = only_row()
        self.assertEqual(("failed", "karbor", "went to status error"),
                         (row.outcome, row.source, row.error))


def apply_all(messages):
    """As the listener does: a message of nothing it records is dropped."""
    for message in messages:
        notice = notices.read(*message)
        if notice is not None:
            ledger.apply(notice)


def payload_has(messages, key, value):
    return [m for m in messages if m[2].get(key) == value]


@time_machine.travel(NOW, tick=False)
class GroupLedgerTests(helpers.TestCase):
    """A group protect, restore and delete are a row each; Cinder's
    notices of their members name no group, and fold into it."""

    def setUp(self):
        super().setUp()
        self.request.user.project_id = captured.PROJECT_ID

    def recorded(self, action, **fields):
        return recorder.journal(self.request).recorded(action, **fields)

    def test_a_group_protect_nobody_recorded_is_one_row(self):
        apply_all(captured.group_messages(NOW, "group_snapshot.create",
                                          "snapshot.create"))

        row = only_row()
        self.assertEqual(
            (row.action, row.outcome, row.source, row.checkpoint_id,
             row.checkpoint_name, row.group_id, row.cinder_status),
            ("protect_group", "succeeded", "other",
             captured.GROUP_SNAPSHOT_ID, "capture-gcp", captured.GROUP_ID,
             "available"))

    def test_the_dashboard_s_group_protect_in_any_order_is_its_row(self):
        messages = captured.group_messages(NOW, "group_snapshot.create",
                                           "snapshot.create")
        with self.recorded(terms.PROTECT_GROUP, group_id=captured.GROUP_ID,
                           checkpoint_name="capture-gcp") as event:
            # The members' unmarked starts before anything else.
            apply_all(payload_has(messages, "status", "creating")[::-1])
            event["checkpoint_id"] = captured.GROUP_SNAPSHOT_ID
        apply_all(messages[::-1])

        row = only_row()
        self.assertEqual((row.action, row.source, row.outcome,
                          row.checkpoint_id),
                         ("protect_group", "dashboard", "succeeded",
                          captured.GROUP_SNAPSHOT_ID))

    def test_the_dashboard_s_group_restore_is_settled_by_its_group(self):
        messages = payload_has(captured.group_messages(
            NOW, "group.create"), "group_id", captured.RESTORED_GROUP_ID)
        volumes = [m for m in captured.group_messages(NOW, "volume.create")
                   if m[2].get("snapshot_id") in captured.MEMBER_IDS]
        members = [{"checkpoint_id": member_id}
                   for member_id in captured.MEMBER_IDS]
        with self.recorded(terms.RESTORE_GROUP,
                           checkpoint_id=captured.GROUP_SNAPSHOT_ID,
                           members=members) as event:
            apply_all(messages[:1] + volumes[:2])
            event["restored_group_id"] = captured.RESTORED_GROUP_ID
        apply_all(messages + volumes)

        row = only_row()
        self.assertEqual((row.action, row.outcome, row.restored_group_id),
                         ("restore_group", "succeeded",
                          captured.RESTORED_GROUP_ID))

    def test_a_group_made_with_its_volumes_is_nobody_s_restore(self):
        apply_all(m for m in captured.group_messages(
            NOW, "group.create", "volume.create")
            if m[2].get("group_id") == captured.GROUP_ID
            or (m[1].startswith("volume.") and not m[2].get("snapshot_id")))

        self.assertEqual([], list(models.Event.objects.all()))

    def test_a_group_delete_nobody_recorded_is_one_row(self):
        apply_all(captured.group_messages(NOW, "group_snapshot.delete",
                                          "snapshot.delete"))

        row = only_row()
        self.assertEqual(
            (row.action, row.outcome, row.source, row.checkpoint_id),
            ("delete_group", "succeeded", "other",
             captured.GROUP_SNAPSHOT_ID))
