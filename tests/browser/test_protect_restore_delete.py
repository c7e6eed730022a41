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

"""demo protects, restores and deletes through the real Horizon only;
the outcome of each step is checked in Cinder through cinderclient."""
import contextlib
import sqlite3

from selenium.webdriver.common.by import By

from tests.browser.conftest import wait
from tests import cloud
from tests.volume_bytes import Pattern

CHECKPOINT_KEY = "volsnap_checkpoint"


def checkpoints_of(resources, volume):
    return [s for s in resources.snapshots_of(volume.id)
            if CHECKPOINT_KEY in s.metadata]


def protect_in_dialog(page, volume, name, force=False):
    page.open("/project/protection/")
    page.row("volumes", volume.name)
    page.row_action("volumes", volume.id, "protect")
    form = page.modal()
    page.fill(form, "snapshot_name", name)
    page.fill(form, "description", "made in the browser")
    if force:
        page.check(form, "force")
    page.submit(form)
    return form


def test_protect_restore_delete_an_available_volume(login, page,
                                                    resources, volume_bytes):
    volume = resources.volume(size=1)
    volume_bytes.write(volume.id, Pattern(1))
    login("demo")

    protect_in_dialog(page, volume, "browser-cp")

    page.message("Started protecting")
    page.row("checkpoints", "browser-cp")
    page.wait_cell("checkpoints", "browser-cp", "Status", "Available")
    page.screenshot("checkpoints-after-protect")
    (snapshot,) = checkpoints_of(resources, volume)
    assert (snapshot.name, snapshot.status) == ("browser-cp", "available")
    assert snapshot.metadata["volsnap_created_by"] == "demo"
    volume_bytes.write(volume.id, Pattern(2))

    page.row_action("checkpoints", snapshot.id, "restore")
    form = page.modal()
    assert form.find_element(By.ID, "id_restore_name").get_attribute(
        "value") == "browser-cp-restored"
    page.screenshot("restore-dialog")
    restored_name = cloud.unique("browser-restored")
    page.fill(form, "restore_name", restored_name)
    page.submit(form)

    assert restored_name in page.message("Started restoring")
    restored = [v for v in resources.cinder.volumes.list()
                if v.name == restored_name]
    assert [v.snapshot_id for v in restored] == [snapshot.id]
    resources.volumes.append(restored[0].id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(restored[0].id),
                      "available")
    source = resources.cinder.volumes.get(volume.id)
    assert (source.status, source.size) == ("available", 1)
    assert volume_bytes.holds(restored[0].id, Pattern(1))
    assert volume_bytes.holds(volume.id, Pattern(2))

    page.open(f"/project/checkpoints/{snapshot.id}/")
    wait(page.driver).until(lambda d: restored_name in d.page_source)
    page.screenshot("checkpoint-detail")

    page.open("/project/checkpoints/")
    page.row_action("checkpoints", snapshot.id, "delete")
    page.driver.find_element(By.CSS_SELECTOR,
                             ".modal-dialog .btn-danger").click()
    page.message("Scheduled deletion")
    cloud.wait_gone(lambda: resources.cinder.volume_snapshots.get(
        snapshot.id))
    assert not [name for name in volume_bytes.files() if snapshot.id in name]
    assert volume_bytes.holds(volume.id, Pattern(2))


def test_protect_an_in_use_volume_needs_force(login, page, resources):
    volume = resources.volume(in_use=True)
    login("demo")

    page.open("/project/protection/")
    page.row_action("volumes", volume.id, "protect")
    form = page.modal()
    assert "attached" in form.find_element(
        By.CSS_SELECTOR, ".volsnap-in-use-warning").text
    page.fill(form, "snapshot_name", "attached-cp")
    page.submit(form)

    error = wait(page.driver).until(lambda d: d.find_element(
        By.CSS_SELECTOR, ".modal-dialog .alert-danger"))
    assert "Force" in error.text
    page.screenshot("protect-in-use-refused")
    assert checkpoints_of(resources, volume) == []

    page.check(page.modal(), "force")
    page.submit(page.modal())

    page.wait_cell("checkpoints", "attached-cp", "Status", "Available")
    (snapshot,) = checkpoints_of(resources, volume)
    assert snapshot.status == "available"


