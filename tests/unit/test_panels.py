"""Views, forms and tables of the panels, on Horizon's test helpers."""
from unittest import mock

from django.db import DatabaseError
from django.test.utils import override_settings
from django.urls import reverse
from openstack_dashboard.test import helpers

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions

CHECKPOINTS_URL = reverse("horizon:project:checkpoints:index")
PROTECTION_URL = reverse("horizon:project:protection:index")
HOSTILE = "<script>alert('x')</script>"


def checkpoint(**changes):
    values = dict(id="cp-1", name="nightly", description="",
                  status="available",
                  size=2, created_at="2026-11-25T10:00:00.000000",
                  volume_id="vol-1", project_id="p", metadata={
                      checkpoints.CREATED_BY_KEY: "alice"},
                  volume_name="data", volume_exists=True)
    values.update(changes)
    return checkpoints.Checkpoint(**values)


def volume(**changes):
    values = dict(id="vol-1", name="data", status="available", size=2,
                  snapshot_id=None, metadata={},
                  created_at="2026-11-25T09:00:00.000000")
    values.update(changes)
    return checkpoints.Volume(**values)


QUOTA = checkpoints.SnapshotQuota(snapshots_used=1, snapshots_limit=10,
                                  gigabytes_used=2, gigabytes_limit=100)
SPENT = checkpoints.SnapshotQuota(snapshots_used=10, snapshots_limit=10,
                                  gigabytes_used=2, gigabytes_limit=100)


def events(**filters):
    return list(models.Event.objects.filter(**filters).values_list(
        "action", "outcome", "checkpoint_id", "volume_id", "error"))


class CheckpointsIndexTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_lists_the_page_from_one_backend_call(self):
        self.mock_checkpoint_list_paged.return_value = (
            [checkpoint(), checkpoint(id="cp-2", name=HOSTILE,
                                      volume_exists=False,
                                      status="creating")], True, False)

        response = self.client.get(CHECKPOINTS_URL)

        self.assertTemplateUsed(response,
                                "horizon/common/_data_table_view.html")
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

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_busy_checkpoints_offer_no_restore_or_delete(self):
        self.mock_checkpoint_list_paged.return_value = (
            [checkpoint(status="creating")], False, False)

        page = self.client.get(CHECKPOINTS_URL)

        self.assertNotContains(page, "checkpoints__row_cp-1__action_restore")
        self.assertNotContains(page, "checkpoints__row_cp-1__action_delete")


class RestoreTests(helpers.TestCase):
    url = reverse("horizon:project:checkpoints:restore", args=("cp-1",))

    @helpers.create_mocks({checkpoints: ("checkpoint_get",)})
    def test_form_is_prefilled(self):
        self.mock_checkpoint_get.return_value = checkpoint()

        response = self.client.get(self.url)

        self.assertTemplateUsed(response,
                                "volsnap_dashboard/checkpoints/restore.html")
        self.assertContains(response, 'value="nightly-restored"')

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_restore_starts_a_new_volume_and_says_so(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.return_value = volume(
            id="vol-new", name=HOSTILE, status="creating")

        response = self.client.post(self.url, {"restore_name": "copy",
                                               "restore_description": ""})

        self.assertNoFormErrors(response)
        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.mock_checkpoint_restore.assert_called_once_with(
            mock.ANY, "cp-1", "copy", None)
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
    def test_over_long_name_is_a_field_error(self):
        self.mock_checkpoint_get.return_value = checkpoint()

        response = self.client.post(self.url, {"restore_name": "x" * 256})

        self.assertFormErrors(response, 1)
        self.mock_checkpoint_restore.assert_not_called()
        self.assertEqual([], events())

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_over_quota_keeps_the_dialog_and_records_the_failure(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.side_effect = exceptions.QuotaExceeded(
            "Requested snapshot or volume would exceed the allowed quota.")

        response = self.client.post(self.url, {"restore_name": "copy"})

        self.assertEqual(200, response.status_code)
        self.assertContains(response, "exceed the allowed quota")
        self.assertEqual("failed", models.Event.objects.get().outcome)

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_foreign_or_vanished_checkpoint_redirects(self):
        self.mock_checkpoint_get.side_effect = exceptions.NotFound(
            "Checkpoint cp-1 was not found")

        response = self.client.post(self.url, {"restore_name": "copy"})

        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.mock_checkpoint_restore.assert_not_called()

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "checkpoint_restore")})
    def test_event_log_failure_loses_no_restore(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_checkpoint_restore.return_value = volume(id="vol-new")

        with mock.patch.object(models.Event.objects, "create",
                               side_effect=DatabaseError("disk full")):
            response = self.client.post(self.url, {"restore_name": "copy"})

        self.assertRedirectsNoFollow(response, CHECKPOINTS_URL)
        self.mock_checkpoint_restore.assert_called_once()


class DetailTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "restored_volumes",
                                         "checkpoint_messages")})
    def test_shows_facts_restored_volumes_and_messages(self):
        self.mock_checkpoint_get.return_value = checkpoint(
            description=HOSTILE, metadata={
                checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_KARBOR,
                checkpoints.KARBOR_CHECKPOINT_KEY: "karbor-cp-7"})
        self.mock_restored_volumes.return_value = [volume(id="vol-r",
                                                          name="copy")]
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

    @helpers.create_mocks({checkpoints: ("checkpoint_get",
                                         "restored_volumes",
                                         "checkpoint_messages")})
    def test_the_creation_time_is_in_the_users_time_zone(self):
        self.mock_checkpoint_get.return_value = checkpoint()
        self.mock_restored_volumes.return_value = []
        self.mock_checkpoint_messages.return_value = []
        self.client.cookies["django_timezone"] = "Asia/Tokyo"

        response = self.client.get(reverse(
            "horizon:project:checkpoints:detail", args=("cp-1",)))

        # 10:00 UTC is 19:00 in Tokyo.
        self.assertContains(response, "7 p.m.")
        self.assertNotContains(response, "10 a.m.")


