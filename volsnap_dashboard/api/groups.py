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

"""Volume groups and group checkpoints: the volumes of one application
protected at one moment and restored together.

A group checkpoint is a Cinder group snapshot whose member snapshots carry
CHECKPOINT_KEY with the value MEMBER and GROUP_CHECKPOINT_KEY (the group
snapshot). The listings of single checkpoints (CHECKPOINT_KEY "true")
leave members out, and a member restores alone as any checkpoint does.

Cinder takes the members one after the other, not at one moment, unless
the group's backend snapshots groups itself; only the operator knows
which backends do, so the caller says (CONSISTENCY_KEY on each member
keeps what the checkpoint got).
"""
import dataclasses
import time

from cinderclient import api_versions

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import client as clients
from volsnap_dashboard.api import errors
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _
from volsnap_dashboard import schemas

MEMBER = checkpoints.GROUP_MEMBER
GROUP_CHECKPOINT_KEY = checkpoints.GROUP_CHECKPOINT_KEY
GROUP_NAME_KEY = "volsnap_group_name"
CONSISTENCY_KEY = "volsnap_consistency"
RESTORED_FROM_GROUP_KEY = checkpoints.RESTORED_FROM_GROUP_KEY
CRASH_CONSISTENT, SEQUENTIAL = "crash", "sequential"

# Group snapshots and groups made from them; the volumes of each group in
# its listing.
GROUP_SNAPSHOT_VERSION = api_versions.APIVersion("3.14")
LIST_VOLUMES_VERSION = api_versions.APIVersion("3.25")

PROTECTABLE_STATUSES = ("available",)
RESTORABLE_STATUSES = ("available",)
DELETABLE_STATUSES = ("available", "error")


@dataclasses.dataclass(frozen=True)
class Group:
    id: str
    name: str
    description: str
    status: str
    group_type_id: str
    volume_type_ids: tuple
    volume_ids: tuple
    availability_zone: str
    created_at: str

    @classmethod
    def from_cinder(cls, group):
        def value(name, default=None):
            return checkpoints.field(group, name, default)
        return cls(id=group.id, name=value("name") or group.id,
                   description=value("description") or "",
                   status=value("status"),
                   group_type_id=value("group_type"),
                   volume_type_ids=tuple(value("volume_types") or ()),
                   volume_ids=tuple(value("volumes") or ()),
                   availability_zone=value("availability_zone"),
                   created_at=value("created_at"))


@dataclasses.dataclass(frozen=True)
class GroupCheckpoint:
    id: str
    name: str
    description: str
    status: str
    created_at: str
    group_id: str
    group_type_id: str
    # The members' checkpoints, by volume name.
    members: tuple

    @classmethod
    def from_cinder(cls, group_snapshot, members):
        def value(name, default=None):
            return checkpoints.field(group_snapshot, name, default)
        return cls(id=group_snapshot.id,
                   name=value("name") or group_snapshot.id,
                   description=value("description") or "",
                   status=value("status"),
                   created_at=value("created_at"),
                   group_id=value("group_id"),
                   group_type_id=value("group_type_id"),
                   members=tuple(sorted(
                       members, key=lambda m: (m.volume_name or "").lower())))

    def _mark(self, key, default=""):
        return next((m.metadata[key] for m in self.members
                     if m.metadata.get(key)), default)

    @property
    def consistency(self):
        """CRASH_CONSISTENT only if every member says so."""
        if self.members and all(m.metadata.get(CONSISTENCY_KEY)
                                == CRASH_CONSISTENT for m in self.members):
            return CRASH_CONSISTENT
        return SEQUENTIAL

    @property
    def group_name(self):
        return self._mark(GROUP_NAME_KEY) or self.group_id

    @property
    def created_by(self):
        return self._mark(checkpoints.CREATED_BY_KEY)

    @property
    def origin(self):
        return self._mark(checkpoints.ORIGIN_KEY)

    @property
    def policy_id(self):
        return self._mark(checkpoints.POLICY_KEY, None)

    @property
    def run_id(self):
        """The policy run that made it, if one did."""
        return self._mark(checkpoints.RUN_KEY, None)

    @property
    def size(self):
        return sum(m.size or 0 for m in self.members)


@dataclasses.dataclass(frozen=True)
class RestoredGroup:
    id: str
    name: str
    # The new volumes, each restored from one member.
    volumes: tuple


def consistency_of(group_type_id, consistent_group_types):
    """What a group checkpoint of a group of `group_type_id` gets, given
    the group types (ids or names) whose backends the operator says take
    group snapshots themselves."""
    return (CRASH_CONSISTENT if group_type_id in consistent_group_types
            else SEQUENTIAL)


