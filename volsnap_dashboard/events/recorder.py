"""The one place in Horizon that writes the event log."""
import functools
import logging

from volsnap_dashboard.events import models
from volsnap_dashboard.events import rows
from volsnap_dashboard import exceptions

LOG = logging.getLogger(__name__)


def record(request, action, error=None, **fields):
    """Records what the user asked for and whether Cinder accepted it.

    Never raises: a log that cannot be written must not lose or undo the
    user's action, so the failure is logged and the action goes on.
    """
    try:
        user = request.user
        actor = {"source": rows.SOURCE_DASHBOARD,
                 "project_id": user.project_id,
                 "project_name": user.project_name,
                 "user_id": user.id, "user_name": user.username}
        models.Event.objects.create(**rows.event_row(action, actor, error,
                                                     **fields))
    except Exception:  # whatever the database or the user object does
        LOG.exception("Could not record the %s event: %s", action, fields)


def recorded(request, action, **fields):
    """Records the backend call in the block, as failed if it raises."""
    return rows.recorded(functools.partial(record, request), action,
                         exceptions.VolsnapError, **fields)
