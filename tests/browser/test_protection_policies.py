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

"""A protection policy through the real Horizon, run by the stack's real
volsnap-scheduler acting through a real Keystone trust."""
from selenium.webdriver.common.by import By

from tests.browser.conftest import wait
from tests import cloud

POLICY_KEY = "volsnap_policy"


def policy_snapshots(resources, volume):
    return [s for s in resources.snapshots_of(volume.id)
            if POLICY_KEY in s.metadata]


def create_policy_form(page, name, volume):
    """The Create Policy dialog, named, with `volume` ticked."""
    page.open("/project/protection_policies/")
    page.driver.find_element(By.ID, "policies__action_create").click()
    form = page.modal()
    page.fill(form, "name", name)
    page.driver.execute_script("arguments[0].click()", form.find_element(
        By.CSS_SELECTOR, f"input[name=volume_ids][value='{volume.id}']"))
    return form


def test_create_run_pause_and_delete_a_policy(login, page, resources):
    volume = resources.volume()
    name = cloud.unique("policy")
    login("demo")
    form = create_policy_form(page, name, volume)
    page.choose(form, "schedule_kind", "hourly")
    page.fill(form, "minute", "17")
    page.fill(form, "keep_last", "1")
    # The server computes the next five runs before anything is saved.
    runs = wait(page.driver).until(lambda d: [
        li.text for li in d.find_elements(
            By.CSS_SELECTOR, ".volsnap-next-runs li")
        if li.text and "Choose" not in li.text][:5] or None)
    assert len(runs) == 5
    page.screenshot("policy-create-dialog")
    page.submit(form)
    page.message("Created protection policy")
    row = page.row("policies", name)
    policy_id = row.get_attribute("data-object-id")

    def succeeded_runs():
        page.open(f"/project/protection_policies/{policy_id}/")
        return page.driver.find_element(By.CSS_SELECTOR,
                                        "table#runs").text.count("Succeeded")

    for attempt in range(2):
        page.open("/project/protection_policies/")
        page.row_action("policies", policy_id, "run_now")
        page.message("Queued a run")
        wait(page.driver, 90).until(
            lambda driver: succeeded_runs() == attempt + 1)
        # Retention (keep the last 1) trims the first run's checkpoint
        # once the second is available.
        cloud.wait_until(lambda: len(policy_snapshots(resources,
                                                      volume)) == 1, 60)
    (snapshot,) = policy_snapshots(resources, volume)
    assert snapshot.status == "available"
    # Acting through the trust with impersonation: demo made it.
    assert snapshot.metadata["volsnap_created_by"] == "demo"

    page.screenshot("protection-policy-detail")
    page.open("/project/protection_policies/")
    assert page.cell("policies", page.row("policies", name),
                     "Last Run").text.strip() == "Succeeded"
    page.screenshot("protection-policies-panel")
    page.row_action("policies", policy_id, "pause")
    page.message("Paused")
    page.wait_cell("policies", name, "State", "Paused")

    login("admin")
    page.open("/admin/protection_policies/")
    row = page.row("admin_policies", name)
    assert page.cell("admin_policies", row, "Project").text == "demo"
    assert page.cell("admin_policies", row, "State").text == "Paused"
    page.screenshot("admin-protection-policies")

    login("demo")
    page.open("/project/protection_policies/")

    page.row_action("policies", policy_id, "delete")
    form = page.modal()
    page.submit(form)
    page.message("Deleted protection policy")
    assert name not in [r.get_attribute("data-display")
                        for r in page.rows("policies")]
    # Kept, as chosen.
    assert [s.id for s in policy_snapshots(resources, volume)] == [
        snapshot.id]


def test_a_metadata_selector_with_a_spread_protects_what_it_covers(
        login, page, resources):
    key = cloud.unique("tier")
    tagged = resources.cinder.volumes.create(
        1, name=cloud.unique("tagged"), metadata={key: "gold"})
    resources.volumes.append(tagged.id)
    cloud.wait_status(lambda: resources.cinder.volumes.get(tagged.id),
                      "available")
    other = resources.volume()
    name = cloud.unique("selector")
    login("demo")
    page.open("/project/protection_policies/")
    page.driver.find_element(By.ID, "policies__action_create").click()
    form = page.modal()
    page.fill(form, "name", name)
    menu = form.find_element(By.ID, "id_target").find_element(
        By.XPATH, "..")
    menu.find_element(By.CSS_SELECTOR, ".dropdown-toggle").click()
    menu.find_element(By.CSS_SELECTOR,
                      "a[data-select-value=metadata]").click()
    page.fill(form, "target_key", key)
    page.fill(form, "target_value", "gold")
    page.fill(form, "spread_minutes", "30")
    # Counted in the page from the volumes' metadata, before saving.
    covered = wait(page.driver).until(lambda d: d.find_element(
        By.CSS_SELECTOR, ".volsnap-covered").text.startswith("One volume")
        and d.find_element(By.CSS_SELECTOR, ".volsnap-covered").text)
    assert tagged.name in covered and other.name not in covered
    wait(page.driver).until(lambda d: "starting by" in d.find_element(
        By.CSS_SELECTOR, ".volsnap-next-runs").text)
    page.screenshot("policy-selector-dialog")
    page.submit(form)
    page.message("Created protection policy")
    policy_id = page.row("policies", name).get_attribute("data-object-id")

    page.open("/project/protection/")
    assert page.cell("volumes", page.row("volumes", tagged.name),
                     "Protection Policies").text == (
        f"{name} (Metadata {key}=gold)")

    page.open("/project/protection_policies/")
    page.row_action("policies", policy_id, "run_now")
    page.message("Queued a run")
    cloud.wait_until(lambda: [
        s.status for s in policy_snapshots(resources, tagged)] == [
        "available"], 90)
    assert policy_snapshots(resources, other) == []
