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

from selenium.webdriver.common.by import By


def test_demo_lands_on_the_plugins_panels(login, page):
    login("demo")

    assert page.driver.current_url.endswith("/project/protection/")
    nav = page.driver.find_element(By.CSS_SELECTOR, "#sidebar-accordion")
    for path, label in (("/project/protection/", "Protection"),
                        ("/project/checkpoints/", "Checkpoints")):
        link = nav.find_element(By.CSS_SELECTOR, f"a[href$='{path}']")
        assert link.get_attribute("textContent").strip() == label
    assert not nav.find_elements(By.CSS_SELECTOR,
                                 "a[href$='/admin/snapshot_history/']")
    page.screenshot("protection-panel")
    page.open("/project/checkpoints/")
    assert page.driver.find_element(By.CSS_SELECTOR, "table#checkpoints")
    page.screenshot("checkpoints-panel")


def test_page_styles_are_served(login, page):
    login("demo")
    sheets = page.driver.execute_script(
        "return Array.from(document.styleSheets)"
        ".filter(s => s.cssRules && s.cssRules.length > 100).length")
    assert sheets >= 1
    own_rule = page.driver.execute_script(
        "return Array.from(document.styleSheets).some(s => "
        "Array.from(s.cssRules).some(r => "
        "r.selectorText && r.selectorText.includes('volsnap-quota')))")
    assert own_rule
