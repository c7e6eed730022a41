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

"""Group checkpoints against the real Keystone and Cinder on the
real-bytes backend: a group protected at one go and restored as a new
group holding each member's data, a member never deleted alone, over
quota leaving nothing, and a scheduled policy over a group keeping whole
group checkpoints (no mocks)."""
import datetime

import pytest

from tests import cloud
from tests.integration.test_checkpoints_backend import spend_snapshot_quota
from tests.integration import test_scheduler as scheduler_test
from tests.volume_bytes import Pattern
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.engine import scheduler
from volsnap_dashboard import exceptions
from volsnap_dashboard.policies import coverage
from volsnap_dashboard.policies import models as policy_models
from volsnap_dashboard.policies import targets

conf = scheduler_test.conf
trust = scheduler_test.trust
due_policy = scheduler_test.due_policy

WAIT = dict(timeout=120, interval=0.5)


@pytest.fixture
def demo(stack):
    return cloud.keystone_session(stack, "demo")


def protect(session, group):
    made = groups.group_checkpoint_create(session, group.id,
                                          cloud.unique("gcp"), "a test")
    groups.group_checkpoint_wait(session, made.id, **WAIT)
    return groups.group_checkpoint_get(session, made.id)


def test_a_group_restored_holds_each_member_s_data(demo, resources,
                                                   volume_bytes):
    group, (data, log) = resources.group(2)
    volume_bytes.write(data.id, Pattern(61))
    volume_bytes.write(log.id, Pattern(62))

    made = protect(demo, group)
    volume_bytes.write(data.id, Pattern(63))
    volume_bytes.write(log.id, Pattern(64))

    # NFS takes the members one after the other, and the checkpoint says
    # no more than that.
    assert made.consistency == groups.SEQUENTIAL
    assert sorted(m.volume_id for m in made.members) == sorted(
        [data.id, log.id])
    assert all(m.status == "available" and m.group_checkpoint_id == made.id
               for m in made.members)
    assert made.id in [g.id for g in groups.group_checkpoint_list(demo)]
    # Members are none of the single checkpoints' listings.
    single = {c.id for c in checkpoints.checkpoint_list_project(demo)}
    assert not single & {m.id for m in made.members}

    by_volume = {m.volume_id: m for m in made.members}
    restored = groups.group_checkpoint_restore(
        demo, made.id, cloud.unique("restored-grp"),
        {by_volume[data.id].id: "data-copy",
         by_volume[log.id].id: "log-copy"}, "restored by a test")
    resources.groups.append(restored.id)
    groups.group_wait(demo, restored.id, **WAIT)

    new = {v.name: v for v in (
        resources.cinder.volumes.get(v.id) for v in restored.volumes)}
    assert sorted(new) == ["data-copy", "log-copy"]
    for volume in new.values():
        cloud.wait_status(lambda: resources.cinder.volumes.get(volume.id),
                          "available", 120)
        assert volume.group_id == restored.id
    assert volume_bytes.holds(new["data-copy"].id, Pattern(61))
    assert volume_bytes.holds(new["log-copy"].id, Pattern(62))
    assert volume_bytes.holds(data.id, Pattern(63))


def test_a_member_goes_only_with_its_group_checkpoint(demo, resources):
    group, _volumes = resources.group(2)
    made = protect(demo, group)

    with pytest.raises(exceptions.InvalidState, match="only as a whole"):
        checkpoints.checkpoint_delete(demo, made.members[0].id)
    # A member restores alone, as any checkpoint does.
    alone = checkpoints.checkpoint_restore(demo, made.members[0].id,
                                           "member-alone")
    resources.volumes.append(alone.id)
    checkpoints.volume_wait(demo, alone.id, **WAIT)
    resources.remove(alone.id)

    groups.group_checkpoint_delete(demo, made.id)
    groups.group_checkpoint_wait(demo, made.id, wanted=("deleted",), **WAIT)
    for member in made.members:
        cloud.wait_gone(
            lambda: resources.cinder.volume_snapshots.get(member.id), 60)


def test_over_quota_leaves_no_part_of_a_group_checkpoint(stack, demo,
                                                         resources):
    group, volumes = resources.group(2)
    admin = cloud.cinder(stack, "admin")
    project_id = demo.get_project_id()
    usage = admin.quotas.get(project_id, usage=True).snapshots
    # Room for one member of two.
    spend_snapshot_quota(admin, project_id,
                         usage["in_use"] + usage.get("reserved", 0) + 1)
    try:
        with pytest.raises(exceptions.QuotaExceeded, match="quota"):
            groups.group_checkpoint_create(demo, group.id, "over", "")
    finally:
        admin.quotas.update(project_id, snapshots=usage["limit"])
    assert resources.cinder.group_snapshots.list(
        search_opts={"group_id": group.id}) == []
    for volume in volumes:
        assert resources.snapshots_of(volume.id) == []


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_group_policy_keeps_two_whole_group_checkpoints(
        stack, conf, trust, resources):
    group, volumes = resources.group(2)
    policy = due_policy(stack, trust[0], [], target=targets.GROUPS,
                        group_ids=[group.id], keep_last=2)
    # Only the manual runs below: the schedule's own slot is not due.
    later = scheduler_test.now() + datetime.timedelta(hours=1)
    policy_models.Policy.objects.filter(pk=policy.pk).update(
        next_run_at=later, next_due_at=later)
    for _ in range(3):
        policy_models.Run.objects.create(
            policy=policy, trigger=policy_models.Run.MANUAL,
            scheduled_for=scheduler_test.now(),
            state=policy_models.Run.QUEUED)
        scheduler.run_once("itest", conf)

    runs = list(policy.runs.order_by("id"))
    assert [r.state for r in runs] == [policy_models.Run.SUCCEEDED] * 3
    assert {r.volumes[group.id]["name"] for r in runs} == {group.name}
    made = [r.volumes[group.id]["checkpoint_id"] for r in runs]
    cloud.wait_until(lambda: sorted(
        g.id for g in resources.cinder.group_snapshots.list(
            search_opts={"group_id": group.id})) == sorted(made[1:]), 60)
    # Whole groups only: every member of the kept ones, none of the first.
    members = {s.id: s for v in volumes for s in resources.snapshots_of(v.id)}
    assert len(members) == 4
    assert {s.group_snapshot_id for s in members.values()} == set(made[1:])
    # Both members are covered, each met by the group checkpoints.
    assert {c.volume_id: c.standing.state for c in coverage.standings(
        scheduler_test.now(), project_id=policy.project_id)} == {
        v.id: "met" for v in volumes}
