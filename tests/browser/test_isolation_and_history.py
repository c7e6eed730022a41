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

"""Project isolation and the admin history, through the real Horizon."""
import csv
import datetime
import io
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import wait
from tests.browser.test_protect_restore_delete import checkpoints_of
from tests.browser.test_protect_restore_delete import protect_in_dialog
from tests import cloud
from tests import notifications


def test_alt_sees_none_of_demos_checkpoints(login, page, resources):
    volume = resources.volume()
    login("demo")
    protect_in_dialog(page, volume, "demo-private")
    page.wait_cell("checkpoints", "demo-private", "Status", "Available")
    (snapshot,) = checkpoints_of(resources, volume)

    login("alt")
    page.open("/project/checkpoints/")
    assert "demo-private" not in [r.get_attribute("data-display")
                                  for r in page.rows("checkpoints")]
    page.screenshot("alt-checkpoints")
    for path in (f"/project/checkpoints/{snapshot.id}/",
                 f"/project/checkpoints/{snapshot.id}/restore/",
                 f"/project/protection/{volume.id}/protect/"):
        page.open(path)
        page.message("not found", kind="danger")
        assert snapshot.id not in page.driver.current_url
        assert volume.id not in page.driver.current_url
    assert resources.cinder.volume_snapshots.get(snapshot.id).status == (
        "available")


def test_admin_reviews_and_exports_every_projects_events(stack, login, page,
                                                         resources):
    demo_volume = resources.volume()
    alt = cloud.Resources(stack, "alt")
    try:
        alt_volume = alt.volume()
        login("demo")
        protect_in_dialog(page, demo_volume, "history-demo")
        page.message("Started protecting")
        login("alt")
        protect_in_dialog(page, alt_volume, "history-alt")
        page.message("Started protecting")
        cloud.wait_status(lambda: alt.snapshots_of(alt_volume.id)[0],
                          "available")

        login("demo")
        page.open("/admin/snapshot_history/")
        assert "/admin/snapshot_history/" not in page.driver.current_url \
            or "Snapshot History" not in page.driver.title

        login("admin")
        page.open("/admin/snapshot_history/")
        for name in ("history-demo", "history-alt"):
            assert name in page.driver.find_element(
                By.CSS_SELECTOR, "table#events").text
        page.screenshot("admin-snapshot-history")

        page.open("/admin/snapshot_history/?project=alt")
        text = page.driver.find_element(By.CSS_SELECTOR, "table#events").text
        assert "history-alt" in text and "history-demo" not in text

        csv_text = page.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/admin/snapshot_history/export.csv?action=protect')"
            ".then(r => r.text()).then(done);")
        # Fields may hold line breaks (Cinder's error messages do).
        header, *records = csv.reader(io.StringIO(csv_text))
        assert header[:4] == ["created_at", "finished_at", "project_id",
                              "project_name"]
        assert any("history-demo" in record and "demo" in record
                   for record in records)
        assert any("history-alt" in record and "alt" in record
                   for record in records)
        assert all(record[header.index("action")] == "protect"
                   for record in records)
    finally:
        alt.cleanup()


def test_checkpoints_update_without_reloading(stack, login, page,
                                              resources):
    volume = resources.volume()
    login("demo")
    protect_in_dialog(page, volume, "live-cp")
    page.wait_cell("checkpoints", "live-cp", "Status", "Available")
    (snapshot,) = checkpoints_of(resources, volume)
    admin = cloud.cinder(stack, "admin")
    admin.volume_snapshots.reset_state(snapshot.id, "creating")
    page.open("/project/checkpoints/")
    page.wait_cell("checkpoints", "live-cp", "Status", "Creating")
    page.driver.execute_script("window.volsnapSamePage = true;")

    admin.volume_snapshots.reset_state(snapshot.id, "available")

    page.wait_cell("checkpoints", "live-cp", "Status", "Available")
    assert page.driver.execute_script("return window.volsnapSamePage;")