class ProtectionTests(helpers.TestCase):
    url = reverse("horizon:project:protection:protect", args=("vol-1",))

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_lists_volumes_and_when_they_were_protected(self):
        self.mock_volume_list_paged.return_value = ([
            volume(last_protected="2026-11-25T10:00:00.000000"),
            volume(id="vol-2", name="web", status="in-use",
                   attached_to=("server-1",))], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA

        response = self.client.get(PROTECTION_URL)

        self.assertContains(response, "volumes__row_vol-1__action_protect")
        self.assertContains(response, "Never")
        self.mock_snapshot_quota_get.assert_called_once()

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_spent_quota_disables_protect_with_a_reason(self):
        self.mock_volume_list_paged.return_value = ([volume()], False, False)
        self.mock_snapshot_quota_get.return_value = SPENT

        response = self.client.get(PROTECTION_URL)

        self.assertContains(response, "Protect (Quota exceeded)")

    @helpers.create_mocks({checkpoints: ("volume_get", "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_protect_creates_a_checkpoint_and_records_it(self):
        self.mock_volume_get.return_value = volume()
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_checkpoint_create.return_value = checkpoint()

        response = self.client.post(self.url, {
            "snapshot_name": "nightly", "description": HOSTILE})

        self.assertNoFormErrors(response)
        self.mock_checkpoint_create.assert_called_once_with(
            mock.ANY, "vol-1", "nightly", HOSTILE, False)
        self.assertEqual([("protect", "in_progress", "cp-1", "vol-1", "")],
                         events())

    @helpers.create_mocks({checkpoints: ("volume_get", "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_in_use_volume_warns_and_offers_force(self):
        self.mock_volume_get.return_value = volume(status="in-use")
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_checkpoint_create.return_value = checkpoint()

        page = self.client.get(self.url)
        self.client.post(self.url, {"snapshot_name": "n", "force": "on"})

        self.assertContains(page, "volsnap-in-use-warning")
        self.assertContains(page, 'name="force"')
        self.mock_checkpoint_create.assert_called_once_with(
            mock.ANY, "vol-1", "n", "", True)

    @helpers.create_mocks({checkpoints: ("volume_get", "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_force_is_a_check_box_not_any_word(self):
        self.mock_volume_get.return_value = volume(status="in-use")
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_checkpoint_create.return_value = checkpoint()

        for word in ("no", "yes please", "2"):
            with self.subTest(force=word):
                response = self.client.post(
                    self.url, {"snapshot_name": "n", "force": word})
                self.assertFormErrors(response, 1)
        for word, force in (("off", False), ("false", False),
                            ("TRUE", True)):
            with self.subTest(force=word):
                self.client.post(self.url, {"snapshot_name": "n",
                                            "force": word})
                self.assertEqual(
                    force, self.mock_checkpoint_create.call_args.args[4])

    @helpers.create_mocks({checkpoints: ("volume_get", "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_available_volume_has_no_force(self):
        self.mock_volume_get.return_value = volume()
        self.mock_snapshot_quota_get.return_value = QUOTA

        page = self.client.get(self.url)

        self.assertNotContains(page, 'name="force"')
        self.assertNotContains(page, "volsnap-in-use-warning")

    @helpers.create_mocks({checkpoints: ("volume_get", "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_refusal_stays_in_the_dialog_and_is_recorded(self):
        self.mock_volume_get.return_value = volume(status="in-use")
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_checkpoint_create.side_effect = exceptions.InvalidState(
            "Volume data is attached to an instance.")

        response = self.client.post(self.url, {"snapshot_name": "n"})

        self.assertContains(response, "attached to an instance")
        self.assertEqual(
            [("protect", "failed", "", "vol-1",
              "Volume data is attached to an instance.")], events())

    @helpers.create_mocks({checkpoints: ("volume_get", "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_spent_quota_is_refused_before_cinder(self):
        self.mock_volume_get.return_value = volume()
        self.mock_snapshot_quota_get.return_value = SPENT

        response = self.client.post(self.url, {"snapshot_name": "n"})

        self.assertContains(response, "exceed the allowed quota")
        self.mock_checkpoint_create.assert_not_called()

    @helpers.create_mocks({checkpoints: ("volume_get", "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_foreign_volume_id_redirects(self):
        self.mock_volume_get.side_effect = exceptions.NotFound(
            "Volume vol-1 was not found")

        response = self.client.get(self.url)

        self.assertRedirectsNoFollow(response, PROTECTION_URL)

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_protect_selected_volumes_at_once(self):
        self.mock_volume_list_paged.return_value = (
            [volume(), volume(id="vol-2", name="web")], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_checkpoint_create.side_effect = [
            checkpoint(), exceptions.QuotaExceeded("over quota")]

        self.client.post(PROTECTION_URL, {
            "action": "volumes__protect_selected",
            "object_ids": ["vol-1", "vol-2"]})

        names = [c.args[2] for c in
                 self.mock_checkpoint_create.call_args_list]
        self.assertTrue(names[0].startswith("data-"))
        self.assertTrue(names[1].startswith("web-"))
        self.assertEqual(
            [("protect", "failed", "", "vol-2", "over quota"),
             ("protect", "in_progress", "cp-1", "vol-1", "")],
            sorted(events()))

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get",
                                         "checkpoint_create")})
    def test_a_volume_named_many_times_is_protected_once(self):
        self.mock_volume_list_paged.return_value = ([volume()], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.mock_checkpoint_create.return_value = checkpoint()

        self.client.post(PROTECTION_URL, {
            "action": "volumes__protect_selected",
            "object_ids": ["vol-1"] * 50})

        self.assertEqual(1, self.mock_checkpoint_create.call_count)
        self.assertEqual(1, len(events()))


class NotAnIdTests(helpers.TestCase):
    """A URL whose id is not a Cinder id redirects with a message; the
    backend refuses it before any client exists (no mock needed)."""

    def test_every_object_page_redirects(self):
        for value in ("detail", "restore", "²", "x" * 300, "a b",
                      "%2e%2e"):
            for name, kwargs, index in (
                    ("horizon:project:checkpoints:detail",
                     {"checkpoint_id": value}, CHECKPOINTS_URL),
                    ("horizon:project:checkpoints:restore",
                     {"checkpoint_id": value}, CHECKPOINTS_URL),
                    ("horizon:project:protection:protect",
                     {"volume_id": value}, PROTECTION_URL)):
                with self.subTest(page=name, value=value):
                    response = self.client.get(reverse(name, kwargs=kwargs))
                    self.assertRedirectsNoFollow(response, index)
                    self.assertIn("was not found", str(list(
                        response.wsgi_request._messages)[-1]))

    def test_a_row_update_for_a_non_id_drops_the_row(self):
        response = self.client.get(
            CHECKPOINTS_URL + "?action=row_update&table=checkpoints"
            "&obj_id=%C2%B2", HTTP_X_REQUESTED_WITH="XMLHttpRequest")

        self.assertEqual(404, response.status_code)
