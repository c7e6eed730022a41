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

"""The Protection panel: its volumes table and protect form."""
from unittest import mock

import datetime

from django.db import connection
from django.db import DatabaseError
from django.test import utils as test_utils
from django.urls import reverse
from openstack_dashboard.test import helpers
import time_machine

from tests.unit.content.fakes import checkpoint
from tests.unit.content.fakes import events
from tests.unit.content.fakes import HOSTILE
from tests.unit.content.fakes import PROTECTION_URL
from tests.unit.content.fakes import QUOTA
from tests.unit.content.fakes import SPENT
from tests.unit.content.fakes import volume
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.events import history
from volsnap_dashboard.events import models
from volsnap_dashboard import exceptions
from volsnap_dashboard.policies import coverage
from volsnap_dashboard.policies import models as policy_models


def protected(project_id, hour, **values):
    row = dict(action="protect", outcome="succeeded", source="dashboard",
               project_id=project_id, volume_id="vol-1",
               checkpoint_id=f"cp-{hour}",
               created_at=datetime.datetime(2026, 11, 25, hour,
                                            tzinfo=datetime.timezone.utc))
    row.update(values)
    return models.Event.objects.create(**row)


class ProtectionTests(helpers.TestCase):
    url = reverse("horizon:project:protection:protect", args=("vol-1",))

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_lists_volumes_and_when_they_were_protected(self):
        self.mock_volume_list_paged.return_value = ([
            volume(), volume(id="vol-2", name="web", status="in-use",
                             attached_to=("server-1",))], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        mine = self.tenant.id
        protected(mine, 10)
        protected(mine, 11, checkpoint_id="cp-gone")
        protected(mine, 12, outcome="failed")
        protected(mine, 13, source="other")
        protected("another-project", 14)
        models.Event.objects.create(
            action="delete", outcome="succeeded", checkpoint_id="cp-gone",
            project_id=self.tenant.id, volume_id="vol-1")

        with test_utils.CaptureQueriesContext(connection) as queries:
            response = self.client.get(PROTECTION_URL)

        self.assertContains(response, "volumes__row_vol-1__action_protect")
        self.assertEqual(
            [("data", "Nov. 25, 2026, 10 a.m."), ("web", "None")],
            [(row.cells["name"].data, str(row.cells["last_protected"].data))
             for row in response.context["table"].get_rows()])
        self.assertContains(response, "Never")
        self.mock_snapshot_quota_get.assert_called_once()
        self.assertEqual(2, len([
            query for query in queries.captured_queries
            if models.Event._meta.db_table in query["sql"]]))

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_each_volume_shows_its_newest_backup_that_still_exists(self):
        self.mock_volume_list_paged.return_value = ([
            volume(), volume(id="vol-2", name="web")], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        mine = self.tenant.id
        for hour, project_id, volume_id, values in (
                (8, mine, "vol-1", {}),
                (9, mine, "vol-1", {"backup_id": "b-gone"}),
                (10, mine, "vol-1", {"outcome": "failed"}),
                (11, "another-project", "vol-2", {})):
            protected(project_id, hour, **dict(dict(
                action="backup", volume_id=volume_id, checkpoint_id="",
                backup_id=f"b-{hour}"), **values))
        protected(mine, 12, action="delete_backup", checkpoint_id="",
                  backup_id="b-gone")

        with test_utils.CaptureQueriesContext(connection) as queries:
            response = self.client.get(PROTECTION_URL)

        self.assertEqual(
            [("data", "Nov. 25, 2026, 8 a.m.", "None"),
             ("web", "None", "None")],
            [(row.cells["name"].data, str(row.cells["last_backed_up"].data),
              str(row.cells["last_protected"].data))
             for row in response.context["table"].get_rows()])
        self.assertEqual(2, len([
            query for query in queries.captured_queries
            if models.Event._meta.db_table in query["sql"]]))

    @time_machine.travel(datetime.datetime(
        2026, 11, 27, 10, tzinfo=datetime.timezone.utc), tick=False)
    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_each_volume_against_its_policies_recovery_point(self):
        self.mock_volume_list_paged.return_value = ([
            volume(), volume(id="vol-2", name="web"),
            volume(id="vol-3", name="new"), volume(id="vol-4", name="free"),
            volume(id="vol-5", name="paused")], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        mine = self.tenant.id
        for name, ids, kind, state in (
                ("daily", ["vol-1", "vol-3"], "daily", "active"),
                ("hourly", ["vol-2"], "hourly", "active"),
                ("off", ["vol-5"], "hourly", "paused")):
            policy_models.Policy.objects.create(
                project_id=mine, name=name, volume_ids=ids, state=state,
                schedule_kind=kind, hour=2, trust_id="t", trustor_id="u")
        # Two days ago: past a daily policy's 36 hours.
        protected(mine, 10, volume_id="vol-1")
        protected(mine, 9, volume_id="vol-2", created_at=datetime.datetime(
            2026, 11, 27, 9, 30, tzinfo=datetime.timezone.utc))

        response = self.client.get(PROTECTION_URL)

        shown = {row.cells["name"].data: str(row.cells["recovery_point"].data)
                 for row in response.context["table"].get_rows()}
        self.assertTrue(shown["data"].startswith("At risk: newest 2"
                                                 "\xa0days ago"), shown)
        self.assertIn("objective 1\xa0day, 12\xa0hours", shown["data"])
        self.assertTrue(shown["web"].startswith("Met: newest 30"), shown)
        self.assertTrue(shown["new"].startswith(
            "At risk: never protected"), shown)
        self.assertEqual(("None", "None"), (shown["free"], shown["paused"]))
        self.assertContains(response, "No policy")

    @time_machine.travel(datetime.datetime(
        2026, 11, 25, 20, tzinfo=datetime.timezone.utc), tick=False)
    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_a_volume_in_a_protected_group_stands_by_its_checkpoints(self):
        self.mock_volume_list_paged.return_value = ([
            volume(group_id="g-1"), volume(id="vol-2", name="web",
                                           group_id="g-other")],
            False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        mine = self.tenant.id
        nightly = policy_models.Policy.objects.create(
            project_id=mine, name="nightly-groups", target="groups",
            group_ids=["g-1"], schedule_kind="daily", hour=2,
            trust_id="t", trustor_id="u")
        policy_models.Run.objects.create(
            policy=nightly, state="succeeded", volumes={
                "g-1": {"status": "protected", "name": "databases"}},
            scheduled_for=datetime.datetime(
                2026, 11, 25, 2, tzinfo=datetime.timezone.utc))
        protected(mine, 10, action="protect_group", volume_id="",
                  group_id="g-1", members=[{"volume_id": "vol-1"}])

        response = self.client.get(PROTECTION_URL)

        rows = {row.cells["name"].data: row
                for row in response.context["table"].get_rows()}
        self.assertEqual("nightly-groups (In volume group databases)",
                         str(rows["data"].cells["policies"].value))
        self.assertTrue(str(rows["data"].cells["recovery_point"].data)
                        .startswith("Met: newest 10\xa0hours"))
        self.assertEqual("None", str(rows["web"].cells["policies"].data))

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_an_unreadable_history_says_unknown_not_never(self):
        self.mock_volume_list_paged.return_value = ([volume()], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA

        with mock.patch.object(history, "recovery_points",
                               side_effect=DatabaseError("locked")):
            response = self.client.get(PROTECTION_URL)

        self.assertContains(response, "Unknown")
        self.assertNotContains(response, "Never")
        self.assertIn("cannot be read", str(list(
            response.wsgi_request._messages)[-1]))

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_an_unreadable_policy_database_leaves_out_only_the_chart(self):
        self.mock_volume_list_paged.return_value = ([volume()], False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA

        with mock.patch.object(coverage, "covered_volumes",
                               side_effect=DatabaseError("locked")):
            response = self.client.get(PROTECTION_URL)

        self.assertEqual(200, response.status_code)
        self.assertIsNone(response.context["chart"])

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