def _group_subject(group_id):
    return _("Group %(id)s") % {"id": str(group_id)[:64]}


def _group_checkpoint_subject(group_checkpoint_id):
    return _("Group checkpoint %(id)s") % {"id": str(group_checkpoint_id)[:64]}


def _client(context, version=GROUP_SNAPSHOT_VERSION):
    client = clients.cinder(context)
    clients.require_version(client, version,
                            _("snapshot volume groups"))
    return client


def _project_of(resource):
    return (checkpoints.field(resource, "project_id")
            or checkpoints.field(
                resource, "os-extended-snapshot-attributes:project_id"))


def _members(client, search_opts):
    with errors.cinder_errors(_("The checkpoint list")):
        snapshots = client.volume_snapshots.list(search_opts=search_opts)
    return [checkpoints.Checkpoint.from_snapshot(s) for s in snapshots]


# ---------------------------------------------------------------- groups

@checkpoints.traced
def group_list(context):
    """The project's volume groups with their volumes' ids, in one call."""
    client = _client(context, LIST_VOLUMES_VERSION)
    with errors.cinder_errors(_("The group list")):
        found = client.groups.list(detailed=True, list_volume=True)
    return sorted((Group.from_cinder(g) for g in found),
                  key=lambda g: g.name.lower())


@checkpoints.traced
def group_get(context, group_id):
    checkpoints.checked_id(group_id, _group_subject(group_id))
    return _group_get(context, _client(context, LIST_VOLUMES_VERSION),
                      group_id)


def _group_get(context, client, group_id):
    with errors.cinder_errors(_group_subject(group_id)):
        group = client.groups.get(group_id, list_volume=True)
    clients.refuse_foreign(
        context, _project_of(group),
        _("Group %(name)s belongs to another project (%(project)s). "
          "Switch to that project to use it."), group.name or group.id)
    return Group.from_cinder(group)


@checkpoints.traced
def group_volumes(context, group_id):
    """The volumes of a group with their status, in one call."""
    checkpoints.checked_id(group_id, _group_subject(group_id))
    return _group_volumes(clients.cinder(context), group_id)


def _group_volumes(client, group_id):
    with errors.cinder_errors(_group_subject(group_id)):
        volumes = client.volumes.list(search_opts={"group_id": group_id})
    return [checkpoints.Volume.from_cinder(v) for v in volumes]


# ---------------------------------------------------------------- protect

@checkpoints.traced
def group_checkpoint_create(context, group_id, name, description="",
                            consistency=SEQUENTIAL,
                            origin=checkpoints.ORIGIN_MANUAL,
                            created_by=None, marks=None):
    """Protects a group: one Cinder group snapshot, its members marked
    as the group checkpoint's. Cinder reserves every member's quota at
    once and makes none when one is short (413)."""
    checkpoints._validate(schemas.OPTIONS_SCHEMA,
                          {"snapshot_name": name, "description": description,
                           "force": False})
    if not (name or "").strip():
        raise exceptions.InvalidInput(_("A group checkpoint needs a name."))
    checkpoints.checked_id(group_id, _group_subject(group_id))
    client = _client(context, LIST_VOLUMES_VERSION)
    group = _group_get(context, client, group_id)
    volumes = _group_volumes(client, group.id)
    if group.status not in PROTECTABLE_STATUSES:
        raise exceptions.InvalidState(
            _("Group %(name)s is %(status)s; only an available group can be "
              "protected.") % {"name": group.name, "status": group.status})
    if not volumes:
        raise exceptions.InvalidState(
            _("Group %(name)s has no volumes to protect.")
            % {"name": group.name})
    busy = [v for v in volumes
            if v.status not in checkpoints.PROTECTABLE_STATUSES]
    if busy:
        raise exceptions.InvalidState(
            _("Volume %(name)s of group %(group)s is %(status)s; every "
              "volume of a group must be available or in use to protect "
              "it.") % {"name": busy[0].name, "group": group.name,
                        "status": busy[0].status})
    with errors.cinder_errors(_group_subject(group.id), change=True):
        made = client.group_snapshots.create(
            group.id, name=name,
            description=checkpoints.one_line(description))
    names = {v.id: v.name for v in volumes}
    metadata = {checkpoints.CHECKPOINT_KEY: MEMBER,
                GROUP_CHECKPOINT_KEY: made.id,
                GROUP_NAME_KEY: group.name[:schemas.MAX_TEXT_LENGTH],
                CONSISTENCY_KEY: consistency,
                checkpoints.CREATED_BY_KEY: (created_by
                                             or clients.user_name(context)),
                checkpoints.ORIGIN_KEY: origin}
    metadata.update(marks or {})
    members = _mark_members(client, made, names, metadata)
    return GroupCheckpoint.from_cinder(made, members)


