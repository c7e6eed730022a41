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

"""The watchdog's questions and answers in the event log: which open
operations are past their deadline, and their settling."""
from django.db.models import F
from django.db.models import Q

from volsnap_dashboard.events import models
from volsnap_dashboard.events import terms

OPEN = (terms.UNKNOWN, terms.IN_PROGRESS)
# A row settled as unknown by the watchdog has a finished_at: it is not
# open any more, though a late notice may still settle it.
_OPEN = Q(outcome__in=OPEN, finished_at__isnull=True)


def open_past(cutoffs, limit):
    """Up to `limit` open rows created before their action's cutoff
    (`cutoffs`: action -> moment), the longest unasked first."""
    due = Q()
    for action, cutoff in cutoffs.items():
        due |= Q(action=action, created_at__lt=cutoff)
    return list(models.Event.objects.filter(_OPEN & due).order_by(
        F("checked_at").asc(nulls_first=True), "id")[:limit])


def open_count():
    return models.Event.objects.filter(_OPEN).count()


def settle(event_id, settlement, now):
    """Writes the watchdog's `settlement` on a row still open; False when
    a notice settled it meanwhile."""
    values = {"outcome": settlement.outcome, "finished_at": now,
              "checked_at": now}
    if settlement.cinder_status:
        values.update(cinder_status=settlement.cinder_status,
                      notified_at=now)
    if settlement.reason:
        values["error"] = settlement.reason
    return bool(models.Event.objects.filter(_OPEN, pk=event_id).update(
        **values))


def checked(event_id, now, cinder_status=""):
    """Records that Cinder was asked and is still at work."""
    values = {"checked_at": now}
    if cinder_status:
        values["cinder_status"] = cinder_status[:32]
    models.Event.objects.filter(pk=event_id).update(**values)
