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

"""What a person or a schedule does to volume groups: protect a group as
one group checkpoint, restore one into a new group, delete one; each one
row of the journal with its members listed."""
from django.conf import settings

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions


def consistent_group_types():
    """The group types (ids or names) whose storage the operator says
    snapshots a group at one moment itself (Cinder shows no user which
    driver a group has)."""
    return tuple(getattr(settings, "VOLSNAP_CONSISTENT_GROUP_TYPES", ()))


def members_of(group_checkpoint):
    return [{"checkpoint_id": m.id, "volume_id": m.volume_id,
             "volume_name": m.volume_name}
            for m in group_checkpoint.members]


def _restored_members(source, restored):
    """The members, each with the new volume restored from it."""
    made = {v.metadata.get(checkpoints.RESTORED_FROM_KEY): v
            for v in restored.volumes}
    members = members_of(source)
    for member in members:
        volume = made.get(member["checkpoint_id"])
        if volume is not None:
            member.update(restored_volume_id=volume.id,
                          restored_volume_name=volume.name)
    return members


def protect(context, journal, group, name, description="",
            consistency=groups.SEQUENTIAL, wait=None, retry=None,
            **options):
    """Protects `group` (its id and name) as one group checkpoint; with
    `wait`, returns once it is available. `retry` wraps the request
    alone, as for a volume's protect. `options` go to
    group_checkpoint_create (origin, created_by, marks)."""
    create = groups.group_checkpoint_create
    if retry is not None:
        create = retry(create)
    with journal.recorded(terms.PROTECT_GROUP, group_id=group.id,
                          group_name=group.name,
                          checkpoint_name=name) as event:
        try:
            made = create(context, group.id, name, description,
                          consistency=consistency, **options)
        except exceptions.PartlyDone as exc:
            _took(event, exc.made)
            raise
        _took(event, made)
        if wait is not None:
            groups.group_checkpoint_wait(context, made.id, **wait)
            event["outcome"] = terms.SUCCEEDED
    return made


def _took(event, made):
    event.update(checkpoint_id=made.id, checkpoint_name=made.name,
                 members=members_of(made), accepted=True)


def restore(context, journal, group_checkpoint, group_name, volume_names,
            description=None, wait=None, marks=None):
    """Restores `group_checkpoint` into a new group named `group_name`,
    each member's volume named by `volume_names` (member checkpoint id:
    name); with `wait`, returns once the group is available."""
    with journal.recorded(terms.RESTORE_GROUP,
                          checkpoint_id=group_checkpoint.id,
                          checkpoint_name=group_checkpoint.name,
                          group_id=group_checkpoint.group_id,
                          group_name=group_checkpoint.group_name,
                          members=members_of(group_checkpoint)) as event:
        try:
            restored = groups.group_checkpoint_restore(
                context, group_checkpoint.id, group_name, volume_names,
                description, marks=marks)
        except exceptions.PartlyDone as exc:
            _restoring(event, group_checkpoint, exc.made)
            raise
        _restoring(event, group_checkpoint, restored)
        if wait is not None:
            groups.group_wait(context, restored.id, **wait)
            event["outcome"] = terms.SUCCEEDED
    return restored


def _restoring(event, source, restored):
    event.update(restored_group_id=restored.id,
                 members=_restored_members(source, restored), accepted=True)


def delete(context, journal, group_checkpoint, wait=None, listed=False,
           retry=None):
    """Deletes a group checkpoint with its members; Cinder finishes it
    unless `wait` is given."""
    request = groups.group_checkpoint_delete
    if retry is not None:
        request = retry(request)
    with journal.recorded(terms.DELETE_GROUP,
                          checkpoint_id=group_checkpoint.id,
                          checkpoint_name=group_checkpoint.name,
                          group_id=group_checkpoint.group_id,
                          group_name=group_checkpoint.group_name,
                          members=members_of(group_checkpoint)) as event:
        request(context, group_checkpoint.id,
                **({"listed": group_checkpoint} if listed else {}))
        event["accepted"] = True
        if wait is not None:
            groups.group_checkpoint_wait(context, group_checkpoint.id,
                                         wanted=("deleted",), **wait)
            event["outcome"] = terms.SUCCEEDED
