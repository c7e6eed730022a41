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

"""The one module that talks to Cinder: protect, restore, delete, list.

Every function takes first either a Horizon request (the client is Horizon's
own, built once per request) or a keystoneauth session (Karbor, workers).
A checkpoint is a Cinder snapshot carrying CHECKPOINT_KEY in its metadata.
"""

from concurrent import futures
import dataclasses
import logging
import re
import time

from cinderclient import api_versions
import jsonschema
from osprofiler import profiler

from volsnap_dashboard.api import client as clients
from volsnap_dashboard.api import errors
from volsnap_dashboard import exceptions
from volsnap_dashboard.i18n import _
from volsnap_dashboard import schemas

LOG = logging.getLogger(__name__)

CHECKPOINT_KEY = "volsnap_checkpoint"
CREATED_BY_KEY = "volsnap_created_by"
ORIGIN_KEY = "volsnap_origin"
VOLUME_NAME_KEY = "volsnap_volume_name"
RESTORED_FROM_KEY = "volsnap_restored_from"
KARBOR_CHECKPOINT_KEY = "volsnap_karbor_checkpoint"
POLICY_KEY = "volsnap_policy"
# The policy run that made it: a scheduler that takes over a run finds
# what the one before it made.
RUN_KEY = "volsnap_run"
# A member of a group checkpoint (api/groups.py) has CHECKPOINT_KEY
# GROUP_MEMBER, and the group snapshot's id here.
GROUP_MEMBER = "member"
GROUP_CHECKPOINT_KEY = "volsnap_group_checkpoint"
# On a volume restored with its group: the group checkpoint.
RESTORED_FROM_GROUP_KEY = "volsnap_restored_from_group"

ORIGIN_MANUAL = "manual"
ORIGIN_KARBOR = "karbor"
ORIGIN_SCHEDULE = "schedule"

PROTECTABLE_STATUSES = ("available", "in-use")
RESTORABLE_STATUSES = ("available",)
DELETABLE_STATUSES = ("available", "error", "error_deleting")
ERROR_STATUSES = ("error", "error_deleting", "error_restoring",
                  "error_extending")

# The microversion from which Cinder snapshots in-use volumes without force.
FORCE_OPTIONAL_VERSION = api_versions.APIVersion("3.66")
# From which Cinder names the project's default volume type.
DEFAULT_TYPE_VERSION = api_versions.APIVersion("3.62")


# ---------------------------------------------------------------- wrappers

def field(resource, name, default=None):
    """An optional field of what Cinder answered. cinderclient fetches
    the whole object again (one more request) when an attribute its
    answer lacked is read, as a create's answer lacks the project."""
    info = getattr(resource, "_info", None)
    if isinstance(info, dict):
        return info.get(name, default)
    return getattr(resource, name, default)


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    id: str
    name: str
    description: str
    status: str
    size: int
    created_at: str
    volume_id: str
    project_id: str
    metadata: dict
    volume_name: str = None
    volume_exists: bool = None
    # The availability zone of its volume, where checkpoint_get knows it.
    volume_zone: str = None

    @classmethod
    def from_snapshot(cls, snapshot, volume_names=None, volume_zone=None):
        metadata = dict(field(snapshot, "metadata") or {})
        volume_exists = None
        volume_name = metadata.get(VOLUME_NAME_KEY)
        if volume_names is not None:
            volume_exists = snapshot.volume_id in volume_names
            volume_name = volume_names.get(snapshot.volume_id) or volume_name
        return cls(
            id=snapshot.id,
            name=snapshot.name or snapshot.id,
            description=field(snapshot, "description") or "",
            status=snapshot.status,
            size=snapshot.size,
            created_at=snapshot.created_at,
            volume_id=snapshot.volume_id,
            project_id=field(
                snapshot, "os-extended-snapshot-attributes:project_id", ""),
            metadata=metadata,
            volume_name=volume_name,
            volume_exists=volume_exists,
            volume_zone=volume_zone)

    @property
    def created_by(self):
        return self.metadata.get(CREATED_BY_KEY, "")

    @property
    def origin(self):
        return self.metadata.get(ORIGIN_KEY, "")

    @property
    def karbor_checkpoint(self):
        """The Karbor checkpoint this one belongs to, if Karbor made it."""
        return self.metadata.get(KARBOR_CHECKPOINT_KEY)

    @property
    def policy_id(self):
        """The protection policy that made it, if one did."""
        return self.metadata.get(POLICY_KEY)

    @property
    def group_checkpoint_id(self):
        """The group checkpoint it is a member of, if any."""
        if self.metadata.get(CHECKPOINT_KEY) == GROUP_MEMBER:
            return self.metadata.get(GROUP_CHECKPOINT_KEY)
        return None


