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

"""Crafted requests against the running Horizon, as a hostile user sends
them: never a server error, never a stack trace, never a change that was
not asked for, never another project's data."""
import uuid

import pytest

from tests import cloud
from tests.horizon_http import Horizon
from tests.horizon_http import sound

NOT_IDS = ("detail", "restore", "protect", "..%2F..%2Fos-services",
           "%C2%B2%C2%B3", "x" * 300, "%00", "a%20b", "%7B0%7D",
           "0e5a7d62-5e0e-4c1b-9c5a-1f0f3c2b8a1g", "1234567890")
NOT_NUMBERS = ("%C2%B2%C2%B3", "%D9%A3", "-5", "1e9", "99999999999999999999",
               "%00", "0x10")
PAGE_SIZES = ("-5", "0", "1000000000", "abc", "%C2%B9")


@pytest.fixture(scope="module")
def demo(stack):
    return Horizon(stack, "demo")


@pytest.fixture(scope="module")
def admin(stack):
    return Horizon(stack, "admin")


def object_paths(value):
    return (f"/project/checkpoints/{value}/",
            f"/project/checkpoints/{value}/restore/",
            f"/project/protection/{value}/protect/",
            f"/project/checkpoint_backups/of/{value}/",
            f"/project/checkpoint_backups/{value}/restore/")


def test_ids_that_are_not_ids_redirect_with_a_message(demo):
    unknown = str(uuid.uuid4())
    for value in NOT_IDS + (unknown,):
        for path in object_paths(value):
            response = sound(demo.get(path))
            if response.status_code == 404:  # a "/" in it: no such URL
                continue
            assert response.status_code == 302, path
            assert "not found" in demo.messages(response), path
        for table, index in (("checkpoints", "/project/checkpoints/"),
                             ("volumes", "/project/protection/"),
                             ("checkpoint_backups",
                              "/project/checkpoint_backups/")):
            response = sound(demo.get(
                f"{index}?action=row_update&table={table}&obj_id={value}",
                headers={"X-Requested-With": "XMLHttpRequest"}))
            assert response.status_code in (200, 404), (table, value)


def test_numbers_that_are_not_numbers_render_the_first_page(demo, admin):
    for value in NOT_NUMBERS:
        for horizon, path in (
                (demo, f"/project/checkpoints/?checkpoint_marker={value}"),
                (demo, f"/project/protection/?prev_volume_marker={value}"),
                (admin, f"/admin/snapshot_history/?event_marker={value}"),
                (admin,
                 f"/admin/snapshot_history/?prev_event_marker={value}")):
            assert sound(horizon.get(path)).status_code == 200, path
    for size in PAGE_SIZES:
        for horizon, path in ((demo, "/project/checkpoints/"),
                              (demo, "/project/protection/"),
                              (admin, "/admin/snapshot_history/")):
            horizon.http.cookies.set("API_RESULT_PAGE_SIZE", size)
            try:
                assert sound(horizon.get(path)).status_code == 200, size
            finally:
                del horizon.http.cookies["API_RESULT_PAGE_SIZE"]


def test_one_volume_posted_many_times_is_protected_once(demo, resources):
    volume = resources.volume()

    sound(demo.post("/project/protection/", {
        "action": "volumes__protect_selected",
        "object_ids": [volume.id] * 25}))

    assert len(resources.snapshots_of(volume.id)) == 1


def test_spoofing_names_are_refused_and_real_text_is_kept(demo, resources):
    volume = resources.volume()
    path = f"/project/protection/{volume.id}/protect/"
    for name in ("invoice\u202egpj.exe", "del\x7f", "c1\x9b", "bell\x07",
                 "x" * 256):
        response = sound(demo.post(path, {"snapshot_name": name,
                                          "description": ""}))
        assert response.status_code == 200, name  # the form, with errors
    attached = resources.volume(in_use=True)
    for force in ("no", "yes please", "2"):
        response = sound(demo.post(
            f"/project/protection/{attached.id}/protect/",
            {"snapshot_name": "daily", "force": force}))
        assert "Check the box or leave it empty" in response.text, force
    assert resources.snapshots_of(volume.id) == []
    assert resources.snapshots_of(attached.id) == []

    sound(demo.post(path, {"snapshot_name": "nächtlich 毎晩",
                           "description": "before the upgrade\r\nline 2",
                           "force": "off"}))

    (snapshot,) = resources.snapshots_of(volume.id)
    assert snapshot.name == "nächtlich 毎晩"
    # Cinder keeps descriptions on one line.
    assert snapshot.description == "before the upgrade line 2"


