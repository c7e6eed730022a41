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

"""What an alert says, its signature and its retries."""
import datetime
import json

from volsnap_dashboard.alerts import payloads

NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)
INCIDENT = {"id": 3, "rule": "run_failed", "project_id": "p",
            "project_name": "demo", "subject": "Policy nightly is failing",
            "summary": "2 volumes failed.", "opened_at": NOW.isoformat(),
            "resolved_at": None, "occurrences": 1}


def test_a_receiver_can_check_the_signature_and_refuse_a_replay():
    body = payloads.body(7, "problem", "ops", INCIDENT, NOW)
    headers = payloads.headers("s3cret", 7, "problem", body, NOW)
    timestamp = headers[payloads.TIMESTAMP_HEADER]
    given = headers[payloads.SIGNATURE_HEADER]

    assert json.loads(body)["incident"]["subject"] == INCIDENT["subject"]
    assert payloads.verify("s3cret", timestamp, body, given, NOW)
    assert not payloads.verify("other", timestamp, body, given, NOW)
    assert not payloads.verify("s3cret", timestamp, body + b" ", given, NOW)
    assert not payloads.verify("s3cret", timestamp, body, given,
                               NOW + datetime.timedelta(minutes=6))
    assert not payloads.verify("s3cret", "soon", body, given, NOW)


def test_retries_double_and_then_stop():
    waits = [payloads.next_attempt(n, NOW, 30, 5) for n in range(1, 6)]

    assert [(w - NOW).total_seconds() for w in waits[:4]] == [30, 60, 120,
                                                              240]
    assert waits[4] is None
    assert payloads.next_attempt(30, NOW, 30, 99) == NOW + (
        datetime.timedelta(hours=1))


def test_the_mail_says_what_and_since_when():
    message = payloads.mail("volsnap@cloud", ["a@x", "b@x"], "recovery",
                            "ops", INCIDENT, NOW)

    assert message["Subject"] == (
        "[volsnap] RECOVERED: Policy nightly is failing")
    assert message["To"] == "a@x, b@x"
    assert "2 volumes failed." in message.get_content()
    assert "Test alert" in payloads.mail("v@c", ["a@x"], "test", "ops", None,
                                         NOW)["Subject"]
