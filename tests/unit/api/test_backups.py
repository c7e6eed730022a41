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

"""Backups of checkpoints through cinderclient, mocked at the client."""
from unittest import mock

from cinderclient import api_versions
from cinderclient import exceptions as cinder_exceptions

from tests.unit.api.test_checkpoints import BackendTestCase
from tests.unit.api.test_checkpoints import resource
from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard import exceptions


class BackupTests(BackendTestCase):

    def setUp(self):
        super().setUp()
        self.snapshot = resource(
            self.snapshot, volume_id=self.volume.id,
            metadata=dict(self.snapshot.metadata, **{
                checkpoints.VOLUME_NAME_KEY: "data"}))
        self.client.volume_snapshots.get.return_value = self.snapshot
        self.backup = resource(
            self.cinder_volume_backups.first(), status="available",
            volume_id=self.volume.id, snapshot_id=self.snapshot.id,
            is_incremental=False, has_dependent_backups=False,
            metadata={backups.BACKUP_KEY: "true",
                      backups.CHECKPOINT_ID_KEY: self.snapshot.id,
                      checkpoints.VOLUME_NAME_KEY: "data"})
        self.client.backups.get.return_value = self.backup

    def test_backs_up_the_checkpoint_s_snapshot_marked(self):
        self.client.backups.create.return_value = self.backup

        backup = backups.backup_create(self.request, self.snapshot.id,
                                       "weekly", "off site\nfull",
                                       incremental=True)

        self.client.backups.create.assert_called_once_with(
            self.volume.id, name="weekly", description="off site full",
            incremental=True, snapshot_id=self.snapshot.id, metadata={
                backups.BACKUP_KEY: "true",
                backups.CHECKPOINT_ID_KEY: self.snapshot.id,
                checkpoints.CREATED_BY_KEY: self.user.name,
                checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_MANUAL,
                checkpoints.VOLUME_NAME_KEY: "data"})
        self.assertEqual((self.snapshot.id, "data"),
                         (backup.checkpoint_id, backup.volume_name))

    def test_refuses_a_checkpoint_that_is_not_available(self):
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, status="backing-up")

        with self.assertRaisesRegex(exceptions.InvalidState,
                                    "only an available checkpoint"):
            backups.backup_create(self.request, self.snapshot.id, "b")
        self.client.backups.create.assert_not_called()

    def test_ids_that_are_not_ids_never_reach_cinder(self):
        for call in (lambda: backups.backup_get(self.request, "../x"),
                     lambda: backups.backup_create(self.request, "1; x",
                                                   "b")):
            with self.subTest(call=call), self.assertRaises(
                    exceptions.NotFound):
                call()
        self.client.backups.get.assert_not_called()
        self.client.volume_snapshots.get.assert_not_called()

    def test_a_backup_volsnap_did_not_make_is_not_found(self):
        self.client.backups.get.return_value = resource(self.backup,
                                                        metadata={})

        with self.assertRaises(exceptions.NotFound):
            backups.backup_get(self.request, self.backup.id)

    def test_another_project_s_backup_is_refused(self):
        self.client.backups.get.return_value = resource(self.backup, **{
            "os-backup-project-attr:project_id": "someone-else"})

        with self.assertRaises(exceptions.ForeignProject):
            backups.backup_restore(self.request, self.backup.id, "new", "",
                                   "gold")
        self.client.volumes.create.assert_not_called()

    def test_lists_only_volsnap_s_backups_of_the_checkpoint(self):
        other = resource(self.backup, id="other", metadata={
            backups.BACKUP_KEY: "true",
            backups.CHECKPOINT_ID_KEY: "another-checkpoint"})
        unmarked = resource(self.backup, id="unmarked", metadata={})
        self.client.backups.list.return_value = [self.backup, other,
                                                 unmarked]

        listed = backups.backup_list(self.request,
                                     checkpoint_id=self.snapshot.id)

        self.assertEqual([self.backup.id], [b.id for b in listed])
        # Cinder answers 400 to a member's filter by metadata.
        self.client.backups.list.assert_called_once_with(
            sort="created_at:desc")

    def test_restores_with_the_name_and_type_given(self):
        self.client.volumes.create.return_value = self.volume

        backups.backup_restore(self.request, self.backup.id, "back", "",
                               "gold", size=self.backup.size + 1)

        self.client.volumes.create.assert_called_once_with(
            self.backup.size + 1, backup_id=self.backup.id, name="back",
            description="", volume_type="gold", availability_zone=None,
            metadata={backups.RESTORED_FROM_BACKUP_KEY: self.backup.id})

    def test_a_restore_without_name_or_type_or_too_small_is_refused(self):
        for name, volume_type, size in (("", "gold", None),
                                        ("back", "", None),
                                        ("back", "gold", 0),
                                        ("back", "gold",
                                         self.backup.size - 1)):
            with self.subTest(name=name, type=volume_type, size=size):
                with self.assertRaises(exceptions.InvalidInput):
                    backups.backup_restore(self.request, self.backup.id,
                                           name, "", volume_type, size=size)
        self.client.volumes.create.assert_not_called()

    def test_a_cinder_without_typed_restores_says_so(self):
        self.client.api_version = api_versions.APIVersion("3.46")

        with self.assertRaisesRegex(exceptions.InvalidState, "3.47"):
            backups.backup_restore(self.request, self.backup.id, "back", "",
                                   "gold")

    def test_a_parent_of_incremental_backups_is_not_deleted(self):
        self.client.backups.get.return_value = resource(
            self.backup, has_dependent_backups=True)

        with self.assertRaisesRegex(exceptions.InvalidState,
                                    "delete those first"):
            backups.backup_delete(self.request, self.backup.id)
        self.client.backups.delete.assert_not_called()

    def test_no_backup_service_is_said_so_not_a_missing_checkpoint(self):
        # Cinder answers ServiceNotFound, a 404, when none is up.
        self.client.backups.create.side_effect = cinder_exceptions.NotFound(
            404, "Service cinder-backup could not be found.")

        with self.assertRaisesRegex(exceptions.CinderUnavailable,
                                    "No backup service"):
            backups.backup_create(self.request, self.snapshot.id, "b")

    def test_over_quota_is_cinder_s_reason(self):
        self.client.backups.create.side_effect = cinder_exceptions.OverLimit(
            413, "Maximum number of backups allowed (10) exceeded")

        with self.assertRaisesRegex(exceptions.QuotaExceeded,
                                    "backups allowed"):
            backups.backup_create(self.request, self.snapshot.id, "b")

    def test_a_failed_backup_says_cinder_s_reason(self):
        self.client.backups.get.return_value = resource(
            self.backup, status="error", fail_reason="No space left")

        with self.assertRaisesRegex(exceptions.OperationFailed,
                                    "No space left"):
            backups.backup_wait(self.request, self.backup.id,
                                sleep=mock.Mock(), clock=lambda: 0)

    def test_the_backup_quota_is_read_in_one_call(self):
        self.client.limits.get.return_value.absolute = [
            mock.Mock(value=value) for value in (3, 10, 7, 100)]
        for limit, name in zip(self.client.limits.get.return_value.absolute,
                               ("totalBackupsUsed", "maxTotalBackups",
                                "totalBackupGigabytesUsed",
                                "maxTotalBackupGigabytes")):
            limit.name = name

        quota = checkpoints.backup_quota_get(self.request)

        self.assertEqual((7, 93), (quota.left, quota.gigabytes_left))
        self.assertFalse(quota.allows(94))

    def test_a_deleted_backup_is_waited_for_until_gone(self):
        self.client.backups.get.side_effect = [
            resource(self.backup, status="deleting"),
            cinder_exceptions.NotFound(404)]
        sleep = mock.Mock()

        self.assertIsNone(backups.backup_wait(
            self.request, self.backup.id, wanted=("deleted",),
            sleep=sleep, clock=lambda: 0))
        sleep.assert_called_once_with(2)
