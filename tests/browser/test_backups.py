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
from tests.browser import test_protection_policies
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


def test_a_policy_s_backup_tier_from_its_form_to_a_restore(
        stack, login, page, resources, volume_bytes):
    volume = resources.volume()
    volume_bytes.write(volume.id, Pattern(32))
    name = cloud.unique("backing-policy")
    login("demo")
    form = test_protection_policies.create_policy_form(page, name, volume)
    page.fill(form, "backup_every", "1")
    page.fill(form, "backup_full_every", "7")
    page.fill(form, "backup_keep_last", "3")
    # The next runs say which back up in full; the need is per volume
    # covered (the 1 GiB one ticked) against the project's quota.
    wait(page.driver).until(lambda d: "(full backup)" in d.find_element(
        By.CSS_SELECTOR, ".volsnap-next-runs li").text)
    need = wait(page.driver).until(lambda d: d.find_element(
        By.CSS_SELECTOR, ".volsnap-backup-need").text.startswith(
        "Each volume keeps up to") and d.find_element(
        By.CSS_SELECTOR, ".volsnap-backup-need").text)
    assert "up to 10 backups: about 10 GiB" in need
    assert "more backups and" in need
    page.screenshot("policy-backup-tier")
    page.submit(form)
    page.message("Created protection policy")
    policy_id = page.row("policies", name).get_attribute("data-object-id")

    page.row_action("policies", policy_id, "run_now")
    page.message("Queued a run")
    page.open(f"/project/protection_policies/{policy_id}/")
    assert "Every run, a full one every 7 backups" in page.driver.find_element(
        By.CSS_SELECTOR, ".detail").text

    def made():
        return [b for b in resources.cinder.backups.list()
                if b.volume_id == volume.id]
    cloud.wait_until(made, 120, 0.5)
    (backup,) = made()
    resources.backups.append(backup.id)
    page.open("/project/checkpoint_backups/")
    page.wait_cell("checkpoint_backups", backup.name, "Status", "Available",
                   timeout=300)
    assert page.cell("checkpoint_backups", page.row(
        "checkpoint_backups", backup.name), "Kind").text == "Full"
    page.open(f"/project/protection_policies/{policy_id}/")
    wait(page.driver, 120).until(lambda d: "Succeeded" in d.find_element(
        By.CSS_SELECTOR, "table#runs").text)

    def last_backed_up():
        page.open("/project/protection/")
        return page.cell("volumes", page.row("volumes", volume.name),
                         "Last Backed Up").text.strip()
    # Once Cinder's notice of the finished backup reaches the log.
    cloud.wait_until(lambda: last_backed_up() != "Never", 60, 1)

    page.open("/project/checkpoint_backups/")
    page.row_action("checkpoint_backups", backup.id, "restore_backup")
    form = page.modal()
    restored_name = cloud.unique("from-policy-backup")
    page.fill(form, "restore_name", restored_name)
    page.submit(form)
    page.message("Started restoring backup")
    (restored,) = [v for v in resources.cinder.volumes.list()
                   if v.name == restored_name]
    resources.volumes.append(restored.id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(restored.id),
                      "available", 300)
    assert volume_bytes.holds(restored.id, Pattern(32))
