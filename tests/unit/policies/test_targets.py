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
from volsnap_dashboard.api import groups
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


def group(group_id, *volume_ids, status="available", name=None):
    return groups.Group(id=group_id, name=name or group_id,
                        description="", status=status, group_type_id="t",
                        volume_type_ids=(), volume_ids=volume_ids,
                        availability_zone="nova", created_at="")


GROUPS = [group("db-1", "a", "d", name="db-main"),
          group("db-2", "b", "e", name="db-replica"),
          group("web", "c", name="web"),
          group("empty", name="db-empty"),
          group("broken", "c", status="error", name="db-broken")]


def test_listed_groups_once_and_what_cannot_be_taken_skipped():
    resolved = targets.resolve_groups(
        targets.Targets(targets.GROUPS, group_ids=("db-1", "x", "db-1",
                                                   "db-2", "empty")),
        GROUPS, LISTING)

    # An in-use member needs no force in a group snapshot.
    assert ids(resolved) == ["db-1"]
    assert resolved.skipped == {
        "x": "The volume group is gone.",
        "db-2": "Volume e of the group is creating; every volume of a "
                "group must be available or in use.",
        "empty": "The volume group has no volumes."}


def test_groups_whose_name_matches_a_pattern():
    db = targets.Targets(targets.GROUP_NAME, pattern="db-*")
    resolved = targets.resolve_groups(db, GROUPS, LISTING)

    assert ids(resolved) == ["db-1"]
    assert set(resolved.skipped) == {"db-2", "empty", "broken"}
    assert db.why_group(GROUPS[2]) is None
    assert db.why_group(GROUPS[0]) == "Group name matches db-*"
    # The pattern is the whole name, case and all.
    assert targets.Targets(targets.GROUP_NAME, pattern="DB-*").why_group(
        GROUPS[0]) is None
    assert db.of_groups and not targets.Targets().of_groups
