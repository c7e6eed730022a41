"""What one event row holds, shared by the two writers of the log: the
Django recorder (Horizon) and the SQL writer (Karbor, which has no
Django). Neither Django nor SQLAlchemy is imported here."""
import contextlib

from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

PROTECT, RESTORE, DELETE = "protect", "restore", "delete"
ACCEPTED, FAILED = "accepted", "failed"
SOURCE_DASHBOARD, SOURCE_KARBOR, SOURCE_SCHEDULE = (
    "dashboard", "karbor", "schedule")
FIELDS = ("volume_id", "volume_name", "checkpoint_id", "checkpoint_name",
          "restored_volume_id")


def event_row(action, actor, error=None, **fields):
    """Column values of one event; `actor` names project, user, source."""
    values = {key: str(fields.get(key) or "")[:MAX_TEXT] for key in FIELDS}
    values.update(
        action=action,
        result=FAILED if error else ACCEPTED,
        error=str(error or ""),
        source=actor["source"],
        project_id=actor.get("project_id") or "",
        project_name=(actor.get("project_name") or "")[:MAX_TEXT],
        user_id=actor.get("user_id") or "",
        user_name=(actor.get("user_name") or "")[:MAX_TEXT])
    return values


@contextlib.contextmanager
def recorded(record, action, failures, **fields):
    """Records the call in the block with `record`, as failed if it
    raises one of `failures`.

    The block may add what it learns (the new checkpoint's id) to the
    yielded dict before the event is written.
    """
    event = dict(fields)
    try:
        yield event
    except failures as exc:
        record(action, error=exc, **event)
        raise
    record(action, **event)
