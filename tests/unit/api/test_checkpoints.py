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

import threading
import unittest
from unittest import mock

from cinderclient import api_versions
from cinderclient import exceptions as cinder_exceptions
from cinderclient.v3 import volume_snapshots
from keystoneauth1 import exceptions as ks_exceptions
from openstack_dashboard.test import helpers

from tests.unit.api import transport
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import client as clients
from volsnap_dashboard import exceptions


def resource(source, **changes):
    """A cinderclient resource from Horizon's test data, changed."""
    raw = getattr(source, "_apiresource", source)
    return type(raw)(raw.manager, dict(raw._info, **changes), loaded=True)


class BackendTestCase(helpers.APITestCase):

    def setUp(self):
        super().setUp()
        patcher = mock.patch.object(clients, "cinder")
        self.client = patcher.start().return_value
        self.client.api_version = api_versions.APIVersion("3.71")
        self.volume = resource(self.cinder_volumes.first(),
                               name="data", status="available")
        self.snapshot = resource(
            self.cinder_volume_snapshots.first(), name="daily",
            status="available",
            metadata={checkpoints.CHECKPOINT_KEY: "true",
                      checkpoints.CREATED_BY_KEY: "alice"})


class ProtectTests(BackendTestCase):

    def protect(self, **kwargs):
        args = dict(snapshot_name="daily", description="before upgrade",
                    force=False)
        args.update(kwargs)
        return checkpoints.checkpoint_create(self.request, self.volume.id,
                                             **args)

    def test_marks_the_snapshot_as_a_checkpoint(self):
        self.client.volumes.get.return_value = self.volume
        self.client.volume_snapshots.create.return_value = self.snapshot

        checkpoint = self.protect()

        self.client.volume_snapshots.create.assert_called_once_with(
            self.volume.id, force=None, name="daily",
            description="before upgrade",
            metadata={checkpoints.CHECKPOINT_KEY: "true",
                      checkpoints.CREATED_BY_KEY: self.user.name,
                      checkpoints.ORIGIN_KEY: checkpoints.ORIGIN_MANUAL,
                      checkpoints.VOLUME_NAME_KEY: self.volume.name})
        self.assertEqual(self.snapshot.id, checkpoint.id)
        self.assertEqual("alice", checkpoint.created_by)
        self.assertEqual(self.volume.name, checkpoint.volume_name)

    def test_sends_force_false_before_microversion_3_66(self):
        self.client.api_version = api_versions.APIVersion("3.65")
        self.client.volumes.get.return_value = self.volume
        self.client.volume_snapshots.create.return_value = self.snapshot

        self.protect()

        self.assertIs(
            False,
            self.client.volume_snapshots.create.call_args.kwargs["force"])

    def test_in_use_volume_with_force_is_snapshotted(self):
        for version, sent in (("3.71", True), ("3.0", True)):
            self.client.api_version = api_versions.APIVersion(version)
            self.client.volumes.get.return_value = resource(
                self.volume, status="in-use")
            self.client.volume_snapshots.create.return_value = self.snapshot

            self.protect(force=True)

            self.assertIs(sent, self.client.volume_snapshots.create
                          .call_args.kwargs["force"])

    def test_in_use_volume_without_force_is_refused_before_cinder(self):
        self.client.volumes.get.return_value = resource(self.volume,
                                                        status="in-use")

        with self.assertRaisesRegex(exceptions.InvalidState, "Force"):
            self.protect(force=False)
        self.client.volume_snapshots.create.assert_not_called()

    def test_volume_in_a_busy_state_is_refused(self):
        self.client.volumes.get.return_value = resource(self.volume,
                                                        status="extending")

        with self.assertRaisesRegex(exceptions.InvalidState, "extending"):
            self.protect()
        self.client.volume_snapshots.create.assert_not_called()

    def test_options_are_validated_against_the_schema(self):
        bad = [dict(snapshot_name=42), dict(force="yes"),
               dict(description=["x"]), dict(snapshot_name="x" * 256),
               dict(description="line\nbreak\x00")]
        for options in bad:
            with self.subTest(options=options):
                with self.assertRaises(exceptions.InvalidInput):
                    self.protect(**options)
        self.client.volumes.get.assert_not_called()

    def test_hostile_but_valid_names_go_through_as_text(self):
        self.client.volumes.get.return_value = self.volume
        self.client.volume_snapshots.create.return_value = self.snapshot
        name = "<script>alert('x')</script>" + "é" * 200

        self.protect(snapshot_name=name)

        self.assertEqual(
            name, self.client.volume_snapshots.create.call_args.kwargs["name"])

    def test_vanished_volume_is_not_found(self):
        self.client.volumes.get.side_effect = cinder_exceptions.NotFound(404)

        with self.assertRaisesRegex(exceptions.NotFound, self.volume.id):
            self.protect()

    def test_over_quota_is_a_quota_error(self):
        self.client.volumes.get.return_value = self.volume
        self.client.volume_snapshots.create.side_effect = (
            cinder_exceptions.OverLimit(413))

        with self.assertRaisesRegex(exceptions.QuotaExceeded, "quota"):
            self.protect()

    def test_cinder_down_or_failing_is_unavailable(self):
        for error in (
                transport.refused(cinder_exceptions.ConnectionError("no")),
                transport.refused(ks_exceptions.ConnectFailure("no")),
                transport.aborted(cinder_exceptions.ConnectionError("no")),
                cinder_exceptions.ClientException(500, "boom")):
            with self.subTest(error=error):
                self.client.volumes.get.side_effect = error
                with self.assertRaises(exceptions.CinderUnavailable):
                    self.protect()

    def test_an_unclear_answer_to_the_create_may_have_changed_things(self):
        self.client.volumes.get.return_value = self.volume
        for error in (ks_exceptions.RequestTimeout("slow"),
                      transport.aborted(ks_exceptions.ConnectFailure("lost")),
                      transport.aborted(
                          cinder_exceptions.ConnectionError("lost")),
                      cinder_exceptions.ClientException(500, "boom")):
            with self.subTest(error=error):
                self.client.volume_snapshots.create.side_effect = error
                with self.assertRaises(exceptions.OutcomeUnknown) as raised:
                    self.protect()
                self.assertIn("may or may not have been carried out",
                              str(raised.exception))
                self.assertNotIn("nothing was changed", str(raised.exception))

    def test_no_connection_at_all_changed_nothing(self):
        self.client.volumes.get.return_value = self.volume
        for error in (transport.refused(ks_exceptions.ConnectFailure("no")),
                      transport.refused(
                          cinder_exceptions.ConnectionError("no"))):
            with self.subTest(error=error):
                self.client.volume_snapshots.create.side_effect = error
                with self.assertRaisesRegex(exceptions.CinderUnreachable,
                                            "nothing was changed"):
                    self.protect()

    def test_cinder_bad_request_keeps_cinders_reason(self):
        self.client.volumes.get.return_value = self.volume
        self.client.volume_snapshots.create.side_effect = (
            cinder_exceptions.BadRequest(400, "Invalid volume: busy"))

        with self.assertRaisesRegex(exceptions.InvalidState, "busy"):
            self.protect()


