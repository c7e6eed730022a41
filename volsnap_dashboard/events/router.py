"""Keeps the event log in its own database, apart from Horizon's own."""
from django.conf import settings

ALIAS = "volsnap_events"
APP_LABEL = "volsnap_events"


class EventsRouter:

    def _database(self, model):
        if model._meta.app_label == APP_LABEL and ALIAS in settings.DATABASES:
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
            return app_label == APP_LABEL
        if app_label == APP_LABEL:
            return ALIAS not in settings.DATABASES
        return None
