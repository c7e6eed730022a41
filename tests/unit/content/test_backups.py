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

"""The Checkpoint Backups panel, Back Up Now on a checkpoint and the
Backups tab of a checkpoint's page."""
from unittest import mock

from django.urls import reverse
from openstack_dashboard.test import helpers

from tests.unit.content.fakes import backup
from tests.unit.content.fakes import BACKUPS_URL
from tests.unit.content.fakes import checkpoint
from tests.unit.content.fakes import CHECKPOINTS_URL
from tests.unit.content.fakes import HOSTILE
from tests.unit.content.fakes import QUOTA
from tests.unit.content.fakes import SPENT
from tests.unit.content.fakes import volume
from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions


def backup_events():
    return list(models.Event.objects.values_list(
        "action", "outcome", "backup_id", "checkpoint_id", "error"))


class BackupsIndexTests(helpers.TestCase):

    @helpers.create_mocks({backups: ("backup_list",)})
    def test_lists_the_backups_in_one_call_escaped(self):
        self.mock_backup_list.return_value = [
            backup(), backup(id="bk-2", name=HOSTILE, is_incremental=True,
                             status="error", fail_reason="disk full")]

        response = self.client.get(BACKUPS_URL)

        self.mock_backup_list.assert_called_once_with(mock.ANY)
        content = response.content.decode()
        self.assertNotIn(HOSTILE, content)
        rows = response.context["table"].get_rows()
        self.assertEqual(["Full", "Incremental"],
                         [str(r.cells["kind"].data) for r in rows])
        self.assertIn("disk full", content)
        self.assertIn(reverse("horizon:project:checkpoint_backups:restore",
                              args=("bk-1",)), content)

    @helpers.create_mocks({backups: ("backup_list",)})
    def test_a_backup_being_made_shows_how_far_it_got(self):
        models.Event.objects.create(action="backup", backup_id="bk-1",
                                    progress=62, project_id="p",
                                    user_id="u", user_name="alice")
        self.mock_backup_list.return_value = [
            backup(status="creating"), backup(id="bk-2")]

        rows = self.client.get(BACKUPS_URL).context["table"].get_rows()

        self.assertEqual(["62%", ""],
                         [str(r.cells["progress"].data) for r in rows])

    @helpers.create_mocks({backups: ("backup_list",)})
    def test_cinder_down_shows_an_error_not_a_500(self):
        self.mock_backup_list.side_effect = exceptions.CinderUnavailable(
            "unavailable")

        response = self.client.get(BACKUPS_URL)

        self.assertEqual(200, response.status_code)
        self.assertMessageCount(response, error=1)

    @helpers.create_mocks({backups: ("backup_list", "backup_delete")})
    def test_a_refused_delete_says_why_and_is_recorded_failed(self):
        self.mock_backup_list.return_value = [backup(
            has_dependent_backups=True)]
        self.mock_backup_delete.side_effect = exceptions.InvalidState(
            "Backup weekly has incremental backups that build on it")

        response = self.client.post(BACKUPS_URL, {
            "action": "checkpoint_backups__delete_backup__bk-1"})

        self.assertEqual(302, response.status_code)
        self.assertEqual(
            [("delete_backup", "failed", "bk-1", "cp-1",
              "Backup weekly has incremental backups that build on it")],
            backup_events())

    @helpers.create_mocks({backups: ("backup_list", "backup_delete")})
    def test_delete_records_the_event(self):
        self.mock_backup_list.return_value = [backup()]

        self.client.post(BACKUPS_URL, {
            "action": "checkpoint_backups__delete_backup__bk-1"})

        self.mock_backup_delete.assert_called_once_with(
            mock.ANY, "bk-1", listed=backup())
        self.assertEqual([("delete_backup", "in_progress", "bk-1", "cp-1",
                           "")], backup_events())