class RestoreTests(BackendTestCase):

    def test_creates_a_new_volume_from_the_snapshot(self):
        self.client.volume_snapshots.get.return_value = self.snapshot
        self.client.volumes.create.return_value = resource(
            self.volume, id="new-volume", name="copy", status="creating",
            snapshot_id=self.snapshot.id,
            metadata={checkpoints.RESTORED_FROM_KEY: self.snapshot.id})

        volume = checkpoints.checkpoint_restore(
            self.request, self.snapshot.id, "copy", "restored copy")

        self.client.volumes.create.assert_called_once_with(
            self.snapshot.size, snapshot_id=self.snapshot.id, name="copy",
            description="restored copy", volume_type=None,
            availability_zone=None,
            metadata={checkpoints.RESTORED_FROM_KEY: self.snapshot.id})
        self.assertEqual("new-volume", volume.id)
        self.assertEqual(self.snapshot.id, volume.restored_from)
        self.client.volumes.delete.assert_not_called()
        self.client.volumes.update.assert_not_called()

    def test_size_type_and_zone_go_to_cinder(self):
        self.client.volume_snapshots.get.return_value = self.snapshot
        self.client.volumes.create.return_value = self.volume

        checkpoints.checkpoint_restore(
            self.request, self.snapshot.id, "copy", size=self.snapshot.size
            + 3, volume_type="gold", availability_zone="east")

        self.client.volumes.create.assert_called_once_with(
            self.snapshot.size + 3, snapshot_id=self.snapshot.id, name="copy",
            description=None, volume_type="gold", availability_zone="east",
            metadata={checkpoints.RESTORED_FROM_KEY: self.snapshot.id})

    def test_options_cinder_would_refuse_never_reach_it(self):
        self.client.volume_snapshots.get.return_value = self.snapshot
        for options in ({"size": self.snapshot.size - 1}, {"size": 0},
                        {"size": 2 ** 31}, {"size": "10"},
                        {"volume_type": "t" * 256},
                        {"availability_zone": "zone\x00"}):
            with self.subTest(options=options):
                with self.assertRaises(exceptions.InvalidInput):
                    checkpoints.checkpoint_restore(
                        self.request, self.snapshot.id, "copy", **options)
        self.client.volumes.create.assert_not_called()

    def test_name_and_description_are_optional(self):
        self.client.volume_snapshots.get.return_value = self.snapshot
        self.client.volumes.create.return_value = self.volume

        checkpoints.checkpoint_restore(self.request, self.snapshot.id)

        kwargs = self.client.volumes.create.call_args.kwargs
        self.assertIsNone(kwargs["name"])
        self.assertIsNone(kwargs["description"])

    def test_only_an_available_checkpoint_is_restored(self):
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, status="creating")

        with self.assertRaisesRegex(exceptions.InvalidState, "creating"):
            checkpoints.checkpoint_restore(self.request, self.snapshot.id)
        self.client.volumes.create.assert_not_called()

    def test_a_plain_snapshot_is_not_a_checkpoint(self):
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, metadata={})

        with self.assertRaises(exceptions.NotFound):
            checkpoints.checkpoint_restore(self.request, self.snapshot.id)
        self.client.volumes.create.assert_not_called()

    def test_invalid_restore_options(self):
        with self.assertRaises(exceptions.InvalidInput):
            checkpoints.checkpoint_restore(self.request, self.snapshot.id,
                                           restore_name=7)
        self.client.volume_snapshots.get.assert_not_called()

    def test_foreign_checkpoint_is_not_found(self):
        self.client.volume_snapshots.get.side_effect = (
            cinder_exceptions.NotFound(404))

        with self.assertRaises(exceptions.NotFound):
            checkpoints.checkpoint_restore(
                self.request, "0e5a7d62-5e0e-4c1b-9c5a-1f0f3c2b8a11")
        self.client.volumes.create.assert_not_called()


