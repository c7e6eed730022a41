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

"""The plugin's hooks in seconds, without the stack: Karbor's own
FakeBankPlugin as the bank, the backend mocked at its boundary
(volsnap_dashboard.api.checkpoints), the reports to Snapshot History
caught before the broker. The same hooks against the real Cinder and
Karbor are in test_plugin_in_karbor.py and test_live_karbor.py."""
import json
from unittest import mock

from karbor.common import constants
from karbor import context as karbor_context
from karbor import exception
from karbor import resource as karbor_resource
from karbor.services.protection import bank_plugin
from karbor.tests.unit.protection import fakes
from oslo_config import cfg
import pytest

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.karbor import plugin as volsnap_plugin

VOLUME = constants.VOLUME_RESOURCE_TYPE
SNAPSHOT_ID = "44444444-4444-4444-4444-444444444444"
RESTORED_ID = "55555555-5555-5555-5555-555555555555"


class FakeBank(fakes.FakeBankPlugin):
    """Karbor's FakeBankPlugin, listing keys whole as Karbor's real bank
    plugins do: BankSection cuts its prefix off what they answer, and
    the fake's own list_objects cuts it off before (with str.lstrip)."""

    def list_objects(self, prefix=None, limit=None, marker=None,
                     sort_dir=None, context=None):
        return [key for key in self._objects
                if key.startswith(prefix or "")]


class Checkpoint:
    """Karbor's checkpoint as the hooks use it, on a fake bank."""

    def __init__(self, bank_objects=None):
        self.id = "karbor-cp-1"
        self.extra_info = None
        self.commits = 0
        self.section = bank_plugin.BankSection(
            bank_plugin.Bank(FakeBank()), "/resource-data")
        for key, value in (bank_objects or {}).items():
            self.section.update_object(key, value)

    def get_resource_bank_section(self, resource_id):
        return self.section

    def commit(self):
        self.commits += 1

    def bank(self, key):
        return self.section.get_object(key)

    def errors(self):
        return json.loads(self.extra_info)[volsnap_plugin.ERRORS_KEY]


class Record:
    """Karbor's Restore and Verify records as the hooks use them."""

    def __init__(self):
        self.statuses = {}

    def update_resource_status(self, resource_type, resource_id, status,
                               reason=None):
        self.statuses[resource_id] = (status, reason)

    def save(self):
        pass


def checkpoint_of(**changes):
    values = dict(id=SNAPSHOT_ID, name="nightly", description="",
                  status="available", size=1, created_at="",
                  volume_id="v1", project_id="p1", metadata={},
                  volume_name="data")
    values.update(changes)
    return checkpoints.Checkpoint(**values)


def volume_of(**changes):
    values = dict(id=RESTORED_ID, name="restored", status="creating",
                  size=1, snapshot_id=SNAPSHOT_ID, metadata={})
    values.update(changes)
    return checkpoints.Volume(**values)


@pytest.fixture
def plugin():
    conf = cfg.ConfigOpts()
    conf([], project="karbor-test", default_config_files=[])
    found = volsnap_plugin.VolsnapProtectionPlugin(conf)
    conf.set_override("poll_interval", 1, group=volsnap_plugin.CONFIG_GROUP)
    conf.set_override("timeout", 5, group=volsnap_plugin.CONFIG_GROUP)
    return found


@pytest.fixture
def reports(plugin):
    """What the plugin reports to Snapshot History, caught."""
    notifier = mock.Mock()
    with mock.patch.object(type(plugin._reporter), "_notifier_once",
                           return_value=notifier):
        yield notifier.error


@pytest.fixture
def backend():
    names = ("checkpoint_create", "checkpoint_wait", "checkpoint_get",
             "checkpoint_restore", "volume_wait", "checkpoint_delete",
             "checkpoint_list_marked")
    with mock.patch.object(volsnap_plugin, "cinder_session",
                           return_value="session"), \
            mock.patch.multiple(checkpoints, **{
                name: mock.DEFAULT for name in names}) as mocks:
        yield mocks


CONTEXT = karbor_context.RequestContext(
    "user-1", "project-1", project_name="demo", auth_token="token",
    is_admin=False)
RESOURCE = karbor_resource.Resource(type=VOLUME, id="v1", name="data")


def run(operation, checkpoint, parameters=None, **kwargs):
    operation.on_main(checkpoint, RESOURCE, CONTEXT, parameters or {},
                      **kwargs)


def reported(reports):
    """(event type, action, outcome, the Cinder object's id) of each."""
    return [(call.args[1], call.args[2]["action"], call.args[2]["outcome"],
             call.args[2]["fields"].get(
                 terms.KEY_COLUMN[call.args[2]["action"]], ""))
            for call in reports.call_args_list]


