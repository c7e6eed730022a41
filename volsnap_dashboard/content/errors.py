"""How the panels show a backend failure to the user."""
from django.contrib import auth
from django.contrib import messages

from horizon import exceptions as horizon_exceptions

from volsnap_dashboard import exceptions


def expired(request, exc):
    """An expired or revoked token ends the session as Horizon does: the
    user is logged out and sent to log in again, then back to this page."""
    if isinstance(exc, exceptions.NotAuthenticated):
        messages.error(request, str(exc))
        auth.logout(request)
        raise horizon_exceptions.NotAuthenticated(str(exc))


def report(request, exc, **handle_options):
    """Shows `exc` (a VolsnapError being handled) as Horizon's handle()
    does, with its options (redirect, escalate)."""
    expired(request, exc)
    return horizon_exceptions.handle(request, str(exc), **handle_options)
