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

"""Real receivers of alerts on 127.0.0.1: an HTTP server taking webhooks
and an SMTP server (aiosmtpd) that insists on STARTTLS and a login, with
a certificate of its own made here."""
import contextlib
import datetime
import email
import http.server
import os
import socket
import ssl
import tempfile
import threading

from aiosmtpd import controller as smtp_controller
from aiosmtpd import smtp as aiosmtpd_smtp
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID

SMTP_USER, SMTP_PASSWORD = "alerts", "smtp-secret"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Webhooks:
    """Records each POST: (path, headers, body); answers `status`, with
    a Location of `location` (a redirect) if given."""

    def __init__(self, status=204, location=None):
        self.status, self.received = status, []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                owner.received.append((self.path, dict(self.headers), body))
                self.send_response(owner.status)
                if location:
                    self.send_header("Location", location)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                      Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _certificate(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365 * 200))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                       critical=True)
        .sign(key, hashes.SHA256()))
    cert_path = os.path.join(directory, "smtp.pem")
    key_path = os.path.join(directory, "smtp.key")
    with open(cert_path, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return cert_path, key_path


class _Keep:
    def __init__(self, messages):
        self.messages = messages

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _login(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, aiosmtpd_smtp.LoginPassword)
          and auth_data.login.decode() == SMTP_USER
          and auth_data.password.decode() == SMTP_PASSWORD)
    return aiosmtpd_smtp.AuthResult(success=ok)


@contextlib.contextmanager
def smtp_server():
    """Yields (settings for VOLSNAP_ALERTS['smtp'], received messages)."""
    with tempfile.TemporaryDirectory() as directory:
        cert_path, key_path = _certificate(directory)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_path, key_path)
        messages, port = [], free_port()
        server = smtp_controller.Controller(
            _Keep(messages), hostname="localhost", port=port,
            tls_context=context, require_starttls=True,
            authenticator=_login, auth_require_tls=True)
        server.start()
        try:
            yield ({"host": "localhost", "port": port, "starttls": True,
                    "cafile": cert_path, "username": SMTP_USER,
                    "password": SMTP_PASSWORD,
                    "sender": "volsnap@cloud.example"}, messages)
        finally:
            server.stop()
