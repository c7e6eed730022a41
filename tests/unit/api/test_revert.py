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

"""Revert in place through cinderclient, checked before it is asked."""
from cinderclient import api_versions
from cinderclient import exceptions as cinder_exceptions

from tests.unit.api.test_checkpoints import BackendTestCase
from tests.unit.api.test_checkpoints import resource
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import revert
from volsnap_dashboard import exceptions


class RevertTests(BackendTestCase):

    def setUp(self):
        super().setUp()
        self.snapshot = resource(self.snapshot, volume_id=self.volume.id,
                                 size=self.volume.size,
                                 created_at="2026-11-25T10:00:00.000000")
        self.client.volume_snapshots.get.return_value = self.snapshot
        self.client.volumes.get.return_value = self.volume
        self.client.volume_snapshots.list.return_value = [self.snapshot]

    def test_reverts_the_newest_checkpoint_of_a_free_volume(self):
        volume, checkpoint = revert.checkpoint_revert(self.request,
                                                      self.snapshot.id)

        self.client.volumes.revert_to_snapshot.assert_called_once_with(
            self.volume.id, self.snapshot.id)
        self.client.volume_snapshots.list.assert_called_once_with(
            search_opts={"volume_id": self.volume.id})
        self.assertEqual((volume.id, checkpoint.id),
                         (self.volume.id, self.snapshot.id))

    def test_what_cinder_would_refuse_is_never_asked(self):
        newer = resource(self.snapshot, id="newer", status="error",
                         created_at="2026-11-26T10:00:00.000000")
        for changes, listed in (
                ({"status": "in-use"}, [self.snapshot]),
                ({"size": self.volume.size + 1}, [self.snapshot]),
                ({}, [self.snapshot, newer])):
            with self.subTest(changes=changes, listed=len(listed)):
                self.client.volumes.get.return_value = resource(
                    self.volume, **changes)
                self.client.volume_snapshots.list.return_value = listed
                with self.assertRaises(exceptions.RevertRefused):
                    revert.checkpoint_revert(self.request, self.snapshot.id)
        self.client.volumes.revert_to_snapshot.assert_not_called()

    def test_a_check_of_this_request_is_not_asked_for_again(self):
        checked = revert.checkpoint_revert_check(self.request,
                                                 self.snapshot.id)
        self.client.reset_mock()

        revert.checkpoint_revert(self.request, self.snapshot.id, checked)

        self.client.volume_snapshots.get.assert_not_called()
        self.client.volumes.revert_to_snapshot.assert_called_once_with(
            self.volume.id, self.snapshot.id)

    def test_a_vanished_volume_says_restore_instead(self):
        self.client.volumes.get.side_effect = cinder_exceptions.NotFound(404)

        volume, _checkpoint, refusal = revert.checkpoint_revert_check(
            self.request, self.snapshot.id)

        self.assertIsNone(volume)
        self.assertEqual("restore", refusal.instead)

    def test_a_cinder_older_than_3_40_cannot_revert(self):
        self.client.api_version = api_versions.APIVersion("3.39")

        with self.assertRaises(exceptions.RevertRefused) as caught:
            revert.checkpoint_revert(self.request, self.snapshot.id)

        self.assertIn("3.40", str(caught.exception))
        self.client.volumes.revert_to_snapshot.assert_not_called()

    def test_a_conflict_says_the_volume_may_be_left_reverting(self):
        self.client.volumes.revert_to_snapshot.side_effect = (
            cinder_exceptions.ClientException(
                409, "Snapshot's status must be 'available'."))

        with self.assertRaises(exceptions.InvalidState) as caught:
            revert.checkpoint_revert(self.request, self.snapshot.id)

        self.assertIn("reset its status", str(caught.exception))
        self.assertIn("must be 'available'", str(caught.exception))

    def test_cinders_400_is_its_reason_and_silence_is_unknown(self):
        for error, expected in (
                (cinder_exceptions.BadRequest(400, "not the latest one"),
                 exceptions.InvalidState),
                (cinder_exceptions.ClientException(500, "boom"),
                 exceptions.OutcomeUnknown)):
            with self.subTest(error=error):
                self.client.volumes.revert_to_snapshot.side_effect = error
                with self.assertRaises(expected):
                    revert.checkpoint_revert(self.request, self.snapshot.id)

    def test_ids_that_are_not_ids_and_plain_snapshots_are_refused(self):
        for bad in ("../x", "", "1" * 37):
            with self.subTest(bad=bad):
                with self.assertRaises(exceptions.NotFound):
                    revert.checkpoint_revert(self.request, bad)
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, metadata={})
        with self.assertRaises(exceptions.NotACheckpoint):
            revert.checkpoint_revert(self.request, self.snapshot.id)
        self.client.volumes.revert_to_snapshot.assert_not_called()


class CloneTests(BackendTestCase):

    def test_copies_the_volume_and_says_whose_copy_it_is(self):
        self.client.volumes.create.return_value = resource(
            self.volume, id="copy")
        volume = checkpoints.Volume.from_cinder(self.volume)

        revert.volume_clone(self.request, volume, "data-before", "kept\nit")

        self.client.volumes.create.assert_called_once_with(
            volume.size, source_volid=volume.id, name="data-before",
            description="kept it",
            metadata={revert.KEPT_FROM_KEY: volume.id})
