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

import json
import threading
import uuid

from karbor.common import constants
from karbor import exception as karbor_exception
import pytest

from tests import cloud
from tests.karbor.conftest import RecordAdapter
from tests.karbor.conftest import run_hooks
from tests.karbor import SEED_OPTIONS_SCHEMA
from tests.karbor import SEED_RESTORE_SCHEMA
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard import schemas

VOLUME = constants.VOLUME_RESOURCE_TYPE


def bank(checkpoint, resource):
    section = checkpoint.get_resource_bank_section(resource.id)
    return {key: section.get_object(key) for key in section.list_objects()}


def test_registry_loads_our_provider_with_the_seed_schemas(provider, plugin):
    assert plugin.get_supported_resources_types() == [VOLUME]
    info = provider.extended_info_schema
    assert info["options_schema"][VOLUME] == SEED_OPTIONS_SCHEMA
    assert info["restore_schema"][VOLUME] == SEED_RESTORE_SCHEMA
    assert info["saved_info_schema"][VOLUME] == schemas.SAVED_INFO_SCHEMA


def test_protect_restore_delete(plugin, context, new_checkpoint, resources):
    volume = resources.volume(size=2)
    checkpoint, resource = new_checkpoint(volume)

    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {"snapshot_name": "karbor-cp",
                        "description": "from karbor", "force": "False"})

    saved = bank(checkpoint, resource)
    assert saved["status"] == constants.RESOURCE_STATUS_AVAILABLE
    snapshot_id = saved["metadata"]["snapshot_id"]
    assert saved["metadata"] == {"volume_id": volume.id, "size": 2,
                                 "snapshot_id": snapshot_id}
    snapshot = resources.cinder.volume_snapshots.get(snapshot_id)
    assert (snapshot.name, snapshot.status) == ("karbor-cp", "available")
    assert snapshot.metadata[checkpoints.ORIGIN_KEY] == "karbor"
    # Karbor's context has the user's id, not their name.
    assert context.user_name is None
    assert snapshot.metadata[checkpoints.CREATED_BY_KEY] == context.user_id
    assert snapshot.metadata[checkpoints.KARBOR_CHECKPOINT_KEY] == (
        checkpoint.id)

    restore = RecordAdapter()
    new_resources = {}
    run_hooks(plugin.get_restore_operation(resource), checkpoint, resource,
              context, {"restore_name": "from-karbor",
                        "restore_description": "restored"},
              restore=restore, new_resources=new_resources)

    restored_id = new_resources[volume.id]
    resources.volumes.append(restored_id)
    assert restore.resources_status == {
        f"{VOLUME}#{restored_id}": "available"}
    restored = resources.cinder.volumes.get(restored_id)
    assert (restored.name, restored.snapshot_id, restored.size) == (
        "from-karbor", snapshot_id, 2)
    assert resources.cinder.volumes.get(volume.id).status == "available"

    run_hooks(plugin.get_delete_operation(resource), checkpoint, resource,
              context, {})

    assert bank(checkpoint, resource) == {
        "status": constants.RESOURCE_STATUS_DELETED}
    cloud.wait_gone(lambda: resources.cinder.volume_snapshots.get(
        snapshot_id))


def test_plan_parameters_may_leave_options_out(plugin, context,
                                               new_checkpoint, resources):
    checkpoint, resource = new_checkpoint(resources.volume())

    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {})

    snapshot = resources.cinder.volume_snapshots.get(
        bank(checkpoint, resource)["metadata"]["snapshot_id"])
    assert snapshot.name == f"checkpoint-{checkpoint.id}"


def test_in_use_volume_without_force_fails_cleanly(plugin, context,
                                                   new_checkpoint, resources):
    volume = resources.volume(in_use=True)
    checkpoint, resource = new_checkpoint(volume)

    with pytest.raises(karbor_exception.CreateResourceFailed,
                       match="attached"):
        run_hooks(plugin.get_protect_operation(resource), checkpoint,
                  resource, context, {"snapshot_name": "x",
                                      "description": "", "force": "false"})

    assert bank(checkpoint, resource) == {
        "status": constants.RESOURCE_STATUS_ERROR}
    assert resources.snapshots_of(volume.id) == []

    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {"snapshot_name": "x", "description": "",
                        "force": "1"})
    assert bank(checkpoint, resource)["status"] == (
        constants.RESOURCE_STATUS_AVAILABLE)


