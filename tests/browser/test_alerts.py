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

"""An admin's alert channel through the real Horizon: Send Test, sent by
the stack's real volsnap-watchdog to a real HTTP receiver, signed, and
its delivery on the channel's page."""
import datetime
import json

from selenium.webdriver.common.by import By

from tests.browser.conftest import wait
from tests import cloud
from tests import receivers
from volsnap_dashboard.alerts import payloads

SECRET = "browser-test-secret"


def test_send_test_reaches_the_receiver_signed_and_shows_delivered(
        login, page):
    name = cloud.unique("ops-hook")
    login("admin")
    with receivers.Webhooks() as hooks:
        page.open("/admin/alerts/")
        page.driver.find_element(By.ID,
                                 "admin_channels__action_create").click()
        form = page.modal()
        page.fill(form, "name", name)
        page.fill(form, "target", hooks.url)
        page.fill(form, "secret", SECRET)
        page.check(form, "rules_0")
        page.check(form, "allow_private")
        page.submit(form)
        page.message("Created alert channel")
        channel_id = page.row("admin_channels", name).get_attribute(
            "data-object-id")
        page.row_action("admin_channels", channel_id, "send_test")
        page.message("Queued a test alert")
        cloud.wait_until(lambda: hooks.received, timeout=30)

    ((path, headers, body),) = hooks.received
    assert path == "/hook"
    assert json.loads(body)["event"] == "test"
    assert payloads.verify(SECRET, headers[payloads.TIMESTAMP_HEADER], body,
                           headers[payloads.SIGNATURE_HEADER],
                           datetime.datetime.now(datetime.timezone.utc))

    def delivered():
        page.open(f"/admin/alerts/{channel_id}/")
        return "Delivered" in page.driver.find_element(
            By.CSS_SELECTOR, "table#deliveries").text
    wait(page.driver, 30).until(lambda driver: delivered())
    page.screenshot("alert-channel-delivered")
    assert SECRET not in page.driver.page_source
    # Cleaned up, so that the stack's later alerts do not come here.
    page.open("/admin/alerts/")
    page.row_action("admin_channels", channel_id, "delete")
    wait(page.driver).until(lambda d: d.find_element(
        By.CSS_SELECTOR, ".modal-dialog .btn-danger")).click()
    page.message("Deleted Channel")
