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

"""The plugin inside the live Karbor services, driven by
python-karborclient as the demo user, and every scenario again with
Karbor's own volume snapshot plugin as the reference: a difference in
behaviour shows up as a failing test."""
import contextlib
import json
import os
import sqlite3
import time

from karbor.common import constants
import pytest

from tests import cloud
from tests.karbor import conftest
from tests.karbor import SEED_OPTIONS_SCHEMA
from tests.karbor import SEED_RESTORE_SCHEMA
from tests.volume_bytes import Pattern
from volsnap_dashboard.api import checkpoints

VOLUME = constants.VOLUME_RESOURCE_TYPE
PROVIDERS = ["volsnap", "reference"]


def wait_status(get, wanted, timeout=60, failed=("error", "fail")):
    deadline = time.monotonic() + timeout
    while True:
        obj = get()
        if obj.status in wanted:
            return obj
        if obj.status in failed or time.monotonic() > deadline:
            raise AssertionError(f"{obj.status}, not {wanted}: {obj}")
        time.sleep(0.25)


def timed(operation, provider, call):
    started = time.monotonic()
    result = call()
    conftest.TIMINGS[operation, provider] = time.monotonic() - started
    return result


def as_resource(volume):
    return {"id": volume.id, "type": VOLUME, "name": volume.name}


def bank_of(stack, provider, checkpoint_id, volume_id):
    folder = os.path.join(stack["karbor_banks"][provider], "karbor",
                          "checkpoints", checkpoint_id, "resource-data",
                          volume_id)
    saved = {}
    for key in os.listdir(folder):
        with open(os.path.join(folder, key)) as f:
            text = f.read()
        # Karbor's file-system bank writes strings as they are, the rest
        # as JSON.
        try:
            saved[key] = json.loads(text)
        except ValueError:
            saved[key] = text
    return saved


def history_of(stack, volume_ids):
    """The event log rows of these volumes, as Snapshot History has them."""
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        return sorted(db.execute(
            "SELECT action, outcome, source, user_id, volume_id "
            "FROM volsnap_events_event WHERE volume_id IN (?, ?)",
            volume_ids).fetchall())


def checkpoint_gone(karbor, provider_id, checkpoint_id):
    try:
        return karbor.checkpoints.get(provider_id,
                                      checkpoint_id).status == "deleted"
    except Exception as exc:
        if getattr(exc, "code", None) == 404 or "404" in str(exc):
            return True
        raise


def test_providers_list_ours_with_the_seed_schemas(stack, karbor):
    listed = {p.id: p.name for p in karbor.providers.list()}
    ours = stack["karbor_providers"]["volsnap"]
    assert listed[ours] == "Volsnap Volume Protection Provider"

    info = karbor.providers.get(ours).extended_info_schema
    assert info["options_schema"][VOLUME] == SEED_OPTIONS_SCHEMA
    assert info["restore_schema"][VOLUME] == SEED_RESTORE_SCHEMA
    assert set(info["saved_info_schema"][VOLUME]["properties"]) == {
        "volume_id", "size", "snapshot_id"}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_protect_restore_verify_delete(provider, stack, karbor, resources,
                                       volume_bytes):
    provider_id = stack["karbor_providers"][provider]
    free = resources.volume(size=2)
    volume_bytes.write(free.id, Pattern(1, size_gib=2))
    attached = resources.volume(in_use=True)
    plan = karbor.plans.create(
        cloud.unique("plan"), provider_id,
        [as_resource(free), as_resource(attached)],
        {VOLUME: {"description": "nightly", "force": False},
         f"{VOLUME}#{free.id}": {"snapshot_name": "free-snap"},
         f"{VOLUME}#{attached.id}": {"snapshot_name": "attached-snap",
                                     "force": True}})

    checkpoint = karbor.checkpoints.create(provider_id, plan.id)
    checkpoint = timed("protect", provider, lambda: wait_status(
        lambda: karbor.checkpoints.get(provider_id, checkpoint.id),
        ("available",)))
    volume_bytes.write(free.id, Pattern(2, size_gib=2))

    snapshots = {}
    for volume, name in ((free, "free-snap"), (attached, "attached-snap")):
        [snapshot] = resources.snapshots_of(volume.id)
        assert (snapshot.name, snapshot.description, snapshot.status) == (
            name, "nightly", "available")
        snapshots[volume.id] = snapshot
        assert bank_of(stack, provider, checkpoint.id, volume.id) == {
            "status": "available",
            "metadata": {"volume_id": volume.id, "size": volume.size,
                         "snapshot_id": snapshot.id}}

    restore = karbor.restores.create(
        provider_id, checkpoint.id, None,
        {VOLUME: {"restore_name": "restored",
                  "restore_description": "from karbor"}}, None)
    restore = timed("restore", provider, lambda: wait_status(
        lambda: karbor.restores.get(restore.id), ("success",)))
    restored_ids = [key.split("#", 1)[1]
                    for key in restore.resources_status]
    resources.volumes.extend(restored_ids)
    assert set(restore.resources_status.values()) == {"available"}
    restored = [resources.cinder.volumes.get(i) for i in restored_ids]
    assert sorted(v.snapshot_id for v in restored) == sorted(
        s.id for s in snapshots.values())
    assert {(v.name, v.description) for v in restored} == {
        ("restored", "from karbor")}
    assert resources.cinder.volumes.get(free.id).status == "available"
    (free_copy,) = [v for v in restored
                    if v.snapshot_id == snapshots[free.id].id]
    assert volume_bytes.holds(free_copy.id, Pattern(1, size_gib=2))
    assert volume_bytes.holds(free.id, Pattern(2, size_gib=2))

    verification = karbor.verifications.create(provider_id, checkpoint.id,
                                               {})
    wait_status(lambda: karbor.verifications.get(verification.id),
                ("success",))

    karbor.checkpoints.delete(provider_id, checkpoint.id)
    timed("delete", provider, lambda: cloud.wait_until(
        lambda: checkpoint_gone(karbor, provider_id, checkpoint.id), 60))
    for volume in (free, attached):
        assert resources.snapshots_of(volume.id) == []
        assert bank_of(stack, provider, checkpoint.id, volume.id) == {
            "status": "deleted"}

    # Snapshot History has one row per operation with Cinder's outcome:
    # our plugin records who asked (source karbor), and Cinder's
    # notifications complete it; Karbor's own plugin is seen only through
    # the notifications (source other).
    user_id = resources.cinder.client.session.get_user_id()
    source = "karbor" if provider == "volsnap" else "other"
    expected = sorted(
        (action, "succeeded", source, user_id, volume.id)
        for action in ("protect", "restore", "delete")
        for volume in (free, attached))
    with contextlib.suppress(AssertionError):  # the listener's lag
        cloud.wait_until(lambda: history_of(stack, [free.id, attached.id])
                         == expected, 30, 0.5)
    assert history_of(stack, [free.id, attached.id]) == expected