@dataclasses.dataclass(frozen=True)
class Volume:
    id: str
    name: str
    status: str
    size: int
    snapshot_id: str
    metadata: dict
    created_at: str = None
    attached_to: tuple = ()
    # The volume group it is in (Cinder 3.13 and later), if any.
    group_id: str = None

    @classmethod
    def from_cinder(cls, volume):
        return cls(id=volume.id, name=volume.name or volume.id,
                   status=volume.status, size=volume.size,
                   snapshot_id=field(volume, "snapshot_id"),
                   metadata=dict(field(volume, "metadata") or {}),
                   created_at=field(volume, "created_at"),
                   group_id=field(volume, "group_id"),
                   attached_to=tuple(
                       a.get("server_id") or a.get("attachment_id")
                       for a in field(volume, "attachments") or ()))

    @property
    def restored_from(self):
        return self.metadata.get(RESTORED_FROM_KEY)


@dataclasses.dataclass(frozen=True)
class Quota:
    """A project's quota of snapshots, or of backups: how many, and how
    many gigabytes they may hold."""
    used: int
    limit: int
    gigabytes_used: int
    gigabytes_limit: int

    @property
    def left(self):
        return _left(self.limit, self.used)

    @property
    def gigabytes_left(self):
        return _left(self.gigabytes_limit, self.gigabytes_used)

    def allows(self, size, count=1):
        return self.allows_total(count, size * count)

    def allows_total(self, count, gigabytes):
        """Whether `count` more, of `gigabytes` together, fit (a group
        checkpoint's members reserve all at once)."""
        return ((self.left is None or self.left >= count)
                and (self.gigabytes_left is None
                     or self.gigabytes_left >= gigabytes))


def _left(limit, used):
    """None means unlimited, as Cinder's -1 does."""
    return None if limit is None or limit < 0 else max(limit - used, 0)


@dataclasses.dataclass(frozen=True)
class Message:
    id: str
    created_at: str
    event_id: str
    user_message: str
    message_level: str

    @classmethod
    def from_cinder(cls, message):
        return cls(id=message.id, created_at=message.created_at,
                   event_id=getattr(message, "event_id", ""),
                   user_message=message.user_message,
                   message_level=getattr(message, "message_level", ""))


def traced(function):
    """A span per call when OSProfiler is on, as Horizon's API modules
    have; without a profiler it costs one function call."""
    return profiler.trace(f"{function.__module__}.{function.__name__}",
                          hide_args=True)(function)


# ---------------------------------------------------------------- validation

# Free texts where a line break is what the user meant.
MULTILINE_FIELDS = frozenset(("description", "restore_description"))
LINE_BREAKS = re.compile(r"[ \t]*[\r\n\t]+[ \t]*")


def one_line(text):
    """A description as Cinder stores it: its API refuses any control
    character, so line breaks and tabs become single spaces."""
    return LINE_BREAKS.sub(" ", text).strip() if text else text


def _validate(schema, values):
    given = {key: value for key, value in values.items() if value is not None}
    try:
        jsonschema.validate(given, schema)
    except jsonschema.ValidationError as exc:
        field = ".".join(str(p) for p in exc.absolute_path) or exc.validator
        raise exceptions.InvalidInput(
            _("Invalid %(field)s: %(reason)s")
            % {"field": field, "reason": exc.message})
    for key, value in given.items():
        if isinstance(value, str) and len(value) > schemas.MAX_TEXT_LENGTH:
            raise exceptions.InvalidInput(
                _("%(field)s must be %(max)d characters or fewer.")
                % {"field": key, "max": schemas.MAX_TEXT_LENGTH})
        problem = isinstance(value, str) and schemas.text_problem(
            value, multiline=key in MULTILINE_FIELDS)
        if problem == schemas.CONTROL:
            raise exceptions.InvalidInput(
                _("%(field)s must not contain control characters.")
                % {"field": key})
        if problem == schemas.BIDI:
            raise exceptions.InvalidInput(
                _("%(field)s must not contain characters that reorder "
                  "text (bidirectional controls).") % {"field": key})
    return given


