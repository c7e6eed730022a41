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

"""The scheduler's pass (claims, runner, recording) against the real
Keystone and Cinder, acting through a real trust; the database is the
test's own. The stack's volsnap-scheduler process itself is driven by
tests/browser/test_protection_policies.py."""
import datetime
import os
import re

from keystoneclient import exceptions as keystone_exceptions
import pytest

from tests import cloud
from tests import schedulers
from tests.volume_bytes import Pattern
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.engine import scheduler
from volsnap_dashboard.events import models as event_models
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import targets

pytestmark = pytest.mark.django_db(transaction=True)
UTC = datetime.timezone.utc


@pytest.fixture
def conf(stack):
    service_user = {"auth_url": stack["keystone_url"],
                    "username": "volsnap",
                    "password": stack["users"]["volsnap"]["password"],
                    "user_domain_id": "default"}
    return dict(scheduler.DEFAULTS, wait_timeout=30, wait_interval=0.3,
                service_user=service_user)


def now():
    return datetime.datetime.now(UTC)


@pytest.fixture
def trust(stack):
    """A trust from demo to volsnap's service user, as the panel makes."""
    trust_id, keystone = schedulers.make_trust(stack)
    yield trust_id, keystone
    try:
        keystone.trusts.delete(trust_id)
    except keystone_exceptions.NotFound:
        pass


def due_policy(stack, trust_id, volumes, **changes):
    demo = cloud.keystone_session(stack, "demo")
    values = dict(project_id=demo.get_project_id(), project_name="demo",
                  name=cloud.unique("policy"),
                  volume_ids=[v.id for v in volumes],
                  schedule_kind="hourly", trust_id=trust_id,
                  trustor_id=demo.get_user_id(), trustor_name="demo")
    values.update(changes)
    due = now() - datetime.timedelta(seconds=1)
    return models.Policy.objects.create(next_run_at=due, next_due_at=due,
                                        **values)


def test_a_due_policy_protects_through_the_trust(stack, conf, trust,
                                                 resources, volume_bytes):
    free, attached = resources.volume(), resources.volume(in_use=True)
    volume_bytes.write(free.id, Pattern(1))
    policy = due_policy(stack, trust[0], [free, attached])

    assert scheduler.run_once("itest", conf) == 1
    volume_bytes.write(free.id, Pattern(2))

    (run,) = policy.runs.all()
    assert (run.state, run.protected, run.skipped, run.failed) == (
        models.Run.SUCCEEDED, 1, 1, 0)
    assert "force is off" in run.volumes[attached.id]["reason"]
    (snapshot,) = resources.snapshots_of(free.id)
    assert snapshot.status == "available"
    # Impersonation: the snapshot is demo's, in demo's project and quota.
    demo = cloud.keystone_session(stack, "demo")
    assert snapshot.user_id == demo.get_user_id()
    assert snapshot.metadata["volsnap_policy"] == str(policy.pk)
    # The scheduled checkpoint holds the volume's data of its moment.
    restored = checkpoints.checkpoint_restore(
        cloud.keystone_session(stack, "demo"), snapshot.id, "scheduled")
    resources.volumes.append(restored.id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(restored.id),
                      "available")
    assert volume_bytes.holds(restored.id, Pattern(1))
    assert volume_bytes.holds(free.id, Pattern(2))
    assert resources.snapshots_of(attached.id) == []
    assert list(event_models.Event.objects.values_list(
        "action", "outcome", "source", "volume_id")) == [
        ("protect", "succeeded", "schedule", free.id)]
    policy.refresh_from_db()
    assert policy.next_run_at > now()


def test_retention_trims_to_the_last_n(stack, conf, trust, resources):
    volume = resources.volume()
    policy = due_policy(stack, trust[0], [volume], keep_last=2)
    for _ in range(3):
        models.Run.objects.create(
            policy=policy, trigger=models.Run.MANUAL,
            scheduled_for=now(), state=models.Run.QUEUED)
        scheduler.run_once("itest", conf)
        later = now() + datetime.timedelta(hours=1)
        models.Policy.objects.filter(pk=policy.pk).update(
            next_run_at=later, next_due_at=later)

    cloud.wait_until(lambda: len(resources.snapshots_of(volume.id)) == 2)
    assert sum(policy.runs.values_list("deleted", flat=True)) >= 1


def test_a_revoked_trust_asks_for_re_authorization(stack, conf, trust,
                                                   resources):
    volume = resources.volume()
    trust_id, keystone = trust
    policy = due_policy(stack, trust_id, [volume])
    keystone.trusts.delete(trust_id)

    scheduler.run_once("itest", conf)

    policy.refresh_from_db()
    assert policy.state == models.Policy.NEEDS_REAUTH
    assert "no longer works" in policy.state_reason
    (run,) = policy.runs.all()
    assert run.state == models.Run.FAILED
    assert resources.snapshots_of(volume.id) == []


def test_a_volume_made_later_with_the_key_is_protected_next_run(
        stack, conf, trust, resources):
    policy = due_policy(stack, trust[0], [], target=targets.METADATA,
                        target_key=cloud.unique("tier"), target_value="gold")
    assert scheduler.run_once("itest", conf) == 1
    assert policy.runs.get().protected == 0

    # As Heat, Terraform or the CLI would: nobody opens the dashboard.
    tagged = resources.cinder.volumes.create(
        1, name=cloud.unique("tagged"),
        metadata={policy.target_key: "gold"})
    resources.volumes.append(tagged.id)
    other = resources.volume()
    cloud.wait_status(lambda: resources.cinder.volumes.get(tagged.id),
                      "available")
    due = now() - datetime.timedelta(seconds=1)
    models.Policy.objects.filter(pk=policy.pk).update(next_run_at=due,
                                                      next_due_at=due)
    assert scheduler.run_once("itest", conf) == 1

    latest = policy.runs.order_by("-id").first()
    assert (latest.state, latest.protected, list(latest.volumes)) == (
        models.Run.SUCCEEDED, 1, [tagged.id])
    (snapshot,) = resources.snapshots_of(tagged.id)
    assert snapshot.status == "available"
    assert resources.snapshots_of(other.id) == []


SNAPSHOT_POST = re.compile(r'"POST /v3/[^/ ]+/snapshots ')


def snapshot_posts(stack):
    with open(os.path.join(stack["logs"], "cinder-api-app.log"),
              errors="replace") as log:
        return sum(1 for line in log if SNAPSHOT_POST.search(line))


def test_over_quota_fails_each_volume_with_the_reason_and_no_retry(
        stack, conf, trust, resources):
    volumes = [resources.volume() for _ in range(3)]
    admin = cloud.cinder(stack, "admin")
    project = cloud.keystone_session(stack, "demo").get_project_id()
    quota = admin.quotas.get(project, usage=True).snapshots
    policy = due_policy(stack, trust[0], volumes)
    before = snapshot_posts(stack)
    admin.quotas.update(project, snapshots=quota["in_use"] + 1)
    try:
        assert scheduler.run_once("itest", conf) == 1
    finally:
        admin.quotas.update(project, snapshots=quota["limit"])

    run = policy.runs.get()
    assert (run.state, run.protected, run.failed) == (
        models.Run.PARTIAL, 1, 2)
    reasons = [v["reason"] for v in run.volumes.values()
               if v["status"] == "failed"]
    assert all("over quota" in r and "Maximum number of snapshots" in r
               for r in reasons), reasons
    # One request a volume: a 413 is not retried.
    assert snapshot_posts(stack) - before == 3
