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

from django.apps import AppConfig
from django.db.backends import signals
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.events import router


def write_ahead_log(sender, connection, **kwargs):
    """volsnap's SQLite database in WAL mode: the history's readers (a
    long CSV export) and the listener's writes do not wait for each
    other. Other databases (Horizon's own) are left as they are."""
    if connection.vendor == "sqlite" and connection.alias == router.alias():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


class EventsConfig(AppConfig):
    name = 'volsnap_dashboard.events'
    label = 'volsnap_events'
    verbose_name = _("Volume protection events")
    default_auto_field = 'django.db.models.BigAutoField'

    def ready(self):
        signals.connection_created.connect(
            write_ahead_log, dispatch_uid="volsnap_events_wal")
