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

"""Backups proven by their bytes on the real-bytes backend: a backup
outlives its checkpoint and its volume, and each point of an incremental
chain restores its own data; over quota, or with cinder-backup stopped
mid-copy, the failure is Cinder's words and the checkpoint is kept."""
import pytest

from tests import cloud
from tests import services
from tests.volume_bytes import Pattern
from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import backups as operations
from volsnap_dashboard.operations import checkpoints as checkpoint_operations

WAIT = dict(timeout=300, interval=0.5)


@pytest.fixture
def demo(stack):
    return cloud.keystone_session(stack, "demo")


@pytest.fixture
def journal(resources):
    """The operations' record, from which what they made is removed."""
    journal = terms.Journal(terms.Collected(), {"source": "dashboard"})
    yield journal
    for action, _actor, _outcome, _error, fields in journal.writer.entries:
        if action == terms.BACKUP and fields.get("backup_id"):
            resources.backups.append(fields["backup_id"])
        if fields.get("restored_volume_id"):
            resources.volumes.append(fields["restored_volume_id"])


def protect(session, journal, volume):
    return checkpoints.checkpoint_get(session, checkpoint_operations.protect(
        session, journal, volume.id, volume.name, cloud.unique("cp"),
        wait=WAIT).id)


def back_up(session, journal, checkpoint, incremental=False):
    return operations.back_up(session, journal, checkpoint,
                              cloud.unique("bk"), incremental=incremental,
                              wait=WAIT)


def restore(session, journal, backup, volume_type):
    name = cloud.unique("from-backup")
    return operations.restore(session, journal, backup, name,
                              "restored from a backup", volume_type,
                              wait=WAIT), name


def test_a_backup_outlives_its_checkpoint_and_its_volume(
        stack, demo, journal, resources, volume_bytes):
    pattern = Pattern(11)
    volume = resources.volume()
    volume_bytes.write(volume.id, pattern)
    checkpoint = protect(demo, journal, volume)
    backup = back_up(demo, journal, checkpoint)
    checkpoint_operations.delete(demo, journal, checkpoint, wait=WAIT)
    resources.delete_volume(volume.id)
    other = stack["volume_types"]["other"]

    restored, name = restore(demo, journal, backup, other)

    found = resources.cinder.volumes.get(restored.id)
    # Cinder would otherwise rename it after the source, of the default
    # type.
    assert (found.name, found.volume_type) == (name, other)
    assert volume_bytes.holds(restored.id, pattern)
    assert [(e[0], e[2]) for e in journal.writer.entries] == [
        (terms.PROTECT, terms.SUCCEEDED), (terms.BACKUP, terms.SUCCEEDED),
        (terms.DELETE, terms.SUCCEEDED),
        (terms.RESTORE_BACKUP, terms.SUCCEEDED)]
    assert journal.writer.entries[1][4]["backup_id"] == backup.id


def test_each_point_of_an_incremental_chain_restores_its_own_data(
        stack, demo, journal, resources, volume_bytes):
    volume = resources.volume()
    chain = []
    for number, pattern in enumerate((Pattern(21), Pattern(22),
                                      Pattern(23))):
        volume_bytes.write(volume.id, pattern)
        checkpoint = protect(demo, journal, volume)
        chain.append((pattern, back_up(demo, journal, checkpoint,
                                       incremental=bool(number))))

    assert [b.is_incremental for _, b in chain] == [False, True, True]
    first = backups.backup_get(demo, chain[0][1].id)
    assert first.has_dependent_backups
    with pytest.raises(exceptions.InvalidState, match="delete those first"):
        backups.backup_delete(demo, first.id)
    for pattern, backup in chain:
        restored, _ = restore(demo, journal, backup,
                              stack["volume_types"]["default"])
        assert volume_bytes.holds(restored.id, pattern)


def test_over_quota_is_refused_with_cinder_s_reason_and_changes_nothing(
        stack, demo, journal, resources):
    volume = resources.volume()
    checkpoint = protect(demo, journal, volume)
    admin = cloud.cinder(stack, "admin")
    project = demo.get_project_id()
    usage = admin.quotas.get(project, usage=True).backups
    # No room for one more, whatever other tests left.
    admin.quotas.update(project, backups=usage["in_use"])
    try:
        with pytest.raises(exceptions.QuotaExceeded, match="(?i)backup"):
            back_up(demo, journal, checkpoint)
    finally:
        admin.quotas.update(project, backups=usage["limit"])

    assert [(e[0], e[2]) for e in journal.writer.entries][-1] == (
        terms.BACKUP, terms.FAILED)
    assert resources.cinder.volume_snapshots.get(
        checkpoint.id).status == "available"
    assert backups.backup_list(demo, checkpoint_id=checkpoint.id) == []


def test_backup_service_stopped_mid_backup_fails_it_in_words(
        stack, demo, journal, resources, volume_bytes):
    # Large enough to be still copying when the service stops.
    volume = resources.volume(size=4)
    volume_bytes.write(volume.id, Pattern(41, 4))
    checkpoint = protect(demo, journal, volume)
    backup = operations.back_up(demo, journal, checkpoint,
                                cloud.unique("bk"))
    cloud.wait_until(lambda: backups.backup_get(
        demo, backup.id).status == "creating", 30)

    with services.stopped("cinder-backup"):
        pass

    # Back up, the service fails what it was making, and says why.
    with pytest.raises(exceptions.OperationFailed, match="Cinder says"):
        backups.backup_wait(demo, backup.id, timeout=120, interval=1)
    assert cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
        checkpoint.id), "available", 60)
    # The checkpoint is kept; a new backup of it works.
    again = back_up(demo, journal, checkpoint)
    assert again.status == "available"