def _mark_members(client, made, names, metadata):
    """Cinder writes the members before it answers, named after the group
    snapshot; each gets the marks (one call each)."""
    members = []
    try:
        with errors.cinder_errors(_group_checkpoint_subject(made.id),
                                  change=True):
            found = [s for s in client.volume_snapshots.list(
                search_opts={"name": made.name})
                if checkpoints.field(s, "group_snapshot_id") == made.id]
            for snapshot in found:
                marks = dict(metadata, **{
                    checkpoints.VOLUME_NAME_KEY: (names.get(
                        snapshot.volume_id) or "")[:schemas.MAX_TEXT_LENGTH]})
                client.volume_snapshots.set_metadata(snapshot, marks)
                member = checkpoints.Checkpoint.from_snapshot(snapshot,
                                                              names)
                members.append(dataclasses.replace(
                    member, metadata=dict(member.metadata, **marks)))
    except exceptions.VolsnapError as exc:
        raise exceptions.PartlyDone(
            _("Cinder took group checkpoint %(name)s, but its members could "
              "not all be marked (%(error)s). Delete it, then protect the "
              "group again.") % {"name": made.name, "error": exc},
            GroupCheckpoint.from_cinder(made, members)) from exc
    if len(members) != len(names):
        raise exceptions.PartlyDone(
            _("Cinder took group checkpoint %(name)s with %(found)d of the "
              "group's %(count)d volumes. Delete it, then protect the group "
              "again.") % {"name": made.name, "found": len(members),
                           "count": len(names)},
            GroupCheckpoint.from_cinder(made, members))
    return members


# ---------------------------------------------------------------- read

@checkpoints.traced
def group_checkpoint_list(context):
    """The project's group checkpoints, newest first, in two calls: the
    group snapshots, and every marked member."""
    client = _client(context)
    with errors.cinder_errors(_("The group checkpoint list")):
        found = client.group_snapshots.list(detailed=True)
    members = {}
    for member in _members(client, {"metadata": {
            checkpoints.CHECKPOINT_KEY: MEMBER}}):
        members.setdefault(member.group_checkpoint_id, []).append(member)
    made = [GroupCheckpoint.from_cinder(g, members[g.id]) for g in found
            if g.id in members]
    return sorted(made, key=lambda g: g.created_at or "", reverse=True)


@checkpoints.traced
def group_checkpoint_get(context, group_checkpoint_id):
    checkpoints.checked_id(group_checkpoint_id,
                           _group_checkpoint_subject(group_checkpoint_id))
    return _group_checkpoint_get(context, _client(context),
                                 group_checkpoint_id)


def _group_checkpoint_get(context, client, group_checkpoint_id):
    with errors.cinder_errors(_group_checkpoint_subject(group_checkpoint_id)):
        found = client.group_snapshots.get(group_checkpoint_id)
    members = _members(client, {"metadata": {
        checkpoints.CHECKPOINT_KEY: MEMBER,
        GROUP_CHECKPOINT_KEY: group_checkpoint_id}})
    if not members:
        raise exceptions.NotACheckpoint(
            _("Group snapshot %(id)s is not a group checkpoint.")
            % {"id": group_checkpoint_id})
    clients.refuse_foreign(
        context, _project_of(members[0]),
        _("Group checkpoint %(name)s belongs to another project "
          "(%(project)s). Switch to that project to use it."),
        found.name or found.id)
    return GroupCheckpoint.from_cinder(found, members)


# ---------------------------------------------------------------- restore

