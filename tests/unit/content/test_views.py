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

"""What every object page shares: an id that is not an id redirects."""
from django.urls import reverse
from openstack_dashboard.test import helpers

from tests.unit.content.fakes import CHECKPOINTS_URL
from tests.unit.content.fakes import PROTECTION_URL
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard import exceptions


class ExpiredLoginTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_a_table_page_logs_out_like_horizon(self):
        self.mock_checkpoint_list_paged.side_effect = (
            exceptions.NotAuthenticated("Your login has expired."))

        response = self.client.get(CHECKPOINTS_URL)

        self.assertEqual(302, response.status_code)
        self.assertIn("/auth/login/?next=", response["location"])
        self.assertNotIn("_auth_user_id", self.client.session)

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_an_ajax_call_gets_horizons_401(self):
        self.mock_checkpoint_list_paged.side_effect = (
            exceptions.NotAuthenticated("Your login has expired."))

        response = self.client.get(CHECKPOINTS_URL,
                                   HTTP_X_REQUESTED_WITH="XMLHttpRequest")

        self.assertEqual(401, response.status_code)
        self.assertIn("/auth/login/", response["X-Horizon-Location"])


class NotAnIdTests(helpers.TestCase):
    """A URL whose id is not a Cinder id redirects with a message; the
    backend refuses it before any client exists (no mock needed)."""

    def test_every_object_page_redirects(self):
        for value in ("detail", "restore", "²", "x" * 300, "a b",
                      "%2e%2e"):
            for name, kwargs, index in (
                    ("horizon:project:checkpoints:detail",
                     {"checkpoint_id": value}, CHECKPOINTS_URL),
                    ("horizon:project:checkpoints:restore",
                     {"checkpoint_id": value}, CHECKPOINTS_URL),
                    ("horizon:project:protection:protect",
                     {"volume_id": value}, PROTECTION_URL)):
                with self.subTest(page=name, value=value):
                    response = self.client.get(reverse(name, kwargs=kwargs))
                    self.assertRedirectsNoFollow(response, index)
                    self.assertIn("was not found", str(list(
                        response.wsgi_request._messages)[-1]))

    def test_a_row_update_for_a_non_id_drops_the_row(self):
        response = self.client.get(
            CHECKPOINTS_URL + "?action=row_update&table=checkpoints"
            "&obj_id=%C2%B2", HTTP_X_REQUESTED_WITH="XMLHttpRequest")

        self.assertEqual(404, response.status_code)