class BackUpTests(helpers.TestCase):
    url = reverse("horizon:project:checkpoint_backups:create",
                  args=("cp-1",))

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_offered_on_available_checkpoints_only(self):
        self.mock_checkpoint_list_paged.return_value = (
            [checkpoint(), checkpoint(id="cp-2", status="backing-up")],
            False, False)

        content = self.client.get(CHECKPOINTS_URL).content.decode()

        self.assertIn(self.url, content)
        self.assertNotIn(reverse("horizon:project:checkpoint_backups:create",
                                 args=("cp-2",)), content)

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "backup_quota_get"),
                           backups: ("backup_create",)})
    def test_backs_up_and_records_who_and_what(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_backup_quota_get.return_value = QUOTA
        self.mock_backup_create.return_value = backup()

        form = self.client.get(self.url)
        response = self.client.post(self.url, {
            "name": "weekly", "description": "", "incremental": "on"})

        self.assertEqual("nightly-backup",
                         form.context["form"].initial["name"])
        self.assertContains(form, "1 of 10 used, 9 left")
        self.assertNoFormErrors(response)
        self.assertRedirectsNoFollow(response, BACKUPS_URL)
        self.mock_backup_create.assert_called_once_with(
            mock.ANY, "cp-1", "weekly", "", True, checkpoint=checkpoint())
        self.assertEqual([("backup", "in_progress", "bk-1", "cp-1", "")],
                         backup_events())

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "backup_quota_get"),
                           backups: ("backup_create",)})
    def test_a_spent_quota_is_said_before_asking_cinder(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_backup_quota_get.return_value = SPENT

        response = self.client.post(self.url, {"name": "weekly"})

        self.assertContains(response, "backup quota")
        self.mock_backup_create.assert_not_called()

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "backup_quota_get"),
                           backups: ("backup_create",)})
    def test_over_quota_stays_in_the_dialog_with_cinder_s_reason(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        # The quota could not be read: Cinder's answer decides.
        self.mock_backup_quota_get.side_effect = exceptions.CinderUnavailable(
            "unavailable")
        self.mock_backup_create.side_effect = exceptions.QuotaExceeded(
            "Cinder refused it over quota: Maximum number of backups")

        response = self.client.post(self.url, {"name": "weekly"})

        self.assertContains(response, "Maximum number of backups")
        self.assertEqual("failed", backup_events()[0][1])

    @helpers.create_mocks({checkpoints: ("checkpoint_get",)})
    def test_another_project_s_checkpoint_redirects(self):
        self.mock_checkpoint_get.side_effect = exceptions.ForeignProject(
            "belongs to another project")

        response = self.client.get(self.url)

        self.assertRedirectsNoFollow(
            response, reverse("horizon:project:checkpoint_backups:index"))


class RestoreBackupTests(helpers.TestCase):
    url = reverse("horizon:project:checkpoint_backups:restore",
                  args=("bk-1",))

    def types(self):
        return [checkpoints.VolumeType("t1", "gold", "", True),
                checkpoints.VolumeType("t2", "silver", "", False)]

    @helpers.create_mocks({backups: ("backup_get", "backup_restore"),
                           checkpoints: ("volume_type_list",)})
    def test_restores_with_name_and_the_type_chosen(self):
        self.mock_backup_get.return_value = backup()
        self.mock_volume_type_list.return_value = self.types()
        self.mock_backup_restore.return_value = volume(id="vol-9",
                                                       name="back")

        form = self.client.get(self.url).context["form"]
        response = self.client.post(self.url, {
            "restore_name": "back", "restore_description": "",
            "volume_type": "silver", "size": "3"})

        self.assertEqual("gold", form.fields["volume_type"].initial)
        self.assertNoFormErrors(response)
        self.mock_backup_restore.assert_called_once_with(
            mock.ANY, "bk-1", "back", None, "silver", size=3)
        self.assertEqual([("restore_backup", "in_progress", "bk-1", "cp-1",
                           "")], backup_events())

    @helpers.create_mocks({backups: ("backup_get", "backup_restore"),
                           checkpoints: ("volume_type_list",)})
    def test_smaller_than_the_backup_is_a_form_error(self):
        self.mock_backup_get.return_value = backup()
        self.mock_volume_type_list.return_value = self.types()

        response = self.client.post(self.url, {
            "restore_name": "back", "volume_type": "gold", "size": "1"})

        self.assertFormErrors(response, 1)
        self.mock_backup_restore.assert_not_called()


class CheckpointBackupsTabTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "restored_volumes",
                                         "checkpoint_messages"),
                           backups: ("backup_list",)})
    def test_the_checkpoint_page_shows_its_backups(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_restored_volumes.return_value = []
        self.mock_checkpoint_messages.return_value = []
        self.mock_backup_list.return_value = [backup(status="creating")]

        response = self.client.get(reverse(
            "horizon:project:checkpoints:detail", args=("cp-1",)))

        self.assertContains(response, 'id="checkpoint_backups__row__bk-1"')
        self.assertContains(response, "Creating")
        self.mock_backup_list.assert_called_once_with(mock.ANY,
                                                      checkpoint_id="cp-1")

    @helpers.create_mocks({checkpoints: ("checkpoint_get",),
                           backups: ("backup_get",)})
    def test_a_backup_row_updates_in_place_on_the_checkpoint_page(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_backup_get.return_value = backup(status="available")

        response = self.client.get(
            reverse("horizon:project:checkpoints:detail", args=("cp-1",)),
            {"action": "row_update", "table": "checkpoint_backups",
             "obj_id": "bk-1"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

        self.assertContains(response, "Available")
        self.assertNotContains(response, "<html")
