from django.utils import formats

from horizon.utils import filters


def local_time(value):
    """A Cinder timestamp or a datetime, in the user's date-time format.

    None stays None, so that a column shows its empty value.
    """
    if isinstance(value, str):
        value = filters.parse_isotime(value)
    return formats.date_format(value, "DATETIME_FORMAT") if value else None
