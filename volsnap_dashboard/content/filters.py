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

from django.utils import formats
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def duration(delta):
    """A timedelta as people read it: 42 s, 3 min 5 s, 2 h 7 min."""
    seconds = max(0, round(delta.total_seconds()))
    if seconds < 60:
        return _("%(s)d s") % {"s": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
