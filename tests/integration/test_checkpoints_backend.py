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

"""The backend against the real local Keystone and Cinder (no mocks)."""
import re

from cinderclient import api_versions
from cinderclient import exceptions as cinder_exceptions
import pytest

from tests import cloud
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import client as clients
from volsnap_dashboard import exceptions

WAIT = dict(timeout=30, interval=0.2)


@pytest.fixture
def demo(stack):
    return cloud.keystone_session(stack, "demo")


@pytest.fixture
def pinned_microversion(monkeypatch):
    """Makes the backend speak a given Cinder API microversion."""
    def pin(version):
        monkeypatch.setattr(clients, "negotiated_version",
                            lambda endpoint, verify=True:
                            api_versions.APIVersion(version))
    return pin


def protect(session, volume, force=False, name=None):
    checkpoint = checkpoints.checkpoint_create(
        session, volume.id, name or cloud.unique("cp"), "integration test",
        force)
    return checkpoints.checkpoint_wait(session, checkpoint.id, **WAIT)


def test_protect_an_available_volume(demo, resources):
    volume = resources.volume()

    checkpoint = checkpoints.checkpoint_create(
        demo, volume.id, "nightly <b>", "before the upgrade", False)
    snapshot = checkpoints.checkpoint_wait(demo, checkpoint.id, **WAIT)

    assert snapshot.status == "available"
    assert snapshot.name == "nightly <b>"
    assert snapshot.metadata[checkpoints.CHECKPOINT_KEY] == "true"
    assert snapshot.metadata[checkpoints.CREATED_BY_KEY] == "demo"
    assert snapshot.metadata[checkpoints.VOLUME_NAME_KEY] == volume.name
    fetched = checkpoints.checkpoint_get(demo, checkpoint.id)
    assert (fetched.volume_name, fetched.volume_exists) == (volume.name, True)


@pytest.mark.parametrize("microversion", ["3.0", "3.71"])
def test_protect_an_in_use_volume(demo, resources, pinned_microversion,
                                  microversion):
    pinned_microversion(microversion)
    volume = resources.volume(in_use=True)

    with pytest.raises(exceptions.InvalidState, match="Force"):
        checkpoints.checkpoint_create(demo, volume.id, "no-force", "", False)
    assert resources.snapshots_of(volume.id) == []

    snapshot = protect(demo, volume, force=True)
    assert snapshot.status == "available"
    assert [s.id for s in resources.snapshots_of(volume.id)] == [snapshot.id]


def test_restore_makes_a_new_volume_and_leaves_the_source(demo, resources):
    source = resources.volume(size=2)
    snapshot = protect(demo, source)

    restored = checkpoints.checkpoint_restore(demo, snapshot.id, "copy",
                                              "restored by a test")
    resources.volumes.append(restored.id)
    restored = checkpoints.volume_wait(demo, restored.id, **WAIT)

    assert restored.id != source.id
    assert (restored.name, restored.size) == ("copy", 2)
    assert restored.snapshot_id == snapshot.id
    assert restored.restored_from == snapshot.id
    # Cinder may still touch the source's updated_at just after it became
    # available; its bytes are proven its own in test_data.
    after = resources.cinder.volumes.get(source.id)
    assert (after.status, after.size, after.name, after.metadata) == (
        source.status, source.size, source.name, source.metadata)


def test_delete_a_checkpoint(demo, resources):
    snapshot = protect(demo, resources.volume())

    checkpoints.checkpoint_delete(demo, snapshot.id)

    gone = checkpoints.checkpoint_wait(demo, snapshot.id,
                                       wanted=("deleted",), **WAIT)
    assert gone.status == "deleted"
    with pytest.raises(exceptions.NotFound):
        checkpoints.checkpoint_get(demo, snapshot.id)