# Cinder's ids, as it writes them.
CINDER_ID = re.compile(r"\A[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}\Z",
                       re.IGNORECASE)


def checked_id(value, subject):
    """`value` if it is a Cinder id; anything else names nothing, and
    never reaches cinderclient (which puts it in a URL as it is)."""
    if isinstance(value, str) and CINDER_ID.match(value):
        return value
    raise errors.not_found(subject)


def _checkpoint_subject(checkpoint_id):
    return _("Checkpoint %(id)s") % {"id": str(checkpoint_id)[:64]}


def _volume_subject(volume_id):
    return _("Volume %(id)s") % {"id": str(volume_id)[:64]}


def _get_snapshot(context, client, checkpoint_id, statuses=None,
                  refusal=None):
    """The checkpoint's snapshot; `refusal` if its status is not allowed.
    The caller has checked the id before making the client."""
    with errors.cinder_errors(_checkpoint_subject(checkpoint_id)):
        snapshot = client.volume_snapshots.get(checkpoint_id)
    if CHECKPOINT_KEY not in (snapshot.metadata or {}):
        raise exceptions.NotACheckpoint(
            _("Snapshot %(id)s is not a checkpoint.") % {"id": checkpoint_id})
    clients.refuse_foreign(
        context, field(snapshot, "os-extended-snapshot-attributes:project_id"),
        _("Checkpoint %(name)s belongs to another project (%(project)s). "
          "Switch to that project to restore or delete it."),
        snapshot.name or snapshot.id)
    if statuses is not None and snapshot.status not in statuses:
        raise exceptions.InvalidState(refusal % {
            "name": snapshot.name or snapshot.id, "status": snapshot.status})
    return snapshot


# ---------------------------------------------------------------- operations

@traced
def checkpoint_create(context, volume_id, snapshot_name, description,
                      force=False, origin=ORIGIN_MANUAL, created_by=None,
                      marks=None, volume=None):
    """Protects a volume: makes a Cinder snapshot marked as a checkpoint.

    `created_by` defaults to the user of the request or session; `marks`
    adds metadata that says what made it (KARBOR_CHECKPOINT_KEY,
    POLICY_KEY, RUN_KEY), by which checkpoint_list_marked finds it again.
    `volume`, the volume as a listing just found it, saves asking Cinder
    for it again (the scheduler's one call per volume).
    """
    _validate(schemas.OPTIONS_SCHEMA, {"snapshot_name": snapshot_name,
                                       "description": description,
                                       "force": force})
    subject = _volume_subject(volume_id)
    checked_id(volume_id, subject)
    client = clients.cinder(context)
    if volume is None or volume.id != volume_id:
        with errors.cinder_errors(subject):
            volume = client.volumes.get(volume_id)
    if volume.status not in PROTECTABLE_STATUSES:
        raise exceptions.InvalidState(
            _("Volume %(name)s is %(status)s; only available or in-use "
              "volumes can be protected.")
            % {"name": volume.name or volume.id, "status": volume.status})
    if volume.status == "in-use" and not force:
        raise exceptions.InvalidState(
            _("Volume %(name)s is attached to an instance. A snapshot of an "
              "attached volume may be inconsistent; choose Force to take it "
              "anyway.") % {"name": volume.name or volume.id})
    metadata = {CHECKPOINT_KEY: "true",
                CREATED_BY_KEY: created_by or clients.user_name(context),
                ORIGIN_KEY: origin,
                VOLUME_NAME_KEY: (volume.name or "")[:schemas.MAX_TEXT_LENGTH]}
    metadata.update(marks or {})
    with errors.cinder_errors(subject, change=True):
        snapshot = client.volume_snapshots.create(
            volume_id, force=_force_argument(client, force),
            name=snapshot_name, description=one_line(description),
            metadata=metadata)
    return Checkpoint.from_snapshot(snapshot, {volume.id: volume.name})


def _force_argument(client, force):
    # From 3.66 Cinder needs no force for in-use volumes and cinderclient
    # raises ValueError for force=False; before it, False must be sent.
    if client.api_version >= FORCE_OPTIONAL_VERSION:
        return True if force else None
    return bool(force)


