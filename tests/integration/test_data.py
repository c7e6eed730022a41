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

"""Every way back proven by the bytes that come back, on the local
cloud's real-bytes backend: a known pattern is written into a volume, and
whole images are compared after each restore, revert and delete."""
import uuid

import pytest

from tests import cloud
from tests.volume_bytes import Pattern
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import revert
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import checkpoints as operations

WAIT = dict(timeout=60, interval=0.2)
BEFORE, AFTER, LATER = Pattern(1), Pattern(2), Pattern(3)


@pytest.fixture
def demo(stack):
    return cloud.keystone_session(stack, "demo")


@pytest.fixture
def journal():
    return terms.Journal(terms.Collected(), {"source": "dashboard"})


def protect(session, volume_id):
    made = checkpoints.checkpoint_create(session, volume_id,
                                         cloud.unique("cp"), "", False)
    return checkpoints.checkpoint_get(session, checkpoints.checkpoint_wait(
        session, made.id, **WAIT).id)


def restore(session, resources, checkpoint, **options):
    volume = checkpoints.checkpoint_restore(
        session, checkpoint.id, cloud.unique("restored"), **options)
    resources.volumes.append(volume.id)
    return checkpoints.volume_wait(session, volume.id, **WAIT)


def protected_then_changed(session, resources, volume_bytes):
    """A volume that held BEFORE when its checkpoint was taken, and
    holds AFTER now."""
    volume = resources.volume()
    volume_bytes.write(volume.id, BEFORE)
    checkpoint = protect(session, volume.id)
    volume_bytes.write(volume.id, AFTER)
    return volume, checkpoint


def reverted(session, checkpoint):
    revert.checkpoint_revert(session, checkpoint.id)
    return checkpoints.volume_wait(session, checkpoint.volume_id, **WAIT)


def test_a_restore_holds_the_checkpoints_data_and_the_source_its_own(
        demo, resources, volume_bytes):
    volume, checkpoint = protected_then_changed(demo, resources,
                                                volume_bytes)

    restored = restore(demo, resources, checkpoint)

    assert volume_bytes.holds(restored.id, BEFORE)
    assert volume_bytes.holds(volume.id, AFTER)
    assert not volume_bytes.holds(volume.id, BEFORE)


def test_a_checkpoint_of_a_restored_volume_restores_too(demo, resources,
                                                        volume_bytes):
    volume = resources.volume()
    volume_bytes.write(volume.id, BEFORE)
    first = restore(demo, resources, protect(demo, volume.id))
    checkpoint = protect(demo, first.id)
    volume_bytes.write(first.id, LATER)

    second = restore(demo, resources, checkpoint)

    assert volume_bytes.holds(second.id, BEFORE)
    assert volume_bytes.holds(first.id, LATER)


def test_a_restore_into_a_larger_volume_of_another_type(
        stack, demo, resources, volume_bytes):
    volume = resources.volume()
    volume_bytes.write(volume.id, BEFORE)
    checkpoint = protect(demo, volume.id)
    other = stack["volume_types"]["other"]

    restored = restore(demo, resources, checkpoint, size=3,
                       volume_type=other)

    assert (restored.size, resources.cinder.volumes.get(
        restored.id).volume_type) == (3, other)
    # The checkpoint's bytes, then zeros to the end of the larger volume.
    assert volume_bytes.holds(restored.id, BEFORE, size_gib=3)


def two_checkpoints(session, resources, volume_bytes):
    """A volume with checkpoints of BEFORE and of AFTER, holding LATER."""
    volume, older = protected_then_changed(session, resources, volume_bytes)
    newer = protect(session, volume.id)
    volume_bytes.write(volume.id, LATER)
    return volume, older, newer


