from selenium.webdriver.common.by import By

from tests.browser.conftest import save_artifacts
from tests.browser.conftest import wait


def test_demo_sees_the_checkpoints_panel(login, stack):
    driver = login("demo")
    driver.get(stack["horizon_url"] + "/project/checkpoints/")
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR,
                                                 ".volsnap-intro"))
    assert driver.find_element(By.CSS_SELECTOR,
                               ".context-project").text.strip() == "demo"
    assert "Checkpoints" in driver.title
    nav = driver.find_element(By.CSS_SELECTOR, "#sidebar-accordion")
    link = nav.find_element(By.CSS_SELECTOR,
                            "a[href$='/project/checkpoints/']")
    assert "Checkpoints" in link.get_attribute("textContent")
    save_artifacts(driver, "checkpoints-panel")


def test_page_styles_are_served(login, stack):
    driver = login("demo")
    driver.get(stack["horizon_url"] + "/project/checkpoints/")
    sheets = driver.execute_script(
        "return Array.from(document.styleSheets)"
        ".filter(s => s.cssRules && s.cssRules.length > 100).length")
    assert sheets >= 1
