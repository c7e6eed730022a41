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

"""What a person, a schedule or Karbor does to checkpoints: protect,
restore, revert and delete, each recorded once in the journal around its
backend call. Panels, the scheduler and the Karbor plugin call these; nothing
here imports Django, so Karbor's services can."""
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import revert as reverts
from volsnap_dashboard.events import terms


def protect(context, journal, volume_id, volume_name, snapshot_name,
            description="", force=False, wait=None, on_created=None,
            retry=None, **options):
    """Makes a checkpoint of a volume; returns it.

    `on_created(checkpoint)` runs once Cinder took it (Karbor writes its
    bank there); with `wait` (checkpoint_wait's timeout and interval) it
    returns once the checkpoint is available. `retry` wraps the creation
    alone (a request Cinder never received can be sent again; a wait
    cannot be retried by creating another). `options` go to
    checkpoint_create (origin, created_by, marks).
    """
    create = checkpoints.checkpoint_create
    if retry is not None:
        create = retry(create)
    with journal.recorded(terms.PROTECT, volume_id=volume_id,
                          volume_name=volume_name,
                          checkpoint_name=snapshot_name) as event:
        checkpoint = create(context, volume_id, snapshot_name, description,
                            force, **options)
        event.update(checkpoint_id=checkpoint.id,
                     checkpoint_name=checkpoint.name, accepted=True)
        if on_created is not None:
            on_created(checkpoint)
        if wait is not None:
            checkpoints.checkpoint_wait(context, checkpoint.id, **wait)
            event["outcome"] = terms.SUCCEEDED
    return checkpoint


def restore(context, journal, checkpoint, restore_name,
            restore_description=None, wait=None, on_created=None,
            **options):
    """Restores `checkpoint` (its id, name, volume_id, volume_name) into a
    new volume; returns the volume, available if `wait` was given.
    `on_created(volume)` runs once Cinder took it; `options` go to
    checkpoint_restore (marks, size, volume_type, availability_zone)."""
    with journal.recorded(terms.RESTORE, checkpoint_id=checkpoint.id,
                          checkpoint_name=checkpoint.name,
                          volume_id=checkpoint.volume_id,
                          volume_name=checkpoint.volume_name) as event:
        volume = checkpoints.checkpoint_restore(
            context, checkpoint.id, restore_name, restore_description,
            **options)
        event.update(restored_volume_id=volume.id, accepted=True)
        if on_created is not None:
            on_created(volume)
        if wait is not None:
            volume = checkpoints.volume_wait(context, volume.id, **wait)
            event["outcome"] = terms.SUCCEEDED
    return volume


def delete(context, journal, checkpoint, wait=None, listed=False,
           retry=None):
    """Deletes `checkpoint`; Cinder finishes it unless `wait` is given.
    `listed`: the checkpoint is as a listing of this project just found
    it, so Cinder is not asked for it again. `retry` wraps the request,
    as protect's does."""
    request = checkpoints.checkpoint_delete
    if retry is not None:
        request = retry(request)
    with journal.recorded(terms.DELETE, checkpoint_id=checkpoint.id,
                          checkpoint_name=checkpoint.name,
                          volume_id=checkpoint.volume_id,
                          volume_name=checkpoint.volume_name) as event:
        request(context, checkpoint.id,
                **({"listed": checkpoint} if listed else {}))
        event["accepted"] = True
        if wait is not None:
            checkpoints.checkpoint_wait(context, checkpoint.id,
                                        wanted=("deleted",), **wait)
            event["outcome"] = terms.SUCCEEDED


def revert(context, journal, checkpoint, keep=None, wait=None,
           checked=None):
    """Reverts `checkpoint`'s volume to it in place. With `keep` (the
    name and description of a new volume), the volume's current data is
    first copied into that volume and protected there, both available
    before the revert starts (waited with `wait`); returns that copy's
    checkpoint, or None. `checked`, a revert check of this request, is
    used unless the copy took time and Cinder is asked again."""
    kept = None
    if keep is not None:
        kept = keep_copy(context, journal, checkpoint, *keep, wait=wait)
        checked = None
    with journal.recorded(terms.REVERT, checkpoint_id=checkpoint.id,
                          checkpoint_name=checkpoint.name,
                          volume_id=checkpoint.volume_id,
                          volume_name=checkpoint.volume_name) as event:
        reverts.checkpoint_revert(context, checkpoint.id, checked)
        event["accepted"] = True
    return kept


def keep_copy(context, journal, checkpoint, name, description, wait=None):
    """The volume's data as it is now, in a new volume with a checkpoint."""
    wait = wait or {}
    volume = checkpoints.volume_get(context, checkpoint.volume_id)
    copy = reverts.volume_clone(context, volume, name, description)
    copy = checkpoints.volume_wait(context, copy.id, **wait)
    return protect(context, journal, copy.id, copy.name, name,
                   description, wait=wait)