PROJECT_ATTRIBUTE = "os-extended-snapshot-attributes:project_id"


class AdminScopeTests(BackendTestCase):
    """An admin's token reads every project's snapshots; the project
    views still act in the admin's own project only."""

    def test_another_projects_checkpoint_is_refused_by_name(self):
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, **{PROJECT_ATTRIBUTE: "other-project"})
        for name, call in (
                ("get", checkpoints.checkpoint_get),
                ("restore", checkpoints.checkpoint_restore),
                ("delete", checkpoints.checkpoint_delete)):
            with self.subTest(call=name):
                with self.assertRaisesRegex(exceptions.ForeignProject,
                                            "other-project"):
                    call(self.request, self.snapshot.id)
        self.client.volumes.create.assert_not_called()
        self.client.volume_snapshots.delete.assert_not_called()

    def test_the_own_projects_checkpoint_is_restored(self):
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, **{PROJECT_ATTRIBUTE: self.request.user.project_id})
        self.client.volumes.create.return_value = self.volume

        checkpoints.checkpoint_restore(self.request, self.snapshot.id)

        self.client.volumes.create.assert_called_once()

    def test_a_session_is_scoped_by_its_token_alone(self):
        session = mock.Mock(spec=clients.ks_session.Session)
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, **{PROJECT_ATTRIBUTE: "other-project"})
        self.client.volumes.create.return_value = self.volume

        checkpoints.checkpoint_restore(session, self.snapshot.id)

        self.client.volumes.create.assert_called_once()


