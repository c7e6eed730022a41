"""The one function that writes the event log."""
import logging

from django.db import DatabaseError

from volsnap_dashboard.events import models

LOG = logging.getLogger(__name__)
MAX_TEXT = 255


def record(request, action, error=None, volume=None, checkpoint=None,
           restored_volume_id=''):
    """Records what the user asked for and whether Cinder accepted it.

    Never raises: a log that cannot be written must not lose or undo the
    user's action, so the failure is logged and the action goes on.
    """
    user = request.user
    try:
        models.Event.objects.create(
            action=action,
            result=models.Event.FAILED if error else models.Event.ACCEPTED,
            error=str(error or ''),
            project_id=user.project_id or '',
            project_name=(user.project_name or '')[:MAX_TEXT],
            user_id=user.id or '',
            user_name=(user.username or '')[:MAX_TEXT],
            volume_id=getattr(volume, 'id', volume) or '',
            volume_name=(getattr(volume, 'name', '') or '')[:MAX_TEXT],
            checkpoint_id=getattr(checkpoint, 'id', checkpoint) or '',
            checkpoint_name=(getattr(checkpoint, 'name', '')
                             or '')[:MAX_TEXT],
            restored_volume_id=restored_volume_id or '')
    except (DatabaseError, ValueError, TypeError):
        LOG.exception("Could not record the %s event of user %s", action,
                      getattr(user, 'username', '?'))
