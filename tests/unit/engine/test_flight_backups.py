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

"""The backup tier of runs in flight: the checkpoint backed up once it
is available, the backup settled from the project's listing, the tier's
retention, and the snapshot deleted after its backup."""
import datetime
from unittest import mock

from openstack_dashboard.test import helpers

from tests.unit.engine import test_flight as base
from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.engine import flight
from volsnap_dashboard.engine import runner
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions

MOCKED = {**base.MOCKED,
          backups: ("backup_list_project", "backup_create", "backup_delete")}


def backup(backup_id, status="available", hours_ago=0, incremental=False,
           has_dependents=False, policy="7", run=None, volume_id="v1"):
    moment = (base.NOW - datetime.timedelta(hours=hours_ago)).isoformat()
    metadata = {backups.BACKUP_KEY: "true", checkpoints.POLICY_KEY: policy}
    if run:
        metadata[checkpoints.RUN_KEY] = run
    return backups.Backup(
        id=backup_id, name=backup_id, description="", status=status, size=1,
        created_at=moment, volume_id=volume_id, snapshot_id="new",
        is_incremental=incremental, has_dependent_backups=has_dependents,
        fail_reason="", metadata=metadata, data_timestamp=moment)


class BackupTierTests(base.FlightCase):

    def setUp(self):
        super().setUp()
        self.policy.backup_every = 1

    def start_backing_up(self, sequence=1, listing=()):
        """A run whose checkpoint is available at the first listing."""
        self.mock_volume_list_detailed.return_value = [base.volume("v1")]
        self.mock_checkpoint_create.return_value = self.created("v1")
        self.mock_checkpoint_list_project.return_value = [base.made("new")]
        self.mock_backup_list_project.return_value = list(listing)
        run = self.run_of()
        run.sequence = sequence
        self.assertEqual([], self.start(run))
        return self.turn()

    @helpers.create_mocks(MOCKED)
    def test_snapshot_back_up_delete_the_snapshot(self):
        self.policy.backup_delete_snapshot = True
        self.mock_backup_create.return_value = backup("b1", "creating")

        self.assertEqual([], self.start_backing_up())
        self.assertEqual((mock.sentinel.session, "new"),
                         self.mock_backup_create.call_args.args[:2])
        create = self.mock_backup_create.call_args
        self.assertFalse(create.args[4])
        self.assertEqual({checkpoints.POLICY_KEY: "7",
                          checkpoints.RUN_KEY: "30"}, create.kwargs["marks"])
        # Cinder holds the snapshot until the backup is done with it.
        self.mock_checkpoint_list_project.return_value = [
            base.made("new", status="backing-up")]
        self.mock_backup_list_project.return_value = [backup("b1")]
        self.assertEqual([], self.turn())
        self.mock_checkpoint_delete.assert_not_called()
        self.mock_checkpoint_list_project.return_value = [base.made("new")]
        self.assertEqual([], self.turn())
        self.assertEqual("new", self.mock_checkpoint_delete.call_args.args[1])
        self.mock_checkpoint_list_project.return_value = []
        (work,) = self.turn()

        result = work.results["v1"]
        self.assertEqual((runner.PROTECTED, runner.BACKED_UP, "b1", 1),
                         (result.status, result.backup_status,
                          result.backup_id, result.deleted))
        self.assertEqual([(terms.PROTECT, terms.SUCCEEDED),
                          (terms.BACKUP, terms.SUCCEEDED),
                          (terms.DELETE, terms.SUCCEEDED)],
                         [(e[0], e[2]) for e in result.events])

    @helpers.create_mocks(MOCKED)
    def test_over_quota_backup_is_a_failed_step_that_keeps_the_snapshot(self):
        self.policy.backup_delete_snapshot = True
        self.mock_backup_create.side_effect = exceptions.QuotaExceeded(
            "Cinder refused it over quota: BackupLimitExceeded")

        # Checkpoint retention, after the backup step, needs a listing.
        self.assertEqual([], self.start_backing_up())
        (work,) = self.turn()

        result = work.results["v1"]
        self.assertEqual(
            (runner.PROTECTED, runner.FAILED,
             "Cinder refused it over quota: BackupLimitExceeded"),
            (result.status, result.backup_status, result.backup_reason))
        self.assertEqual(1, self.mock_backup_create.call_count)
        self.mock_checkpoint_delete.assert_not_called()
        self.assertEqual((terms.BACKUP, terms.FAILED),
                         result.events[-1][::2][:2])

    @helpers.create_mocks(MOCKED)
    def test_a_backup_in_error_fails_the_step_with_cinder_s_reason(self):
        self.policy.backup_delete_snapshot = True
        self.mock_backup_create.return_value = backup("b1", "creating")
        self.start_backing_up()
        failed = backup("b1", "error")
        self.mock_backup_list_project.return_value = [
            backups.Backup(**dict(vars(failed), fail_reason="No space"))]

        (work,) = self.turn()

        result = work.results["v1"]
        self.assertEqual(runner.FAILED, result.backup_status)
        self.assertIn("No space", result.backup_reason)
        self.mock_checkpoint_delete.assert_not_called()

    @helpers.create_mocks(MOCKED)
    def test_incremental_when_the_tier_says_and_there_is_a_base(self):
        self.mock_backup_create.return_value = backup("b2", "creating")

        self.start_backing_up(sequence=2, listing=[backup("b1", hours_ago=24)])
        self.assertTrue(self.mock_backup_create.call_args.args[4])

    @helpers.create_mocks(MOCKED)
    def test_full_when_there_is_nothing_to_build_on(self):
        self.mock_backup_create.return_value = backup("b2", "creating")

        self.start_backing_up(sequence=2, listing=[
            backup("b1", "error", hours_ago=24),
            backup("elsewhere", hours_ago=24, volume_id="v9")])
        self.assertFalse(self.mock_backup_create.call_args.args[4])

    @helpers.create_mocks(MOCKED)
    def test_a_run_between_backups_makes_none(self):
        self.policy.backup_every = 2

        (work,) = self.start_backing_up(sequence=2)

        self.mock_backup_create.assert_not_called()
        self.mock_backup_list_project.assert_not_called()
        self.assertEqual("", work.results["v1"].backup_status)

    @helpers.create_mocks(MOCKED)
    def test_a_taken_over_run_finds_its_backup_by_the_mark(self):
        self.mock_backup_list_project.return_value = [
            backup("b1", "creating", run="30")]
        self.mock_volume_list_detailed.return_value = [base.volume("v1")]
        self.mock_checkpoint_list_project.return_value = [
            base.made("new", run="30")]
        run = self.run_of(takeovers=1)
        run.sequence = 1
        self.start(run)
        self.turn()
        self.mock_backup_list_project.return_value = [backup("b1", run="30")]

        (work,) = self.turn()

        self.mock_checkpoint_create.assert_not_called()
        self.mock_backup_create.assert_not_called()
        self.assertEqual((runner.BACKED_UP, "b1"),
                         (work.results["v1"].backup_status,
                          work.results["v1"].backup_id))

    @helpers.create_mocks(MOCKED)
    def test_backup_retention_deletes_children_before_parents(self):
        self.policy.backup_full_every = 1
        self.policy.backup_keep_last = 1
        old = [backup("f1", hours_ago=48, has_dependents=True),
               backup("a", hours_ago=24, incremental=True),
               backup("theirs", hours_ago=30, policy="8")]
        self.mock_backup_create.return_value = backup("new-b", "creating")
        self.start_backing_up(listing=old)
        self.mock_backup_list_project.return_value = old + [backup("new-b")]

        self.assertEqual([], self.turn())
        self.assertEqual(["a"], [c.args[1] for c in
                                 self.mock_backup_delete.call_args_list])
        # The child is going: its parent waits.
        self.mock_backup_list_project.return_value = [
            old[0], backup("a", "deleting", incremental=True), old[2],
            backup("new-b")]
        self.assertEqual([], self.turn())
        self.assertEqual(1, self.mock_backup_delete.call_count)
        # The child is gone; Cinder has not yet counted its parent down.
        self.mock_backup_list_project.return_value = [
            old[0], old[2], backup("new-b")]
        self.assertEqual([], self.turn())
        self.assertEqual(1, self.mock_backup_delete.call_count)
        self.mock_backup_list_project.return_value = [
            backup("f1", hours_ago=48), old[2], backup("new-b")]
        self.assertEqual([], self.turn())
        self.assertEqual(["a", "f1"], [c.args[1] for c in
                                       self.mock_backup_delete.call_args_list])
        self.mock_backup_list_project.return_value = [old[2], backup("new-b")]
        (work,) = self.turn()

        result = work.results["v1"]
        self.assertEqual((runner.BACKED_UP, 2),
                         (result.backup_status, result.backups_deleted))
        self.assertEqual([terms.PROTECT, terms.BACKUP, terms.DELETE_BACKUP,
                          terms.DELETE_BACKUP],
                         [e[0] for e in result.events])

    @helpers.create_mocks(MOCKED)
    def test_a_parent_held_by_cinder_past_the_settling_ends_the_run(self):
        self.policy.backup_full_every = 1
        self.policy.backup_keep_last = 1
        held = backup("f1", hours_ago=48, has_dependents=True)
        self.mock_backup_create.return_value = backup("new-b", "creating")
        self.start_backing_up(listing=[held])
        self.mock_backup_list_project.return_value = [held, backup("new-b")]

        self.assertEqual([], self.turn())
        self.assertEqual([], self.turn(flight.PARENT_SETTLE))
        (work,) = self.turn()

        self.assertEqual((runner.BACKED_UP, 0),
                         (work.results["v1"].backup_status,
                          work.results["v1"].backups_deleted))
        self.mock_backup_delete.assert_not_called()

    @helpers.create_mocks(MOCKED)
    def test_checkpoint_retention_waits_until_the_backup_is_done(self):
        # On NFS, deleting an older snapshot breaks a backup of a newer.
        self.policy.keep_last = 1
        self.mock_backup_create.return_value = backup("b1", "creating")
        self.mock_volume_list_detailed.return_value = [base.volume("v1")]
        self.mock_checkpoint_create.return_value = self.created("v1")
        self.mock_checkpoint_list_project.return_value = [
            base.made("new"), base.made("old", days_ago=1)]
        self.mock_backup_list_project.return_value = []
        run = self.run_of()
        run.sequence = 1
        self.start(run)
        self.turn()
        self.mock_backup_list_project.return_value = [backup("b1",
                                                             "creating")]
        self.assertEqual([], self.turn())
        self.mock_checkpoint_delete.assert_not_called()

        self.mock_backup_list_project.return_value = [backup("b1")]
        self.assertEqual([], self.turn())
        self.assertEqual("old", self.mock_checkpoint_delete.call_args.args[1])
        self.mock_checkpoint_list_project.return_value = [base.made("new")]
        (work,) = self.turn()
        self.assertEqual((runner.BACKED_UP, 1),
                         (work.results["v1"].backup_status,
                          work.results["v1"].deleted))
