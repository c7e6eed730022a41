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

"""Alerts end to end: the scheduler's real pass through a real trust
fails a policy, the notifier sends one signed webhook to a real HTTP
server and one e-mail through a real SMTP server (STARTTLS and a login),
none while the policy keeps failing, and a recovery notice once it
succeeds; a receiver that is down gets its retries and a failed delivery
in the log; a project's webhook aimed inside the control plane is
refused, unless an admin allowed its URL."""
import datetime
import json
import uuid

import pytest

from tests import cloud
from tests.integration.test_scheduler import conf  # noqa: F401
from tests.integration.test_scheduler import due_policy
from tests.integration.test_scheduler import trust  # noqa: F401
from tests import receivers
from volsnap_dashboard.alerts import models as alert_models
from volsnap_dashboard.alerts import payloads
from volsnap_dashboard.engine import notifier
from volsnap_dashboard.engine import scheduler
from volsnap_dashboard.operations import alerts
from volsnap_dashboard.policies import models

pytestmark = pytest.mark.django_db(transaction=True)
UTC = datetime.timezone.utc
SECRET = "receiver-shared-secret"


def now():
    return datetime.datetime.now(UTC)


def channel(project_id, kind, target, allow_private=False, secret=SECRET,
            rules=(alert_models.RUN_FAILED,)):
    return alerts.channel_create(project_id, {
        "name": f"{kind}-{uuid.uuid4().hex[:6]}", "kind": kind,
        "target": target, "rules": list(rules), "enabled": True,
        "secret": secret, "allow_private": allow_private}, "admin")


def run_due(policy, conf):  # noqa: F811
    due = now() - datetime.timedelta(seconds=1)
    models.Policy.objects.filter(pk=policy.pk).update(next_run_at=due,
                                                      next_due_at=due)
    assert scheduler.run_once("itest", conf) == 1
    return policy.runs.order_by("-id").first().state


def deliver(smtp=None, **changes):
    settings = dict(notifier.DEFAULTS, smtp=smtp or {}, **changes)
    return notifier.deliver_due("itest", settings, now)


def test_a_failing_policy_alerts_once_then_says_it_recovered(
        stack, conf, trust, resources):  # noqa: F811
    project_id = cloud.keystone_session(stack, "demo").get_project_id()
    policy = due_policy(stack, trust[0], [resources.volume()])
    admin = cloud.cinder(stack, "admin")
    quota = admin.quotas.get(project_id, usage=True).snapshots
    with receivers.Webhooks() as hooks, receivers.smtp_server() as (
            smtp, mails):
        # An admin let this project's channel reach the local receiver.
        channel(project_id, "webhook", hooks.url, allow_private=True)
        channel(project_id, "email", "ops@example.org, dba@example.org")

        # No room for a snapshot: every nightly run fails.
        admin.quotas.update(project_id, snapshots=quota["in_use"])
        try:
            assert run_due(policy, conf) == "failed"
            assert deliver(smtp) == {"delivered": 2, "failed": 0,
                                     "retrying": 0}
            assert run_due(policy, conf) == "failed"
            assert deliver(smtp)["delivered"] == 0
        finally:
            admin.quotas.update(project_id, snapshots=quota["limit"])
        assert run_due(policy, conf) == "succeeded"
        assert deliver(smtp)["delivered"] == 2

    assert [json.loads(body)["event"] for _path, _headers, body
            in hooks.received] == ["problem", "recovery"]
    for _path, headers, body in hooks.received:
        assert payloads.verify(
            SECRET, headers[payloads.TIMESTAMP_HEADER], body,
            headers[payloads.SIGNATURE_HEADER], now())
    problem = json.loads(hooks.received[0][2])["incident"]
    assert problem["occurrences"] == 1
    assert policy.name in problem["summary"]
    assert "over quota" in problem["summary"], problem["summary"]
    assert [m["Subject"].split(":")[0] for m in mails] == [
        "[volsnap] PROBLEM", "[volsnap] RECOVERED"]
    assert mails[0]["To"] == "ops@example.org, dba@example.org"


def test_a_receiver_that_is_down_gets_retries_then_a_failed_delivery():
    down = f"http://127.0.0.1:{receivers.free_port()}/hook"
    delivery = alerts.send_test(channel("p", "webhook", down,
                                        allow_private=True), now())

    for _attempt in range(3):
        deliver(backoff=0, max_attempts=3)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 3)
    assert all("Not delivered" in entry["result"] for entry in delivery.log)


def test_a_projects_webhook_inside_the_control_plane_is_refused():
    with receivers.Webhooks() as inside, receivers.Webhooks(
            status=307, location=inside.url) as redirector:
        sent = [alerts.send_test(channel("p", "webhook", target), now())
                for target in (inside.url, f"http://localhost:{inside.port}/",
                               "http://169.254.169.254/latest/meta-data/",
                               f"http://[::ffff:127.0.0.1]:{inside.port}/")]
        # Allowed itself, the redirector cannot lead the alert inside.
        sent.append(alerts.send_test(channel(
            "p", "webhook", redirector.url, allow_private=True), now()))
        deliver()

        for delivery in sent:
            delivery.refresh_from_db()
            assert delivery.state == "failed", delivery.channel.target
            assert delivery.log[0]["result"].startswith("Refused"), (
                delivery.log)
        assert inside.received == []
        assert len(redirector.received) == 1


def test_an_admins_allow_lets_a_projects_webhook_in_until_its_url_changes():
    with receivers.Webhooks() as inside, receivers.Webhooks() as other:
        hook = channel("p", "webhook", inside.url)
        refused = alerts.send_test(hook, now())
        deliver()
        alerts.private_target_set(hook.pk, True, "admin")
        allowed = alerts.send_test(hook, now())
        deliver()
        # The project points the allowed webhook somewhere else inside.
        hook.refresh_from_db()
        alerts.channel_update(hook, {
            "name": hook.name, "kind": hook.kind, "target": other.url,
            "rules": hook.rules, "enabled": True})
        moved = alerts.send_test(hook, now())
        deliver()

        for delivery, state in ((refused, "failed"), (allowed, "delivered"),
                                (moved, "failed")):
            delivery.refresh_from_db()
            assert delivery.state == state, delivery.log
        assert len(inside.received) == 1
        assert other.received == []
