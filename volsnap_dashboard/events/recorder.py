"""The one place that writes the event log."""
import contextlib
import logging

from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions

LOG = logging.getLogger(__name__)
MAX_TEXT = 255
FIELDS = ("volume_id", "volume_name", "checkpoint_id", "checkpoint_name",
          "restored_volume_id")


def record(request, action, error=None, **fields):
    """Records what the user asked for and whether Cinder accepted it.

    Never raises: a log that cannot be written must not lose or undo the
    user's action, so the failure is logged and the action goes on.
    """
    user = request.user
    values = {key: str(fields.get(key) or "")[:MAX_TEXT] for key in FIELDS}
    try:
        models.Event.objects.create(
            action=action,
            result=models.Event.FAILED if error else models.Event.ACCEPTED,
            error=str(error or ""),
            project_id=user.project_id or "",
            project_name=(user.project_name or "")[:MAX_TEXT],
            user_id=user.id or "",
            user_name=(user.username or "")[:MAX_TEXT],
            **values)
    except Exception:  # whatever the database or the user object does
        LOG.exception("Could not record the %s event of user %s: %s",
                      action, getattr(user, "username", "?"), values)


@contextlib.contextmanager
def recorded(request, action, **fields):
    """Records the backend call in the block, as failed if it raises.

    The block may add what it learns (the new checkpoint's id) to the
    yielded dict before the event is written.
    """
    event = dict(fields)
    try:
        yield event
    except exceptions.VolsnapError as exc:
        record(request, action, error=exc, **event)
        raise
    record(request, action, **event)
