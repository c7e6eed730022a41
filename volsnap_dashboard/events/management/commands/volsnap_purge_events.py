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

"""manage.py volsnap_purge_events: the event log's own retention."""
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import timezone

from volsnap_dashboard.events import history


class Command(BaseCommand):
    help = ("Deletes events older than --days (default: the setting "
            "VOLSNAP_EVENTS_RETENTION_DAYS), in batches.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=getattr(
            settings, "VOLSNAP_EVENTS_RETENTION_DAYS", None))

    def handle(self, *args, days=None, **options):
        if days is None or days < 1:
            raise CommandError("Give --days N (N >= 1) or set "
                               "VOLSNAP_EVENTS_RETENTION_DAYS.")
        before = timezone.now() - datetime.timedelta(days=days)
        events, notifications = history.purge(before)
        self.stdout.write(
            f"Deleted {events} events and {notifications} notification ids "
            f"older than {before.isoformat(' ', 'minutes')}.")
