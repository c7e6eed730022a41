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

"""What an alert says and how it is signed: pure, for the notifier and
for receivers checking a signature."""
import datetime
import email.message
import hashlib
import hmac
import json

SIGNATURE_HEADER = "X-Volsnap-Signature"
TIMESTAMP_HEADER = "X-Volsnap-Timestamp"
DELIVERY_HEADER = "X-Volsnap-Delivery"
EVENT_HEADER = "X-Volsnap-Event"
# Seconds a receiver should accept a timestamp off its clock.
TOLERANCE = 300


def body(delivery_id, event, channel_name, incident, at):
    """The JSON document of an alert; `incident` a dict or None (a test)."""
    return json.dumps({
        "delivery": delivery_id, "event": event, "channel": channel_name,
        "at": at.isoformat(), "incident": incident}, sort_keys=True,
        ensure_ascii=False).encode()


def signature(secret, timestamp, payload):
    """HMAC-SHA256 of "<timestamp>.<body>": a receiver recomputes it."""
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode()
                                + payload, hashlib.sha256).hexdigest()


def headers(secret, delivery_id, event, payload, now):
    timestamp = str(int(now.timestamp()))
    return {"Content-Type": "application/json",
            "User-Agent": "volsnap-dashboard-alerts",
            DELIVERY_HEADER: str(delivery_id), EVENT_HEADER: event,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(secret, timestamp, payload)}


def verify(secret, timestamp, payload, given, now, tolerance=TOLERANCE):
    """Whether a receiver should trust an alert: the signature matches and
    the timestamp is recent (a replay is not)."""
    try:
        age = abs(now.timestamp() - int(timestamp))
    except (TypeError, ValueError):
        return False
    return age <= tolerance and hmac.compare_digest(
        signature(secret, timestamp, payload), given or "")


def subject_line(event, incident):
    if incident is None:
        return "[volsnap] Test alert"
    word = {"problem": "PROBLEM", "recovery": "RECOVERED"}[event]
    return f"[volsnap] {word}: {incident['subject']}"[:200]


def mail(sender, recipients, event, channel_name, incident, at):
    message = email.message.EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject_line(event, incident)
    if incident is None:
        text = (f"This is a test of the alert channel {channel_name!r}. "
                "It works.")
    else:
        text = "\n".join((
            incident["summary"], "",
            f"Project: {incident['project_name'] or incident['project_id']}",
            f"Since: {incident['opened_at']}",
            f"Failures seen: {incident['occurrences']}"))
    message.set_content(f"{text}\n\n(sent {at.isoformat()} by "
                        f"volsnap-dashboard, channel {channel_name!r})\n")
    return message


def next_attempt(attempts, now, backoff, max_attempts, cap=3600):
    """When to try again after `attempts` failed ones: doubling from
    `backoff` seconds, at most `cap`; None once `max_attempts` are spent."""
    if attempts >= max_attempts:
        return None
    return now + datetime.timedelta(
        seconds=min(backoff * 2 ** (attempts - 1), cap))