class DeleteTests(BackendTestCase):

    def test_deletes_in_deletable_states(self):
        for status in checkpoints.DELETABLE_STATUSES:
            with self.subTest(status=status):
                self.client.volume_snapshots.get.return_value = resource(
                    self.snapshot, status=status)
                checkpoints.checkpoint_delete(self.request, self.snapshot.id)
                self.client.volume_snapshots.delete.assert_called_with(
                    self.snapshot.id)

    def test_refuses_while_busy(self):
        for status in ("creating", "deleting", "backing-up", "restoring"):
            with self.subTest(status=status):
                self.client.volume_snapshots.get.return_value = resource(
                    self.snapshot, status=status)
                with self.assertRaisesRegex(exceptions.InvalidState, status):
                    checkpoints.checkpoint_delete(self.request,
                                                  self.snapshot.id)
        self.client.volume_snapshots.delete.assert_not_called()


class ListTests(BackendTestCase):

    def make_snapshots(self, count):
        return [resource(self.snapshot, id=f"snap-{i}", name=f"cp-{i}")
                for i in range(count)]

    def test_one_filtered_page_and_one_volume_listing(self):
        self.client.volume_snapshots.list.return_value = self.make_snapshots(3)
        self.client.volumes.list.return_value = [self.volume]

        page, has_more, has_prev = checkpoints.checkpoint_list_paged(
            self.request, limit=2, filters={"name": "cp", "status": "",
                                            "bogus": "x"})

        self.client.volume_snapshots.list.assert_called_once_with(
            search_opts={"name": "cp",
                         "metadata": {checkpoints.CHECKPOINT_KEY: "true"}},
            marker=None, limit=3, sort="created_at:desc")
        self.client.volumes.list.assert_called_once_with(
            detailed=False, search_opts=None)
        self.assertEqual(["snap-0", "snap-1"], [c.id for c in page])
        self.assertTrue(has_more)
        self.assertFalse(has_prev)
        self.assertEqual(self.volume.name, page[0].volume_name)
        self.assertTrue(page[0].volume_exists)

    def test_checkpoint_of_a_deleted_volume_keeps_its_recorded_name(self):
        snapshot = resource(self.snapshot, metadata={
            checkpoints.CHECKPOINT_KEY: "true",
            checkpoints.VOLUME_NAME_KEY: "old-data"})
        self.client.volume_snapshots.list.return_value = [snapshot]
        self.client.volumes.list.return_value = []

        (checkpoint,), _, _ = checkpoints.checkpoint_list_paged(self.request)

        self.assertEqual("old-data", checkpoint.volume_name)
        self.assertFalse(checkpoint.volume_exists)

    def test_volume_names_are_asked_for_beside_the_page(self):
        asked = threading.Event()

        def volumes(**kwargs):
            asked.set()
            return [self.volume]

        def snapshots(**kwargs):
            # Made one after the other, the volume listing would not have
            # started yet.
            if not asked.wait(timeout=10):
                raise AssertionError("the volume names were not asked for "
                                     "while the page was being listed")
            return self.make_snapshots(1)

        self.client.volumes.list.side_effect = volumes
        self.client.volume_snapshots.list.side_effect = snapshots

        (checkpoint,), _, _ = checkpoints.checkpoint_list_paged(self.request)

        self.assertEqual(self.volume.name, checkpoint.volume_name)

    def test_an_empty_page_does_not_need_the_volume_names(self):
        self.client.volume_snapshots.list.return_value = []
        self.client.volumes.list.side_effect = (
            cinder_exceptions.ClientException(500, "boom"))

        page, has_more, has_prev = checkpoints.checkpoint_list_paged(
            self.request, marker="m")

        self.assertEqual([], page)
        self.assertFalse(has_more)
        self.assertTrue(has_prev)

    def test_a_failed_volume_listing_fails_the_page_clearly(self):
        self.client.volume_snapshots.list.return_value = self.make_snapshots(1)
        self.client.volumes.list.side_effect = (
            cinder_exceptions.ClientException(500, "boom"))

        with self.assertLogs("volsnap_dashboard.api.errors") as logs, \
                self.assertRaises(exceptions.CinderUnavailable):
            checkpoints.checkpoint_list_paged(self.request)
        self.assertIn("The volume list", logs.output[0])

    def test_admin_lists_every_project(self):
        self.client.volume_snapshots.list.return_value = self.make_snapshots(1)
        self.client.volumes.list.return_value = []

        checkpoints.checkpoint_list_paged(self.request, all_projects=True)

        self.assertEqual(1, self.client.volume_snapshots.list.call_args
                         .kwargs["search_opts"]["all_tenants"])
        self.client.volumes.list.assert_called_once_with(
            detailed=False, search_opts={"all_tenants": 1})

    def test_previous_page_is_read_backwards_and_reversed(self):
        self.client.volume_snapshots.list.return_value = self.make_snapshots(3)
        self.client.volumes.list.return_value = []

        page, has_more, has_prev = checkpoints.checkpoint_list_paged(
            self.request, marker="snap-9", limit=2, sort_dir="asc")

        self.assertEqual("created_at:asc", self.client.volume_snapshots.list
                         .call_args.kwargs["sort"])
        self.assertEqual(["snap-1", "snap-0"], [c.id for c in page])
        self.assertTrue(has_more)
        self.assertTrue(has_prev)


