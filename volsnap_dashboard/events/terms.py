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

"""What one event row holds, shared by the writers of the log: the
Django recorder (Horizon, the scheduler, the listener) and the SQL writer
(Karbor, which has no Django). Neither Django nor SQLAlchemy is imported
here."""
import contextlib

from volsnap_dashboard import exceptions
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

PROTECT, RESTORE, DELETE, REVERT = "protect", "restore", "delete", "revert"
# unknown: asked for, and whether Cinder did it is not known (yet): the
# intent written before the call, or a call that timed out. Cinder's
# notifications settle it.
UNKNOWN, IN_PROGRESS, SUCCEEDED, FAILED = (
    "unknown", "in_progress", "succeeded", "failed")
SOURCE_DASHBOARD, SOURCE_KARBOR, SOURCE_SCHEDULE, SOURCE_OTHER = (
    "dashboard", "karbor", "schedule", "other")
FIELDS = ("volume_id", "volume_name", "checkpoint_id", "checkpoint_name",
          "restored_volume_id")
# Which column names the Cinder object an action is about.
KEY_COLUMN = {PROTECT: "checkpoint_id", DELETE: "checkpoint_id",
              REVERT: "checkpoint_id", RESTORE: "restored_volume_id"}
# An outcome never goes back to a lower rank (notifications come out of
# order, and a writer completing late must not undo Cinder's word).
RANK = {UNKNOWN: 0, IN_PROGRESS: 1, SUCCEEDED: 2, FAILED: 2}


def outcome_after(error):
    """The outcome of a call that raised `error` (None: it was accepted).
    A timeout or a server error may have changed something: unknown."""
    if error is None:
        return IN_PROGRESS
    if isinstance(error, exceptions.OutcomeUnknown):
        return UNKNOWN
    if isinstance(error, exceptions.WaitTimeout):
        return IN_PROGRESS
    return FAILED


def field_values(fields):
    return {key: str(fields[key])[:MAX_TEXT] for key in FIELDS
            if fields.get(key)}


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
def recorded(writer, actor, action, failures, **fields):
    """Records the intent before the call in the block, and completes it
    after: accepted, failed, or unknown when the call's outcome is. A
    process killed inside the block leaves the intent, unknown, for
    Cinder's notifications to settle.

    The block may add what it learns (the new checkpoint's id) to the
    yielded dict before the event is completed, and set its "outcome" if
    it waited for Cinder to finish. `writer` has begin() and complete();
    neither raises.
    """
    event = dict(fields)
    token = writer.begin(action, actor, **event)
    try:
        yield event
    except failures as exc:
        event.pop("outcome", None)
        writer.complete(token, action, actor, outcome_after(exc), exc,
                        **event)
        raise
    outcome = event.pop("outcome", IN_PROGRESS)
    writer.complete(token, action, actor, outcome, None, **event)
