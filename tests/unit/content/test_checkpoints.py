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

"""The Checkpoints panel: its table, restore form and detail page."""
from unittest import mock

from django.db import DatabaseError
from django.test.utils import override_settings
from django.urls import reverse
from openstack_dashboard.test import helpers

from tests.unit.content.fakes import checkpoint
from tests.unit.content.fakes import CHECKPOINTS_URL
from tests.unit.content.fakes import events
from tests.unit.content.fakes import HOSTILE
from tests.unit.content.fakes import volume
from volsnap_dashboard.api import backups
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import revert
from volsnap_dashboard.checks import revert as revert_checks
from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions


class CheckpointsIndexTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_lists_the_page_from_one_backend_call(self):
        self.mock_checkpoint_list_paged.return_value = (
            [checkpoint(), checkpoint(id="cp-2", name=HOSTILE,
                                      volume_exists=False,
                                      status="creating")], True, False)

        response = self.client.get(CHECKPOINTS_URL)

        self.assertTemplateUsed(response,
                                "volsnap_dashboard/checkpoints/index.html")
        self.mock_checkpoint_list_paged.assert_called_once_with(
            mock.ANY, marker=None, sort_dir="desc", limit=20, filters={})
        content = response.content.decode()
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;",
                      content)
        self.assertNotIn(HOSTILE, content)
        self.assertIn("data (deleted)", content)
        self.assertIn("checkpoint_marker=cp-2", content)
        self.assertIn("alice", content)

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_says_through_what_each_checkpoint_was_made(self):
        self.mock_checkpoint_list_paged.return_value = ([
            checkpoint(metadata={
                checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_KARBOR}),
            checkpoint(id="cp-2", metadata={
                checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_MANUAL})],
            False, False)

        response = self.client.get(CHECKPOINTS_URL)

        table = response.context["table"]
        self.assertEqual(["Karbor", "Dashboard"],
                         [str(row.cells["origin"].data)
                          for row in table.get_rows()])

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_cinder_down_shows_an_error_not_a_500(self):
        self.mock_checkpoint_list_paged.side_effect = (
            exceptions.CinderUnavailable("The block storage service is "
                                         "unavailable right now"))

        response = self.client.get(CHECKPOINTS_URL)

        self.assertEqual(200, response.status_code)
        self.assertMessageCount(response, error=1)

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",
                                         "checkpoint_delete")})
    def test_delete_records_the_event(self):
        self.mock_checkpoint_list_paged.return_value = ([checkpoint()],
                                                        False, False)

        response = self.client.post(
            CHECKPOINTS_URL, {"action": "checkpoints__delete__cp-1"})

        self.assertNoFormErrors(response)
        self.mock_checkpoint_delete.assert_called_once_with(mock.ANY, "cp-1")
        self.assertEqual([("delete", "in_progress", "cp-1", "vol-1", "")],
                         events())

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",
                                         "checkpoint_delete")})
    def test_refused_delete_is_shown_and_recorded_as_failed(self):
        self.mock_checkpoint_list_paged.return_value = ([checkpoint()],
                                                        False, False)
        self.mock_checkpoint_delete.side_effect = exceptions.InvalidState(
            "Checkpoint nightly is deleting")

        response = self.client.post(
            CHECKPOINTS_URL, {"action": "checkpoints__delete__cp-1"})

        self.assertEqual(302, response.status_code)
        self.assertEqual(
            [("delete", "failed", "cp-1", "vol-1",
              "Checkpoint nightly is deleting")], events())

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",
                                         "checkpoint_delete")})
    def test_a_foreign_checkpoint_id_in_a_post_reaches_nothing(self):
        self.mock_checkpoint_list_paged.return_value = ([checkpoint()],
                                                        False, False)

        self.client.post(CHECKPOINTS_URL,
                         {"action": "checkpoints__delete__someone-elses"})

        self.mock_checkpoint_delete.assert_not_called()

    @override_settings(POLICY_CHECK_FUNCTION="openstack_auth.policy.check")
    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",
                                         "checkpoint_delete")})
    def test_policy_denial_hides_and_refuses_the_actions(self):
        self.mock_checkpoint_list_paged.return_value = ([checkpoint()],
                                                        False, False)
        denied = {("volume", "volume:delete_snapshot"),
                  ("volume", "volume:create")}

        def check(actions, request, target=None):
            return not denied.intersection(actions)

        with mock.patch("openstack_auth.policy.check",
                        side_effect=check) as check:
            page = self.client.get(CHECKPOINTS_URL)
            self.client.post(CHECKPOINTS_URL,
                             {"action": "checkpoints__delete__cp-1"})

        self.assertNotContains(page, "checkpoints__row_cp-1__action_restore")
        self.assertNotContains(page, "checkpoints__row_cp-1__action_delete")
        self.mock_checkpoint_delete.assert_not_called()
        checked = {rule for call in check.call_args_list
                   for rule in call.args[0]}
        self.assertLessEqual(denied, checked)

    @override_settings(POLICY_CHECK_FUNCTION="openstack_auth.policy.check")
    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_the_policy_is_asked_once_a_page_not_once_a_row(self):
        self.mock_checkpoint_list_paged.return_value = ([
            checkpoint(id=f"cp-{n}", name=f"n{n}") for n in range(20)],
            False, False)

        with mock.patch("openstack_auth.policy.check",
                        return_value=True) as check:
            page = self.client.get(CHECKPOINTS_URL)

        self.assertContains(page, "checkpoints__row_cp-19__action_restore")
        asked = [tuple(call.args[0]) for call in check.call_args_list]
        # Once for the rows; Delete once more as a table action.
        self.assertEqual(1, asked.count((("volume", "volume:create"),)))
        self.assertEqual(2, asked.count((("volume",
                                          "volume:delete_snapshot"),)))

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_busy_checkpoints_offer_no_restore_or_delete(self):
        self.mock_checkpoint_list_paged.return_value = (
            [checkpoint(status="creating")], False, False)

        page = self.client.get(CHECKPOINTS_URL)

        self.assertNotContains(page, "checkpoints__row_cp-1__action_restore")
        self.assertNotContains(page, "checkpoints__row_cp-1__action_delete")


