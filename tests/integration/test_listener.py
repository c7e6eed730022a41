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

"""volsnap-listener on the real Cinder, RabbitMQ and event log: snapshots
made without the dashboard (cinderclient, as the CLI does) appear in the
history with their user, project and Cinder's outcome; nothing is lost
while the listener is down; a message applied twice changes nothing."""
import contextlib
import datetime
import uuid

from tests import cloud
from tests import notifications

UTC = datetime.timezone.utc


def settled(stack, timeout=30, **where):
    """The rows matching `where` once none is in progress any more."""
    def done():
        found = notifications.history(stack, **where)
        return found and all(r["outcome"] in ("succeeded", "failed")
                             for r in found)

    with contextlib.suppress(AssertionError):
        cloud.wait_until(done, timeout, 0.3)
    return notifications.history(stack, **where)


def test_a_cli_snapshot_is_recorded_with_its_user_and_outcome(
        stack, resources):
    volume = resources.volume()
    snapshot = resources.cinder.volume_snapshots.create(volume.id,
                                                        name="by-cli")

    (row,) = settled(stack, checkpoint_id=snapshot.id)

    session = resources.cinder.client.session
    assert (row["action"], row["outcome"], row["source"], row["user_id"],
            row["project_id"], row["volume_id"], row["checkpoint_name"],
            row["cinder_status"]) == (
        "protect", "succeeded", "other", session.get_user_id(),
        session.get_project_id(), volume.id, "by-cli", "available")
    # Cinder's notice names no one; the stack's watchdog may have written
    # Keystone's name in since.
    assert row["user_name"] in ("", "demo"), row
    assert row["finished_at"] >= row["created_at"]


def test_a_snapshot_forced_into_error_is_failed(stack, resources):
    volume = resources.volume()
    snapshot = resources.cinder.volume_snapshots.create(volume.id)
    settled(stack, checkpoint_id=snapshot.id)

    admin = cloud.cinder(stack, "admin")
    admin.volume_snapshots.reset_state(snapshot.id, "error")

    cloud.wait_until(lambda: notifications.history(
        stack, checkpoint_id=snapshot.id)[0]["outcome"] == "failed", 30)
    (row,) = notifications.history(stack, checkpoint_id=snapshot.id)
    assert (row["cinder_status"], row["error"]) == (
        "error", "Cinder reported the protect in status error.")


def test_cli_restore_and_delete_are_recorded(stack, resources):
    volume = resources.volume()
    made = resources.cinder.volume_snapshots.create(volume.id)
    snapshot = cloud.wait_status(
        lambda: resources.cinder.volume_snapshots.get(made.id), "available")
    restored = resources.cinder.volumes.create(1, snapshot_id=snapshot.id,
                                               name="from-cli")
    resources.volumes.append(restored.id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(restored.id),
                      "available")
    resources.delete_volume(restored.id)
    resources.cinder.volume_snapshots.delete(snapshot.id)

    (restore,) = settled(stack, restored_volume_id=restored.id)
    (delete,) = settled(stack, action="delete", checkpoint_id=snapshot.id)
    assert (restore["action"], restore["outcome"], restore["source"],
            restore["checkpoint_id"], restore["volume_id"]) == (
        "restore", "succeeded", "other", snapshot.id, volume.id)
    assert (delete["outcome"], delete["source"], delete["volume_id"]) == (
        "succeeded", "other", volume.id)


def test_snapshots_made_while_the_listener_is_down_are_all_recorded(
        stack, resources):
    volume = resources.volume()
    notifications.stop_listener()
    try:
        made = [resources.cinder.volume_snapshots.create(
            volume.id, name=f"offline-{n}") for n in range(5)]
        for snapshot in made:
            cloud.wait_status(
                lambda: resources.cinder.volume_snapshots.get(snapshot.id),
                "available")
        assert all(not notifications.history(stack, checkpoint_id=s.id)
                   for s in made)
    finally:
        notifications.start_listener()

    rows = [settled(stack, checkpoint_id=s.id) for s in made]
    assert [[(r["action"], r["outcome"], r["checkpoint_name"]) for r in found]
            for found in rows] == [[("protect", "succeeded", f"offline-{n}")]
                                   for n in range(5)]


def test_a_notification_twice_or_out_of_order_changes_nothing(stack):
    snapshot_id, volume_id = str(uuid.uuid4()), str(uuid.uuid4())
    context = {"user_id": "u-test", "user_name": "tester",
               "project_id": "p-test", "project_name": "test"}
    payload = {"snapshot_id": snapshot_id, "volume_id": volume_id,
               "tenant_id": "p-test", "user_id": "u-test",
               "display_name": "twice", "status": "available",
               "created_at": "2026-11-25T10:00:00+00:00"}
    started = datetime.datetime(2026, 11, 25, 10, 0, 1)
    end = notifications.publish("snapshot.create.end", payload, context,
                                timestamp=started
                                + datetime.timedelta(seconds=5))
    notifications.publish("snapshot.create.end", payload, context,
                          message_id=end)
    # The start, older, arrives last.
    notifications.publish("snapshot.create.start",
                          dict(payload, status="creating"), context,
                          timestamp=started)

    cloud.wait_until(lambda: notifications.history(
        stack, checkpoint_id=snapshot_id), 30)
    # The start came through after the ends: wait for its own message.
    marker = notifications.publish(
        "snapshot.update.end", dict(payload, status="available"), context,
        timestamp=started + datetime.timedelta(seconds=9))
    cloud.wait_until(lambda: notifications.applied(stack, marker), 30)

    (row,) = notifications.history(stack, checkpoint_id=snapshot_id)
    assert (row["outcome"], row["source"], row["user_name"],
            row["cinder_status"], row["created_at"][:19],
            row["finished_at"][:19]) == (
        "succeeded", "other", "tester", "available", "2026-11-25 10:00:00",
        "2026-11-25 10:00:06")  # the update said nothing new of the end


def test_a_broker_restart_loses_nothing(stack, resources):
    volume = resources.volume()
    notifications.stop_listener()
    try:
        made = resources.cinder.volume_snapshots.create(volume.id,
                                                        name="before-restart")
        cloud.wait_status(
            lambda: resources.cinder.volume_snapshots.get(made.id),
            "available")
        notifications.restart_broker()
    finally:
        notifications.start_listener()

    assert [(r["action"], r["outcome"]) for r in settled(
        stack, checkpoint_id=made.id)] == [("protect", "succeeded")]
