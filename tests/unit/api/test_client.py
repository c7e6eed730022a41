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

"""The client plumbing: version negotiation and Horizon's client."""
from unittest import mock

from cinderclient import api_versions
from django.test.utils import override_settings
from openstack_dashboard.api import base
from openstack_dashboard.api import cinder as horizon_cinder
from openstack_dashboard.test import helpers

from volsnap_dashboard.api import client as clients
from volsnap_dashboard import exceptions


def versions(*found):
    answer = mock.Mock()
    answer.json.return_value = {"versions": [
        {"id": f"v{v}", "version": v, "min_version": "3.0" if v else ""}
        for v in found]}
    return answer


@mock.patch.object(clients.requests, "get")
class ClientTests(helpers.APITestCase):

    def setUp(self):
        super().setUp()
        clients._negotiated.cache_clear()
        self.addCleanup(clients._negotiated.cache_clear)

    def test_version_is_discovered_once_per_cinder_not_per_project(self,
                                                                   get):
        get.return_value = versions("", "3.80")

        for project in ("p1", "p2", "p3"):
            version = clients.negotiated_version(
                f"https://cinder:8776/v3/{project}", "/etc/ssl/ca.pem")

        self.assertEqual(api_versions.APIVersion(api_versions.MAX_VERSION),
                         version)
        get.assert_called_once_with("https://cinder:8776/", timeout=10,
                                    verify="/etc/ssl/ca.pem")

    def test_older_server_caps_the_version(self, get):
        get.return_value = versions("3.60")

        self.assertEqual(api_versions.APIVersion("3.60"),
                         clients.negotiated_version("http://old/v3"))

    def test_a_root_under_a_path_is_kept(self, get):
        self.assertEqual("https://cloud/volume/", clients.version_root(
            "https://cloud/volume/v3/p1"))

    def test_an_answer_that_is_not_versions_is_unavailable(self, get):
        for answer in (ValueError("not JSON"), {"error": "x"},
                       {"versions": []}, {"versions": "junk"}):
            with self.subTest(answer=answer):
                reply = mock.Mock()
                reply.json.side_effect = (answer if isinstance(
                    answer, Exception) else None)
                reply.json.return_value = answer
                get.return_value = reply
                with self.assertRaises(exceptions.CinderUnavailable):
                    clients.negotiated_version("http://odd/v3/p")
        get.side_effect = clients.requests.Timeout("slow")
        with self.assertRaises(exceptions.CinderUnavailable):
            clients.negotiated_version("http://slow/v3/p")

    @override_settings(OPENSTACK_SSL_CACERT="/etc/ssl/private-ca.pem",
                       VOLSNAP_CINDER_TIMEOUT=7)
    def test_horizons_client_uses_its_tls_settings_and_a_timeout(self, get):
        get.return_value = versions("3.71")
        with mock.patch.object(base, "url_for",
                               return_value="https://c/v3/p"), \
                mock.patch.object(horizon_cinder, "cinderclient") as make:
            client = clients.cinder(self.request)

        get.assert_called_once_with("https://c/", timeout=10,
                                    verify="/etc/ssl/private-ca.pem")
        make.assert_called_once_with(self.request, version="3.71")
        self.assertEqual(7, client.client.timeout)
