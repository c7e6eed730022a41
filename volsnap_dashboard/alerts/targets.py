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

"""Where a webhook may be sent from inside the control plane. A project's
URL must not reach the cloud's own services: loopback, link-local (the
metadata service), and the networks the operator lists are refused,
checked on every address a name resolves to and again on the address
actually connected to, for each connection a redirect makes too. An
admin may allow one channel's own host and port."""
import dataclasses
import ipaddress
import socket
import urllib.parse

import requests
from requests import adapters
from urllib3 import connection
from urllib3 import connectionpool

# Refused whatever the operator lists.
ALWAYS_REFUSED = ("0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16",
                  "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128",
                  "fe80::/10", "ff00::/8", "fd00:ec2::254/128")
MAX_REDIRECTS = 3


class Refused(Exception):
    """A target the guard does not let a webhook reach. Not an OSError,
    so that urllib3 neither retries it nor hides it in its own error."""


@dataclasses.dataclass(frozen=True)
class Guard:
    # ipaddress networks refused.
    refused: tuple
    # (address, port) pairs an admin allowed anyway.
    allowed: frozenset = frozenset()

    @classmethod
    def of(cls, extra_refused=(), allowed=frozenset()):
        networks = tuple(ipaddress.ip_network(n, strict=False)
                         for n in ALWAYS_REFUSED + tuple(extra_refused))
        return cls(networks, frozenset(allowed))

    def check(self, address, port):
        """Raises Refused for an address the webhook must not reach."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped
        if (str(ip), int(port)) in self.allowed:
            return
        for network in self.refused:
            if ip.version == network.version and ip in network:
                raise Refused(
                    f"{ip} is in {network}, which alerts may not reach")


def resolve(host, port):
    """Every address `host` resolves to."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Refused(f"{host} does not resolve: {exc}") from exc
    return sorted({sockaddr[0] for *_rest, sockaddr in found})


def _guarded(base, guard):
    class Guarded(base):
        def _new_conn(self):
            for address in resolve(self._dns_host, self.port):
                guard.check(address, self.port)
            sock = super()._new_conn()
            try:
                guard.check(sock.getpeername()[0], self.port)
            except Refused:
                sock.close()
                raise
            return sock
    return Guarded


def session(guard):
    """A requests session whose every connection the guard vets, with no
    proxy from the environment and few redirects."""
    class Pool(connectionpool.HTTPConnectionPool):
        ConnectionCls = _guarded(connection.HTTPConnection, guard)

    class TLSPool(connectionpool.HTTPSConnectionPool):
        ConnectionCls = _guarded(connection.HTTPSConnection, guard)

    adapter = adapters.HTTPAdapter(max_retries=0)
    adapter.poolmanager.pool_classes_by_scheme = {"http": Pool,
                                                  "https": TLSPool}
    made = requests.Session()
    made.trust_env = False
    made.max_redirects = MAX_REDIRECTS
    made.mount("http://", adapter)
    made.mount("https://", adapter)
    return made


def allowed_pairs(url):
    """(address, port) pairs of `url`'s own host, for an admin's allow."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {(str(ipaddress.ip_address(a.split("%", 1)[0])), port)
            for a in resolve(parts.hostname, port)}
