"""Headless Debian Chromium driving the real Horizon of the local stack."""
import os
import re
import shutil
import tempfile

import pytest
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
    return WebDriverWait(driver, timeout)


@pytest.fixture
def login(driver, stack):
    """Logs in as one of the stack's users; returns the driver."""
    def login_as(user):
        driver.delete_all_cookies()
        driver.get(stack["horizon_url"] + "/auth/login/")
        driver.find_element(By.ID, "id_username").send_keys(user)
        driver.find_element(By.ID, "id_password").send_keys(
            stack["users"][user]["password"])
        driver.find_element(By.CSS_SELECTOR, "#loginBtn, .btn-primary"
                            ).click()
        wait(driver).until(lambda d: "/auth/login" not in d.current_url)
        wait(driver).until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, ".context-project")))
        return driver
    return login_as