def test_protect_records_its_snapshot_in_the_bank(plugin, backend,
                                                  reports):
    backend["checkpoint_create"].return_value = checkpoint_of(
        status="creating")
    checkpoint = Checkpoint()

    run(plugin.get_protect_operation(RESOURCE), checkpoint,
        {"snapshot_name": "nightly", "force": "False"})

    assert checkpoint.bank("status") == constants.RESOURCE_STATUS_AVAILABLE
    assert checkpoint.bank("metadata") == {
        "volume_id": "v1", "size": 1, "snapshot_id": SNAPSHOT_ID}
    backend["checkpoint_create"].assert_called_once_with(
        "session", "v1", "nightly", "", False, origin="karbor",
        created_by="user-1",
        marks={checkpoints.KARBOR_CHECKPOINT_KEY: "karbor-cp-1"})
    backend["checkpoint_wait"].assert_called_once_with(
        "session", SNAPSHOT_ID, interval=1, timeout=5)
    assert reports.call_args_list == []


def test_a_refused_protect_fails_with_its_reason_and_is_reported(
        plugin, backend, reports):
    backend["checkpoint_create"].side_effect = exceptions.InvalidState(
        "Volume data is attached to an instance.")
    checkpoint = Checkpoint()

    with pytest.raises(exception.CreateResourceFailed) as failed:
        run(plugin.get_protect_operation(RESOURCE), checkpoint)

    assert "attached to an instance" in str(failed.value)
    assert checkpoint.bank("status") == constants.RESOURCE_STATUS_ERROR
    assert "attached" in checkpoint.errors()["v1"]
    assert reported(reports) == [
        ("volsnap.operation.failed", "protect", "failed", "")]
    actor = reports.call_args.args[2]["actor"]
    assert (actor["source"], actor["user_id"], actor["project_id"]) == (
        "karbor", "user-1", "project-1")


def test_a_snapshot_gone_to_error_is_reported_with_its_id(plugin, backend,
                                                          reports):
    backend["checkpoint_create"].return_value = checkpoint_of()
    backend["checkpoint_wait"].side_effect = exceptions.OperationFailed(
        "went to status error")

    with pytest.raises(exception.CreateResourceFailed):
        run(plugin.get_protect_operation(RESOURCE), Checkpoint())

    assert reported(reports) == [
        ("volsnap.operation.failed", "protect", "failed", SNAPSHOT_ID)]


def test_a_failed_bank_write_discards_the_snapshot(plugin, backend,
                                                   reports):
    backend["checkpoint_create"].return_value = checkpoint_of()
    checkpoint = Checkpoint()
    real_update = checkpoint.section.update_object

    def failing_metadata(key, value):
        if key == "metadata":
            raise RuntimeError("bank full")
        real_update(key, value)

    checkpoint.section.update_object = failing_metadata

    with pytest.raises(exception.CreateResourceFailed) as failed:
        run(plugin.get_protect_operation(RESOURCE), checkpoint)

    assert "Unexpected error: RuntimeError: bank full" in str(failed.value)
    backend["checkpoint_wait"].assert_called_once_with(
        "session", SNAPSHOT_ID, wanted=("available", "error"), interval=1,
        timeout=5)
    backend["checkpoint_delete"].assert_called_once_with("session",
                                                         SNAPSHOT_ID)
    # Cinder took the snapshot: its notifications tell, not a report.
    assert reports.call_args_list == []


def test_a_force_that_is_no_boolean_names_the_parameter(plugin, backend,
                                                        reports):
    with pytest.raises(exception.CreateResourceFailed) as failed:
        run(plugin.get_protect_operation(RESOURCE), Checkpoint(),
            {"force": "perhaps"})

    assert "Invalid force" in str(failed.value)
    backend["checkpoint_create"].assert_not_called()
    assert reported(reports) == [
        ("volsnap.operation.failed", "protect", "failed", "")]


def test_restore_makes_a_marked_volume_and_tells_karbor(plugin, backend,
                                                        reports):
    backend["checkpoint_get"].return_value = checkpoint_of()
    backend["checkpoint_restore"].return_value = volume_of()
    backend["volume_wait"].return_value = volume_of(status="available")
    restore, new_resources = Record(), {}

    run(plugin.get_restore_operation(RESOURCE),
        Checkpoint({"metadata": {"snapshot_id": SNAPSHOT_ID}}),
        {"restore_name": "restored"}, restore=restore,
        new_resources=new_resources)

    assert new_resources == {"v1": RESTORED_ID}
    assert restore.statuses == {RESTORED_ID: ("available", None)}
    backend["checkpoint_restore"].assert_called_once_with(
        "session", SNAPSHOT_ID, "restored", None, marks={
            checkpoints.ORIGIN_KEY: "karbor",
            checkpoints.KARBOR_CHECKPOINT_KEY: "karbor-cp-1"})
    assert reports.call_args_list == []


def test_a_restored_volume_in_error_is_an_error_in_the_restore(
        plugin, backend, reports):
    backend["checkpoint_get"].return_value = checkpoint_of()
    backend["checkpoint_restore"].return_value = volume_of()
    backend["volume_wait"].side_effect = exceptions.OperationFailed(
        "went to status error")
    restore = Record()

    with pytest.raises(exception.RestoreResourceFailed):
        run(plugin.get_restore_operation(RESOURCE),
            Checkpoint({"metadata": {"snapshot_id": SNAPSHOT_ID}}),
            restore=restore)

    assert restore.statuses == {
        RESTORED_ID: ("error", "went to status error")}
    assert reported(reports) == [
        ("volsnap.operation.failed", "restore", "failed", RESTORED_ID)]


