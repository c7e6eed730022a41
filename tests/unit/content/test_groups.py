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

"""Volume groups on the Protection panel, group checkpoints on the
Checkpoints panel: protect, restore, delete and a group checkpoint's
page, mocked at the backend."""
from unittest import mock

from django.test import utils as test_utils
from django.urls import reverse
from openstack_dashboard.test import helpers

from tests.unit.content.fakes import CHECKPOINTS_URL
from tests.unit.content.fakes import group
from tests.unit.content.fakes import group_checkpoint
from tests.unit.content.fakes import HOSTILE
from tests.unit.content.fakes import member
from tests.unit.content.fakes import PROTECTION_URL
from tests.unit.content.fakes import QUOTA
from tests.unit.content.fakes import volume
from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions

PROTECT_URL = reverse("horizon:project:protection:protect_group",
                      args=("grp-1",))
RESTORE_URL = reverse("horizon:project:checkpoints:restore_group",
                      args=("gcp-1",))
DETAIL_URL = reverse("horizon:project:checkpoints:group_detail",
                     args=("gcp-1",))
VOLUMES = [volume(), volume(id="vol-2", name="log", size=1)]


def group_events():
    return list(models.Event.objects.values_list(
        "action", "outcome", "checkpoint_id", "group_id", "members"))


class GroupsSectionTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "volume_list_detailed",
                                         "snapshot_quota_get"),
                           groups: ("group_list",)})
    def test_groups_are_listed_with_their_volumes_from_one_listing(self):
        self.mock_volume_list_paged.return_value = (VOLUMES, False, False)
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_group_list.return_value = [
            group(), group(id="grp-2", name=HOSTILE, volume_ids=())]

        response = self.client.get(PROTECTION_URL)

        table = response.context["groups_table"]
        self.assertEqual([("db", "data, log", "3GB"), (HOSTILE, None, "0 B")],
                         [(r.cells["name"].data, r.cells["volumes"].data,
                           r.cells["size"].data) for r in table.get_rows()])
        self.assertContains(response,
                            "groups__row_grp-1__action_protect_group")
        self.assertNotContains(response,
                               "groups__row_grp-2__action_protect_group")
        self.assertNotContains(response, HOSTILE)
        self.assertContains(response, "One volume after the other")
        self.mock_volume_list_detailed.assert_called_once()

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "volume_list_detailed",
                                         "snapshot_quota_get"),
                           groups: ("group_list",)})
    def test_a_quota_short_of_all_members_disables_protect(self):
        self.mock_volume_list_paged.return_value = (VOLUMES, False, False)
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_snapshot_quota_get.return_value = checkpoints.Quota(
            used=9, limit=10, gigabytes_used=0, gigabytes_limit=100)
        self.mock_group_list.return_value = [group()]

        response = self.client.get(PROTECTION_URL)

        self.assertContains(response, "Protect Group (Quota exceeded)")

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get"),
                           groups: ("group_list",)})
    def test_a_cloud_without_groups_shows_the_volumes_without_a_word(self):
        self.mock_volume_list_paged.return_value = (VOLUMES, False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_group_list.side_effect = exceptions.InvalidState("3.25")

        response = self.client.get(PROTECTION_URL)

        self.assertEqual(200, response.status_code)
        self.assertEqual([], list(response.wsgi_request._messages))

    @test_utils.override_settings(VOLSNAP_CONSISTENT_GROUP_TYPES=["gt-1"])
    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "volume_list_detailed",
                                         "snapshot_quota_get"),
                           groups: ("group_list",)})
    def test_a_type_the_operator_named_is_crash_consistent(self):
        self.mock_volume_list_paged.return_value = (VOLUMES, False, False)
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_group_list.return_value = [group()]

        response = self.client.get(PROTECTION_URL)

        self.assertContains(response, "Crash-consistent")


class ProtectGroupTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("snapshot_quota_get",),
                           groups: ("group_get", "group_volumes",
                                    "group_checkpoint_create")})
    def test_protect_says_what_it_needs_and_records_one_row(self):
        self.mock_group_get.return_value = group()
        self.mock_group_volumes.return_value = VOLUMES
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_group_checkpoint_create.return_value = group_checkpoint(
            status="creating")

        page = self.client.get(PROTECT_URL)
        response = self.client.post(PROTECT_URL, {"name": "nightly",
                                                  "description": HOSTILE})

        self.assertContains(page, "volsnap-consistency-warning")
        self.assertContains(page, "It needs 2 snapshots at once")
        self.assertNoFormErrors(response)
        self.mock_group_checkpoint_create.assert_called_once_with(
            mock.ANY, "grp-1", "nightly", HOSTILE,
            consistency=groups.SEQUENTIAL)
        (row,) = group_events()
        self.assertEqual(("protect_group", "in_progress", "gcp-1", "grp-1"),
                         row[:4])
        self.assertEqual(["m-1", "m-2"],
                         [m["checkpoint_id"] for m in row[4]])

    @helpers.create_mocks({checkpoints: ("snapshot_quota_get",),
                           groups: ("group_get", "group_volumes",
                                    "group_checkpoint_create")})
    def test_a_quota_short_of_all_members_asks_cinder_nothing(self):
        self.mock_group_get.return_value = group()
        self.mock_group_volumes.return_value = VOLUMES
        self.mock_snapshot_quota_get.return_value = checkpoints.Quota(
            used=0, limit=10, gigabytes_used=98, gigabytes_limit=100)

        response = self.client.post(PROTECT_URL, {"name": "nightly"})

        self.assertFormErrors(
            response, 1, "A checkpoint of this group needs 2 snapshots and "
            "3 GiB at once, more than the quota leaves.")
        self.mock_group_checkpoint_create.assert_not_called()

    @helpers.create_mocks({checkpoints: ("snapshot_quota_get",),
                           groups: ("group_get", "group_volumes",
                                    "group_checkpoint_create")})
    def test_a_protect_cut_short_is_said_and_not_offered_again(self):
        self.mock_group_get.return_value = group()
        self.mock_group_volumes.return_value = VOLUMES
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_group_checkpoint_create.side_effect = (
            exceptions.PartlyDone("Cinder took group checkpoint nightly, "
                                  "but its members could not all be marked",
                                  group_checkpoint(status="creating")))

        response = self.client.post(PROTECT_URL, {"name": "nightly"})

        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.assertIn("could not all be marked", str(list(
            response.wsgi_request._messages)[-1]))
        self.assertEqual("gcp-1", group_events()[0][2])

    @helpers.create_mocks({groups: ("group_get",)})
    def test_another_project_s_group_redirects_with_the_reason(self):
        self.mock_group_get.side_effect = exceptions.NotFound(
            "Group grp-1 was not found")

        response = self.client.get(PROTECT_URL)

        self.assertRedirectsNoFollow(response, PROTECTION_URL)


class GroupCheckpointTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",),
                           groups: ("group_checkpoint_list",
                                    "group_checkpoint_delete")})
    def test_one_row_per_group_checkpoint_and_delete_is_whole(self):
        self.mock_checkpoint_list_paged.return_value = ([], False, False)
        self.mock_group_checkpoint_list.return_value = [group_checkpoint()]

        page = self.client.get(CHECKPOINTS_URL)
        response = self.client.post(CHECKPOINTS_URL, {
            "action": "group_checkpoints__delete_group__gcp-1"})

        (row,) = page.context["group_checkpoints_table"].get_rows()
        self.assertEqual(("nightly", "db", "data, log"),
                         (row.cells["name"].data, row.cells["group"].data,
                          row.cells["members"].data))
        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.mock_group_checkpoint_delete.assert_called_once_with(
            mock.ANY, "gcp-1", listed=group_checkpoint())
        self.assertEqual([("delete_group", "in_progress", "gcp-1", "grp-1")],
                         [r[:4] for r in group_events()])

    @helpers.create_mocks({groups: ("group_checkpoint_get",)})
    def test_a_group_checkpoint_row_updates_in_place_until_gone(self):
        self.mock_group_checkpoint_get.side_effect = [
            group_checkpoint(), exceptions.NotFound("gone")]
        update = {"action": "row_update", "table": "group_checkpoints",
                  "obj_id": "gcp-1"}

        available = self.client.get(CHECKPOINTS_URL, update,
                                    HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        gone = self.client.get(CHECKPOINTS_URL, update,
                               HTTP_X_REQUESTED_WITH="XMLHttpRequest")

        self.assertContains(available, "Available")
        self.assertNotContains(available, "<html")
        self.assertEqual(404, gone.status_code)

    @helpers.create_mocks({groups: ("group_checkpoint_get",
                                    "group_checkpoint_restore")})
    def test_restore_names_the_group_and_each_volume(self):
        self.mock_group_checkpoint_get.return_value = group_checkpoint()
        self.mock_group_checkpoint_restore.return_value = (
            groups.RestoredGroup(id="grp-9", name="copy", volumes=()))

        page = self.client.get(RESTORE_URL)
        response = self.client.post(RESTORE_URL, {
            "group_name": "copy", "description": "",
            "volume_0": "data-copy", "volume_1": HOSTILE})

        self.assertContains(page, 'value="data-restored"')
        self.assertContains(page, "Volume from log")
        self.assertNoFormErrors(response)
        self.mock_group_checkpoint_restore.assert_called_once_with(
            mock.ANY, "gcp-1", "copy", {"m-1": "data-copy", "m-2": HOSTILE},
            "", marks=None)
        self.assertEqual("restore_group", group_events()[0][0])

    @helpers.create_mocks({groups: ("group_checkpoint_get",)})
    def test_its_page_lists_the_members_each_restorable_alone(self):
        self.mock_group_checkpoint_get.return_value = group_checkpoint()

        response = self.client.get(DETAIL_URL)

        self.assertContains(response, "One volume after the other")
        self.assertContains(response, "members__row_m-1__action_restore")
        self.assertNotContains(response, "action_delete\"")

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "restored_volumes",
                                         "checkpoint_messages"),
                           backups: ("backup_list",)})
    def test_a_member_s_own_page_never_offers_delete(self):
        self.mock_checkpoint_get.return_value = member(1)
        self.mock_restored_volumes.return_value = []
        self.mock_checkpoint_messages.return_value = []
        self.mock_backup_list.return_value = []

        response = self.client.get(reverse(
            "horizon:project:checkpoints:detail", args=("m-1",)))

        self.assertEqual(200, response.status_code)
        self.assertNotContains(response, "checkpoints__row_m-1__action_delete")
