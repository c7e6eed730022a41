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

"""The watchdog's questions of Cinder, mocked at the client."""
from cinderclient import exceptions as cinder_exceptions

from tests.unit.api.test_checkpoints import BackendTestCase
from tests.unit.api.test_checkpoints import resource
from tests.unit.api import transport
from volsnap_dashboard.api import lookups
from volsnap_dashboard import exceptions


class LookupTests(BackendTestCase):

    def test_the_status_of_each_kind_of_object(self):
        for kind, manager in lookups.MANAGERS.items():
            with self.subTest(kind=kind):
                getattr(self.client, manager).get.return_value = resource(
                    self.snapshot, status=f"{kind}-status")

                self.assertEqual(f"{kind}-status",
                                 lookups.resource_status_get(
                                     self.request, kind, "id-1"))
                getattr(self.client, manager).get.assert_called_with("id-1")

    def test_an_object_cinder_does_not_know_is_none(self):
        self.client.volume_snapshots.get.side_effect = (
            cinder_exceptions.NotFound(404))

        self.assertIsNone(lookups.resource_status_get(
            self.request, "snapshot", "gone"))

    def test_a_cinder_that_cannot_answer_is_not_an_answer(self):
        for error in (transport.refused(cinder_exceptions.ConnectionError(
                "refused")), cinder_exceptions.ClientException(500)):
            with self.subTest(error=error):
                self.client.volumes.get.side_effect = error
                with self.assertRaises(exceptions.CinderUnavailable):
                    lookups.resource_status_get(self.request, "volume",
                                                "v-1")

    def test_messages_oldest_first(self):
        self.client.messages.list.return_value = [
            resource(message, created_at=at, user_message=text)
            for message, at, text in zip(
                self.cinder_messages.list(),
                ("2031-01-02T00:00:00", "2031-01-01T00:00:00"),
                ("second", "first"))]

        self.assertEqual(["first", "second"], [
            m.user_message for m in lookups.message_list(self.request,
                                                         "s-1")])
        self.client.messages.list.assert_called_once_with(
            search_opts={"resource_uuid": "s-1"})
