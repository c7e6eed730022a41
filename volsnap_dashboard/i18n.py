"""Translation that works inside Horizon and without Django (in Karbor)."""

try:
    from django.conf import settings
    from django.utils.translation import gettext
except ImportError:  # Karbor does not ship Django
    settings = None


def _(message):
    if settings is not None and settings.configured:
        return gettext(message)
    return message