@traced
def checkpoint_restore(context, checkpoint_id, restore_name=None,
                       restore_description=None, marks=None, size=None,
                       volume_type=None, availability_zone=None):
    """Restores a checkpoint into a new volume; the source is untouched.

    The volume's metadata names the checkpoint, and `marks` (what asked
    for it: ORIGIN_KEY, KARBOR_CHECKPOINT_KEY), which Cinder's
    notifications of the restore carry. `size` (GiB, at least the
    checkpoint's), `volume_type` and `availability_zone` default to the
    checkpoint's own, as Cinder chooses them.
    """
    _validate(schemas.RESTORE_SCHEMA,
              {"restore_name": restore_name,
               "restore_description": restore_description})
    _validate(schemas.RESTORE_OPTIONS_SCHEMA,
              {"size": size, "volume_type": volume_type,
               "availability_zone": availability_zone})
    checked_id(checkpoint_id, _checkpoint_subject(checkpoint_id))
    client = clients.cinder(context)
    snapshot = _get_snapshot(
        context, client, checkpoint_id, RESTORABLE_STATUSES,
        _("Checkpoint %(name)s is %(status)s; only an available checkpoint "
          "can be restored."))
    if size is not None and size < snapshot.size:
        raise exceptions.InvalidInput(
            _("The new volume must be at least as large as the checkpoint "
              "(%(size)d GiB).") % {"size": snapshot.size})
    with errors.cinder_errors(_checkpoint_subject(checkpoint_id),
                              change=True):
        volume = client.volumes.create(
            size or snapshot.size, snapshot_id=snapshot.id,
            name=restore_name, description=one_line(restore_description),
            volume_type=volume_type or None,
            availability_zone=availability_zone or None,
            metadata=dict(marks or {}, **{RESTORED_FROM_KEY: snapshot.id}))
    return Volume.from_cinder(volume)


@traced
def checkpoint_delete(context, checkpoint_id, listed=None):
    """Deletes a checkpoint's snapshot; Cinder finishes asynchronously.

    `listed`, the Checkpoint as a listing of this context's project just
    found it, saves asking Cinder for it again; its status is checked
    all the same.
    """
    checked_id(checkpoint_id, _checkpoint_subject(checkpoint_id))
    client = clients.cinder(context)
    refusal = _("Checkpoint %(name)s is %(status)s; it can be deleted once "
                "it is available or in error.")
    if listed is not None and listed.id == checkpoint_id:
        if listed.status not in DELETABLE_STATUSES:
            raise exceptions.InvalidState(refusal % {
                "name": listed.name, "status": listed.status})
        snapshot = listed
    else:
        snapshot = Checkpoint.from_snapshot(_get_snapshot(
            context, client, checkpoint_id, DELETABLE_STATUSES, refusal))
    if snapshot.group_checkpoint_id:
        raise exceptions.InvalidState(
            _("Checkpoint %(name)s belongs to group checkpoint %(group)s; "
              "Cinder deletes a group checkpoint only as a whole.")
            % {"name": snapshot.name, "group": snapshot.group_checkpoint_id})
    with errors.cinder_errors(_checkpoint_subject(checkpoint_id),
                              change=True):
        client.volume_snapshots.delete(snapshot.id)
    return snapshot


@traced
def checkpoint_list_marked(context, volume_id, marks):
    """The checkpoints of one volume (None: of every volume of the
    project) that carry all of `marks`."""
    search_opts = {"metadata": dict(marks, **{CHECKPOINT_KEY: "true"})}
    if volume_id is not None:
        search_opts["volume_id"] = volume_id
    with errors.cinder_errors(_("The checkpoint list")):
        snapshots = clients.cinder(context).volume_snapshots.list(
            search_opts=search_opts)
    return [Checkpoint.from_snapshot(s) for s in snapshots]


@traced
def checkpoint_list_project(context):
    """Every checkpoint of the context's project, in one listing (Cinder
    pages it at its osapi_max_limit; cinderclient follows the pages).
    The scheduler learns all its pending work of a project from it."""
    with errors.cinder_errors(_("The checkpoint list")):
        snapshots = clients.cinder(context).volume_snapshots.list(
            search_opts={"metadata": {CHECKPOINT_KEY: "true"}})
    return [Checkpoint.from_snapshot(s) for s in snapshots]


