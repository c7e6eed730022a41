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

"""Incidents and the deliveries they make: one alert when something goes
wrong, none while it stays wrong, one when it is right again."""
from django.db import IntegrityError
from django.db.models import F
from django.db.models import Q
from django.db import transaction

from volsnap_dashboard.alerts import models

# Rules whose end is news too.
RECOVERABLE = {models.RUN_FAILED, models.NEEDS_REAUTH,
               models.PAST_OBJECTIVE}


def _database():
    return models.Incident.objects.db


def channels_for(rule, project_id):
    """The enabled channels of the project, and the admins', that want
    alerts of `rule`."""
    return [channel for channel in models.Channel.objects.filter(
        Q(project_id=project_id) | Q(project_id=""), enabled=True)
        if rule in channel.rules]


def _fan_out(incident, event, now):
    models.Delivery.objects.bulk_create(
        models.Delivery(channel=channel, incident=incident, event=event,
                        created_at=now, next_attempt_at=now)
        for channel in channels_for(incident.rule, incident.project_id))


def open_incident(rule, key, project_id, subject, summary, now,
                  project_name=""):
    """Opens the incident `key` and alerts its channels; while it is open,
    only counts the failure. Returns the new incident, or None."""
    try:
        with transaction.atomic(using=_database()):
            incident = models.Incident.objects.create(
                key=key[:255], open_key=key[:255], rule=rule,
                project_id=project_id,
                project_name=project_name[:255], subject=subject[:255],
                summary=summary, opened_at=now)
            _fan_out(incident, models.Delivery.PROBLEM, now)
    except IntegrityError:
        models.Incident.objects.filter(open_key=key[:255]).update(
            occurrences=F("occurrences") + 1)
        return None
    if rule not in RECOVERABLE:
        # A failed operation stays failed: the next one is news again.
        models.Incident.objects.filter(pk=incident.pk).update(
            resolved_at=now, open_key=None)
    return incident


def resolve_incident(key, now):
    """Ends the open incident `key`, if any, and says so on its channels.
    Returns it, or None."""
    with transaction.atomic(using=_database()):
        incident = (models.Incident.objects.select_for_update()
                    .filter(open_key=key[:255]).first())
        if incident is None:
            return None
        incident.resolved_at, incident.open_key = now, None
        incident.save(update_fields=["resolved_at", "open_key"])
        _fan_out(incident, models.Delivery.RECOVERY, now)
    return incident


def open_keys(rule):
    """The keys of the open incidents of `rule`."""
    return set(models.Incident.objects.filter(
        rule=rule, open_key__isnull=False).values_list("key", flat=True))


def as_dict(incident):
    if incident is None:
        return None
    return {"id": incident.pk, "rule": incident.rule,
            "project_id": incident.project_id,
            "project_name": incident.project_name,
            "subject": incident.subject, "summary": incident.summary,
            "opened_at": incident.opened_at.isoformat(),
            "resolved_at": (incident.resolved_at.isoformat()
                            if incident.resolved_at else None),
            "occurrences": incident.occurrences}