class WaitTests(BackendTestCase):

    def setUp(self):
        super().setUp()
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def wait(self, **kwargs):
        return checkpoints.checkpoint_wait(
            self.request, self.snapshot.id, timeout=10, interval=2,
            sleep=self.sleep, clock=self.clock, **kwargs)

    def statuses(self, *statuses):
        self.client.volume_snapshots.get.side_effect = [
            resource(self.snapshot, status=s) for s in statuses]

    def test_returns_once_available(self):
        self.statuses("creating", "creating", "available")

        self.assertEqual("available", self.wait().status)
        self.assertEqual([2, 2], self.sleeps)

    def test_error_status_fails_at_once(self):
        self.statuses("creating", "error")

        with self.assertRaisesRegex(exceptions.OperationFailed, "error"):
            self.wait()

    def test_stuck_status_times_out(self):
        self.client.volume_snapshots.get.return_value = resource(
            self.snapshot, status="creating")

        with self.assertRaisesRegex(exceptions.WaitTimeout, "creating"):
            self.wait()
        self.assertLessEqual(sum(self.sleeps), 10)

    def test_deleted_means_not_found_any_more(self):
        self.client.volume_snapshots.get.side_effect = [
            resource(self.snapshot, status="deleting"),
            cinder_exceptions.NotFound(404)]

        self.assertEqual("deleted", self.wait(wanted=("deleted",)).status)


