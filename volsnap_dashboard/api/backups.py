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

"""Backups of checkpoints (cinder-backup): copies in a separate store
that survive the loss of the volumes' storage.

A backup is made from a checkpoint's snapshot, never from the volume
itself, so it holds exactly the checkpoint's data. BACKUP_KEY and
checkpoints' own keys in its metadata (Cinder 3.43) say what made it.
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

BACKUP_KEY = "volsnap_backup"
# The checkpoint a backup was made from: Cinder's snapshot_id, kept in
# the metadata too since the snapshot may be deleted after its backup.
CHECKPOINT_ID_KEY = "volsnap_checkpoint_id"
# On a volume restored from a backup: the backup.
RESTORED_FROM_BACKUP_KEY = "volsnap_restored_from_backup"
METADATA_VERSION = api_versions.APIVersion("3.43")
RESTORE_VERSION = api_versions.APIVersion("3.47")

RESTORABLE_STATUSES = ("available",)
DELETABLE_STATUSES = ("available", "error")


@dataclasses.dataclass(frozen=True)
class Backup:
    id: str
    name: str
    description: str
    status: str
    size: int
    created_at: str
    volume_id: str
    snapshot_id: str
    is_incremental: bool
    has_dependent_backups: bool
    fail_reason: str
    metadata: dict
    # Only admins read it; policy checks fill in the user's project.
    project_id: str = None
    # When its data was taken: an incremental builds on the newest
    # available backup of the volume taken before it.
    data_timestamp: str = None

    @classmethod
    def from_cinder(cls, backup):
        def value(name, default=None):
            return checkpoints.field(backup, name, default)
        return cls(id=backup.id, name=value("name") or backup.id,
                   description=value("description") or "",
                   status=backup.status, size=value("size") or 0,
                   created_at=value("created_at"),
                   volume_id=value("volume_id"),
                   snapshot_id=value("snapshot_id"),
                   is_incremental=bool(value("is_incremental")),
                   has_dependent_backups=bool(
                       value("has_dependent_backups")),
                   fail_reason=value("fail_reason") or "",
                   metadata=dict(value("metadata") or {}),
                   project_id=value("os-backup-project-attr:project_id"),
                   data_timestamp=(value("data_timestamp")
                                   or value("created_at")))

    @property
    def checkpoint_id(self):
        return self.metadata.get(CHECKPOINT_ID_KEY) or self.snapshot_id

    @property
    def created_by(self):
        return self.metadata.get(checkpoints.CREATED_BY_KEY, "")

    @property
    def policy_id(self):
        return self.metadata.get(checkpoints.POLICY_KEY)

    @property
    def ours(self):
        return BACKUP_KEY in self.metadata

    @property
    def volume_name(self):
        return self.metadata.get(checkpoints.VOLUME_NAME_KEY) or self.volume_id


def _backup_subject(backup_id):
    return _("Backup %(id)s") % {"id": str(backup_id)[:64]}


def _get(context, client, backup_id):
    subject = _backup_subject(backup_id)
    checkpoints.checked_id(backup_id, subject)
    with errors.cinder_errors(subject):
        backup = client.backups.get(backup_id)
    if BACKUP_KEY not in (checkpoints.field(backup, "metadata") or {}):
        raise errors.not_found(subject)
    owner = checkpoints.field(backup, "os-backup-project-attr:project_id")
    clients.refuse_foreign(
        context, owner,
        _("Backup %(name)s belongs to another project (%(project)s). "
          "Switch to that project to restore or delete it."),
        backup.name or backup.id)
    return Backup.from_cinder(backup)


@checkpoints.traced
def backup_create(context, checkpoint_id, name, description="",
                  incremental=False, origin=checkpoints.ORIGIN_MANUAL,
                  created_by=None, marks=None, checkpoint=None):
    """Backs a checkpoint up; Cinder finishes asynchronously (the
    checkpoint is `backing-up` meanwhile). An incremental backup builds
    on the newest available backup of the volume before the checkpoint;
    Cinder refuses one when there is none. `checkpoint`, as a listing
    just found it, saves asking Cinder for it again."""
    checkpoints._validate(schemas.OPTIONS_SCHEMA,
                          {"snapshot_name": name, "description": description,
                           "force": False})
    checkpoints.checked_id(checkpoint_id,
                           checkpoints._checkpoint_subject(checkpoint_id))
    client = clients.cinder(context)
    clients.require_version(client, METADATA_VERSION, _("mark its backups"))
    if checkpoint is None or checkpoint.id != checkpoint_id:
        checkpoint = checkpoints.Checkpoint.from_snapshot(
            checkpoints._get_snapshot(context, client, checkpoint_id))
    if checkpoint.status != "available":
        raise exceptions.InvalidState(
            _("Checkpoint %(name)s is %(status)s; only an available "
              "checkpoint can be backed up.")
            % {"name": checkpoint.name, "status": checkpoint.status})
    metadata = {BACKUP_KEY: "true", CHECKPOINT_ID_KEY: checkpoint.id,
                checkpoints.CREATED_BY_KEY: (created_by
                                             or clients.user_name(context)),
                checkpoints.ORIGIN_KEY: origin,
                checkpoints.VOLUME_NAME_KEY: (checkpoint.volume_name or "")[
                    :schemas.MAX_TEXT_LENGTH]}
    metadata.update(marks or {})
    try:
        with errors.cinder_errors(
                checkpoints._checkpoint_subject(checkpoint.id), change=True):
            backup = client.backups.create(
                checkpoint.volume_id, name=name,
                description=checkpoints.one_line(description),
                incremental=bool(incremental), snapshot_id=checkpoint.id,
                metadata=metadata)
    except exceptions.NotFound:
        # The checkpoint was just found: Cinder has no backup service up.
        raise exceptions.CinderUnavailable(
            _("No backup service of this cloud is running now; nothing "
              "was changed. Try again later, or tell an administrator."))
    return Backup.from_cinder(backup)


@checkpoints.traced
def backup_list_project(context):
    """Every backup of the project, volsnap's or not, newest first, in
    one Cinder call: incremental backups build on any of them."""
    with errors.cinder_errors(_("The backup list")):
        backups = clients.cinder(context).backups.list(
            sort="created_at:desc")
    return [Backup.from_cinder(b) for b in backups]


def backup_list(context, checkpoint_id=None):
    """The project's backups that volsnap made, newest first, in one
    Cinder call; of one checkpoint if given. Cinder refuses a filter by
    metadata but to admins, so that is done here."""
    return [b for b in backup_list_project(context) if b.ours
            and (not checkpoint_id or b.checkpoint_id == checkpoint_id)]


@checkpoints.traced
def backup_get(context, backup_id):
    return _get(context, clients.cinder(context), backup_id)


@checkpoints.traced
def backup_restore(context, backup_id, restore_name, restore_description,
                   volume_type, size=None, availability_zone=None,
                   marks=None):
    """Restores a backup into a new volume of `volume_type` named
    `restore_name`. Both are passed always: otherwise Cinder uses the
    default type and renames the volume after the backup's source."""
    checkpoints._validate(schemas.RESTORE_SCHEMA,
                          {"restore_name": restore_name,
                           "restore_description": restore_description})
    checkpoints._validate(schemas.RESTORE_OPTIONS_SCHEMA,
                          {"size": size, "volume_type": volume_type,
                           "availability_zone": availability_zone})
    if not restore_name or not volume_type:
        raise exceptions.InvalidInput(
            _("A restore from a backup needs the new volume's name and "
              "type."))
    client = clients.cinder(context)
    clients.require_version(
        client, RESTORE_VERSION,
        _("restore a backup into a new volume of a chosen type"))
    backup = _get(context, client, backup_id)
    if backup.status not in RESTORABLE_STATUSES:
        raise exceptions.InvalidState(
            _("Backup %(name)s is %(status)s; only an available backup can "
              "be restored.") % {"name": backup.name,
                                 "status": backup.status})
    if size is not None and size < backup.size:
        raise exceptions.InvalidInput(
            _("The new volume must be at least as large as the backup "
              "(%(size)d GiB).") % {"size": backup.size})
    with errors.cinder_errors(_backup_subject(backup.id), change=True):
        volume = client.volumes.create(
            size or backup.size, backup_id=backup.id, name=restore_name,
            description=checkpoints.one_line(restore_description),
            volume_type=volume_type,
            availability_zone=availability_zone or None,
            metadata=dict(marks or {}, **{RESTORED_FROM_BACKUP_KEY:
                                          backup.id}))
    return checkpoints.Volume.from_cinder(volume)