def test_a_checkpoint_whose_protect_never_finished_cannot_restore(
        plugin, backend, reports):
    with pytest.raises(exception.RestoreResourceFailed) as failed:
        run(plugin.get_restore_operation(RESOURCE), Checkpoint())

    assert "protection did not finish" in str(failed.value)
    backend["checkpoint_restore"].assert_not_called()
    assert reported(reports) == [
        ("volsnap.operation.failed", "restore", "failed", "")]


def test_delete_removes_the_recorded_snapshot_and_its_bank_entry(
        plugin, backend, reports):
    backend["checkpoint_get"].return_value = checkpoint_of()
    checkpoint = Checkpoint({"metadata": {"snapshot_id": SNAPSHOT_ID}})

    run(plugin.get_delete_operation(RESOURCE), checkpoint)

    backend["checkpoint_delete"].assert_called_once_with("session",
                                                         SNAPSHOT_ID)
    backend["checkpoint_wait"].assert_called_once_with(
        "session", SNAPSHOT_ID, wanted=("deleted",), interval=1, timeout=5)
    assert checkpoint.bank("status") == constants.RESOURCE_STATUS_DELETED
    assert "metadata" not in checkpoint.section.list_objects()
    backend["checkpoint_list_marked"].assert_not_called()


def test_delete_finds_by_its_mark_what_the_bank_never_recorded(
        plugin, backend, reports):
    backend["checkpoint_list_marked"].return_value = [checkpoint_of()]
    backend["checkpoint_get"].return_value = checkpoint_of()
    checkpoint = Checkpoint()

    run(plugin.get_delete_operation(RESOURCE), checkpoint)

    backend["checkpoint_list_marked"].assert_called_once_with(
        "session", "v1", {checkpoints.KARBOR_CHECKPOINT_KEY: "karbor-cp-1"})
    backend["checkpoint_delete"].assert_called_once_with("session",
                                                         SNAPSHOT_ID)
    assert checkpoint.bank("status") == constants.RESOURCE_STATUS_DELETED


@pytest.mark.parametrize("found, deletes", [
    (exceptions.NotFound("gone"), False),
    (checkpoint_of(status="deleting"), False),
])
def test_delete_of_a_snapshot_gone_or_going(found, deletes, plugin, backend):
    if isinstance(found, Exception):
        backend["checkpoint_get"].side_effect = found
    else:
        backend["checkpoint_get"].return_value = found
    checkpoint = Checkpoint({"metadata": {"snapshot_id": SNAPSHOT_ID}})

    run(plugin.get_delete_operation(RESOURCE), checkpoint)

    assert backend["checkpoint_delete"].called is deletes
    assert checkpoint.bank("status") == constants.RESOURCE_STATUS_DELETED


def test_delete_refuses_a_snapshot_that_is_no_checkpoint(plugin, backend,
                                                         reports):
    backend["checkpoint_get"].side_effect = exceptions.NotACheckpoint(
        "not made by volsnap")
    checkpoint = Checkpoint({"metadata": {"snapshot_id": SNAPSHOT_ID}})

    with pytest.raises(exception.DeleteResourceFailed):
        run(plugin.get_delete_operation(RESOURCE), checkpoint)

    backend["checkpoint_delete"].assert_not_called()
    assert checkpoint.bank("status") == constants.RESOURCE_STATUS_ERROR


def test_a_failed_delete_is_reported(plugin, backend, reports):
    backend["checkpoint_get"].return_value = checkpoint_of()
    backend["checkpoint_delete"].side_effect = exceptions.OutcomeUnknown(
        "no answer")

    with pytest.raises(exception.DeleteResourceFailed):
        run(plugin.get_delete_operation(RESOURCE),
            Checkpoint({"metadata": {"snapshot_id": SNAPSHOT_ID}}))

    assert reported(reports) == [
        ("volsnap.operation.failed", "delete", "unknown", SNAPSHOT_ID)]


@pytest.mark.parametrize("status, fails", [("available", False),
                                           ("error", True)])
def test_verify_tells_the_snapshots_state(status, fails, plugin, backend):
    backend["checkpoint_get"].return_value = checkpoint_of(status=status)
    verify = Record()

    try:
        run(plugin.get_verify_operation(RESOURCE),
            Checkpoint({"metadata": {"snapshot_id": SNAPSHOT_ID}}),
            verify=verify)
    except exception.VerifyResourceFailed:
        assert fails
    else:
        assert not fails
    assert verify.statuses["v1"][0] == status


def test_a_broker_that_is_away_never_fails_the_hook(plugin, backend):
    backend["checkpoint_create"].side_effect = exceptions.InvalidState("no")
    with mock.patch.object(type(plugin._reporter), "_notifier_once",
                           side_effect=OSError("broker away")):
        with pytest.raises(exception.CreateResourceFailed) as failed:
            run(plugin.get_protect_operation(RESOURCE), Checkpoint())

    assert "no" in str(failed.value)
