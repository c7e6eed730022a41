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

"""What Cinder would refuse of a restore's size and zone."""
import dataclasses
import unittest

from volsnap_dashboard.checks import restore


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    size: int = 2
    volume_zone: str = "nova"


class RestoreProblemsTests(unittest.TestCase):

    def test_at_least_the_checkpoints_size(self):
        for size, bad in ((2, False), (3, False), (2 ** 31 - 1, False),
                          (1, True), (0, True), (-1, True)):
            with self.subTest(size=size):
                self.assertEqual(bad, "size" in restore.restore_problems(
                    Checkpoint(), size))

    def test_the_checkpoints_zone_unless_the_cloud_allows_others(self):
        zones = ["nova", "east"]
        for zone, same_zone, bad in (
                (None, True, False), ("", True, False), ("nova", True, False),
                ("east", True, True), ("east", False, False),
                ("west", False, True), ("west", True, True)):
            with self.subTest(zone=zone, same_zone=same_zone):
                self.assertEqual(bad, "availability_zone" in (
                    restore.restore_problems(Checkpoint(), 2, zone, zones,
                                             same_zone)))

    def test_a_checkpoint_of_a_vanished_volume_takes_any_listed_zone(self):
        self.assertEqual({}, restore.restore_problems(
            Checkpoint(volume_zone=None), 2, "east", ["east"]))
        self.assertEqual({}, restore.restore_problems(
            Checkpoint(volume_zone=None), 2, "east", None))