TYPES = [checkpoints.VolumeType("t-1", "standard", "", True),
         checkpoints.VolumeType("t-2", "gold", "", False)]


class RestoreTests(helpers.TestCase):
    url = reverse("horizon:project:checkpoints:restore", args=("cp-1",))

    def setUp(self):
        super().setUp()
        for name, value in (("volume_type_list", TYPES),
                            ("availability_zone_list", ["nova", "east"])):
            patcher = mock.patch.object(checkpoints, name,
                                        return_value=value)
            setattr(self, f"mock_{name}", patcher.start())
            self.addCleanup(patcher.stop)

    def post(self, **data):
        return self.client.post(self.url, dict({"size": 2}, **data))

    @helpers.create_mocks({checkpoints: ("checkpoint_get",)})
    def test_form_is_prefilled(self):
        self.mock_checkpoint_get.return_value = checkpoint()

        response = self.client.get(self.url)

        self.assertTemplateUsed(response,
                                "volsnap_dashboard/checkpoints/restore.html")
        self.assertContains(response, 'value="nightly-restored"')
        self.assertContains(response, 'min="2"')
        self.assertContains(response, "standard (default)")
        self.assertContains(response, "east")

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_a_larger_volume_of_another_type_in_the_same_zone(self):
        self.mock_checkpoint_get.return_value = checkpoint(volume_zone="nova")
        self.mock_checkpoint_restore.return_value = volume(id="vol-new")

        response = self.post(restore_name="big", size=5, volume_type="gold",
                             availability_zone="nova")

        self.assertNoFormErrors(response)
        self.mock_checkpoint_restore.assert_called_once_with(
            mock.ANY, "cp-1", "big", None, size=5, volume_type="gold",
            availability_zone="nova")

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_no_size_is_the_checkpoints(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.return_value = volume(id="vol-new")

        response = self.post(restore_name="copy", size="")

        self.assertNoFormErrors(response)
        self.mock_checkpoint_restore.assert_called_once_with(
            mock.ANY, "cp-1", "copy", None, size=None, volume_type=None,
            availability_zone=None)

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_what_cinder_refuses_is_a_field_error(self):
        self.mock_checkpoint_get.return_value = checkpoint(volume_zone="nova")
        for data, field in (({"size": 1}, "size"),
                            ({"size": 0}, "size"),
                            ({"size": -3}, "size"),
                            ({"size": 2 ** 31}, "size"),
                            ({"size": "two"}, "size"),
                            ({"availability_zone": "east"},
                             "availability_zone"),
                            ({"availability_zone": "west"},
                             "availability_zone"),
                            ({"volume_type": "platinum"}, "volume_type")):
            with self.subTest(data=data):
                response = self.post(**dict({"restore_name": "copy"},
                                            **data))
                self.assertIn(field, response.context["form"].errors)
        self.mock_checkpoint_restore.assert_not_called()
        self.assertEqual([], events())

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_a_zone_is_free_where_the_cloud_allows_it(self):
        self.mock_checkpoint_get.return_value = checkpoint(volume_zone="nova")
        self.mock_checkpoint_restore.return_value = volume(id="vol-new")

        with override_settings(VOLSNAP_RESTORE_SAME_ZONE=False):
            response = self.post(restore_name="copy",
                                 availability_zone="east")

        self.assertNoFormErrors(response)

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_restore_starts_a_new_volume_and_says_so(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.return_value = volume(
            id="vol-new", name=HOSTILE, status="creating")

        response = self.post(restore_name="copy", restore_description="")

        self.assertNoFormErrors(response)
        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.mock_checkpoint_restore.assert_called_once_with(
            mock.ANY, "cp-1", "copy", None, size=2, volume_type=None,
            availability_zone=None)
        (message,) = [str(m) for m in response.wsgi_request._messages]
        self.assertIn("Started restoring", message)
        self.assertIn("&lt;script&gt;", message)
        self.assertIn('href="/project/volumes/vol-new/"', message)
        self.assertEqual(
            [("restore", "in_progress", "cp-1", "vol-1", "")], events())
        self.assertEqual("vol-new",
                         models.Event.objects.get().restored_volume_id)

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_an_expired_login_logs_out_and_comes_back_here(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.side_effect = (
            exceptions.NotAuthenticated("Your login has expired."))

        response = self.post(restore_name="copy")

        self.assertEqual(302, response.status_code)
        self.assertEqual("http://testserver/auth/login/?next=" + self.url,
                         response["location"])
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual([("restore", "failed", "cp-1", "vol-1",
                           "Your login has expired.")], events())

    @helpers.create_mocks({checkpoints: ("checkpoint_get",)})
    def test_another_projects_checkpoint_redirects_with_why(self):
        self.mock_checkpoint_get.side_effect = exceptions.ForeignProject(
            "Checkpoint cp-1 belongs to another project (p2).")

        response = self.client.get(self.url)

        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.assertIn("another project", str(list(
            response.wsgi_request._messages)[-1]))

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_over_long_name_is_a_field_error(self):
        self.mock_checkpoint_get.return_value = checkpoint()

        response = self.post(restore_name="x" * 256)

        self.assertFormErrors(response, 1)
        self.mock_checkpoint_restore.assert_not_called()
        self.assertEqual([], events())

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_over_quota_keeps_the_dialog_and_records_the_failure(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.side_effect = exceptions.QuotaExceeded(
            "Requested snapshot or volume would exceed the allowed quota.")

        response = self.post(restore_name="copy")

        self.assertEqual(200, response.status_code)
        self.assertContains(response, "exceed the allowed quota")
        self.assertEqual("failed", models.Event.objects.get().outcome)

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_foreign_or_vanished_checkpoint_redirects(self):
        self.mock_checkpoint_get.side_effect = exceptions.NotFound(
            "Checkpoint cp-1 was not found")

        response = self.post(restore_name="copy")

        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.mock_checkpoint_restore.assert_not_called()

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_event_log_failure_loses_no_restore(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.return_value = volume(id="vol-new")

        with mock.patch.object(models.Event.objects, "create",
                               side_effect=DatabaseError("disk full")):
            response = self.post(restore_name="copy")

        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.mock_checkpoint_restore.assert_called_once()


class RevertTests(helpers.TestCase):
    url = reverse("horizon:project:checkpoints:revert", args=("cp-1",))

    def check(self, refusal=None):
        self.mock_checkpoint_revert_check.return_value = (
            volume(), checkpoint(), refusal)

    @helpers.create_mocks({revert: ("checkpoint_revert_check",)})
    def test_the_dialog_says_what_is_lost(self):
        self.check()

        response = self.client.get(self.url)

        self.assertTemplateUsed(response,
                                "volsnap_dashboard/checkpoints/revert.html")
        self.assertContains(response, "Everything written to it since then "
                                      "is lost")
        self.assertContains(response, 'value="data-before-revert"')
        self.assertNotContains(response, "volsnap-revert-refusal")

    @helpers.create_mocks({revert: ("checkpoint_revert_check",
                                    "checkpoint_revert")})
    def test_a_confirmed_revert_is_asked_for_and_recorded(self):
        self.check()

        response = self.client.post(self.url, {"confirm": "on"})

        self.assertNoFormErrors(response)
        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        # The dialog's check of this request is not asked for again.
        self.mock_checkpoint_revert.assert_called_once_with(
            mock.ANY, "cp-1", self.mock_checkpoint_revert_check.return_value)
        self.mock_checkpoint_revert_check.assert_called_once()
        self.assertEqual([("revert", "in_progress", "cp-1", "vol-1", "")],
                         events())

    @helpers.create_mocks({revert: ("checkpoint_revert_check",
                                    "checkpoint_revert")})
    def test_nothing_happens_unconfirmed(self):
        self.check()

        response = self.client.post(self.url, {})

        self.assertFormErrors(response, 1)
        self.mock_checkpoint_revert.assert_not_called()
        self.assertEqual([], events())

    @helpers.create_mocks({revert: ("checkpoint_revert_check",
                                    "checkpoint_revert")})
    def test_a_refusal_shows_why_and_the_way_instead(self):
        for instead, link in ((revert_checks.RESTORE, True),
                              (revert_checks.DETACH, False),
                              (revert_checks.WAIT, False)):
            with self.subTest(instead=instead):
                self.check(revert_checks.Refusal(f"<b>{instead}</b>",
                                                 instead))
                page = self.client.get(self.url)
                self.assertContains(page, f"&lt;b&gt;{instead}&lt;/b&gt;")
                self.assertEqual(link, "/project/checkpoints/cp-1/restore/"
                                 in page.content.decode())
                response = self.client.post(self.url, {"confirm": "on"})
                self.assertContains(response, f"&lt;b&gt;{instead}")
        self.mock_checkpoint_revert.assert_not_called()
        self.assertEqual([], events())

    @helpers.create_mocks({revert: ("checkpoint_revert_check",
                                    "checkpoint_revert", "volume_clone"),
                           checkpoints: ("volume_get", "volume_wait",
                                         "checkpoint_create",
                                         "checkpoint_wait")})
    def test_the_current_data_is_kept_and_protected_before_the_revert(self):
        self.check()
        order = []
        copy = volume(id="vol-copy", name="data-before")
        self.mock_volume_get.return_value = volume()
        self.mock_volume_clone.side_effect = (
            lambda *a: order.append("clone") or copy)
        self.mock_volume_wait.return_value = copy
        self.mock_checkpoint_create.side_effect = (
            lambda *a, **k: order.append("protect") or checkpoint(
                id="cp-kept", name="data-before", volume_id="vol-copy"))
        self.mock_checkpoint_wait.side_effect = (
            lambda *a, **k: order.append("available"))
        self.mock_checkpoint_revert.side_effect = (
            lambda *a: order.append(("revert", a[2])))

        response = self.client.post(self.url, {
            "confirm": "on", "keep_copy": "on", "copy_name": "data-before"})

        self.assertNoFormErrors(response)
        # The copy took time: Cinder is asked again before the revert.
        self.assertEqual(["clone", "protect", "available",
                          ("revert", None)], order)
        self.assertEqual(
            [("protect", "succeeded", "cp-kept", "vol-copy", ""),
             ("revert", "in_progress", "cp-1", "vol-1", "")],
            sorted(events()))
        self.assertIn("kept in volume", " ".join(
            str(m) for m in response.wsgi_request._messages))

    @helpers.create_mocks({revert: ("checkpoint_revert_check",
                                    "checkpoint_revert", "volume_clone"),
                           checkpoints: ("volume_get",)})
    def test_a_copy_cinder_refuses_reverts_nothing(self):
        self.check()
        self.mock_volume_get.return_value = volume()
        self.mock_volume_clone.side_effect = exceptions.QuotaExceeded(
            "Cinder refused it over quota: VolumeLimitExceeded")

        response = self.client.post(self.url, {
            "confirm": "on", "keep_copy": "on", "copy_name": "data-before"})

        self.assertContains(response, "over quota")
        self.mock_checkpoint_revert.assert_not_called()
        self.assertEqual([], events())

    @helpers.create_mocks({revert: ("checkpoint_revert_check",
                                    "checkpoint_revert")})
    def test_a_refusal_found_at_the_last_moment_is_recorded(self):
        self.check()
        self.mock_checkpoint_revert.side_effect = exceptions.RevertRefused(
            revert_checks.Refusal("Volume data is attached now.",
                                  revert_checks.DETACH))

        response = self.client.post(self.url, {"confirm": "on"})

        self.assertContains(response, "attached now")
        self.assertEqual([("revert", "failed", "cp-1", "vol-1",
                           "Volume data is attached now.")], events())

    @helpers.create_mocks({revert: ("checkpoint_revert_check",)})
    def test_a_foreign_or_hostile_id_redirects(self):
        self.mock_checkpoint_revert_check.side_effect = exceptions.NotFound(
            "Checkpoint x was not found")

        for bad in ("cp-1", "%3Cscript%3E", "1%3BDROP", "x" * 300):
            with self.subTest(bad=bad):
                response = self.client.get(
                    f"/project/checkpoints/{bad}/revert/")
                self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_offered_on_each_volumes_newest_checkpoint_on_the_page(self):
        self.mock_checkpoint_list_paged.return_value = ([
            checkpoint(id="cp-new", created_at="2026-11-26T10:00:00"),
            checkpoint(id="cp-old", created_at="2026-11-25T10:00:00"),
            checkpoint(id="cp-other", volume_id="vol-2"),
            checkpoint(id="cp-gone", volume_id="vol-3", volume_exists=False),
            checkpoint(id="cp-busy", volume_id="vol-4", status="creating")],
            False, False)

        content = self.client.get(CHECKPOINTS_URL).content.decode()

        offered = {cp for cp in ("cp-new", "cp-old", "cp-other", "cp-gone",
                                 "cp-busy")
                   if f"/project/checkpoints/{cp}/revert/" in content}
        self.assertEqual({"cp-new", "cp-other"}, offered)

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_not_offered_without_cinders_policy(self):
        self.mock_checkpoint_list_paged.return_value = (
            [checkpoint()], False, False)
        allowed = lambda rules, request, target=None: (  # noqa: E731
            ("volume", "volume:revert_to_snapshot") not in rules)

        with override_settings(POLICY_CHECK_FUNCTION=allowed):
            content = self.client.get(CHECKPOINTS_URL).content.decode()

        self.assertNotIn("/revert/", content)
        self.assertIn("/restore/", content)


class DetailTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "restored_volumes",
                                         "checkpoint_messages"),
                           backups: ("backup_list",)})
    def test_shows_facts_restored_volumes_and_messages(self):
        self.mock_checkpoint_get.return_value = checkpoint(
            description=HOSTILE, metadata={
                checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_KARBOR,
                checkpoints.KARBOR_CHECKPOINT_KEY: "karbor-cp-7"})
        self.mock_restored_volumes.return_value = [volume(id="vol-r",
                                                          name="copy")]
        self.mock_backup_list.return_value = []
        self.mock_checkpoint_messages.return_value = [checkpoints.Message(
            id="m1", created_at="2026-11-25T10:00:00.000000",
            event_id="VOLUME_SNAPSHOT_001",
            user_message="create snapshot: Snapshot failed.",
            message_level="ERROR")]
        url = reverse("horizon:project:checkpoints:detail", args=("cp-1",))

        response = self.client.get(url + "?tab=checkpoint_details__messages")

        self.assertContains(response, "copy")
        self.assertContains(response, "&lt;script&gt;")
        self.assertContains(response, "Snapshot failed.")
        self.assertContains(response, "<dd>Karbor</dd>", html=False)
        self.assertContains(response, "<dd>karbor-cp-7</dd>", html=False)
        # The dialog decides whether Cinder would revert; the page offers.
        self.assertContains(response, "/project/checkpoints/cp-1/revert/")

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "restored_volumes",
                                         "checkpoint_messages"),
                           backups: ("backup_list",)})
    def test_the_creation_time_is_in_the_users_time_zone(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_restored_volumes.return_value = []
        self.mock_checkpoint_messages.return_value = []
        self.mock_backup_list.return_value = []
        self.client.cookies["django_timezone"] = "Asia/Tokyo"

        response = self.client.get(reverse(
            "horizon:project:checkpoints:detail", args=("cp-1",)))

        # 10:00 UTC is 19:00 in Tokyo.
        self.assertContains(response, "7 p.m.")
        self.assertNotContains(response, "10 a.m.")
