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

"""Group checkpoints through cinderclient, mocked at the client."""
from unittest import mock

from cinderclient import api_versions
from cinderclient import exceptions as cinder_exceptions

from tests.unit.api.test_checkpoints import BackendTestCase
from tests.unit.api.test_checkpoints import resource
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard import exceptions

VOLUME_IDS = ("11111111-1111-4111-8111-111111111111",
              "22222222-2222-4222-8222-222222222222")


class GroupTestCase(BackendTestCase):

    def setUp(self):
        super().setUp()
        self.group = resource(self.cinder_groups.first(),
                              volumes=list(VOLUME_IDS))
        self.client.groups.get.return_value = self.group
        self.volumes = [resource(self.volume, id=volume_id, name=name,
                                 status=status, size=size)
                        for volume_id, name, status, size in (
                            (VOLUME_IDS[0], "db-data", "available", 2),
                            (VOLUME_IDS[1], "db-log", "in-use", 1))]
        self.client.volumes.list.return_value = self.volumes
        self.group_snapshot = resource(self.cinder_group_snapshots.first(),
                                       name="nightly", status="creating",
                                       group_id=self.group.id)
        self.client.group_snapshots.create.return_value = self.group_snapshot
        self.client.group_snapshots.get.return_value = self.group_snapshot

    def member(self, number, marked=True, **changes):
        metadata = {}
        if marked:
            metadata = {checkpoints.CHECKPOINT_KEY: groups.MEMBER,
                        groups.GROUP_CHECKPOINT_KEY: self.group_snapshot.id,
                        groups.GROUP_NAME_KEY: "group1",
                        groups.CONSISTENCY_KEY: groups.SEQUENTIAL,
                        checkpoints.VOLUME_NAME_KEY:
                            self.volumes[number].name}
        values = dict(id=f"3333333{number}-3333-4333-8333-333333333333",
                      name="nightly", status="available",
                      volume_id=VOLUME_IDS[number], size=2 - number,
                      group_snapshot_id=self.group_snapshot.id,
                      metadata=metadata)
        values.update(changes)
        return resource(self.snapshot, **values)


