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

"""Cinder's notifications, read: which of them tell of a snapshot's life
and what each says; and the reports of volsnap's Karbor plugin. Pure
functions over the message's parts, so they are tested with the payloads
Cinder really sends (tests/unit/events/data)."""
import ast
import dataclasses
import datetime
import re

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import terms

# event_type -> (action, phase)
SNAPSHOT_EVENTS = {
    "snapshot.create.start": (terms.PROTECT, "start"),
    "snapshot.create.end": (terms.PROTECT, "end"),
    "snapshot.delete.start": (terms.DELETE, "start"),
    "snapshot.delete.end": (terms.DELETE, "end"),
    "snapshot.revert.start": (terms.REVERT, "start"),
    "snapshot.revert.end": (terms.REVERT, "end"),
    # An admin's reset or a user's update: the status is news, not an
    # operation of its own.
    "snapshot.reset_status.end": (terms.PROTECT, "status"),
    "snapshot.update.end": (terms.PROTECT, "status"),
}
VOLUME_EVENTS = {"volume.create.start": "start",
                 "volume.create.end": "end"}
# Their payload is the backup's; backup.createprogress adds the chunks
# written so far.
BACKUP_EVENTS = {
    "backup.create.start": (terms.BACKUP, "start"),
    "backup.createprogress": (terms.BACKUP, "progress"),
    "backup.create.end": (terms.BACKUP, "end"),
    "backup.restore.start": (terms.RESTORE_BACKUP, "start"),
    "backup.restore.end": (terms.RESTORE_BACKUP, "end"),
    "backup.delete.start": (terms.DELETE_BACKUP, "start"),
    "backup.delete.end": (terms.DELETE_BACKUP, "end"),
}
# A group snapshot's, and a group's made from one (a restore; Cinder's
# notices of it do not say so, so they only settle the log's own row).
# Cinder sends its members' snapshot.* and volume.* notices with them.
GROUP_EVENTS = {
    "group_snapshot.create.start": (terms.PROTECT_GROUP, "start"),
    "group_snapshot.create.end": (terms.PROTECT_GROUP, "end"),
    "group_snapshot.delete.start": (terms.DELETE_GROUP, "start"),
    "group_snapshot.delete.end": (terms.DELETE_GROUP, "end"),
    "group.create.start": (terms.RESTORE_GROUP, "start"),
    "group.create.end": (terms.RESTORE_GROUP, "end"),
}
GOOD = {terms.PROTECT: {"available"}, terms.RESTORE: {"available", "in-use"},
        terms.REVERT: {"available"}, terms.BACKUP: {"available"},
        terms.RESTORE_BACKUP: {"available"},
        terms.PROTECT_GROUP: {"available"},
        terms.RESTORE_GROUP: {"available"}}
# Ends that Cinder sends on failure too, with the status it was in.
ENDS_ONLY_BY_STATUS = {terms.REVERT}
# The snapshot Cinder takes of a volume before reverting it (unless the
# driver needs none) and deletes after: nobody's checkpoint or protect.
REVERT_SAFETY_SNAPSHOT = re.compile(
    r"\A\[revert\] volume \S+ backup snapshot\Z")
# What volsnap's Karbor plugin sends when a hook of it failed: Cinder
# says nothing of a protect it refused before asking, or of a snapshot
# that went to error.
REPORT_EVENT = "volsnap.operation.failed"
BAD = {"error", "error_deleting", "error_restoring"}


@dataclasses.dataclass(frozen=True)
class Notice:
    message_id: str
    action: str
    phase: str
    at: datetime.datetime
    status: str
    # The Cinder object the action is about (terms.KEY_COLUMN).
    key: str
    checkpoint_id: str
    checkpoint_name: str = ""
    volume_id: str = ""
    restored_volume_id: str = ""
    project_id: str = ""
    project_name: str = ""
    user_id: str = ""
    user_name: str = ""
    started_at: datetime.datetime = None
    # Who asked, as far as the Cinder object's metadata tells: Karbor
    # marks what it makes; anything else unrecorded is "other".
    source: str = terms.SOURCE_OTHER
    karbor_checkpoint_id: str = ""
    backup_id: str = ""
    # Cinder's word on a failed backup.
    fail_reason: str = ""
    # How far a backup got, in percent.
    progress: int = None
    group_id: str = ""
    restored_group_id: str = ""

    @property
    def outcome(self):
        """What the notice says of the operation's end: an outcome, or
        None when it says nothing new (a status in between)."""
        if self.status in BAD:
            return terms.FAILED
        if self.phase == "start":
            return terms.IN_PROGRESS
        if self.action in GOOD:
            if self.status in GOOD[self.action]:
                return terms.SUCCEEDED
            if self.phase != "end":
                return None
            if self.action in ENDS_ONLY_BY_STATUS:
                return terms.FAILED
            return terms.IN_PROGRESS
        return terms.SUCCEEDED if self.phase == "end" else None


GIB = 1024 ** 3


