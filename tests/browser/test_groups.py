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

"""demo protects a volume group and restores it through the real Horizon
only; the new group's volumes hold the members' bytes."""
from selenium.webdriver.common.by import By

from tests import cloud
from tests import notifications
from tests.volume_bytes import Pattern


def test_protect_a_group_see_one_row_restore_it(stack, login, page,
                                                resources, volume_bytes):
    group, (first, second) = resources.group(2)
    volume_bytes.write(first.id, Pattern(71))
    volume_bytes.write(second.id, Pattern(72))
    login("demo")

    page.open("/project/protection/")
    page.row("groups", group.name)
    page.row_action("groups", group.id, "protect_group")
    form = page.modal()
    warning = form.find_element(By.CSS_SELECTOR,
                                ".volsnap-consistency-warning")
    assert "one after the other" in warning.text
    assert "needs 2 snapshots at once" in form.text
    name = cloud.unique("browser-group-cp")
    page.fill(form, "name", name)
    page.screenshot("protect-group-dialog")
    page.submit(form)

    page.message("Started protecting group")
    page.wait_cell("group_checkpoints", name, "Status", "Available",
                   timeout=60)
    row = page.row("group_checkpoints", name)
    members = page.cell("group_checkpoints", row, "Member Volumes").text
    assert sorted(members.split(", ")) == sorted([first.name, second.name])
    page.screenshot("group-checkpoints")
    # Members are not rows of their own.
    assert not [r for r in page.rows("checkpoints")
                if r.get_attribute("data-display") == name]
    volume_bytes.write(first.id, Pattern(73))

    made = [g for g in resources.cinder.group_snapshots.list()
            if g.name == name]
    assert [g.group_id for g in made] == [group.id]
    page.row_action("group_checkpoints", made[0].id, "restore_group")
    form = page.modal()
    new_group = cloud.unique("browser-restored-grp")
    page.fill(form, "group_name", new_group)
    page.screenshot("restore-group-dialog")
    page.submit(form)

    page.message("Started restoring group checkpoint")
    (restored,) = [g for g in resources.cinder.groups.list()
                   if g.name == new_group]
    resources.groups.append(restored.id)
    cloud.wait_status(lambda: resources.cinder.groups.get(restored.id),
                      "available", 120)
    new = {v.name: v for v in resources.cinder.volumes.list(
        search_opts={"group_id": restored.id})}
    assert sorted(new) == sorted([f"{first.name}-restored",
                                  f"{second.name}-restored"])
    for volume in new.values():
        cloud.wait_status(lambda: resources.cinder.volumes.get(volume.id),
                          "available", 120)
    assert volume_bytes.holds(new[f"{first.name}-restored"].id, Pattern(71))
    assert volume_bytes.holds(new[f"{second.name}-restored"].id, Pattern(72))
    assert volume_bytes.holds(first.id, Pattern(73))

    # One row each in the history, none of the members' own (they are
    # named after the group checkpoint).
    cloud.wait_until(lambda: [
        (r["action"], r["outcome"]) for r in notifications.history(
            stack, checkpoint_name=name)] == [
        ("protect_group", "succeeded"), ("restore_group", "succeeded")], 60)
