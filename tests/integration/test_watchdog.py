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

"""The stack's volsnap-watchdog against the real Cinder: a snapshot the
NFS driver fails (its volume's file is gone) gets no notice that it
ended, and the watchdog settles it with Cinder's status and user
message; with Cinder's API down it settles nothing, and catches up."""
import contextlib
import glob
import os
import time

import pytest

from tests import cloud
from tests.horizon_http import Horizon
from tests.horizon_http import sound
from tests import notifications
from tests import services

# The stack's watchdog passes every 5 seconds.
PASSES = 15


@pytest.fixture
def demo(stack):
    return Horizon(stack, "demo")


@contextlib.contextmanager
def file_gone(stack, volume_id):
    """The volume's file moved away, as a failing backend loses it."""
    (path,) = glob.glob(os.path.join(stack["cinder_nfs_export"],
                                     f"volume-{volume_id}*"))
    os.rename(path, path + ".away")
    try:
        yield
    finally:
        os.rename(path + ".away", path)


def failed_protect(stack, demo, resources):
    """A protect the driver fails: its row, still in progress."""
    volume = resources.volume()
    name = cloud.unique("silently-failed")
    with file_gone(stack, volume.id):
        response = sound(demo.post(
            f"/project/protection/{volume.id}/protect/",
            {"snapshot_name": name, "description": ""}))
        assert "Started protecting" in demo.messages(response)
        (snapshot,) = resources.snapshots_of(volume.id)
        cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
            snapshot.id), "error", timeout=60)
    (row,) = notifications.history(stack, checkpoint_name=name)
    # Cinder said it started, and nothing since.
    assert (row["outcome"], row["checkpoint_id"]) == ("in_progress",
                                                      snapshot.id)
    return row


def outcome(stack, row):
    return notifications.history(stack, id=row["id"])[0]


def test_a_silent_failure_is_settled_with_cinders_reason(
        stack, demo, resources):
    row = failed_protect(stack, demo, resources)
    time.sleep(PASSES)
    # Before its deadline, nobody asks.
    assert outcome(stack, row)["outcome"] == "in_progress"

    notifications.backdate(stack, row["id"], hours=2)

    cloud.wait_until(lambda: outcome(stack, row)["outcome"] != "in_progress",
                     timeout=PASSES * 2)
    settled = outcome(stack, row)
    assert (settled["outcome"], settled["cinder_status"]) == ("failed",
                                                              "error")
    assert settled["error"] == (
        "Cinder reports the snapshot in status error. "
        "create snapshot:Snapshot failed to create.")
    assert settled["finished_at"]


def test_cinder_down_settles_nothing_and_it_catches_up_after(
        stack, demo, resources):
    row = failed_protect(stack, demo, resources)

    with services.stopped("cinder-api"):
        notifications.backdate(stack, row["id"], hours=2)
        time.sleep(PASSES)
        assert outcome(stack, row)["outcome"] == "in_progress"

    cloud.wait_until(lambda: outcome(stack, row)["outcome"] == "failed",
                     timeout=PASSES * 2)
