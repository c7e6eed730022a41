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

"""What Cinder would refuse of a revert, decided before asking it."""
import dataclasses
import unittest

from volsnap_dashboard.checks import revert


@dataclasses.dataclass(frozen=True)
class Snap:
    id: str
    status: str = "available"
    created_at: str = "2026-11-25T10:00:00.000000"
    size: int = 2
    volume_id: str = "vol-1"
    name: str = ""


@dataclasses.dataclass(frozen=True)
class Vol:
    id: str = "vol-1"
    name: str = "data"
    status: str = "available"
    size: int = 2
    attached_to: tuple = ()


CHECKPOINT = Snap("cp-1", name="nightly")


def refusal(volume=Vol(), checkpoint=CHECKPOINT, others=()):
    return revert.revert_refusal(volume, checkpoint,
                                 [checkpoint, *others])


class RevertRefusalTests(unittest.TestCase):

    def test_the_newest_available_checkpoint_of_a_free_volume_reverts(self):
        self.assertIsNone(refusal())
        older = [Snap("old", created_at="2026-11-24T10:00:00.000000"),
                 Snap("older", status="error",
                      created_at="2025-01-01T00:00:00.000000")]
        self.assertIsNone(refusal(others=older))

    def test_an_attached_volume_is_to_be_detached_first(self):
        for volume in (Vol(status="in-use"), Vol(attached_to=("server",)),
                       Vol(status="in-use", attached_to=("a", "b"))):
            with self.subTest(volume=volume):
                found = refusal(volume)
                self.assertEqual(revert.DETACH, found.instead)
                self.assertIn("Detach it first", found.reason)

    def test_a_volume_in_another_state_waits(self):
        for status in ("reverting", "creating", "error", "extending",
                       "maintenance", "backing-up"):
            with self.subTest(status=status):
                found = refusal(Vol(status=status))
                self.assertEqual(revert.WAIT, found.instead)
                self.assertIn(status, found.reason)

    def test_only_the_newest_snapshot_of_any_status_can_be_reverted_to(self):
        for newer in (Snap("cp-2", name="later"),
                      Snap("cp-2", status="error", name="broken"),
                      Snap("cp-2", status="creating"),
                      Snap("cp-2", status="deleting")):
            newer = dataclasses.replace(
                newer, created_at="2026-11-25T10:00:00.000001")
            with self.subTest(newer=newer):
                found = refusal(others=[newer])
                self.assertEqual(revert.RESTORE, found.instead)
                self.assertIn(newer.status, found.reason)
                self.assertIn("newest", found.reason)

    def test_the_checkpoint_must_be_available(self):
        for status in ("creating", "error", "restoring", "deleting",
                       "backing-up"):
            with self.subTest(status=status):
                checkpoint = dataclasses.replace(CHECKPOINT, status=status)
                found = refusal(checkpoint=checkpoint)
                self.assertEqual(revert.WAIT, found.instead)
                self.assertIn(status, found.reason)

    def test_a_volume_whose_size_changed_cannot_revert(self):
        for size in (3, 1, 2000):
            with self.subTest(size=size):
                found = refusal(Vol(size=size))
                self.assertEqual(revert.RESTORE, found.instead)
                self.assertIn(f"{size} GiB", found.reason)

    def test_another_volumes_checkpoint_is_refused(self):
        found = refusal(Vol(id="vol-2"))
        self.assertEqual(revert.RESTORE, found.instead)

    def test_what_is_checked_first_is_said_first(self):
        # Attached and extended and not the newest: detaching is the
        # first thing to do, and the check says so.
        newer = Snap("cp-2", created_at="2027-01-01T00:00:00.000000")
        self.assertEqual(revert.DETACH, refusal(
            Vol(status="in-use", size=5), others=[newer]).instead)
