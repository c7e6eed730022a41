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

"""How Horizon and the scheduler write the event log (the listener writes
it through the ledger). Nothing here raises: a log that cannot be written
must not lose or undo the action, so the failure is logged and the action
goes on."""
import functools
import logging

from django.db import transaction

from volsnap_dashboard.events import ledger
from volsnap_dashboard.events import models
from volsnap_dashboard.events import terms

LOG = logging.getLogger(__name__)


def _safely(what):
    def wrap(function):
        @functools.wraps(function)
        def safe(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:  # whatever the database does
                LOG.exception("Could not %s the event log: %s %s", what,
                              args[:3], kwargs)
                return None
        return safe
    return wrap


class Writer:
    """begin() and complete() for terms.recorded(), in Django's models."""

    @_safely("write the intent in")
    def begin(self, action, actor, **fields):
        return models.Event.objects.create(**terms.event_row(
            action, actor, terms.UNKNOWN, **fields)).pk

    @_safely("complete")
    def complete(self, token, action, actor, outcome, error=None,
                 **fields):
        if token is None:
            # The intent could not be written; try the whole row now.
            models.Event.objects.create(**terms.event_row(
                action, actor, outcome, error, **fields))
            return
        with transaction.atomic(using=_database()):
            events = models.Event.objects.filter(pk=token)
            events.update(error=str(error or ""),
                          **terms.field_values(fields))
            # The listener may have settled it already; it knows better.
            events.filter(outcome=terms.UNKNOWN).update(outcome=outcome)


WRITER = Writer()


def _database():
    return models.Event.objects.db


def actor_of(request):
    user = request.user
    return {"source": terms.SOURCE_DASHBOARD,
            "project_id": getattr(user, "project_id", None),
            "project_name": getattr(user, "project_name", None),
            "user_id": getattr(user, "id", None),
            "user_name": getattr(user, "username", None)}


def journal(request):
    """The dashboard user's journal: the intent before each call, the
    outcome after it."""
    return terms.Journal(WRITER, actor_of(request))


record_as = _safely("write")(ledger.record_as)