@traced
def volume_list_detailed(context):
    """Every volume of the context's project with its status and
    metadata, in one listing (paged as checkpoint_list_project)."""
    with errors.cinder_errors(_("The volume list")):
        volumes = clients.cinder(context).volumes.list()
    return [Volume.from_cinder(v) for v in volumes]


@traced
def checkpoint_get(context, checkpoint_id):
    checked_id(checkpoint_id, _checkpoint_subject(checkpoint_id))
    client = clients.cinder(context)
    snapshot = _get_snapshot(context, client, checkpoint_id)
    try:
        with errors.cinder_errors(_volume_subject(snapshot.volume_id)):
            volume = client.volumes.get(snapshot.volume_id)
    except exceptions.NotFound:
        return Checkpoint.from_snapshot(snapshot, {})
    return Checkpoint.from_snapshot(
        snapshot, {volume.id: volume.name},
        field(volume, "availability_zone"))


@traced
def checkpoint_list_paged(context, marker=None, limit=20, sort_dir="desc",
                          filters=None, all_projects=False):
    """One page of checkpoints, newest first, in two Cinder calls made
    side by side.

    Returns (checkpoints, has_more_data, has_prev_data) in the way of
    Horizon's paged tables; `sort_dir` "asc" walks backwards from `marker`.
    `filters` may hold name, status, volume_id and policy_id (server-side
    filters).
    """
    search_opts = {key: value for key, value in (filters or {}).items()
                   if key in ("name", "status", "volume_id") and value}
    search_opts["metadata"] = {CHECKPOINT_KEY: "true"}
    if (filters or {}).get("policy_id"):
        search_opts["metadata"][POLICY_KEY] = str(filters["policy_id"])
    if all_projects:
        search_opts["all_tenants"] = 1
    client = clients.cinder(context)
    # The volume names are asked for beside the page, not after it, so the
    # wait is the slower call rather than the sum of both. Failures are
    # mapped here, in the request's thread, where its language is active.
    with futures.ThreadPoolExecutor(1) as pool:
        volumes = pool.submit(client.volumes.list, detailed=False,
                              search_opts=({"all_tenants": 1}
                                           if all_projects else None))
        with errors.cinder_errors(_("The checkpoint list")):
            snapshots = client.volume_snapshots.list(
                search_opts=search_opts, marker=marker, limit=limit + 1,
                sort="created_at:%s" % sort_dir)
        snapshots, has_more, has_prev = clients.page_of(snapshots, limit,
                                                        marker, sort_dir)
        names = {}
        if snapshots:
            with errors.cinder_errors(_("The volume list")):
                names = {volume.id: volume.name or volume.id
                         for volume in volumes.result()}
    return ([Checkpoint.from_snapshot(s, names) for s in snapshots],
            has_more, has_prev)


@traced
def volume_list_paged(context, marker=None, limit=20, sort_dir="desc"):
    """A page of the user's volumes, in one Cinder call."""
    with errors.cinder_errors(_("The volume list")):
        volumes = clients.cinder(context).volumes.list(
            marker=marker, limit=limit + 1, sort="created_at:%s" % sort_dir)
    volumes, has_more, has_prev = clients.page_of(volumes, limit, marker,
                                                  sort_dir)
    return [Volume.from_cinder(v) for v in volumes], has_more, has_prev


@traced
def volume_list(context):
    """All the project's volumes, in one summary listing, by name."""
    with errors.cinder_errors(_("The volume list")):
        volumes = clients.cinder(context).volumes.list(detailed=False)
    return sorted(((v.id, v.name or v.id) for v in volumes),
                  key=lambda pair: pair[1].lower())


@dataclasses.dataclass(frozen=True)
class VolumeType:
    id: str
    name: str
    description: str
    is_default: bool


@traced
def volume_type_list(context):
    """The volume types the user may use, the default one marked: two
    Cinder calls."""
    client = clients.cinder(context)
    with errors.cinder_errors(_("The volume type list")):
        types = client.volume_types.list()
        default = (client.volume_types.default().id
                   if client.api_version >= DEFAULT_TYPE_VERSION else None)
    return sorted((VolumeType(id=t.id, name=t.name,
                              description=field(t, "description") or "",
                              is_default=t.id == default) for t in types),
                  key=lambda t: (not t.is_default, t.name.lower()))


