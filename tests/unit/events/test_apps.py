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

"""SQLite's WAL mode on volsnap's own database only."""
from unittest import mock

from django.test.utils import override_settings
from openstack_dashboard.test import helpers

from volsnap_dashboard.events import apps


def connection(alias, vendor="sqlite"):
    return mock.MagicMock(alias=alias, vendor=vendor)


class WriteAheadLogTests(helpers.TestCase):
    routed = dict(helpers.settings.DATABASES, volsnap_events={
        "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"})

    def pragmas(self, found):
        apps.write_ahead_log(None, found)
        return [c.args for c in found.cursor.return_value.__enter__
                .return_value.execute.call_args_list]

    @override_settings(DATABASES=routed)
    def test_only_volsnaps_database_of_several(self):
        self.assertEqual([("PRAGMA journal_mode=WAL",)],
                         self.pragmas(connection("volsnap_events")))
        self.assertEqual([], self.pragmas(connection("default")))
        self.assertEqual([], self.pragmas(connection("volsnap_events",
                                                     "postgresql")))

    def test_the_default_when_volsnap_lives_there(self):
        self.assertEqual([("PRAGMA journal_mode=WAL",)],
                         self.pragmas(connection("default")))