def test_over_quota_leaves_no_snapshot(stack, demo, resources):
    volume = resources.volume()
    admin = cloud.cinder(stack, "admin")
    project_id = demo.get_project_id()
    usage = admin.quotas.get(project_id, usage=True).snapshots
    old_limit = usage["limit"]
    spend_snapshot_quota(admin, project_id,
                         usage["in_use"] + usage.get("reserved", 0))
    try:
        with pytest.raises(exceptions.QuotaExceeded):
            checkpoints.checkpoint_create(demo, volume.id, "over", "", False)
    finally:
        admin.quotas.update(project_id, snapshots=old_limit)
    assert resources.snapshots_of(volume.id) == []


def spend_snapshot_quota(admin, project_id, in_use):
    """Sets the limit to what is used; Cinder may count more in flight."""
    try:
        admin.quotas.update(project_id, snapshots=in_use)
    except cinder_exceptions.BadRequest as exc:
        counted = re.search(r"Current usage is (\d+)", exc.message)
        if not counted:
            raise
        admin.quotas.update(project_id, snapshots=int(counted.group(1)))


def test_a_volume_deleted_meanwhile(demo, resources):
    volume = resources.volume()
    resources.cinder.volumes.delete(volume.id)
    cloud.wait_gone(lambda: resources.cinder.volumes.get(volume.id))

    with pytest.raises(exceptions.NotFound, match=volume.id):
        checkpoints.checkpoint_create(demo, volume.id, "late", "", False)


@pytest.mark.parametrize("status, error", [
    ("creating", exceptions.WaitTimeout),
    ("error", exceptions.OperationFailed),
])
def test_stuck_or_failed_checkpoint(stack, demo, resources, status, error):
    snapshot = protect(demo, resources.volume())
    admin = cloud.cinder(stack, "admin")
    admin.volume_snapshots.reset_state(snapshot.id, status)
    try:
        with pytest.raises(error, match=status):
            checkpoints.checkpoint_wait(demo, snapshot.id, timeout=1,
                                        interval=0.2)
    finally:
        admin.volume_snapshots.reset_state(snapshot.id, "available")


def test_another_project_cannot_touch_a_checkpoint(stack, demo, resources):
    snapshot = protect(demo, resources.volume())
    alt = cloud.keystone_session(stack, "alt")

    for action in (checkpoints.checkpoint_get, checkpoints.checkpoint_delete,
                   checkpoints.checkpoint_restore):
        with pytest.raises(exceptions.NotFound):
            action(alt, snapshot.id)
    assert snapshot.id not in [c.id for c in checkpoints.checkpoint_list_paged(
        alt, limit=1000)[0]]
    assert resources.cinder.volume_snapshots.get(snapshot.id).status == (
        "available")


def test_list_filters_and_pages(demo, resources):
    volume = resources.volume()
    other = resources.volume()
    made = [protect(demo, volume, name=f"page-{i}") for i in range(7)]
    plain = resources.cinder.volume_snapshots.create(other.id, name="plain")
    cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(plain.id),
                      "available")

    def page(**kwargs):
        return checkpoints.checkpoint_list_paged(
            demo, limit=3, filters={"volume_id": volume.id}, **kwargs)

    first, more, prev = page()
    second, more2, prev2 = page(marker=first[-1].id)
    third, more3, prev3 = page(marker=second[-1].id)
    back, _, _ = page(marker=second[0].id, sort_dir="asc")

    newest_first = [c.id for c in reversed(made)]
    assert [c.id for c in first + second + third] == newest_first
    assert (more, prev, more2, prev2, more3, prev3) == (
        True, False, True, True, False, True)
    assert [c.id for c in back] == [c.id for c in first]
    assert {c.volume_name for c in first} == {volume.name}
    by_name, _, _ = checkpoints.checkpoint_list_paged(
        demo, filters={"name": "page-3", "volume_id": volume.id})
    assert [c.id for c in by_name] == [made[3].id]
    everything, _, _ = checkpoints.checkpoint_list_paged(
        demo, limit=1000, filters={"volume_id": other.id})
    assert everything == []
