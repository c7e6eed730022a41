from django.utils import formats
from django.utils import timezone

from horizon.utils import filters


def local_time(value):
    """A Cinder timestamp or a datetime, in the user's time zone (their
    Horizon setting) and date-time format.

    None stays None, so that a column shows its empty value.
    """
    if isinstance(value, str):
        value = filters.parse_isotime(value)
    if not value:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