def backup_progress(payload):
    """Percent of a backup written, from the chunks a createprogress
    message lists (its backup_percent divides blocks by bytes, and is
    near zero until the end); None if it lists none."""
    try:
        size = int(payload.get("size") or 0) * GIB
        written = max(int(chunk["offset"]) + int(chunk["length"])
                      for item in payload.get("list") or ()
                      for chunk in item.values())
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if size <= 0:
        return None
    return max(0, min(100, written * 100 // size))


def parse_time(value):
    """Cinder's and oslo.messaging's times: ISO, naive meaning UTC."""
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(str(value).replace(
            "Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def object_metadata(payload):
    """The Cinder object's metadata in a notification: a snapshot's comes
    as the repr of a dict, a volume's as a list of {key, value}."""
    found = payload.get("metadata")
    if isinstance(found, str):
        try:
            found = ast.literal_eval(found) if found else {}
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return {}
    if isinstance(found, list):
        found = {item.get("key"): item.get("value") for item in found
                 if isinstance(item, dict)}
    if not isinstance(found, dict):
        return {}
    return {str(key): str(value) for key, value in found.items()}


def _origin(metadata):
    karbor_checkpoint = metadata.get(checkpoints.KARBOR_CHECKPOINT_KEY, "")
    if not karbor_checkpoint:
        return {}
    return {"source": terms.SOURCE_KARBOR,
            "karbor_checkpoint_id": karbor_checkpoint[:64]}


def read(ctxt, event_type, payload, metadata):
    """The Notice in one notification (a Report for the Karbor plugin's),
    or None if it is not about a snapshot's life (most of Cinder's
    notifications are not)."""
    if not isinstance(payload, dict) or not isinstance(metadata, dict):
        return None
    if event_type == REPORT_EVENT:
        return read_report(payload, metadata)
    if event_type in SNAPSHOT_EVENTS:
        if REVERT_SAFETY_SNAPSHOT.match(str(payload.get("display_name"))):
            return None
        action, phase = SNAPSHOT_EVENTS[event_type]
        snapshot_id = payload.get("snapshot_id")
        fields = {"key": snapshot_id, "checkpoint_id": snapshot_id,
                  "checkpoint_name": payload.get("display_name") or "",
                  "volume_id": payload.get("volume_id") or ""}
        started = parse_time(payload.get("created_at"))
    elif event_type in VOLUME_EVENTS and payload.get("snapshot_id"):
        action, phase = terms.RESTORE, VOLUME_EVENTS[event_type]
        fields = {"key": payload.get("volume_id"),
                  "checkpoint_id": payload["snapshot_id"],
                  "restored_volume_id": payload.get("volume_id") or ""}
        started = None
    elif event_type in BACKUP_EVENTS:
        action, phase = BACKUP_EVENTS[event_type]
        backup_id = payload.get("backup_id")
        fields = {"key": backup_id, "backup_id": backup_id or "",
                  "checkpoint_id": payload.get("snapshot_id") or "",
                  "volume_id": payload.get("volume_id") or "",
                  "fail_reason": str(payload.get("fail_reason") or "")}
        if phase == "progress":
            fields["progress"] = backup_progress(payload)
        # A restore's status is the backup's own: `restoring` until the
        # end, when the volume is done.
        if action == terms.RESTORE_BACKUP and phase == "end":
            payload = dict(payload, status="available")
        started = parse_time(payload.get("created_at"))
    elif event_type in GROUP_EVENTS:
        action, phase = GROUP_EVENTS[event_type]
        if action == terms.RESTORE_GROUP:
            fields = {"key": payload.get("group_id"), "checkpoint_id": "",
                      "restored_group_id": payload.get("group_id") or ""}
        else:
            fields = {"key": payload.get("group_snapshot_id"),
                      "checkpoint_id": payload.get("group_snapshot_id"),
                      "checkpoint_name": payload.get("name") or "",
                      "group_id": payload.get("group_id") or ""}
        started = parse_time(payload.get("created_at"))
    else:
        return None
    if not fields["key"] or not metadata.get("message_id"):
        return None
    marks = object_metadata(payload)
    if (marks.get(checkpoints.CHECKPOINT_KEY) == checkpoints.GROUP_MEMBER
            or marks.get(checkpoints.RESTORED_FROM_GROUP_KEY)):
        return None  # a group operation's member: the group's row tells
    if phase == "status" and payload.get("status") == "error_deleting":
        action = terms.DELETE
    ctxt = ctxt if isinstance(ctxt, dict) else {}
    return Notice(
        message_id=str(metadata["message_id"]), action=action, phase=phase,
        at=(parse_time(metadata.get("timestamp"))
            or datetime.datetime.now(datetime.timezone.utc)),
        status=str(payload.get("status") or ""),
        project_id=ctxt.get("project_id") or payload.get("tenant_id") or "",
        project_name=ctxt.get("project_name") or "",
        user_id=ctxt.get("user_id") or payload.get("user_id") or "",
        user_name=(ctxt.get("user_name")
                   or marks.get(checkpoints.CREATED_BY_KEY) or ""),
        started_at=(started if action in (terms.PROTECT, terms.BACKUP,
                                          terms.PROTECT_GROUP)
                    else None),
        **_origin(marks), **fields)


@dataclasses.dataclass(frozen=True)
class Report:
    """A failed operation as the Karbor plugin saw it."""
    message_id: str
    action: str
    outcome: str
    error: str
    actor: dict
    fields: dict

    @property
    def key(self):
        return self.fields.get(terms.KEY_COLUMN[self.action], "")


def read_report(payload, metadata):
    action, outcome = payload.get("action"), payload.get("outcome")
    actor, fields = payload.get("actor"), payload.get("fields")
    if (action not in terms.KEY_COLUMN or outcome not in terms.RANK
            or not isinstance(actor, dict) or not isinstance(fields, dict)
            or not metadata.get("message_id")):
        return None
    actor = {key: str(actor.get(key) or "") for key in (
        "project_id", "project_name", "user_id", "user_name")}
    actor["source"] = terms.SOURCE_KARBOR
    return Report(message_id=str(metadata["message_id"]), action=action,
                  outcome=outcome, error=str(payload.get("error") or ""),
                  actor=actor, fields=terms.field_values(fields))


def report_payload(action, actor, outcome, error, fields):
    """What the Karbor plugin sends; read_report reads it back."""
    return {"action": action, "outcome": outcome,
            "error": str(error or ""), "actor": dict(actor),
            "fields": terms.field_values(fields)}