def test_snapshot_in_error_is_recorded_and_deletable(stack, plugin, context,
                                                     new_checkpoint,
                                                     resources):
    checkpoint, resource = new_checkpoint(resources.volume())
    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {})
    snapshot_id = bank(checkpoint, resource)["metadata"]["snapshot_id"]
    cloud.cinder(stack, "admin").volume_snapshots.reset_state(snapshot_id,
                                                              "error")

    with pytest.raises(karbor_exception.RestoreResourceFailed,
                       match="error"):
        run_hooks(plugin.get_restore_operation(resource), checkpoint,
                  resource, context, {}, restore=RecordAdapter(),
                  new_resources={})

    run_hooks(plugin.get_delete_operation(resource), checkpoint, resource,
              context, {})
    assert bank(checkpoint, resource)["status"] == (
        constants.RESOURCE_STATUS_DELETED)
    cloud.wait_gone(lambda: resources.cinder.volume_snapshots.get(
        snapshot_id))


def test_verify_and_saved_info(stack, plugin, context, new_checkpoint,
                               resources):
    checkpoint, resource = new_checkpoint(resources.volume())
    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {})
    section = checkpoint.get_resource_bank_section(resource.id)
    saved = plugin.get_saved_info(section, resource)
    assert saved == bank(checkpoint, resource)["metadata"]

    verify = RecordAdapter()
    run_hooks(plugin.get_verify_operation(resource), checkpoint, resource,
              context, {}, verify=verify)
    assert verify.resources_status == {
        f"{VOLUME}#{resource.id}": constants.RESOURCE_STATUS_AVAILABLE}

    cloud.cinder(stack, "admin").volume_snapshots.reset_state(
        saved["snapshot_id"], "error")
    failed = RecordAdapter()
    with pytest.raises(karbor_exception.VerifyResourceFailed,
                       match="error"):
        run_hooks(plugin.get_verify_operation(resource), checkpoint,
                  resource, context, {}, verify=failed)
    assert failed.resources_status == {
        f"{VOLUME}#{resource.id}": constants.RESOURCE_STATUS_ERROR}


@pytest.mark.parametrize("given, expected", [
    ("True", True), ("false", False), ("1", True), ("0", False),
    ("yes", True), (True, True)])
def test_force_as_karbor_delivers_it(given, expected, plugin, context,
                                     new_checkpoint, resources):
    volume = resources.volume(in_use=True)
    checkpoint, resource = new_checkpoint(volume)
    operation = plugin.get_protect_operation(resource)
    parameters = {"snapshot_name": "f", "description": "", "force": given}

    if expected:
        run_hooks(operation, checkpoint, resource, context, parameters)
        assert bank(checkpoint, resource)["status"] == "available"
    else:
        with pytest.raises(karbor_exception.CreateResourceFailed,
                           match="attached"):
            run_hooks(operation, checkpoint, resource, context, parameters)
        assert resources.snapshots_of(volume.id) == []


@pytest.mark.parametrize("given", ["maybe", "", "2", "None"])
def test_force_that_is_no_boolean_names_the_parameter(
        given, plugin, context, new_checkpoint, resources):
    volume = resources.volume()
    checkpoint, resource = new_checkpoint(volume)

    with pytest.raises(karbor_exception.CreateResourceFailed,
                       match="Invalid force"):
        run_hooks(plugin.get_protect_operation(resource), checkpoint,
                  resource, context, {"force": given})

    assert bank(checkpoint, resource) == {"status": "error"}
    assert resources.snapshots_of(volume.id) == []
    assert "Invalid force" in json.loads(checkpoint.extra_info)[
        "volsnap_errors"][volume.id]


class FailingMetadataWrites:
    """A bank section (Karbor's) whose metadata writes fail, as a full or
    unreachable bank would make them."""

    def __init__(self, section):
        self._section = section

    def __getattr__(self, name):
        return getattr(self._section, name)

    def update_object(self, key, value):
        if key == "metadata":
            raise karbor_exception.BankUpdateObjectFailed(
                reason="bank is full", key=key)
        return self._section.update_object(key, value)


def test_bank_failure_after_cinder_accepted_leaves_no_snapshot(
        plugin, context, new_checkpoint, resources, monkeypatch):
    volume = resources.volume()
    checkpoint, resource = new_checkpoint(volume)
    real_section = checkpoint.get_resource_bank_section
    monkeypatch.setattr(checkpoint, "get_resource_bank_section",
                        lambda rid: FailingMetadataWrites(real_section(rid)))

    with pytest.raises(karbor_exception.CreateResourceFailed,
                       match="bank is full"):
        run_hooks(plugin.get_protect_operation(resource), checkpoint,
                  resource, context, {})

    assert bank(checkpoint, resource) == {"status": "error"}
    cloud.wait_until(lambda: resources.snapshots_of(volume.id) == [])


