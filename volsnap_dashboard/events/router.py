"""Keeps the event log, and the protection policies beside it, in a
database of their own, apart from Horizon's."""
from django.conf import settings

ALIAS = "volsnap_events"
APP_LABELS = ("volsnap_events", "volsnap_policies")


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
