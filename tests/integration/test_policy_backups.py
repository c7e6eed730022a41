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

"""A protection policy's backup tier against the real Keystone, Cinder
and cinder-backup, acting through a real trust: snapshot, back up and
delete the snapshot, proven by the bytes a restore of the backup holds;
retention of a chain; cinder-backup stopped during a scheduled backup."""
import datetime
import threading

import pytest

from tests import cloud
from tests.integration import test_scheduler as base
from tests import services
from tests.volume_bytes import Pattern
from volsnap_dashboard.api import backups
from volsnap_dashboard.engine import scheduler
from volsnap_dashboard.events import models as event_models
from volsnap_dashboard.policies import claims
from volsnap_dashboard.policies import models

pytestmark = pytest.mark.django_db(transaction=True)
conf = base.conf
trust = base.trust


@pytest.fixture
def slow_conf(conf):
    return dict(conf, wait_timeout=300)


def policy_of(stack, trust_id, volumes, **tier):
    """A policy whose runs are the test's runs now only."""
    policy = base.due_policy(stack, trust_id, volumes, **tier)
    later = base.now() + datetime.timedelta(days=1)
    models.Policy.objects.filter(pk=policy.pk).update(next_run_at=later,
                                                      next_due_at=later)
    return policy


def queue_run(policy):
    """A run now of the policy, numbered as the panel's are."""
    with claims.atomic():
        models.Run.objects.create(
            policy=policy, trigger=models.Run.MANUAL, scheduled_for=base.now(),
            state=models.Run.QUEUED, sequence=claims.next_sequence(policy))


def finish(policy, resources):
    """The policy's newest run; its backups are the test's to remove."""
    run = policy.runs.order_by("-id").first()
    for outcome in run.volumes.values():
        if outcome.get("backup_id"):
            resources.backups.append(outcome["backup_id"])
    return run


def backups_of(resources, volume_id):
    return sorted((b for b in resources.cinder.backups.list()
                   if b.volume_id == volume_id), key=lambda b: b.created_at)


def test_snapshot_back_up_delete_the_snapshot(stack, slow_conf, trust,
                                              resources, volume_bytes):
    volume = resources.volume()
    volume_bytes.write(volume.id, Pattern(51))
    policy = policy_of(stack, trust[0], [volume], backup_every=1,
                       backup_delete_snapshot=True)

    queue_run(policy)
    assert scheduler.run_once("itest", slow_conf) >= 1
    run = finish(policy, resources)
    volume_bytes.write(volume.id, Pattern(52))

    assert (run.state, run.protected, run.backed_up, run.deleted) == (
        models.Run.SUCCEEDED, 1, 1, 1), run.volumes
    outcome = run.volumes[volume.id]
    assert outcome["backup_status"] == "backed_up"
    cloud.wait_until(lambda: resources.snapshots_of(volume.id) == [], 60)
    demo = cloud.keystone_session(stack, "demo")
    made = backups.backup_get(demo, outcome["backup_id"])
    assert (made.status, made.policy_id, made.is_incremental) == (
        "available", str(policy.pk), False)
    # The backup holds the volume's data of the run's moment.
    restored = backups.backup_restore(
        demo, made.id, cloud.unique("from-policy-backup"), "",
        resources.cinder.volumes.get(volume.id).volume_type)
    resources.volumes.append(restored.id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(restored.id),
                      "available", 300)
    assert volume_bytes.holds(restored.id, Pattern(51))
    assert [a for a in event_models.Event.objects.order_by("id")
            .values_list("action", "outcome")] == [
        ("protect", "succeeded"), ("backup", "succeeded"),
        ("delete", "succeeded")]


def test_retention_deletes_a_chain_children_first_keeping_the_newest(
        stack, slow_conf, trust, resources):
    volume = resources.volume()
    policy = policy_of(stack, trust[0], [volume], backup_every=1,
                       backup_full_every=2, backup_keep_last=1,
                       keep_last=1)
    made = []
    for _ in range(3):
        queue_run(policy)
        scheduler.run_once("itest", slow_conf)
        run = finish(policy, resources)
        assert run.state == models.Run.SUCCEEDED, run.volumes
        made.append(run.volumes[volume.id]["backup_id"])

    # Full, incremental on it, full: the first two go, the child first.
    cloud.wait_until(lambda: [b.id for b in backups_of(resources, volume.id)]
                     == made[2:], 120)
    deletes = list(event_models.Event.objects.filter(
        action="delete_backup").order_by("id").values_list(
        "backup_id", "outcome"))
    assert deletes == [(made[1], "succeeded"), (made[0], "succeeded")]


def test_backup_service_stopped_during_a_scheduled_backup(
        stack, slow_conf, trust, resources, volume_bytes):
    # Large enough to be still copying when the service stops.
    volume = resources.volume(size=4)
    volume_bytes.write(volume.id, Pattern(53, 4))
    policy = policy_of(stack, trust[0], [volume], backup_every=1,
                       backup_delete_snapshot=True)
    queue_run(policy)
    runs = threading.Thread(target=scheduler.run_once,
                            args=("itest", slow_conf))
    runs.start()
    try:
        cloud.wait_until(lambda: any(
            b.status == "creating"
            for b in backups_of(resources, volume.id)), 120)
        with services.stopped("cinder-backup"):
            pass
    finally:
        runs.join(600)

    run = finish(policy, resources)
    outcome = run.volumes[volume.id]
    assert (run.state, outcome["status"], outcome["backup_status"]) == (
        models.Run.PARTIAL, "protected", "failed"), run.volumes
    assert "went to status error" in outcome["backup_reason"]
    # The snapshot is kept; the next run backs up again.
    (kept,) = resources.snapshots_of(volume.id)
    assert kept.id == outcome["checkpoint_id"]
    queue_run(policy)
    scheduler.run_once("itest", slow_conf)
    again = finish(policy, resources)
    assert (again.state, again.backed_up) == (models.Run.SUCCEEDED, 1)