def test_protect_three_volumes_at_once(login, page, resources):
    volumes = [resources.volume() for _ in range(3)]
    login("demo")
    page.open("/project/protection/")

    for volume in volumes:
        page.row("volumes", volume.name).find_element(
            By.CSS_SELECTOR, ".themable-checkbox label").click()
    page.driver.find_element(By.ID,
                             "volumes__action_protect_selected").click()

    page.message("Started protecting Volumes")
    page.screenshot("protection-after-bulk")
    for volume in volumes:
        (snapshot,) = checkpoints_of(resources, volume)
        assert snapshot.name.startswith(volume.name + "-")
        cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
            snapshot.id), "available")


def test_revert_in_place_keeping_a_copy_first(stack, login, page, resources,
                                              volume_bytes):
    volume = resources.volume()
    volume_bytes.write(volume.id, Pattern(1))
    snapshot = resources.cinder.volume_snapshots.create(
        volume.id, name=cloud.unique("before"),
        metadata={CHECKPOINT_KEY: "true"})
    cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
        snapshot.id), "available")
    volume_bytes.write(volume.id, Pattern(2))
    login("demo")

    page.open("/project/checkpoints/")
    page.row("checkpoints", snapshot.name)
    page.row_action("checkpoints", snapshot.id, "revert")
    form = page.modal()
    assert "is lost" in form.text
    page.screenshot("revert-dialog")
    copy_name = cloud.unique("kept")
    page.fill(form, "copy_name", copy_name)
    page.check(form, "confirm")
    page.submit(form)

    page.message("Started reverting", timeout=120)
    cloud.wait_until(lambda: resources.cinder.volumes.get(volume.id).status
                     == "available", 60)
    assert volume_bytes.holds(volume.id, Pattern(1))
    (kept,) = [v for v in resources.cinder.volumes.list()
               if v.name == copy_name]
    resources.volumes.append(kept.id)
    assert volume_bytes.holds(kept.id, Pattern(2))
    (kept_checkpoint,) = checkpoints_of(resources, kept)
    assert kept_checkpoint.status == "available"

    # Snapshot History has the revert, settled by Cinder's word.
    cloud.wait_until(lambda: reverts_of(stack, snapshot.id) == [
        ("dashboard", "demo", "succeeded")], 60, 0.5)
    login("admin")
    page.open("/admin/snapshot_history/")
    wait(page.driver).until(lambda d: "Revert" in d.page_source)
    page.screenshot("history-after-revert")


def reverts_of(stack, checkpoint_id):
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        return db.execute(
            "SELECT source, user_name, outcome FROM volsnap_events_event "
            "WHERE action = 'revert' AND checkpoint_id = ?",
            (checkpoint_id,)).fetchall()


def test_revert_is_refused_in_words_when_a_newer_snapshot_exists(
        login, page, resources, volume_bytes):
    volume = resources.volume()
    volume_bytes.write(volume.id, Pattern(1))
    made = []
    for name in ("older", "newer"):
        made.append(resources.cinder.volume_snapshots.create(
            volume.id, name=cloud.unique(name),
            metadata={CHECKPOINT_KEY: "true"}))
        cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
            made[-1].id), "available")
    login("demo")

    page.open(f"/project/checkpoints/{made[0].id}/revert/")

    refusal = wait(page.driver).until(lambda d: d.find_element(
        By.CSS_SELECTOR, ".volsnap-revert-refusal"))
    assert "newest snapshot" in refusal.text
    assert made[1].name in refusal.text
    page.screenshot("revert-refused")
    assert resources.cinder.volumes.get(volume.id).status == "available"
    assert volume_bytes.holds(volume.id, Pattern(1))
