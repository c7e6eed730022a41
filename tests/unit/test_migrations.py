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

import datetime

from django.core import management
from django import db
from django.db.migrations import executor as migrations_executor
from django import test
from openstack_dashboard.test import helpers

from volsnap_dashboard.events import models
from volsnap_dashboard.events import router


class MigrationTests(helpers.TestCase):

    def test_the_models_have_every_migration(self):
        # Exits non-zero when a model change lacks its migration.
        management.call_command("makemigrations", "volsnap_events",
                                "volsnap_policies", "volsnap_alerts",
                                check=True,
                                dry_run=True, verbosity=0)


class TallyMigrationTests(test.TransactionTestCase):

    def migrate(self, target):
        executor = migrations_executor.MigrationExecutor(
            db.connections[router.alias()])
        executor.migrate([("volsnap_events", target)])
        return executor.loader.project_state(
            ("volsnap_events", target)).apps

    def test_the_tallies_start_from_the_log_already_there(self):
        apps = self.migrate("0007_watchdog")
        hour = datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.timezone.utc)
        for minutes, outcome in ((0, "failed"), (59, "failed"),
                                 (60, "succeeded")):
            apps.get_model("volsnap_events", "Event").objects.create(
                created_at=hour + datetime.timedelta(minutes=minutes),
                action="protect", outcome=outcome, project_id="p",
                user_id="u", user_name="alice")

        self.migrate("0008_tallies")

        self.assertEqual(
            [(hour, "failed", 2),
             (hour + datetime.timedelta(hours=1), "succeeded", 1)],
            list(models.Tally.objects.order_by("hour").values_list(
                "hour", "outcome", "total")))
        # Back and forth: the triggers go and come back with the table.
        self.migrate("0007_watchdog")
        self.migrate("0008_tallies")
        models.Event.objects.filter(outcome="failed").delete()
        self.assertEqual([(hour, 0), (hour + datetime.timedelta(hours=1), 1)],
                         list(models.Tally.objects.order_by("hour")
                              .values_list("hour", "total")))