def test_delete_finds_a_snapshot_the_bank_never_recorded(
        stack, plugin, context, new_checkpoint, resources):
    volume = resources.volume()
    checkpoint, resource = new_checkpoint(volume)
    # What a protect leaves when Cinder took the snapshot and both the
    # bank write and the clean-up failed.
    checkpoints.checkpoint_create(
        cloud.keystone_session(stack, "demo"), volume.id, "orphan", "", False,
        origin=checkpoints.ORIGIN_KARBOR,
        marks={checkpoints.KARBOR_CHECKPOINT_KEY: checkpoint.id})
    checkpoint.get_resource_bank_section(resource.id).update_object(
        "status", "error")

    run_hooks(plugin.get_delete_operation(resource), checkpoint, resource,
              context, {})

    assert bank(checkpoint, resource) == {"status": "deleted"}
    assert resources.snapshots_of(volume.id) == []


def test_missing_bank_metadata_is_a_clear_failure(plugin, context,
                                                  new_checkpoint, resources):
    checkpoint, resource = new_checkpoint(resources.volume())
    checkpoint.get_resource_bank_section(resource.id).update_object(
        "status", "error")

    with pytest.raises(karbor_exception.RestoreResourceFailed,
                       match="protection did not finish"):
        run_hooks(plugin.get_restore_operation(resource), checkpoint,
                  resource, context, {}, restore=RecordAdapter(),
                  new_resources={})
    with pytest.raises(karbor_exception.VerifyResourceFailed,
                       match="protection did not finish"):
        run_hooks(plugin.get_verify_operation(resource), checkpoint,
                  resource, context, {}, verify=RecordAdapter())


def test_delete_waits_for_a_snapshot_already_deleting(
        stack, plugin, context, new_checkpoint, resources):
    checkpoint, resource = new_checkpoint(resources.volume())
    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {})
    snapshot_id = bank(checkpoint, resource)["metadata"]["snapshot_id"]
    admin = cloud.cinder(stack, "admin")
    admin.volume_snapshots.reset_state(snapshot_id, "deleting")
    errors = []

    def delete():
        try:
            run_hooks(plugin.get_delete_operation(resource), checkpoint,
                      resource, context, {})
        except Exception as exc:
            errors.append(exc)

    worker = threading.Thread(target=delete)
    worker.start()
    worker.join(3)
    assert worker.is_alive() and not errors, "the delete did not wait"
    # Cinder finishes the deletion it had started.
    admin.volume_snapshots.delete(snapshot_id, force=True)
    worker.join(30)
    assert not worker.is_alive() and errors == []
    assert bank(checkpoint, resource) == {"status": "deleted"}


def test_delete_refuses_a_snapshot_that_is_no_checkpoint(
        plugin, context, new_checkpoint, resources):
    volume = resources.volume()
    checkpoint, resource = new_checkpoint(volume)
    foreign = resources.cinder.volume_snapshots.create(volume.id,
                                                       name="not ours")
    cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
        foreign.id), "available")
    section = checkpoint.get_resource_bank_section(resource.id)
    section.update_object("metadata", {"volume_id": volume.id, "size": 1,
                                       "snapshot_id": foreign.id})

    with pytest.raises(karbor_exception.DeleteResourceFailed,
                       match="not a checkpoint"):
        run_hooks(plugin.get_delete_operation(resource), checkpoint,
                  resource, context, {})

    assert bank(checkpoint, resource)["status"] == "error"
    assert resources.cinder.volume_snapshots.get(foreign.id).status == (
        "available")


def test_delete_treats_an_unknown_snapshot_as_gone(plugin, context,
                                                   new_checkpoint,
                                                   resources):
    volume = resources.volume()
    checkpoint, resource = new_checkpoint(volume)
    checkpoint.get_resource_bank_section(resource.id).update_object(
        "metadata", {"volume_id": volume.id, "size": 1,
                     "snapshot_id": str(uuid.uuid4())})

    run_hooks(plugin.get_delete_operation(resource), checkpoint, resource,
              context, {})

    assert bank(checkpoint, resource) == {"status": "deleted"}
