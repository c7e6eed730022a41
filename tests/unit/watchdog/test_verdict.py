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

"""What an overdue operation becomes from what Cinder says now."""
import datetime

import pytest

from volsnap_dashboard.events import terms
from volsnap_dashboard.watchdog import verdict

NOW = datetime.datetime(2031, 2, 28, 23, 59, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize("action,status,outcome", [
    ("protect", "available", "succeeded"),
    ("protect", "error", "failed"),
    ("protect", verdict.GONE, "unknown"),
    ("protect", "creating", None),
    ("delete", verdict.GONE, "succeeded"),
    ("delete", "error_deleting", "failed"),
    ("delete", "available", "failed"),
    ("delete", "deleting", None),
    ("restore", "available", "succeeded"),
    ("restore", "error", "failed"),
    ("restore", "creating", None),
    ("revert", "reverting", None),
    ("revert", "error", "failed"),
    ("backup", "available", "succeeded"),
    ("backup", "creating", None),
    ("restore_backup", "error_restoring", "failed"),
    ("restore_backup", "restoring-backup", None),
    ("delete_backup", verdict.GONE, "succeeded"),
    ("protect_group", "error", "failed"),
    ("delete_group", verdict.GONE, "succeeded"),
    ("restore_group", "available", "succeeded"),
])
def test_cinders_status_settles_the_operation_or_leaves_it_open(
        action, status, outcome):
    settlement = verdict.settle(action, status)

    assert (settlement and settlement.outcome) == outcome


def test_every_action_has_a_rule_and_a_deadline():
    assert set(verdict.RULES) == set(verdict.DEADLINES) == set(
        terms.KEY_COLUMN)


def test_a_failure_gives_cinders_status_and_messages_once_each():
    settlement = verdict.settle(
        "protect", "error", ["create snapshot:Snapshot failed to create.",
                             "create snapshot:Snapshot failed to create.",
                             ""])

    assert settlement == verdict.Settlement(
        "failed", "error", "Cinder reports the snapshot in status error. "
        "create snapshot:Snapshot failed to create.")


def test_an_object_cinder_lost_is_unknown_and_says_so():
    settlement = verdict.settle("restore", verdict.GONE)

    assert settlement.reason == "unknown: Cinder no longer knows it"
    assert settlement.cinder_status == ""


def test_a_very_long_message_is_cut():
    settlement = verdict.settle("backup", "error", ["x" * 10000])

    assert len(settlement.reason) == verdict.REASON_LENGTH


def test_the_subject_is_the_column_its_action_names():
    row = {"checkpoint_id": "s-1", "volume_id": "v-1",
           "restored_volume_id": "", "backup_id": "b-1"}

    assert verdict.subject("protect", row) == ("snapshot", "s-1")
    assert verdict.subject("revert", row) == ("volume", "v-1")
    assert verdict.subject("backup", row) == ("backup", "b-1")
    assert verdict.subject("restore", row) is None


def test_deadlines_are_per_action_and_configurable():
    cutoffs = verdict.cutoffs(NOW, {"protect": 60})

    assert cutoffs["protect"] == NOW - datetime.timedelta(minutes=1)
    assert cutoffs["backup"] == NOW - datetime.timedelta(days=1)
