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

"""The guard between a project's webhook and the control plane."""
import http.server
import threading

import pytest

from volsnap_dashboard.alerts import targets


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "::1", "169.254.169.254", "fe80::1%eth0",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "0.0.0.0", "224.0.0.1",
    "fd00:ec2::254"])
def test_loopback_link_local_and_the_like_are_refused(address):
    with pytest.raises(targets.Refused):
        targets.Guard.of().check(address, 80)


@pytest.mark.parametrize("address", ["203.0.113.7", "2001:db8::7",
                                     "10.1.2.3", "192.168.0.9"])
def test_other_addresses_pass_unless_the_operator_lists_them(address):
    targets.Guard.of().check(address, 443)
    with pytest.raises(targets.Refused):
        targets.Guard.of(["10.0.0.0/8", "192.168.0.0/16",
                          "203.0.113.0/24", "2001:db8::/32"]).check(
            address, 443)


def test_an_admins_allow_is_for_its_address_and_port_only():
    guard = targets.Guard.of(allowed={("127.0.0.1", 8080)})

    guard.check("127.0.0.1", 8080)
    for address, port in (("127.0.0.1", 8081), ("127.0.0.2", 8080)):
        with pytest.raises(targets.Refused):
            guard.check(address, port)


def test_a_name_is_judged_by_what_it_resolves_to():
    assert "127.0.0.1" in targets.resolve("localhost", 80)
    assert ("127.0.0.1", 8080) in targets.allowed_pairs(
        "http://localhost:8080/hook")
    with pytest.raises(targets.Refused):
        targets.resolve("no-such-host.invalid", 80)


class _Redirect(http.server.BaseHTTPRequestHandler):
    to = None

    def do_POST(self):
        self.send_response(307)
        self.send_header("Location", self.to)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def redirector():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_every_connection_is_vetted_redirects_included(redirector):
    port = redirector.server_address[1]
    _Redirect.to = "http://169.254.169.254/latest/meta-data/"
    allowed = targets.Guard.of(allowed={("127.0.0.1", port)})

    with targets.session(targets.Guard.of()) as session:
        with pytest.raises(targets.Refused, match="127.0.0.0/8"):
            session.post(f"http://localhost:{port}/", data=b"{}", timeout=5)
    with targets.session(allowed) as session:
        with pytest.raises(targets.Refused, match="169.254.0.0/16"):
            session.post(f"http://127.0.0.1:{port}/", data=b"{}", timeout=5)