def test_deleting_checkpoints_keeps_the_volume_and_leaves_no_file(
        demo, resources, volume_bytes):
    volume, older, newer = two_checkpoints(demo, resources, volume_bytes)

    for checkpoint, left in ((older, newer), (newer, None)):
        checkpoints.checkpoint_delete(demo, checkpoint.id)
        checkpoints.checkpoint_wait(demo, checkpoint.id, ("deleted",),
                                    **WAIT)
        assert volume_bytes.holds(volume.id, LATER)
        assert not [name for name in volume_bytes.files()
                    if checkpoint.id in name]
        if left is not None:
            assert volume_bytes.holds(restore(demo, resources, left).id,
                                      AFTER)
    assert {name for name in volume_bytes.files() if volume.id in name} <= {
        f"volume-{volume.id}", f"volume-{volume.id}.info"}


def test_revert_brings_the_data_back_and_keeps_the_older_checkpoints(
        demo, resources, volume_bytes):
    volume, oldest, newest = two_checkpoints(demo, resources, volume_bytes)

    assert reverted(demo, newest).status == "available"

    assert volume_bytes.holds(volume.id, AFTER)
    # The chain is intact: both checkpoints still restore their data,
    # and the volume can be reverted and written again.
    assert volume_bytes.holds(restore(demo, resources, oldest).id, BEFORE)
    assert volume_bytes.holds(restore(demo, resources, newest).id, AFTER)
    volume_bytes.write(volume.id, LATER)
    reverted(demo, newest)
    assert volume_bytes.holds(volume.id, AFTER)


def test_keeping_the_data_first_leaves_a_checkpoint_of_it(
        demo, resources, volume_bytes, journal):
    volume, checkpoint = protected_then_changed(demo, resources,
                                                volume_bytes)

    kept = operations.revert(demo, journal, checkpoint,
                             keep=(cloud.unique("kept"), "before revert"),
                             wait=WAIT)
    resources.volumes.append(kept.volume_id)
    checkpoints.volume_wait(demo, volume.id, **WAIT)

    assert volume_bytes.holds(volume.id, BEFORE)
    assert kept.volume_id != volume.id
    assert volume_bytes.holds(restore(demo, resources, kept).id, AFTER)
    assert [(e[0], e[2]) for e in journal.writer.entries] == [
        ("protect", "succeeded"), ("revert", "in_progress")]


def refused_cases(demo, resources, volume_bytes, admin):
    """(what, volume, checkpoint): each set up so that Cinder would refuse
    to revert the volume to the checkpoint; the volume holds AFTER."""
    def made():
        return protected_then_changed(demo, resources, volume_bytes)

    volume, checkpoint = made()
    resources.cinder.volumes.reserve(volume)
    resources.cinder.volumes.attach(volume, str(uuid.uuid4()), "/dev/vdb")
    cloud.wait_status(lambda: resources.cinder.volumes.get(volume.id),
                      "in-use")
    yield "attached", volume, checkpoint, "in-use"

    volume, checkpoint = made()
    protect(demo, volume.id)
    yield "not the newest", volume, checkpoint, "available"

    volume, checkpoint = made()
    resources.cinder.volumes.extend(volume, 2)
    cloud.wait_until(lambda: resources.cinder.volumes.get(volume.id).size
                     == 2)
    cloud.wait_status(lambda: resources.cinder.volumes.get(volume.id),
                      "available")
    yield "extended", volume, checkpoint, "available"

    volume, checkpoint = made()
    broken = protect(demo, volume.id)
    admin.volume_snapshots.reset_state(broken.id, "error")
    yield "a newer snapshot in error", volume, checkpoint, "available"


def test_what_cinder_would_refuse_leaves_the_volume_untouched(
        stack, demo, resources, volume_bytes):
    admin = cloud.cinder(stack, "admin")
    seen = []
    for what, volume, checkpoint, status in refused_cases(
            demo, resources, volume_bytes, admin):
        with pytest.raises(exceptions.RevertRefused):
            revert.checkpoint_revert(demo, checkpoint.id)
        after = resources.cinder.volumes.get(volume.id)
        seen.append((what, after.status))
        assert after.status == status, what
        if status == "in-use":
            resources.cinder.volumes.begin_detaching(volume)
            resources.cinder.volumes.detach(volume)
            cloud.wait_status(lambda: resources.cinder.volumes.get(
                volume.id), "available")
        size = after.size
        assert volume_bytes.holds(volume.id, AFTER, size_gib=size), what
    assert len(seen) == 4