def test_another_projects_checkpoint_is_neither_shown_nor_restored(
        stack, demo, admin, resources):
    volume = resources.volume()
    snapshot = resources.cinder.volume_snapshots.create(
        volume.id, name=cloud.unique("demo-only"),
        metadata={"volsnap_checkpoint": "true"})
    cloud.wait_status(
        lambda: resources.cinder.volume_snapshots.get(snapshot.id),
        "available")
    alt = Horizon(stack, "alt")

    for horizon, says in ((alt, "not found"), (admin, "another project")):
        for path in object_paths(snapshot.id)[:2]:
            response = sound(horizon.get(path))
            assert response.status_code == 302, path
            assert says in horizon.messages(response), path
        response = sound(horizon.post(
            f"/project/checkpoints/{snapshot.id}/restore/",
            {"restore_name": "stolen", "restore_description": ""}))
        assert "stolen" not in horizon.messages(response)

    assert cloud.cinder(stack, "admin").volumes.list(search_opts={
        "all_tenants": 1,
        "metadata": {"volsnap_restored_from": snapshot.id}}) == []


def test_another_projects_backup_is_neither_shown_nor_restored(
        stack, demo, admin, resources):
    volume = resources.volume()
    snapshot = resources.cinder.volume_snapshots.create(
        volume.id, name=cloud.unique("demo-only"),
        metadata={"volsnap_checkpoint": "true"})
    cloud.wait_status(
        lambda: resources.cinder.volume_snapshots.get(snapshot.id),
        "available")
    backup = resources.cinder.backups.create(
        volume.id, name=cloud.unique("demo-backup"), snapshot_id=snapshot.id,
        metadata={"volsnap_backup": "true"})
    resources.backups.append(backup.id)
    cloud.wait_status(lambda: resources.cinder.backups.get(backup.id),
                      "available", 300)
    alt = Horizon(stack, "alt")
    path = f"/project/checkpoint_backups/{backup.id}/restore/"

    assert backup.name not in sound(alt.get(
        "/project/checkpoint_backups/")).text
    for horizon, says in ((alt, "not found"), (admin, "another project")):
        response = sound(horizon.get(path))
        assert response.status_code == 302
        assert says in horizon.messages(response)
        response = sound(horizon.post(path, {
            "restore_name": "stolen", "restore_description": "",
            "volume_type": stack["volume_types"]["default"]}))
        assert "stolen" not in horizon.messages(response)

    assert cloud.cinder(stack, "admin").volumes.list(search_opts={
        "all_tenants": 1, "name": "stolen"}) == []


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12",
                                  "America/Santiago", "UTC"])
def test_days_at_the_ends_of_the_calendar_are_form_errors(admin, zone):
    admin.http.cookies.set("django_timezone", zone)
    try:
        for since, until, valid in (("0001-01-01", "9999-12-31", False),
                                    ("1970-01-01", "9999-12-30", True),
                                    ("9999-12-30", "", True),
                                    ("", "0001-01-01", False),
                                    ("2026-02-30", "99999-01-01", False),
                                    ("1969-12-31", "1970-01-01", False)):
            query = f"?since={since}&until={until}"
            response = sound(admin.get("/admin/snapshot_history/" + query))
            assert response.status_code == 200, query
            assert ("Give a day from" in response.text
                    or "Enter a valid date" in response.text) != valid, query
            export = sound(admin.get("/admin/snapshot_history/export.csv"
                                     + query))
            assert export.status_code == (200 if valid else 302), query
    finally:
        admin.http.cookies.set("django_timezone", "UTC")
