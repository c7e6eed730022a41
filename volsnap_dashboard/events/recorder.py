"""The one place in Horizon that writes the event log."""
import functools
import logging

from volsnap_dashboard.events import models
from volsnap_dashboard.events import rows
from volsnap_dashboard import exceptions

LOG = logging.getLogger(__name__)


def record_as(actor, action, error=None, **fields):
    """Records what `actor` (rows.event_row's) asked for and whether
    Cinder accepted it.

    Never raises: a log that cannot be written must not lose or undo the
    action, so the failure is logged and the action goes on.
    """
    try:
        models.Event.objects.create(**rows.event_row(action, actor, error,
                                                     **fields))
    except Exception:  # whatever the database does
        LOG.exception("Could not record the %s event: %s", action, fields)


def record(request, action, error=None, **fields):
    """Records what the dashboard's user asked for."""
    user = request.user
    actor = {"source": rows.SOURCE_DASHBOARD,
             "project_id": getattr(user, "project_id", None),
             "project_name": getattr(user, "project_name", None),
             "user_id": getattr(user, "id", None),
             "user_name": getattr(user, "username", None)}
    record_as(actor, action, error, **fields)


def recorded(request, action, **fields):
    """Records the backend call in the block, as failed if it raises."""
    return rows.recorded(functools.partial(record, request), action,
                         exceptions.VolsnapError, **fields)