@checkpoints.traced
def group_checkpoint_restore(context, group_checkpoint_id, group_name,
                             volume_names, description=None, marks=None):
    """Restores a group checkpoint into a new group of the same type,
    one new volume from each member. `volume_names` maps each member's
    checkpoint id to its new volume's name: Cinder names them nothing."""
    checkpoints._validate(schemas.RESTORE_SCHEMA,
                          {"restore_name": group_name,
                           "restore_description": description})
    for volume_name in volume_names.values():
        checkpoints._validate(schemas.RESTORE_SCHEMA,
                              {"restore_name": volume_name})
    if not (group_name or "").strip():
        raise exceptions.InvalidInput(_("The new group needs a name."))
    checkpoints.checked_id(group_checkpoint_id,
                           _group_checkpoint_subject(group_checkpoint_id))
    client = _client(context)
    source = _group_checkpoint_get(context, client, group_checkpoint_id)
    waiting = [m for m in source.members
               if m.status not in checkpoints.RESTORABLE_STATUSES]
    if source.status not in RESTORABLE_STATUSES or waiting:
        raise exceptions.InvalidState(
            _("Group checkpoint %(name)s is %(status)s; only an available "
              "group checkpoint can be restored.")
            % {"name": source.name, "status": (
                waiting[0].status if waiting and source.status == "available"
                else source.status)})
    with errors.cinder_errors(_group_checkpoint_subject(source.id),
                              change=True):
        made = client.groups.create_from_src(
            source.id, None, name=group_name,
            description=checkpoints.one_line(description))
    made_id = made["id"] if isinstance(made, dict) else made.id
    restored = RestoredGroup(id=made_id, name=group_name, volumes=[])
    _name_restored(client, source, restored, volume_names, marks)
    return dataclasses.replace(restored, volumes=tuple(restored.volumes))


def _name_restored(client, source, restored, volume_names, marks):
    """Cinder writes the new volumes before it answers; each is named
    and marked as restored from its member (two calls each)."""
    members = {m.id: m for m in source.members}
    group_id, named = restored.id, restored.volumes
    try:
        with errors.cinder_errors(_group_subject(group_id), change=True):
            volumes = client.volumes.list(search_opts={"group_id": group_id})
            for volume in volumes:
                member = members.get(checkpoints.field(volume, "snapshot_id"))
                if member is None:
                    continue
                name = (volume_names.get(member.id)
                        or member.volume_name or member.volume_id)
                client.volumes.update(volume, name=name)
                metadata = dict(marks or {}, **{
                    checkpoints.RESTORED_FROM_KEY: member.id,
                    RESTORED_FROM_GROUP_KEY: source.id})
                client.volumes.set_metadata(volume, metadata)
                new = checkpoints.Volume.from_cinder(volume)
                named.append(dataclasses.replace(
                    new, name=name, metadata=dict(new.metadata, **metadata)))
    except exceptions.VolsnapError as exc:
        raise exceptions.PartlyDone(
            _("Cinder is restoring group checkpoint %(name)s into group "
              "%(group)s, but its volumes could not all be named "
              "(%(error)s).") % {"name": source.name, "group": restored.name,
                                 "error": exc},
            dataclasses.replace(restored, volumes=tuple(named))) from exc


# ---------------------------------------------------------------- delete

@checkpoints.traced
def group_checkpoint_delete(context, group_checkpoint_id, listed=None):
    """Deletes a group checkpoint with all its members (Cinder deletes
    no member alone); Cinder finishes asynchronously."""
    if listed is not None and listed.id == group_checkpoint_id:
        found = listed
    else:
        found = group_checkpoint_get(context, group_checkpoint_id)
    if found.status not in DELETABLE_STATUSES:
        raise exceptions.InvalidState(
            _("Group checkpoint %(name)s is %(status)s; it can be deleted "
              "once it is available or in error.")
            % {"name": found.name, "status": found.status})
    with errors.cinder_errors(_group_checkpoint_subject(found.id),
                              change=True):
        _client(context).group_snapshots.delete(found.id)
    return found


# ---------------------------------------------------------------- waits

def group_checkpoint_wait(context, group_checkpoint_id, wanted=("available",),
                          timeout=300, interval=2, sleep=time.sleep,
                          clock=time.monotonic):
    """Waits, bounded, as checkpoint_wait does, for a group snapshot."""
    client = _client(context)
    subject = _group_checkpoint_subject(group_checkpoint_id)

    def fetch():
        try:
            with errors.cinder_errors(subject):
                return client.group_snapshots.get(group_checkpoint_id)
        except exceptions.NotFound:
            if "deleted" in wanted:
                return checkpoints._Gone()
            raise

    return checkpoints._wait(fetch, subject, wanted, timeout, interval,
                             sleep, clock)


def group_wait(context, group_id, wanted=("available",), timeout=300,
               interval=2, sleep=time.sleep, clock=time.monotonic):
    client = _client(context)
    subject = _group_subject(group_id)

    def fetch():
        with errors.cinder_errors(subject):
            return client.groups.get(group_id)

    return Group.from_cinder(checkpoints._wait(
        fetch, subject, wanted, timeout, interval, sleep, clock))
