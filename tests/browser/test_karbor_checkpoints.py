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

"""Checkpoints made through the live Karbor, as Horizon shows them."""
from selenium.webdriver.common.by import By

from tests import cloud


def karbor_protect(stack, volume):
    """A plan and a checkpoint through Karbor's REST API, as demo."""
    session = cloud.keystone_session(stack, "demo")
    provider_id = stack["karbor_providers"]["volsnap"]
    endpoint = {"service_type": "data-protect", "interface": "public"}
    plan = session.post("/plans", endpoint_filter=endpoint, json={"plan": {
        "name": cloud.unique("plan"), "provider_id": provider_id,
        "resources": [{"id": volume.id, "type": "OS::Cinder::Volume",
                       "name": volume.name}],
        "parameters": {"OS::Cinder::Volume": {
            "snapshot_name": "from-karbor", "description": "",
            "force": False}}}}).json()["plan"]
    return session.post(f"/providers/{provider_id}/checkpoints",
                        endpoint_filter=endpoint,
                        json={"checkpoint": {"plan_id": plan["id"]}}
                        ).json()["checkpoint"]["id"]


def test_karbor_checkpoints_say_so_and_reach_the_history(
        stack, login, page, resources):
    volume = resources.volume()
    karbor_checkpoint = karbor_protect(stack, volume)
    cloud.wait_until(lambda: [s.status for s in resources.snapshots_of(
        volume.id)] == ["available"])
    (snapshot,) = resources.snapshots_of(volume.id)

    login("demo")
    page.open("/project/checkpoints/")
    page.wait_cell("checkpoints", "from-karbor", "Made Through", "Karbor")
    page.open(f"/project/checkpoints/{snapshot.id}/")
    overview = page.driver.find_element(By.CSS_SELECTOR, "div.detail").text
    assert "Karbor" in overview and karbor_checkpoint in overview
    page.screenshot("karbor-checkpoint-detail")

    login("admin")
    page.open("/admin/snapshot_history/?source=karbor")
    rows = page.driver.find_element(By.CSS_SELECTOR, "table#events").text
    assert "from-karbor" in rows and "Karbor" in rows
    page.screenshot("admin-history-karbor")
