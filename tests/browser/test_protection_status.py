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

"""A volume past its recovery point objective, on the project's
Protection page and the admin's Protection Status, through the real
Horizon."""
import datetime

from selenium.webdriver.common.by import By

from tests.browser.test_protection_policies import create_policy_form
from tests import cloud
from tests import notifications


def chart_counts(page):
    return {bar.get_attribute("data-series"): int(bar.get_attribute(
        "data-count")) for bar in page.driver.find_elements(
        By.CSS_SELECTOR, "figure.volsnap-activity rect.volsnap-bar")}


def test_a_volume_past_its_objective_shows_at_risk(stack, login, page,
                                                   resources):
    volume = resources.volume()
    name = cloud.unique("status")
    login("demo")
    form = create_policy_form(page, name, volume)
    page.choose(form, "schedule_kind", "hourly")
    # Half an hour away: no run protects the volume during the test.
    minute = (datetime.datetime.now().minute + 30) % 60
    page.fill(form, "minute", str(minute))
    page.submit(form)
    page.message("Created protection policy")
    policy_id = page.row("policies", name).get_attribute("data-object-id")
    try:
        # An hourly policy's objective is 1 hour 30 minutes; made two
        # hours ago, it has left the volume unprotected past it.
        notifications.backdate_row(stack, "volsnap_policies_policy", "name",
                                   name, 2)

        page.open("/project/protection/")
        row = page.row("volumes", volume.name)
        assert page.cell("volumes", row, "Recovery Point").text.startswith(
            "At risk: never protected")
        assert chart_counts(page).get("at_risk", 0) >= 1
        page.screenshot("protection-at-risk")

        login("admin")
        page.open("/admin/protection_status/")
        demo = next(r for r in page.driver.find_elements(
            By.CSS_SELECTOR, "table#projects tbody tr")
            if page.cell("projects", r, "Project").text == "demo")
        assert int(page.cell("projects", demo,
                             "Volumes at Risk").text) >= 1
        assert chart_counts(page).get("at_risk", 0) >= 1
        page.screenshot("admin-protection-status")
    finally:
        login("demo")
        page.open("/project/protection_policies/")
        page.row_action("policies", policy_id, "delete")
        page.submit(page.modal())
        page.message("Deleted protection policy")