@checkpoints.traced
def backup_delete(context, backup_id, listed=None):
    """Deletes a backup; Cinder finishes asynchronously. A backup that
    later incremental backups build on cannot be deleted before them."""
    client = clients.cinder(context)
    if listed is not None and listed.id == backup_id:
        backup = listed
    else:
        backup = _get(context, client, backup_id)
    if backup.status not in DELETABLE_STATUSES:
        raise exceptions.InvalidState(
            _("Backup %(name)s is %(status)s; it can be deleted once it is "
              "available or in error.")
            % {"name": backup.name, "status": backup.status})
    if backup.has_dependent_backups:
        raise exceptions.InvalidState(
            _("Backup %(name)s has incremental backups that build on it; "
              "delete those first (newest first), then this one.")
            % {"name": backup.name})
    with errors.cinder_errors(_backup_subject(backup.id), change=True):
        client.backups.delete(backup.id)
    return backup


def backup_wait(context, backup_id, wanted=("available",), timeout=600,
                interval=2, sleep=time.sleep, clock=time.monotonic):
    """Waits, bounded, until the backup has a wanted status; None once
    Cinder no longer finds it, if "deleted" is wanted. OperationFailed
    with Cinder's reason when it goes to `error`."""
    client = clients.cinder(context)
    subject = _backup_subject(backup_id)
    seen = []

    def fetch():
        try:
            with errors.cinder_errors(subject):
                seen.append(client.backups.get(backup_id))
                return seen[-1]
        except exceptions.NotFound:
            if "deleted" in wanted:
                return checkpoints._Gone()
            raise

    try:
        found = checkpoints._wait(fetch, subject, wanted, timeout, interval,
                                  sleep, clock)
    except exceptions.OperationFailed as exc:
        reason = checkpoints.field(seen[-1], "fail_reason") if seen else ""
        if not reason:
            raise
        raise exceptions.OperationFailed(
            _("%(failure)s Cinder says: %(reason)s")
            % {"failure": exc, "reason": reason}) from exc
    return None if found.status == "deleted" else Backup.from_cinder(found)
