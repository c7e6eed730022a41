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

"""Group protect, restore and delete: one journal row each, its members
listed, with the outcome the call's end tells."""
import unittest
from unittest import mock

from tests.unit.operations.test_checkpoints import ACTOR
from tests.unit.operations.test_checkpoints import checkpoint
from tests.unit.operations.test_checkpoints import volume
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import groups as operations

WAIT = {"timeout": 5, "interval": 0}
GROUP = groups.Group(id="g1", name="db", description="", status="available",
                     group_type_id="t1", volume_type_ids=("vt",),
                     volume_ids=("v1", "v2"), availability_zone="nova",
                     created_at="")


def group_checkpoint(status="available"):
    return groups.GroupCheckpoint(
        id="gc1", name="nightly", description="", status=status,
        created_at="", group_id="g1", group_type_id="t1", members=(
            checkpoint(id="m1", volume_id="v1", volume_name="data"),
            checkpoint(id="m2", volume_id="v2", volume_name="log")))


MEMBERS = [{"checkpoint_id": "m1", "volume_id": "v1", "volume_name": "data"},
           {"checkpoint_id": "m2", "volume_id": "v2", "volume_name": "log"}]


class GroupOperationTests(unittest.TestCase):

    def setUp(self):
        self.collected = terms.Collected()
        self.journal = terms.Journal(self.collected, ACTOR)

    def entry(self):
        (entry,) = self.collected.entries
        action, actor, outcome, error, fields = entry
        return action, outcome, str(error or ""), fields

    @mock.patch.object(groups, "group_checkpoint_wait")
    @mock.patch.object(groups, "group_checkpoint_create")
    def test_protect_is_one_row_with_its_members(self, create, wait):
        create.return_value = group_checkpoint("creating")

        operations.protect("ctx", self.journal, GROUP, "nightly", "d",
                           consistency=groups.SEQUENTIAL, wait=WAIT)

        create.assert_called_once_with("ctx", "g1", "nightly", "d",
                                       consistency=groups.SEQUENTIAL)
        action, outcome, error, fields = self.entry()
        self.assertEqual((terms.PROTECT_GROUP, terms.SUCCEEDED, ""),
                         (action, outcome, error))
        self.assertEqual(("gc1", "g1", "db", MEMBERS),
                         (fields["checkpoint_id"], fields["group_id"],
                          fields["group_name"], fields["members"]))

    @mock.patch.object(groups, "group_checkpoint_create")
    def test_a_protect_cut_short_keeps_what_cinder_took(self, create):
        create.side_effect = exceptions.PartlyDone(
            "members could not all be marked", group_checkpoint("creating"))

        with self.assertRaises(exceptions.PartlyDone):
            operations.protect("ctx", self.journal, GROUP, "nightly")

        action, outcome, error, fields = self.entry()
        # Cinder has it: its notifications settle the row.
        self.assertEqual((terms.IN_PROGRESS, "members could not all be "
                          "marked", "gc1"),
                         (outcome, error, fields["checkpoint_id"]))
        self.assertEqual(MEMBERS, fields["members"])

    @mock.patch.object(groups, "group_checkpoint_create")
    def test_over_quota_is_failed_with_nothing_taken(self, create):
        create.side_effect = exceptions.QuotaExceeded("over quota")

        with self.assertRaises(exceptions.QuotaExceeded):
            operations.protect("ctx", self.journal, GROUP, "nightly")

        action, outcome, error, fields = self.entry()
        self.assertEqual((terms.FAILED, "over quota"), (outcome, error))
        self.assertNotIn("checkpoint_id", fields)

    @mock.patch.object(groups, "group_checkpoint_restore")
    def test_restore_lists_each_member_with_its_new_volume(self, restore):
        restore.return_value = groups.RestoredGroup(
            id="g2", name="copy", volumes=(volume(
                id="r1", name="data-copy",
                metadata={checkpoints.RESTORED_FROM_KEY: "m1"}),))

        operations.restore("ctx", self.journal, group_checkpoint(), "copy",
                           {"m1": "data-copy"})

        action, outcome, error, fields = self.entry()
        self.assertEqual((terms.RESTORE_GROUP, terms.IN_PROGRESS, "g2"),
                         (action, outcome, fields["restored_group_id"]))
        self.assertEqual(
            [dict(MEMBERS[0], restored_volume_id="r1",
                  restored_volume_name="data-copy"), MEMBERS[1]],
            fields["members"])

    @mock.patch.object(groups, "group_checkpoint_wait")
    @mock.patch.object(groups, "group_checkpoint_delete")
    def test_delete_is_one_row_for_the_whole_group(self, delete, wait):
        operations.delete("ctx", self.journal, group_checkpoint(),
                          wait=WAIT, listed=True)

        delete.assert_called_once_with("ctx", "gc1",
                                       listed=group_checkpoint())
        wait.assert_called_once_with("ctx", "gc1", wanted=("deleted",),
                                     **WAIT)
        action, outcome, error, fields = self.entry()
        self.assertEqual((terms.DELETE_GROUP, terms.SUCCEEDED, MEMBERS),
                         (action, outcome, fields["members"]))
