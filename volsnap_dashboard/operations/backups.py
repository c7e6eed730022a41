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

"""Backups, as people and schedules do them: each operation recorded
once around its backend call, as the checkpoints' are."""
from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import terms


def back_up(context, journal, checkpoint, name, description="",
            incremental=False, wait=None, retry=None, **options):
    """Backs `checkpoint` up; returns the backup (available, if `wait`
    was given: backup_wait's timeout and interval). `retry` wraps the
    request alone; `options` go to backup_create (origin, created_by,
    marks)."""
    create = backups.backup_create
    if retry is not None:
        create = retry(create)
    with journal.recorded(terms.BACKUP, checkpoint_id=checkpoint.id,
                          checkpoint_name=checkpoint.name,
                          volume_id=checkpoint.volume_id,
                          volume_name=checkpoint.volume_name) as event:
        backup = create(context, checkpoint.id, name, description,
                        incremental, checkpoint=checkpoint, **options)
        event.update(backup_id=backup.id, accepted=True)
        if wait is not None:
            backup = backups.backup_wait(context, backup.id, **wait)
            event["outcome"] = terms.SUCCEEDED
    return backup


def restore(context, journal, backup, restore_name, restore_description,
            volume_type, wait=None, **options):
    """Restores `backup` into a new volume; returns it (available, if
    `wait` was given). `options` go to backup_restore (size,
    availability_zone, marks)."""
    with journal.recorded(terms.RESTORE_BACKUP, backup_id=backup.id,
                          checkpoint_id=backup.checkpoint_id,
                          volume_id=backup.volume_id,
                          volume_name=backup.volume_name) as event:
        volume = backups.backup_restore(context, backup.id, restore_name,
                                        restore_description, volume_type,
                                        **options)
        event.update(restored_volume_id=volume.id, accepted=True)
        if wait is not None:
            volume = checkpoints.volume_wait(context, volume.id, **wait)
            event["outcome"] = terms.SUCCEEDED
    return volume


def delete(context, journal, backup, wait=None, listed=False, retry=None):
    """Deletes `backup`; Cinder finishes it unless `wait` is given."""
    request = backups.backup_delete
    if retry is not None:
        request = retry(request)
    with journal.recorded(terms.DELETE_BACKUP, backup_id=backup.id,
                          checkpoint_id=backup.checkpoint_id,
                          volume_id=backup.volume_id,
                          volume_name=backup.volume_name) as event:
        request(context, backup.id, **({"listed": backup} if listed else {}))
        event["accepted"] = True
        if wait is not None:
            backups.backup_wait(context, backup.id, wanted=("deleted",),
                                **wait)
            event["outcome"] = terms.SUCCEEDED
