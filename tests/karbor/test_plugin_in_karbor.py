from karbor.common import constants
from karbor import exception as karbor_exception
import pytest

from tests import cloud
from tests.karbor.conftest import RecordAdapter
from tests.karbor.conftest import run_hooks
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard import schemas

VOLUME = constants.VOLUME_RESOURCE_TYPE


def bank(checkpoint, resource):
    section = checkpoint.get_resource_bank_section(resource.id)
    return {key: section.get_object(key) for key in section.list_objects()}


def test_registry_loads_our_provider_with_the_seed_schemas(provider, plugin):
    assert plugin.get_supported_resources_types() == [VOLUME]
    info = provider.extended_info_schema
    assert info["options_schema"][VOLUME] == schemas.OPTIONS_SCHEMA
    assert info["restore_schema"][VOLUME] == schemas.RESTORE_SCHEMA
    assert info["saved_info_schema"][VOLUME] == schemas.SAVED_INFO_SCHEMA
    assert schemas.OPTIONS_SCHEMA["required"] == [
        "snapshot_name", "description", "force"]
    assert schemas.RESTORE_SCHEMA["title"] == "Volume Protection Restore"


def test_protect_restore_delete(plugin, context, new_checkpoint, resources):
    volume = resources.volume(size=2)
    checkpoint, resource = new_checkpoint(volume)

    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {"snapshot_name": "karbor-cp",
                        "description": "from karbor", "force": False})

    saved = bank(checkpoint, resource)
    assert saved["status"] == constants.RESOURCE_STATUS_AVAILABLE
    snapshot_id = saved["metadata"]["snapshot_id"]
    assert saved["metadata"] == {"volume_id": volume.id, "size": 2,
                                 "snapshot_id": snapshot_id}
    snapshot = resources.cinder.volume_snapshots.get(snapshot_id)
    assert (snapshot.name, snapshot.status) == ("karbor-cp", "available")
    assert snapshot.metadata[checkpoints.ORIGIN_KEY] == "karbor"
    assert snapshot.metadata[checkpoints.CREATED_BY_KEY] == "demo"

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
                                      "description": "", "force": False})

    assert bank(checkpoint, resource) == {
        "status": constants.RESOURCE_STATUS_ERROR}
    assert resources.snapshots_of(volume.id) == []

    run_hooks(plugin.get_protect_operation(resource), checkpoint, resource,
              context, {"snapshot_name": "x", "description": "",
                        "force": True})
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
