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

"""A checkpoint backed up from its row, the backup's row settling on the
Checkpoint Backups page, and a restore from it into a volume of the type
chosen in the dialog, proven by its bytes."""
import contextlib
import sqlite3

from selenium.webdriver.common.by import By

from tests.browser.conftest import wait
from tests import cloud
from tests.volume_bytes import Pattern


def choose(form, field, value):
    """Picks an option of Horizon's themable select, as a user does."""
    form.find_element(By.CSS_SELECTOR,
                      f"#id_{field} ~ .dropdown-toggle, "
                      f".themable-select:has(#id_{field}) "
                      ".dropdown-toggle").click()
    wait(form.parent).until(lambda d: form.find_element(
        By.CSS_SELECTOR, f"a[data-select-value='{value}']").is_displayed())
    form.find_element(By.CSS_SELECTOR,
                      f"a[data-select-value='{value}']").click()


def backups_of(stack, backup_id):
    with contextlib.closing(sqlite3.connect(stack["events_database"])) as db:
        return db.execute(
            "SELECT action, source, user_name, outcome FROM "
            "volsnap_events_event WHERE backup_id = ? ORDER BY id",
            (backup_id,)).fetchall()


def test_back_up_a_checkpoint_and_restore_the_backup(
        stack, login, page, resources, volume_bytes):
    volume = resources.volume()
    volume_bytes.write(volume.id, Pattern(31))
    snapshot = resources.cinder.volume_snapshots.create(
        volume.id, name=cloud.unique("to-back-up"),
        metadata={"volsnap_checkpoint": "true"})
    cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
        snapshot.id), "available")
    login("demo")

    page.open("/project/checkpoints/")
    page.row("checkpoints", snapshot.name)
    page.row_action("checkpoints", snapshot.id, "back_up")
    form = page.modal()
    assert "survives the loss" in form.text
    backup_name = cloud.unique("browser-backup")
    page.fill(form, "name", backup_name)
    page.screenshot("back-up-dialog")
    page.submit(form)

    page.message("Started backing up")
    (backup,) = resources.cinder.backups.list(
        search_opts={"name": backup_name})
    resources.backups.append(backup.id)
    page.row("checkpoint_backups", backup_name)
    # The row follows Cinder without a reload.
    page.wait_cell("checkpoint_backups", backup_name, "Status", "Available",
                   timeout=300)
    assert page.cell("checkpoint_backups", page.row(
        "checkpoint_backups", backup_name), "Kind").text == "Full"
    page.screenshot("checkpoint-backups")

    page.row_action("checkpoint_backups", backup.id, "restore_backup")
    form = page.modal()
    restored_name = cloud.unique("from-backup")
    page.fill(form, "restore_name", restored_name)
    choose(form, "volume_type", stack["volume_types"]["other"])
    page.submit(form)

    assert restored_name in page.message("Started restoring backup")
    (restored,) = [v for v in resources.cinder.volumes.list()
                   if v.name == restored_name]
    resources.volumes.append(restored.id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(restored.id),
                      "available", 300)
    restored = resources.cinder.volumes.get(restored.id)
    assert (restored.name, restored.volume_type) == (
        restored_name, stack["volume_types"]["other"])
    assert volume_bytes.holds(restored.id, Pattern(31))
    # One row per operation, who asked and Cinder's outcome.
    cloud.wait_until(lambda: backups_of(stack, backup.id) == [
        ("backup", "dashboard", "demo", "succeeded"),
        ("restore_backup", "dashboard", "demo", "succeeded")], 60, 0.5)