class ProtectGroupTests(GroupTestCase):

    def test_one_group_snapshot_its_members_marked(self):
        members = [self.member(0, marked=False),
                   self.member(1, marked=False),
                   self.member(0, marked=False, id="other",
                               group_snapshot_id=None)]
        self.client.volume_snapshots.list.return_value = members

        made = groups.group_checkpoint_create(
            self.request, self.group.id, "nightly", "before\nthe upgrade",
            consistency=groups.SEQUENTIAL)

        self.client.group_snapshots.create.assert_called_once_with(
            self.group.id, name="nightly", description="before the upgrade")
        self.client.volume_snapshots.list.assert_called_once_with(
            search_opts={"name": "nightly"})
        marked = {c.args[0].volume_id: c.args[1] for c in
                  self.client.volume_snapshots.set_metadata.call_args_list}
        self.assertEqual(set(VOLUME_IDS), set(marked))
        self.assertEqual({
            checkpoints.CHECKPOINT_KEY: groups.MEMBER,
            groups.GROUP_CHECKPOINT_KEY: self.group_snapshot.id,
            groups.GROUP_NAME_KEY: "group1",
            groups.CONSISTENCY_KEY: groups.SEQUENTIAL,
            checkpoints.CREATED_BY_KEY: self.user.name,
            checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_MANUAL,
            checkpoints.VOLUME_NAME_KEY: "db-log"}, marked[VOLUME_IDS[1]])
        self.assertEqual(["db-data", "db-log"],
                         [m.volume_name for m in made.members])
        self.assertEqual((groups.SEQUENTIAL, "group1", 3),
                         (made.consistency, made.group_name, made.size))
        self.assertTrue(all(m.group_checkpoint_id == made.id
                            for m in made.members))

    def test_a_volume_that_is_busy_stops_it_before_cinder(self):
        self.volumes[1] = resource(self.volumes[1], status="extending")

        with self.assertRaisesRegex(exceptions.InvalidState,
                                    "db-log of group group1 is extending"):
            groups.group_checkpoint_create(self.request, self.group.id,
                                           "nightly")
        self.client.group_snapshots.create.assert_not_called()

    def test_over_quota_makes_nothing_and_says_why(self):
        self.client.group_snapshots.create.side_effect = (
            cinder_exceptions.OverLimit(413, "SnapshotLimitExceeded: "
                                             "Maximum number of snapshots "
                                             "allowed (10) exceeded"))

        with self.assertRaisesRegex(exceptions.QuotaExceeded,
                                    "Maximum number of snapshots"):
            groups.group_checkpoint_create(self.request, self.group.id,
                                           "nightly")
        self.client.volume_snapshots.set_metadata.assert_not_called()

    def test_a_member_cinder_did_not_make_is_said(self):
        self.client.volume_snapshots.list.return_value = [
            self.member(0, marked=False)]

        with self.assertRaisesRegex(exceptions.PartlyDone,
                                    "with 1 of the group's 2 volumes") as cm:
            groups.group_checkpoint_create(self.request, self.group.id,
                                           "nightly")
        made = cm.exception.made
        self.assertEqual((self.group_snapshot.id, 1),
                         (made.id, len(made.members)))

    def test_marking_cut_short_is_a_failure_in_words(self):
        self.client.volume_snapshots.list.return_value = [
            self.member(0, marked=False), self.member(1, marked=False)]
        self.client.volume_snapshots.set_metadata.side_effect = [
            None, cinder_exceptions.ClientException(500, "boom")]

        with self.assertRaisesRegex(exceptions.PartlyDone,
                                    "could not all be marked"):
            groups.group_checkpoint_create(self.request, self.group.id,
                                           "nightly")

    def test_no_name_no_group_snapshot(self):
        for name in ("", "   "):
            with self.subTest(name=name), self.assertRaisesRegex(
                    exceptions.InvalidInput, "needs a name"):
                groups.group_checkpoint_create(self.request, self.group.id,
                                               name)
        self.client.group_snapshots.create.assert_not_called()

    def test_an_older_cinder_is_told_in_words(self):
        self.client.api_version = api_versions.APIVersion("3.10")

        with self.assertRaisesRegex(exceptions.InvalidState,
                                    "cannot snapshot volume groups"):
            groups.group_checkpoint_create(self.request, self.group.id,
                                           "nightly")

    def test_ids_that_are_not_ids_never_reach_cinder(self):
        for call in (
                lambda: groups.group_checkpoint_create(self.request, "../x",
                                                       "n"),
                lambda: groups.group_checkpoint_get(self.request, "1; x"),
                lambda: groups.group_checkpoint_restore(
                    self.request, "' or 1", "g", {})):
            with self.subTest(call=call), self.assertRaises(
                    exceptions.NotFound):
                call()
        self.client.groups.get.assert_not_called()
        self.client.group_snapshots.get.assert_not_called()

    def test_what_it_gets_is_what_the_operator_said(self):
        self.assertEqual(groups.CRASH_CONSISTENT, groups.consistency_of(
            "type-1", ("type-1", "array-groups")))
        self.assertEqual(groups.SEQUENTIAL,
                         groups.consistency_of("type-2", ("type-1",)))
        self.assertEqual(groups.SEQUENTIAL,
                         groups.consistency_of("type-1", ()))