@pytest.mark.parametrize("provider", PROVIDERS)
def test_attached_volume_without_force_fails_and_leaves_nothing(
        provider, stack, karbor, resources):
    provider_id = stack["karbor_providers"][provider]
    attached = resources.volume(in_use=True)
    plan = karbor.plans.create(cloud.unique("plan"), provider_id,
                               [as_resource(attached)],
                               {VOLUME: {"force": False}})

    checkpoint = karbor.checkpoints.create(provider_id, plan.id)
    checkpoint = wait_status(
        lambda: karbor.checkpoints.get(provider_id, checkpoint.id),
        ("error",), failed=())

    assert resources.snapshots_of(attached.id) == []
    assert bank_of(stack, provider, checkpoint.id, attached.id)[
        "status"] == "error"
    if provider == "volsnap":
        # Karbor's own plugin gives no reason through the API, and
        # records nothing for Snapshot History.
        reasons = json.loads(checkpoint.extra_info)["volsnap_errors"]
        assert "attached to an instance" in reasons[attached.id]
        [(action, result, source, _user, _volume)] = history_of(
            stack, [attached.id, attached.id])
        assert (action, result, source) == ("protect", "failed", "karbor")


def test_scheduled_retention_through_the_operation_engine(stack, karbor,
                                                          resources):
    """A one-minute time trigger with retention_protect, for both plugins
    at once. Karbor's engine counts the available checkpoints right
    after it asks for the new one, which is still protecting then: it
    keeps max_backups available ones plus the newest."""
    volume = resources.volume()
    trigger = karbor.triggers.create(
        cloud.unique("every-minute"), "time",
        {"format": "crontab", "pattern": "* * * * *", "window": 30})
    operations, plans, seen = [], {}, {p: set() for p in PROVIDERS}
    try:
        for provider in PROVIDERS:
            provider_id = stack["karbor_providers"][provider]
            plans[provider] = karbor.plans.create(
                cloud.unique("plan"), provider_id, [as_resource(volume)],
                {VOLUME: {"snapshot_name": f"scheduled-{provider}",
                          "description": "", "force": False}})
            operations.append(karbor.scheduled_operations.create(
                cloud.unique("retention"), "retention_protect", trigger.id,
                {"provider_id": provider_id,
                 "plan_id": plans[provider].id, "max_backups": 2}))

        def live(provider):
            found = karbor.checkpoints.list(
                stack["karbor_providers"][provider],
                search_opts={"plan_id": plans[provider].id})
            seen[provider].update(c.id for c in found)
            return [c for c in found
                    if c.status not in ("deleted", "deleting")]

        def retention_ran_after_three_fires():
            state = {p: live(p) for p in PROVIDERS}
            progress.append({p: (len(seen[p]), sorted(
                c.status for c in state[p])) for p in PROVIDERS})
            return all(len(seen[p]) >= 4 and len(state[p]) == 3
                       and {c.status for c in state[p]} == {"available"}
                       for p in PROVIDERS)

        progress = []
        try:
            cloud.wait_until(retention_ran_after_three_fires, 420, 3)
        except AssertionError:
            raise AssertionError(f"seen, live statuses: {progress[-3:]}")
    finally:
        for operation in operations:
            karbor.scheduled_operations.delete(operation.id)
        karbor.triggers.delete(trigger.id)

    for provider in PROVIDERS:
        kept = live(provider)
        assert len(seen[provider]) >= 4
        assert len(kept) == 3
        snapshots = [s for s in resources.snapshots_of(volume.id)
                     if s.name == f"scheduled-{provider}"]
        assert len(snapshots) == len(kept)
    ours = [s for s in resources.snapshots_of(volume.id)
            if s.name == "scheduled-volsnap"]
    assert {s.metadata[checkpoints.KARBOR_CHECKPOINT_KEY]
            for s in ours} == {c.id for c in live("volsnap")}
