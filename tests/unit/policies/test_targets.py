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

"""Which volumes a policy covers, resolved from a listing."""
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.policies import targets


def volume(volume_id, status="available", **metadata):
    return checkpoints.Volume(id=volume_id, name=volume_id, status=status,
                              size=1, snapshot_id=None, metadata=metadata)


LISTING = [volume("a", tier="gold"), volume("b", tier="silver"),
           volume("c"), volume("d", "in-use", tier="gold"),
           volume("e", "creating", tier="gold")]


def ids(resolved):
    return [v.id for v in resolved.volumes]


def test_listed_volumes_once_and_the_gone_ones_skipped():
    resolved = targets.resolve(targets.Targets(volume_ids=("a", "x", "a")),
                               LISTING, force=False)
    assert ids(resolved) == ["a"]
    assert resolved.skipped == {"x": "The volume is gone."}


def test_a_key_with_any_value_and_with_one_value():
    any_tier = targets.Targets(targets.METADATA, key="tier")
    gold = targets.Targets(targets.METADATA, key="tier", value="gold")
    assert ids(targets.resolve(any_tier, LISTING, force=True)) == [
        "a", "b", "d"]
    resolved = targets.resolve(gold, LISTING, force=False)
    assert ids(resolved) == ["a"]
    assert set(resolved.skipped) == {"d", "e"}
    assert targets.matching(gold, LISTING) == 3


def test_the_whole_project():
    project = targets.Targets(targets.PROJECT)
    assert ids(targets.resolve(project, LISTING, force=True)) == [
        "a", "b", "c", "d"]


def test_why_a_volume_is_covered():
    assert targets.Targets(volume_ids=("a",)).why(LISTING[0]) == "Listed"
    assert targets.Targets(targets.METADATA, key="tier").why(
        LISTING[1]) == "Metadata tier=silver"
    assert targets.Targets(targets.METADATA, key="tier").why(
        LISTING[2]) is None
    assert targets.Targets(targets.PROJECT).why(LISTING[2]) == (
        "Every volume of the project")