class GroupCheckpointTests(GroupTestCase):

    def setUp(self):
        super().setUp()
        self.group_snapshot = resource(self.group_snapshot,
                                       status="available")
        self.client.group_snapshots.get.return_value = self.group_snapshot
        self.members = [self.member(0), self.member(1)]
        self.client.volume_snapshots.list.return_value = self.members

    def test_list_is_two_calls_and_only_group_checkpoints(self):
        theirs = resource(self.group_snapshot, id="not-ours")
        older = resource(self.group_snapshot, id="older",
                         created_at="2017-01-01T00:00:00")
        self.members.append(self.member(0, id="m-older", metadata={
            checkpoints.CHECKPOINT_KEY: groups.MEMBER,
            groups.GROUP_CHECKPOINT_KEY: "older"}))
        self.client.group_snapshots.list.return_value = [
            older, theirs, self.group_snapshot]

        listed = groups.group_checkpoint_list(self.request)

        self.assertEqual([self.group_snapshot.id, "older"],
                         [g.id for g in listed])
        self.assertEqual([2, 1], [len(g.members) for g in listed])
        self.client.volume_snapshots.list.assert_called_once_with(
            search_opts={"metadata": {
                checkpoints.CHECKPOINT_KEY: groups.MEMBER}})

    def test_a_group_snapshot_without_marked_members_is_none_of_ours(self):
        self.client.volume_snapshots.list.return_value = []

        with self.assertRaises(exceptions.NotACheckpoint):
            groups.group_checkpoint_get(self.request, self.group_snapshot.id)

    def test_restore_names_each_new_volume_after_its_member(self):
        self.client.groups.create_from_src.return_value = {
            "id": "44444444-4444-4444-8444-444444444444", "name": "copy"}
        new = [resource(self.volume, id=f"new-{n}", name="",
                        snapshot_id=self.members[n].id, metadata={})
               for n in (0, 1)]
        self.client.volumes.list.return_value = new

        restored = groups.group_checkpoint_restore(
            self.request, self.group_snapshot.id, "copy",
            {self.members[0].id: "data-copy"}, "for a test",
            marks={checkpoints.ORIGIN_KEY: "manual"})

        self.client.groups.create_from_src.assert_called_once_with(
            self.group_snapshot.id, None, name="copy",
            description="for a test")
        self.client.volumes.list.assert_called_once_with(
            search_opts={"group_id": restored.id})
        self.assertEqual(
            [mock.call(new[0], name="data-copy"),
             mock.call(new[1], name="db-log")],
            self.client.volumes.update.call_args_list)
        self.assertEqual({checkpoints.ORIGIN_KEY: "manual",
                          checkpoints.RESTORED_FROM_KEY: self.members[1].id,
                          groups.RESTORED_FROM_GROUP_KEY:
                              self.group_snapshot.id},
                         self.client.volumes.set_metadata.call_args[0][1])
        self.assertEqual(["data-copy", "db-log"],
                         [v.name for v in restored.volumes])

    def test_naming_cut_short_says_what_cinder_is_making(self):
        self.client.groups.create_from_src.return_value = {
            "id": "44444444-4444-4444-8444-444444444444"}
        self.client.volumes.list.return_value = [
            resource(self.volume, id=f"new-{n}", name="", metadata={},
                     snapshot_id=self.members[n].id) for n in (0, 1)]
        self.client.volumes.update.side_effect = [
            None, cinder_exceptions.ClientException(500, "boom")]

        with self.assertRaisesRegex(exceptions.PartlyDone,
                                    "into group copy") as cm:
            groups.group_checkpoint_restore(
                self.request, self.group_snapshot.id, "copy", {})
        self.assertEqual(("44444444-4444-4444-8444-444444444444", ["db-data"]),
                         (cm.exception.made.id,
                          [v.name for v in cm.exception.made.volumes]))

    def test_restore_of_one_still_being_taken_is_refused(self):
        self.members[1] = self.member(1, status="creating")

        with self.assertRaisesRegex(exceptions.InvalidState,
                                    "nightly is creating"):
            groups.group_checkpoint_restore(
                self.request, self.group_snapshot.id, "copy", {})
        self.client.groups.create_from_src.assert_not_called()

    def test_hostile_names_are_refused_before_cinder(self):
        for names in (("copy\x00", {}), ("copy", {"m": "x" * 256}),
                      ("", {})):
            with self.subTest(names=names), self.assertRaises(
                    exceptions.InvalidInput):
                groups.group_checkpoint_restore(
                    self.request, self.group_snapshot.id, *names)
        self.client.groups.create_from_src.assert_not_called()

    def test_delete_is_of_the_whole_group_checkpoint(self):
        groups.group_checkpoint_delete(self.request, self.group_snapshot.id)

        self.client.group_snapshots.delete.assert_called_once_with(
            self.group_snapshot.id)

    def test_a_member_alone_is_never_deleted(self):
        self.client.volume_snapshots.get.return_value = self.members[0]

        with self.assertRaisesRegex(exceptions.InvalidState,
                                    "only as a whole"):
            checkpoints.checkpoint_delete(self.request, self.members[0].id)
        self.client.volume_snapshots.delete.assert_not_called()

    def test_a_group_checkpoint_being_deleted_is_not_deleted_again(self):
        self.client.group_snapshots.get.return_value = resource(
            self.group_snapshot, status="deleting")

        with self.assertRaisesRegex(exceptions.InvalidState,
                                    "is deleting"):
            groups.group_checkpoint_delete(self.request,
                                           self.group_snapshot.id)
        self.client.group_snapshots.delete.assert_not_called()

    def test_another_project_s_group_checkpoint_is_refused(self):
        self.members[0] = self.member(0, **{
            "os-extended-snapshot-attributes:project_id": "elsewhere"})

        with self.assertRaises(exceptions.ForeignProject):
            groups.group_checkpoint_get(self.request, self.group_snapshot.id)
