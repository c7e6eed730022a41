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

"""Services failing under the running dashboard: Cinder's API gone,
Cinder's volume service gone mid-protect and mid-restore, RabbitMQ gone
under a protect, the event database locked. Each time the page renders
with a clear message, nothing is lost, and the history agrees with Cinder
once the service is back."""
import contextlib
import sqlite3
import threading

import pytest

from tests import cloud
from tests.horizon_http import Horizon
from tests.horizon_http import sound
from tests import notifications
from tests import services

CHECKPOINT_KEY = "volsnap_checkpoint"
# "cannot be reached" or "is unavailable" (a kept-alive connection that
# Cinder closed on its way down may have carried the request).
UNREACHABLE = "right now; nothing was changed"


@pytest.fixture
def demo(stack):
    return Horizon(stack, "demo")


def protect(demo, volume, name):
    return sound(demo.post(f"/project/protection/{volume.id}/protect/", {
        "snapshot_name": name, "description": "fault test"}))


def restore(demo, checkpoint_id, name):
    return sound(demo.post(f"/project/checkpoints/{checkpoint_id}/restore/",
                           {"restore_name": name,
                            "restore_description": ""}))


def checkpoint_of(resources, volume):
    found = [s for s in resources.snapshots_of(volume.id)
             if CHECKPOINT_KEY in s.metadata]
    assert len(found) <= 1, found
    return found[0] if found else None


def settled(stack, timeout=60, **where):
    """The one history row matching `where`, once its outcome is final."""
    def final():
        rows = notifications.history(stack, **where)
        assert len(rows) <= 1, rows
        return rows and rows[0]["outcome"] in ("succeeded", "failed")
    cloud.wait_until(final, timeout=timeout)
    return notifications.history(stack, **where)[0]


def test_cinder_api_gone_every_page_says_so_and_nothing_changes(
        stack, demo, resources):
    volume = resources.volume()
    assert "Started protecting" in demo.messages(
        protect(demo, volume, "before-the-outage"))
    checkpoint = cloud.wait_status(
        lambda: checkpoint_of(resources, volume), "available")

    with services.stopped("cinder-api"):
        for path in ("/project/checkpoints/", "/project/protection/"):
            response = sound(demo.get(path))
            assert response.status_code == 200, path
            assert UNREACHABLE in response.text, path
        assert sound(demo.get("/project/protection_policies/")
                     ).status_code == 200
        for path in (f"/project/checkpoints/{checkpoint.id}/",
                     f"/project/checkpoints/{checkpoint.id}/restore/",
                     f"/project/protection/{volume.id}/protect/"):
            response = sound(demo.get(path))
            assert UNREACHABLE in demo.messages(response), path
        assert UNREACHABLE in demo.messages(
            protect(demo, volume, "during-the-outage"))
        assert UNREACHABLE in demo.messages(
            restore(demo, checkpoint.id, "during-the-outage"))

    assert [s.name for s in resources.snapshots_of(volume.id)] == [
        "before-the-outage"]
    assert resources.cinder.volumes.list(search_opts={
        "metadata": {"volsnap_restored_from": checkpoint.id}}) == []
    assert [row["checkpoint_name"] for row in notifications.history(
        stack, volume_id=volume.id)] == ["before-the-outage"]
    assert "before-the-outage" in sound(
        demo.get("/project/checkpoints/")).text


def test_volume_service_gone_mid_protect_and_restore_finishes_later(
        stack, demo, resources):
    volume = resources.volume()
    first = cloud.unique("first")
    protect(demo, volume, first)
    source = cloud.wait_status(lambda: checkpoint_of(resources, volume),
                               "available")

    # Named anew each run: the stack's event log outlives a test.
    while_down = cloud.unique("while-down")
    with services.stopped("cinder-volume"):
        assert "Started protecting" in demo.messages(
            protect(demo, volume, while_down))
        assert "Started restoring" in demo.messages(
            restore(demo, source.id, "restored-while-down"))
        waiting = [s for s in resources.snapshots_of(volume.id)
                   if s.name == while_down]
        assert [s.status for s in waiting] == ["creating"]
        (row,) = notifications.history(stack, checkpoint_name=while_down)
        assert row["outcome"] == "in_progress"

    cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
        waiting[0].id), "available", timeout=120)
    (restored,) = resources.cinder.volumes.list(search_opts={
        "metadata": {"volsnap_restored_from": source.id}})
    resources.volumes.append(restored.id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(restored.id),
                      "available", timeout=120)
    assert settled(stack, checkpoint_id=waiting[0].id)["outcome"] == (
        "succeeded")
    assert settled(stack, action="restore", restored_volume_id=restored.id
                   )["outcome"] == "succeeded"


def test_broker_gone_under_a_protect_is_settled_when_it_returns(
        stack, demo, resources):
    volume = resources.volume()

    with services.stopped("rabbitmq"):
        # cinder-api writes the snapshot, then waits for the broker to
        # tell cinder-volume; Horizon's call times out meanwhile.
        said = demo.messages(protect(demo, volume, "broker-down"))
        assert "may or may not have been carried out" in said
        (row,) = notifications.history(stack, volume_id=volume.id)
        assert row["outcome"] == "unknown"

    checkpoint = cloud.wait_status(
        lambda: checkpoint_of(resources, volume), "available", timeout=180)
    row = settled(stack, timeout=120, volume_id=volume.id)
    assert (row["outcome"], row["checkpoint_id"], row["source"]) == (
        "succeeded", checkpoint.id, "dashboard")


@contextlib.contextmanager
def locked(path, seconds):
    """The SQLite database held under an exclusive lock for `seconds`
    from another process's point of view (another connection)."""
    db = sqlite3.connect(path, isolation_level=None, timeout=30,
                         check_same_thread=False)
    db.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(seconds, db.rollback)
    timer.start()
    try:
        yield
    finally:
        timer.join()
        db.close()


def test_a_locked_event_database_loses_neither_action_nor_row(
        stack, demo, resources):
    volume = resources.volume()

    with locked(stack["events_database"], 20):
        response = protect(demo, volume, "history-held")

    said = demo.messages(response)
    assert "Started protecting" in said
    assert "database is locked" not in said
    checkpoint = cloud.wait_status(
        lambda: checkpoint_of(resources, volume), "available")
    row = settled(stack, volume_id=volume.id)
    assert (row["outcome"], row["checkpoint_id"]) == ("succeeded",
                                                      checkpoint.id)
