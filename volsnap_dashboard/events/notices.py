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
and what each says. Pure functions over the message's parts, so they are
tested with the payloads Cinder really sends (tests/unit/events/data)."""
import dataclasses
import datetime

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
GOOD = {terms.PROTECT: {"available"}, terms.RESTORE: {"available", "in-use"}}
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
            return terms.IN_PROGRESS if self.phase == "end" else None
        return terms.SUCCEEDED if self.phase == "end" else None


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


def read(ctxt, event_type, payload, metadata):
    """The Notice in one notification, or None if it is not about a
    snapshot's life (most of Cinder's notifications are not)."""
    if not isinstance(payload, dict):
        return None
    if event_type in SNAPSHOT_EVENTS:
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
    else:
        return None
    if not fields["key"] or not metadata.get("message_id"):
        return None
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
        user_name=ctxt.get("user_name") or "",
        started_at=started if action == terms.PROTECT else None,
        **fields)