NOT_IDS = ("detail", "restore", "../../os-services", "x" * 300,
           "1234567890", "²³", "{0e5a7d62-5e0e-4c1b-9c5a-1f0f3c2b8a11}",
           "0e5a7d62-5e0e-4c1b-9c5a-1f0f3c2b8a1g",
           "0e5a7d625e0e4c1b9c5a1f0f3c2b8a11",
           "0e5a7d62-5e0e-4c1b-9c5a-1f0f3c2b8a11\n", "%00", "", None)


class IdTests(BackendTestCase):
    """What is not a Cinder id never reaches cinderclient."""

    def test_every_lookup_refuses_what_is_not_an_id(self):
        calls = {
            "get": lambda i: checkpoints.checkpoint_get(self.request, i),
            "restore": lambda i: checkpoints.checkpoint_restore(
                self.request, i, "copy", ""),
            "delete": lambda i: checkpoints.checkpoint_delete(
                self.request, i),
            "protect": lambda i: checkpoints.checkpoint_create(
                self.request, i, "daily", "", False),
            "volume": lambda i: checkpoints.volume_get(self.request, i),
            "restored": lambda i: checkpoints.restored_volumes(
                self.request, i),
            "messages": lambda i: checkpoints.checkpoint_messages(
                self.request, i)}
        for name, call in calls.items():
            for value in NOT_IDS:
                with self.subTest(call=name, value=value):
                    with self.assertRaisesRegex(exceptions.NotFound,
                                                "was not found"):
                        call(value)
        self.assertEqual([], clients.cinder.mock_calls)

    def test_an_id_in_capitals_is_still_an_id(self):
        self.client.volumes.get.return_value = self.volume

        checkpoints.volume_get(self.request, self.volume.id.upper())

        self.client.volumes.get.assert_called_once_with(
            self.volume.id.upper())


class TextTests(BackendTestCase):
    """Names refuse what spoofs them; descriptions take what users type."""

    def protect(self, name, description=""):
        self.client.volumes.get.return_value = self.volume
        self.client.volume_snapshots.create.return_value = self.snapshot
        return checkpoints.checkpoint_create(self.request, self.volume.id,
                                             name, description, False)

    def test_names_refuse_control_and_reordering_characters(self):
        for name in ("a\nb", "tab\there", "del\x7f", "c1\x85", "c1\x9b",
                     "gpj\u202eexe", "x\u2066y", "\x00"):
            with self.subTest(name=name):
                with self.assertRaises(exceptions.InvalidInput):
                    self.protect(name)
        self.client.volume_snapshots.create.assert_not_called()

    def test_descriptions_may_have_several_lines_but_no_tricks(self):
        self.protect("daily", "before the upgrade\r\nsecond line\n\tdone")

        # Cinder's API refuses control characters in descriptions.
        self.assertEqual(
            "before the upgrade second line done",
            self.client.volume_snapshots.create.call_args.kwargs[
                "description"])
        for description in ("bell\x07", "\u202eevil", "\x9b"):
            with self.subTest(description=description):
                with self.assertRaises(exceptions.InvalidInput):
                    self.protect("daily", description)

    def test_ordinary_unicode_names_are_fine(self):
        for name in ("nächtlich", "毎晩", "שלום", "émoji 🙂"):
            with self.subTest(name=name):
                self.protect(name)


class WrapperTests(unittest.TestCase):

    def test_a_create_s_answer_is_read_without_fetching_it_again(self):
        manager = mock.Mock()
        answer = volume_snapshots.Snapshot(manager, {
            "id": "s1", "name": "n", "status": "creating", "size": 1,
            "created_at": "2026-05-01T12:00:00", "volume_id": "v1",
            "metadata": {"volsnap_checkpoint": "true"}}, loaded=False)

        made = checkpoints.Checkpoint.from_snapshot(answer)

        self.assertEqual(("", "", {"volsnap_checkpoint": "true"}),
                         (made.description, made.project_id, made.metadata))
        manager.get.assert_not_called()
