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

"""The event log's vocabulary: what one event row holds, and how an
operation is recorded around its call. Shared by the Django recorder
(Horizon, the scheduler, the listener) and the Karbor plugin (which has
no Django and reports through the broker), so nothing here imports
Django."""
import contextlib
import dataclasses

from volsnap_dashboard import exceptions
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

PROTECT, RESTORE, DELETE, REVERT = "protect", "restore", "delete", "revert"
# A checkpoint copied to cinder-backup, a backup restored into a new
# volume, a backup deleted.
BACKUP, RESTORE_BACKUP, DELETE_BACKUP = (
    "backup", "restore_backup", "delete_backup")
# A volume group protected as one group checkpoint, one restored into a
# new group, one deleted: one row each, its members listed on the row.
PROTECT_GROUP, RESTORE_GROUP, DELETE_GROUP = (
    "protect_group", "restore_group", "delete_group")
# unknown: asked for, and whether Cinder did it is not known (yet): the
# intent written before the call, or a call that timed out. Cinder's
# notifications settle it.
UNKNOWN, IN_PROGRESS, SUCCEEDED, FAILED = (
    "unknown", "in_progress", "succeeded", "failed")
SOURCE_DASHBOARD, SOURCE_KARBOR, SOURCE_SCHEDULE, SOURCE_OTHER = (
    "dashboard", "karbor", "schedule", "other")
FIELDS = ("volume_id", "volume_name", "checkpoint_id", "checkpoint_name",
          "restored_volume_id", "karbor_checkpoint_id", "backup_id",
          "group_id", "group_name", "restored_group_id")
# Which column names the Cinder object an action is about. Cinder's
# notices of a restore from a backup name the backup, not the volume.
KEY_COLUMN = {PROTECT: "checkpoint_id", DELETE: "checkpoint_id",
              REVERT: "checkpoint_id", RESTORE: "restored_volume_id",
              BACKUP: "backup_id", RESTORE_BACKUP: "backup_id",
              DELETE_BACKUP: "backup_id", PROTECT_GROUP: "checkpoint_id",
              DELETE_GROUP: "checkpoint_id",
              RESTORE_GROUP: "restored_group_id"}
# An outcome never goes back to a lower rank (notifications come out of
# order, and a writer completing late must not undo Cinder's word).
RANK = {UNKNOWN: 0, IN_PROGRESS: 1, SUCCEEDED: 2, FAILED: 2}


def outcome_after(error, accepted=False):
    """The outcome of a call that raised `error` (None: it was accepted).
    A timeout or a server error may have changed something: unknown.
    Once Cinder has `accepted` the operation, only an error status of its
    object fails it: anything else (a wait that timed out, a step of
    ours after it) leaves it in progress, for Cinder to finish."""
    if error is None:
        return IN_PROGRESS
    if isinstance(error, exceptions.OperationFailed):
        return FAILED
    if accepted:
        return IN_PROGRESS
    if isinstance(error, exceptions.OutcomeUnknown):
        return UNKNOWN
    if isinstance(error, exceptions.WaitTimeout):
        return IN_PROGRESS
    if isinstance(error, exceptions.VolsnapError):
        return FAILED
    # Not an answer of Cinder's that we understood: we do not know.
    return UNKNOWN


def field_values(fields):
    values = {key: str(fields[key])[:MAX_TEXT] for key in FIELDS
              if fields.get(key)}
    if fields.get("members"):
        values["members"] = members_value(fields["members"])
    return values


def members_value(members):
    """A group operation's members as the row keeps them: for each, its
    checkpoint, volume and (for a restore) new volume, ids and names."""
    keys = ("checkpoint_id", "volume_id", "volume_name",
            "restored_volume_id", "restored_volume_name")
    return [{key: str(member[key])[:MAX_TEXT] for key in keys
             if member.get(key)} for member in members]


def event_row(action, actor, outcome, error=None, **fields):
    """Column values of one event; `actor` names project, user, source."""
    values = {key: "" for key in FIELDS}
    values.update(field_values(fields))
    values.update(
        action=action,
        outcome=outcome,
        error=str(error or ""),
        source=actor["source"],
        project_id=actor.get("project_id") or "",
        project_name=(actor.get("project_name") or "")[:MAX_TEXT],
        user_id=actor.get("user_id") or "",
        user_name=(actor.get("user_name") or "")[:MAX_TEXT])
    return values


@contextlib.contextmanager
def recorded(writer, actor, action, **fields):
    """Records the intent before the call in the block, and completes it
    after: accepted, failed, or unknown when the call's outcome is. A
    process killed inside the block leaves the intent, unknown, for
    Cinder's notifications to settle.

    The block adds what it learns (the new checkpoint's id) to the
    yielded dict, sets "accepted" once Cinder took the operation, and
    "outcome" if it waited for Cinder to finish. `writer` has begin() and
    complete(); neither raises.
    """
    event = dict(fields)
    token = writer.begin(action, actor, **event)
    try:
        yield event
    except Exception as exc:
        event.pop("outcome", None)
        outcome = outcome_after(exc, event.pop("accepted", False))
        writer.complete(token, action, actor, outcome, exc, **event)
        raise
    event.pop("accepted", None)
    outcome = event.pop("outcome", IN_PROGRESS)
    writer.complete(token, action, actor, outcome, None, **event)


@dataclasses.dataclass(frozen=True)
class Journal:
    """Where the operations of one actor are recorded."""
    writer: object
    # source, project_id, project_name, user_id, user_name
    actor: dict

    def recorded(self, action, **fields):
        return recorded(self.writer, self.actor, action, **fields)


class Collected:
    """A writer that keeps each completed operation in memory, for a
    caller that writes them later itself: a scheduled run's worker
    threads share no database connection."""

    def __init__(self, entries=None):
        self.entries = [] if entries is None else entries

    def begin(self, action, actor, **fields):
        return None

    def complete(self, token, action, actor, outcome, error=None,
                 **fields):
        self.entries.append((action, actor, outcome, error, fields))