@traced
def availability_zone_list(context):
    """The names of the block storage zones that are available now."""
    with errors.cinder_errors(_("The availability zone list")):
        zones = clients.cinder(context).availability_zones.list()
    return sorted(z.zoneName for z in zones
                  if (getattr(z, "zoneState", None) or {}).get("available"))


@traced
def volume_get(context, volume_id):
    checked_id(volume_id, _volume_subject(volume_id))
    with errors.cinder_errors(_volume_subject(volume_id)):
        volume = clients.cinder(context).volumes.get(volume_id)
    return Volume.from_cinder(volume)


def _limits(context):
    with errors.cinder_errors(_("The quota")):
        absolute = clients.cinder(context).limits.get().absolute
    return {limit.name: limit.value for limit in absolute}


@traced
def snapshot_quota_get(context):
    """The project's snapshot and gigabyte quota, in one Cinder call."""
    values = _limits(context)
    return Quota(used=values.get("totalSnapshotsUsed", 0),
                 limit=values.get("maxTotalSnapshots"),
                 gigabytes_used=values.get("totalGigabytesUsed", 0),
                 gigabytes_limit=values.get("maxTotalVolumeGigabytes"))


@traced
def backup_quota_get(context):
    """The project's backup and backup gigabyte quota, in one call."""
    values = _limits(context)
    return Quota(used=values.get("totalBackupsUsed", 0),
                 limit=values.get("maxTotalBackups"),
                 gigabytes_used=values.get("totalBackupGigabytesUsed", 0),
                 gigabytes_limit=values.get("maxTotalBackupGigabytes"))


@traced
def restored_volumes(context, checkpoint_id):
    """The volumes restored from a checkpoint that still exist."""
    checked_id(checkpoint_id, _checkpoint_subject(checkpoint_id))
    with errors.cinder_errors(_checkpoint_subject(checkpoint_id)):
        volumes = clients.cinder(context).volumes.list(search_opts={
            "metadata": {RESTORED_FROM_KEY: checkpoint_id}})
    return [Volume.from_cinder(v) for v in volumes]


@traced
def checkpoint_messages(context, checkpoint_id):
    """Cinder's user messages about a checkpoint: why it failed, when."""
    checked_id(checkpoint_id, _checkpoint_subject(checkpoint_id))
    with errors.cinder_errors(_checkpoint_subject(checkpoint_id)):
        messages = clients.cinder(context).messages.list(
            search_opts={"resource_uuid": checkpoint_id})
    return [Message.from_cinder(m) for m in messages]


# ---------------------------------------------------------------- waits

def _wait(fetch, subject, wanted, timeout, interval, sleep, clock):
    deadline = clock() + timeout
    while True:
        obj = fetch()
        if obj.status in wanted:
            return obj
        if obj.status in ERROR_STATUSES:
            raise exceptions.OperationFailed(
                _("%(subject)s went to status %(status)s.")
                % {"subject": subject, "status": obj.status})
        if clock() + interval > deadline:
            raise exceptions.WaitTimeout(
                _("%(subject)s is still %(status)s after %(timeout)s "
                  "seconds.") % {"subject": subject, "status": obj.status,
                                 "timeout": timeout})
        sleep(interval)


def checkpoint_wait(context, checkpoint_id, wanted=("available",),
                    timeout=300, interval=2, sleep=time.sleep,
                    clock=time.monotonic):
    """Waits, bounded, until the checkpoint has one of the wanted statuses.

    Raises OperationFailed on an error status and WaitTimeout when the
    timeout passes; "deleted" is reached when Cinder no longer finds it.
    """
    client = clients.cinder(context)
    subject = _checkpoint_subject(checkpoint_id)

    def fetch():
        try:
            with errors.cinder_errors(subject):
                return client.volume_snapshots.get(checkpoint_id)
        except exceptions.NotFound:
            if "deleted" in wanted:
                return _Gone()
            raise

    return _wait(fetch, subject, wanted, timeout, interval, sleep, clock)


def volume_wait(context, volume_id, wanted=("available",), timeout=300,
                interval=2, sleep=time.sleep, clock=time.monotonic):
    client = clients.cinder(context)
    subject = _volume_subject(volume_id)

    def fetch():
        with errors.cinder_errors(subject):
            return client.volumes.get(volume_id)

    return Volume.from_cinder(
        _wait(fetch, subject, wanted, timeout, interval, sleep, clock))


class _Gone:
    status = "deleted"
