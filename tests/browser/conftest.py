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

"""Headless Debian Chromium driving the real Horizon of the local stack."""
import os
import re
import shutil
import tempfile
import time

import pytest
from selenium.common import exceptions
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import ARTIFACTS
from tests.conftest import FAILED

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-quic", "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--window-size=1400,1000")


@pytest.fixture(scope="session")
def driver(stack):
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    profile = tempfile.mkdtemp(prefix="volsnap-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    chrome = webdriver.Chrome(
        options=options, service=Service("/usr/bin/chromedriver"))
    chrome.implicitly_wait(0)
    yield chrome
    chrome.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(autouse=True)
def keep_evidence_of_failure(request, driver):
    yield
    if request.node.stash.get(FAILED, False):
        save_artifacts(driver, "FAILED-" + request.node.name)


def save_artifacts(driver, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    base = os.path.join(ARTIFACTS, re.sub(r"[^\w.-]", "_", name))
    driver.save_screenshot(base + ".png")
    with open(base + ".html", "w") as f:
        f.write(driver.page_source)
    return base + ".png"


def wait(driver, timeout=20):
    # Horizon replaces rows as their status updates arrive.
    return WebDriverWait(driver, timeout, ignored_exceptions=(
        exceptions.NoSuchElementException,
        exceptions.StaleElementReferenceException))


@pytest.fixture
def login(driver, stack):
    """Logs in as one of the stack's users; returns the driver."""
    def login_as(user):
        project = stack["users"][user]["project"]
        for _attempt in range(5):
            # Leaving the page first stops Horizon's row updates; an answer
            # still in flight can set the old session cookie again, which
            # the check of the project shown below catches.
            driver.get("about:blank")
            driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
            # Logging out as well ends a session whose cookie came back.
            driver.get(stack["horizon_url"] + "/auth/logout/")
            driver.get(stack["horizon_url"] + "/auth/login/")
            if not driver.find_elements(By.ID, "id_username"):
                time.sleep(1)
                continue
            driver.find_element(By.ID, "id_username").send_keys(user)
            driver.find_element(By.ID, "id_password").send_keys(
                stack["users"][user]["password"])
            driver.find_element(By.CSS_SELECTOR,
                                "#loginBtn, .btn-primary").click()
            shown = wait(driver).until(EC.presence_of_element_located(
                (By.CSS_SELECTOR, ".context-project"))).text.strip()
            if shown == project:
                return driver
        raise AssertionError(f"could not log in as {user}")

    return login_as


class Page:
    """Reads and drives Horizon pages the way a user does."""

    def __init__(self, driver, stack):
        self.driver = driver
        self.base = stack["horizon_url"]

    def open(self, path):
        self.driver.get(self.base + path)
        wait(self.driver).until(lambda d: d.execute_script(
            "return document.readyState") == "complete")

    def row(self, table, display, timeout=20):
        selector = f"table#{table} tr[data-display='{display}']"
        return wait(self.driver, timeout).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, selector)))

    def rows(self, table):
        return self.driver.find_elements(
            By.CSS_SELECTOR, f"table#{table} tbody tr[data-display]")

    def cell(self, table, row, header):
        headers = [th.text.strip() for th in self.driver.find_elements(
            By.CSS_SELECTOR, f"table#{table} thead tr:last-child th")]
        return row.find_elements(By.TAG_NAME, "td")[headers.index(header)]

    def wait_cell(self, table, display, header, text, timeout=30):
        """Waits, without reloading, until a cell shows the text."""
        wait(self.driver, timeout).until(
            lambda d: self.cell(table, self.row(table, display),
                                header).text.strip() == text)

    def modal(self):
        return wait(self.driver).until(EC.visibility_of_element_located(
            (By.CSS_SELECTOR, ".modal-dialog form")))

    def fill(self, form, field, value):
        element = form.find_element(By.ID, f"id_{field}")
        element.clear()
        element.send_keys(value)

    def choose(self, form, field, value):
        """Picks a choice in Horizon's themed select: its menu stands in
        for the hidden <select>."""
        menu = form.find_element(By.ID, f"id_{field}").find_element(
            By.XPATH, "..")
        menu.find_element(By.CSS_SELECTOR, ".dropdown-toggle").click()
        menu.find_element(By.CSS_SELECTOR,
                          f"a[data-select-value={value}]").click()

    def check(self, form, field):
        """Ticks a checkbox; Horizon's theme hides it behind its label."""
        if not form.find_element(By.ID, f"id_{field}").is_selected():
            form.find_element(By.CSS_SELECTOR,
                              f"label[for=id_{field}]").click()

    def submit(self, form):
        form.find_element(By.CSS_SELECTOR, "button[type=submit], "
                                           "input[type=submit]").click()

    def message(self, text, kind="success", timeout=20):
        """Waits for a message of the kind that contains the text."""
        selector = f"div.messages div.alert-{kind}"
        return wait(self.driver, timeout).until(lambda d: next(
            (m.text for m in d.find_elements(By.CSS_SELECTOR, selector)
             if text in m.text), None))

    def row_action(self, table, obj_id, action):
        """Clicks a row action, opening the row's menu if it hides there."""
        button_id = f"{table}__row_{obj_id}__action_{action}"
        element = self.driver.find_element(By.ID, button_id)
        if not element.is_displayed():
            row = element.find_element(By.XPATH, "ancestor::tr")
            row.find_element(By.CSS_SELECTOR, ".dropdown-toggle").click()
        wait(self.driver).until(EC.element_to_be_clickable(
            (By.ID, button_id))).click()

    def screenshot(self, name):
        return save_artifacts(self.driver, name)


@pytest.fixture
def page(driver, stack):
    return Page(driver, stack)
