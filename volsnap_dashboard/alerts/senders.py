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

"""Sends one delivery: a signed webhook through the guard, or an e-mail
through the operator's SMTP server. Returns what happened, never raises
for the receiver's failings."""
import dataclasses
import smtplib
import ssl

import requests

from volsnap_dashboard.alerts import incidents
from volsnap_dashboard.alerts import models
from volsnap_dashboard.alerts import payloads
from volsnap_dashboard.alerts import secrets
from volsnap_dashboard.alerts import targets


@dataclasses.dataclass(frozen=True)
class Attempt:
    delivered: bool
    result: str
    # The receiver's HTTP status, or the SMTP server's reply code.
    status: int = 0
    # Trying again cannot help (a refused target, no SMTP server set).
    final: bool = False


def send(delivery, conf, key_material, now):
    channel = delivery.channel
    incident = incidents.as_dict(delivery.incident)
    if channel.kind == models.Channel.WEBHOOK:
        return webhook(delivery, incident, conf, key_material, now)
    return mail(delivery, incident, conf, now)


def webhook(delivery, incident, conf, key_material, now):
    channel = delivery.channel
    try:
        secret = secrets.unseal(channel.sealed_secret, key_material)
    except secrets.Unreadable:
        return Attempt(False, "The channel's secret cannot be read (was "
                              "SECRET_KEY changed?); set it again.",
                       final=True)
    payload = payloads.body(delivery.pk, delivery.event, channel.name,
                            incident, now)
    try:
        allowed = (targets.allowed_pairs(channel.target)
                   if channel.allow_private else frozenset())
        guard = targets.Guard.of(conf["refused_networks"], allowed)
        with targets.session(guard) as session:
            response = session.post(
                channel.target, data=payload, timeout=conf["timeout"],
                headers=payloads.headers(secret, delivery.pk,
                                         delivery.event, payload, now))
    except targets.Refused as exc:
        return Attempt(False, f"Refused: {exc}", final=True)
    except requests.TooManyRedirects:
        return Attempt(False, "Refused: more than "
                              f"{targets.MAX_REDIRECTS} redirects",
                       final=True)
    except requests.RequestException as exc:
        return Attempt(False, f"Not delivered: {_short(exc)}")
    if 200 <= response.status_code < 300:
        return Attempt(True, "Delivered", response.status_code)
    return Attempt(False, f"The receiver answered {response.status_code}",
                   response.status_code)


def mail(delivery, incident, conf, now):
    smtp = conf["smtp"]
    if not smtp.get("host"):
        return Attempt(False, "No SMTP server is set "
                              "(VOLSNAP_ALERTS['smtp']).", final=True)
    recipients = [a.strip() for a in delivery.channel.target.split(",")
                  if a.strip()]
    message = payloads.mail(smtp.get("sender", "volsnap@localhost"),
                            recipients, delivery.event,
                            delivery.channel.name, incident, now)
    try:
        with smtplib.SMTP(smtp["host"], smtp.get("port", 587),
                          timeout=conf["timeout"]) as server:
            if smtp.get("starttls", True):
                server.starttls(context=ssl.create_default_context(
                    cafile=smtp.get("cafile")))
            if smtp.get("username"):
                server.login(smtp["username"], smtp.get("password", ""))
            refused = server.send_message(message)
    except smtplib.SMTPResponseException as exc:
        return Attempt(False, f"The SMTP server answered {exc.smtp_code}: "
                              f"{_short(exc.smtp_error)}", exc.smtp_code)
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        return Attempt(False, f"Not sent: {_short(exc)}")
    if refused:
        return Attempt(False, "The SMTP server refused "
                              f"{', '.join(sorted(refused))}")
    return Attempt(True, "Sent", 250)


def _short(value):
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    return str(value)[:300]
