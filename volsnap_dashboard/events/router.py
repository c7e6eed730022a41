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

"""Keeps the event log, and the protection policies beside it, in a
database of their own, apart from Horizon's."""
from django.conf import settings
from django import db

ALIAS = "volsnap_events"
APP_LABELS = ("volsnap_events", "volsnap_policies", "volsnap_alerts")


def alias():
    """The database volsnap's models live in."""
    return ALIAS if ALIAS in settings.DATABASES else db.DEFAULT_DB_ALIAS


class EventsRouter:

    def _database(self, model):
        if (model._meta.app_label in APP_LABELS
                and ALIAS in settings.DATABASES):
            return ALIAS
        return None

    def db_for_read(self, model, **hints):
        return self._database(model)

    def db_for_write(self, model, **hints):
        return self._database(model)

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == ALIAS:
            return app_label in APP_LABELS
        if app_label in APP_LABELS:
            return ALIAS not in settings.DATABASES
        return None