def chart_series(page):
    return {bar.get_attribute("data-series") for bar in
            page.driver.find_elements(By.CSS_SELECTOR, "rect.volsnap-bar")}


def test_admin_filters_the_history_and_its_chart(stack, login, page,
                                                 resources):
    clicked, by_cli = resources.volume(), resources.volume()
    one_row, broken = cloud.unique("one-row"), cloud.unique("cli-broken")
    login("demo")
    protect_in_dialog(page, clicked, one_row)
    page.message("Started protecting")
    failed = resources.cinder.volume_snapshots.create(by_cli.id,
                                                      name=broken)
    cloud.wait_status(lambda: resources.cinder.volume_snapshots.get(
        failed.id), "available")
    admin = cloud.cinder(stack, "admin")
    admin.volume_snapshots.reset_state(failed.id, "error")

    # One row for the click, completed by Cinder's notification.
    cloud.wait_until(lambda: [r["outcome"] for r in notifications.history(
        stack, checkpoint_name=one_row)] == ["succeeded"], 30)
    (row,) = notifications.history(stack, checkpoint_name=one_row)
    assert (row["source"], row["user_name"]) == ("dashboard", "demo")
    cloud.wait_until(lambda: [r["outcome"] for r in notifications.history(
        stack, checkpoint_id=failed.id)] == ["failed"], 30)

    login("admin")
    page.open("/admin/snapshot_history/")
    assert {"protect_succeeded", "protect_failed"} <= chart_series(page)
    form = page.driver.find_element(By.CSS_SELECTOR,
                                    "form.volsnap-history-filter")
    Select(form.find_element(By.NAME, "outcome")).select_by_value("failed")
    Select(form.find_element(By.NAME, "source")).select_by_value("other")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(page.driver).until(
        lambda d: "outcome=failed" in d.current_url and d.execute_script(
            "return document.readyState") == "complete")

    assert chart_series(page) == {"protect_failed"}
    rows = page.driver.find_element(By.CSS_SELECTOR, "table#events").text
    assert broken in rows and one_row not in rows
    page.screenshot("admin-snapshot-history-filtered")
    export = page.driver.find_element(By.CSS_SELECTOR,
                                      "a[id$='__action_export']")
    csv_text = page.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done);",
        export.get_attribute("href"))
    lines = csv_text.splitlines()
    assert any(broken in line for line in lines)
    assert all(",failed,other," in line for line in lines[1:])


def test_a_row_with_ids_only_shows_keystones_names(stack, login, page):
    session = cloud.keystone_session(stack, "demo")
    user_id, project_id = session.get_user_id(), session.get_project_id()
    snapshot_id, name = str(uuid.uuid4()), cloud.unique("nameless")
    # Cinder's notices carry ids only, as this one does.
    notifications.publish(
        "snapshot.create.end",
        {"snapshot_id": snapshot_id, "volume_id": str(uuid.uuid4()),
         "tenant_id": project_id, "user_id": user_id, "display_name": name,
         "status": "available",
         "created_at": datetime.datetime.now(
             datetime.timezone.utc).isoformat()},
        {"user_id": user_id, "project_id": project_id})
    cloud.wait_until(lambda: notifications.history(
        stack, checkpoint_id=snapshot_id), 30)

    login("admin")
    page.open(f"/admin/snapshot_history/?checkpoint={snapshot_id}")
    (shown,) = page.driver.find_elements(
        By.CSS_SELECTOR, "table#events tbody tr[data-object-id]")
    assert page.cell("events", shown, "User").text == "demo"
    assert page.cell("events", shown, "Project").text == "demo"
    page.screenshot("admin-snapshot-history-names")
    # The stack's watchdog writes the names into the row: the name
    # filter finds it.
    cloud.wait_until(lambda: notifications.history(
        stack, checkpoint_id=snapshot_id)[0]["user_name"] == "demo", 30)
    page.open(f"/admin/snapshot_history/?user=demo&project=demo"
              f"&checkpoint={name}")
    assert len(page.driver.find_elements(
        By.CSS_SELECTOR, "table#events tbody tr[data-object-id]")) == 1
