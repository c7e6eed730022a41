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

"""The Protection Policies panel, on Horizon's test helpers."""
import datetime
from unittest import mock

from django.test.utils import override_settings
from django.urls import reverse
from openstack_dashboard.test import helpers

from tests.unit.content.fakes import group
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.api import trusts
from volsnap_dashboard.policies import models

# What the policy form asks Cinder for when it is shown.
FORM_CALLS = ("volume_list_detailed", "backup_quota_get")
# ... and once the project has volume groups.
GROUP_FORM_CALLS = FORM_CALLS + ("snapshot_quota_get",)
INDEX_URL = reverse("horizon:project:protection_policies:index")
CREATE_URL = reverse("horizon:project:protection_policies:create")
VOLUMES = [checkpoints.Volume(id="vol-1", name="data", status="available",
                              size=1, snapshot_id=None,
                              metadata={"tier": "gold"}),
           checkpoints.Volume(id="vol-2", name="logs", status="available",
                              size=1, snapshot_id=None, metadata={})]


def form_data(**changes):
    data = {"name": "nightly", "description": "", "target": "listed",
            "volume_ids": ["vol-1"],
            "schedule_kind": "daily", "minute": "30", "hour": "2",
            "weekday": "1", "day": "1", "expression": "",
            "timezone": "Europe/Berlin", "keep_last": "7"}
    data.update(changes)
    return data


@override_settings(VOLSNAP_SERVICE_USER_ID="volsnap-user")
class CreateTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: FORM_CALLS,
                           trusts: ("trust_create",)})
    def test_create_saves_the_policy_with_a_trust(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_trust_create.return_value = "trust-1"

        response = self.client.post(CREATE_URL, form_data())

        self.assertNoFormErrors(response)
        (policy,) = models.Policy.objects.all()
        self.assertEqual(("nightly", ["vol-1"], "trust-1", 7,
                          self.request.user.project_id),
                         (policy.name, policy.volume_ids, policy.trust_id,
                          policy.keep_last, policy.project_id))
        self.assertGreater(policy.next_run_at, datetime.datetime.now(
            datetime.timezone.utc))
        self.mock_trust_create.assert_called_once_with(
            mock.ANY, "volsnap-user", ["member"])

    @helpers.create_mocks({checkpoints: FORM_CALLS,
                           trusts: ("trust_create",)})
    def test_create_saves_the_backup_tier(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_trust_create.return_value = "trust-1"

        response = self.client.post(CREATE_URL, form_data(
            backup_every="2", backup_full_every="7", backup_keep_daily="14",
            backup_delete_snapshot="on"))

        self.assertNoFormErrors(response)
        (policy,) = models.Policy.objects.all()
        tier = policy.get_backup_tier()
        self.assertEqual((2, 7, 14, None, True),
                         (tier.every, tier.full_every,
                          tier.retention.keep_daily,
                          tier.retention.keep_last, tier.delete_snapshot))

    @helpers.create_mocks({checkpoints: FORM_CALLS,
                           trusts: ("trust_create",)})
    def test_bad_input_is_a_field_error_and_saves_nothing(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        for field, changes in (
                ("expression", {"schedule_kind": "cron",
                                "expression": "61 * * * *"}),
                ("expression", {"schedule_kind": "cron",
                                "expression": "*/5 * * * *"}),
                ("keep_last", {"keep_last": "0"}),
                ("keep_last", {"keep_last": "99999999"}),
                ("volume_ids", {"volume_ids": ["vol-of-another-project"]}),
                ("volume_ids", {"volume_ids": []}),
                ("name", {"name": "x" * 256}),
                ("name", {"name": "evil\x7fname"}),
                ("timezone", {"timezone": "Mars/Olympus"}),
                ("backup_full_every", {"backup_full_every": "7"}),
                ("backup_keep_last", {"backup_keep_last": "3"}),
                ("backup_full_every", {"backup_every": "1",
                                       "backup_keep_last": "3"}),
                ("backup_every", {"backup_every": "0"}),
                ("backup_every", {"backup_every": "1000000"})):
            with self.subTest(changes=changes):
                response = self.client.post(CREATE_URL, form_data(**changes))
                self.assertFormErrors(response, 1)
                self.assertIn(field, response.context["form"].errors)
        self.assertEqual(0, models.Policy.objects.count())
        self.mock_trust_create.assert_not_called()

    @helpers.create_mocks({checkpoints: FORM_CALLS})
    def test_a_schedule_shows_only_its_fields_by_horizons_switch(self):
        self.mock_volume_list_detailed.return_value = VOLUMES

        form = self.client.get(CREATE_URL).context["form"]

        self.assertIn("switchable", form.fields["schedule_kind"].widget
                      .attrs["class"].split())
        shown = {name: sorted(key.rsplit("-", 1)[1] for key in
                              form.fields[name].widget.attrs
                              if key.startswith("data-schedule_kind-"))
                 for name in ("minute", "hour", "weekday", "day",
                              "expression")}
        self.assertEqual({"minute": ["daily", "hourly", "monthly", "weekly"],
                          "hour": ["daily", "monthly", "weekly"],
                          "weekday": ["weekly"], "day": ["monthly"],
                          "expression": ["cron"]}, shown)

    @helpers.create_mocks({checkpoints: FORM_CALLS,
                           trusts: ("trust_create",)})
    def test_a_metadata_selector_with_a_spread(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_trust_create.return_value = "trust-1"

        page = self.client.get(CREATE_URL)
        self.assertContains(page, 'id="volsnap-volume-metadata"')
        self.assertContains(page, '"tier": "gold"')
        response = self.client.post(CREATE_URL, form_data(
            target="metadata", volume_ids=[], target_key=" tier ",
            target_value="gold", spread_minutes="30"))

        self.assertNoFormErrors(response)
        (policy,) = models.Policy.objects.all()
        self.assertEqual(("metadata", [], "tier", "gold", 30),
                         (policy.target, policy.volume_ids,
                          policy.target_key, policy.target_value,
                          policy.spread_minutes))
        self.assertEqual(policy.next_run_at + policy.spread_offset(),
                         policy.next_due_at)

    @helpers.create_mocks({checkpoints: FORM_CALLS,
                           trusts: ("trust_create",)})
    def test_bad_targets_and_spreads_are_field_errors(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        for field, changes in (
                ("target_key", {"target": "metadata", "target_key": " "}),
                ("target_value", {"target": "metadata", "target_key": "k",
                                  "target_value": "a\u202eb"}),
                ("target", {"target": "everything"}),
                ("spread_minutes", {"spread_minutes": "721"}),
                ("spread_minutes", {"schedule_kind": "hourly",
                                    "spread_minutes": "60"})):
            with self.subTest(changes=changes):
                response = self.client.post(CREATE_URL, form_data(**changes))
                self.assertFormErrors(response, 1)
                self.assertIn(field, response.context["form"].errors)
        self.assertEqual(0, models.Policy.objects.count())

    def test_preview_shows_the_spread_start(self):
        url = reverse("horizon:project:protection_policies:preview")
        query = {"schedule_kind": "daily", "hour": "2", "timezone": "UTC",
                 "spread_minutes": "30"}
        saved = models.Policy.objects.create(
            project_id=self.tenant.id, name="nightly",
            schedule_kind="daily")
        foreign = models.Policy.objects.create(
            project_id="another-project", name="theirs",
            schedule_kind="daily")
        new = self.client.get(url, query).json()["runs"]
        mine = self.client.get(url, dict(query, policy=saved.pk)).json()
        theirs = self.client.get(url, dict(query, policy=foreign.pk)).json()
        self.assertIn("starting by", new[0])
        self.assertIn("starting at", mine["runs"][0])
        self.assertIn("starting by", theirs["runs"][0])

    def test_preview_says_which_runs_back_up_and_what_stays(self):
        url = reverse("horizon:project:protection_policies:preview")
        saved = models.Policy.objects.create(
            project_id=self.tenant.id, name="nightly",
            schedule_kind="daily", backup_every=2, backup_full_every=3,
            runs_made=9, backup_since=5)
        query = {"schedule_kind": "daily", "hour": "2", "timezone": "UTC",
                 "backup_every": "2", "backup_full_every": "3",
                 "backup_keep_last": "4"}

        new = self.client.get(url, query).json()
        # Its runs 6 to 9 were the tier's 1 to 4: the next is its 5th.
        continued = self.client.get(url, dict(query, policy=saved.pk)).json()
        off = self.client.get(url, {"schedule_kind": "daily",
                                    "timezone": "UTC"}).json()

        self.assertEqual(["(full backup)", None, "(incremental backup)",
                          None, "(incremental backup)"],
                         [run[run.index("("):] if "(" in run else None
                          for run in new["runs"]])
        self.assertEqual(["(incremental backup)", None, "(full backup)",
                          None, "(incremental backup)"],
                         [run[run.index("("):] if "(" in run else None
                          for run in continued["runs"]])
        # Four kept, the oldest one's chain back to its full, the new one.
        self.assertEqual({"count": 7, "at_least": False}, new["backups"])
        self.assertNotIn("backups", off)

    def test_preview_shows_the_next_five_runs_or_why_not(self):
        url = reverse("horizon:project:protection_policies:preview")
        good = self.client.get(url, {"schedule_kind": "hourly",
                                     "minute": "5", "timezone": "UTC"})
        bad = self.client.get(url, {"schedule_kind": "cron",
                                    "expression": "* * * * *",
                                    "timezone": "UTC"})
        self.assertEqual(5, len(good.json()["runs"]))
        self.assertIn("shortest interval", bad.json()["error"])


@override_settings(VOLSNAP_SERVICE_USER_ID="volsnap-user")
class GroupPolicyFormTests(helpers.TestCase):

    @helpers.create_mocks({checkpoints: GROUP_FORM_CALLS,
                           groups: ("group_list",),
                           trusts: ("trust_create",)})
    def test_a_policy_over_groups_listed_or_by_name(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_group_list.return_value = [
            group(), group(id="grp-2", name="web", volume_ids=("vol-2",))]
        self.mock_trust_create.return_value = "trust-1"
        self.mock_snapshot_quota_get.return_value = checkpoints.Quota(
            used=3, limit=4, gigabytes_used=3, gigabytes_limit=100)

        page = self.client.get(CREATE_URL)
        listed = self.client.post(CREATE_URL, form_data(
            target="groups", group_ids=["grp-2", "grp-1"], volume_ids=[]))
        named = self.client.post(CREATE_URL, form_data(
            name="by-name", target="group_name", group_pattern=" db-* "))

        self.assertContains(page, "volsnap-consistency-warning")
        self.assertContains(page, "<li>db: 2 snapshots, 2 GiB</li>")
        self.assertContains(page, "<li>web: 1 snapshot, 1 GiB</li>")
        self.assertContains(page, "room for 1 more snapshots and 97 GiB.")
        self.assertNoFormErrors(listed)
        self.assertNoFormErrors(named)
        self.assertEqual(
            [("by-name", "group_name", [], "db-*", []),
             ("nightly", "groups", ["grp-2", "grp-1"], "", [])],
            [(p.name, p.target, p.group_ids, p.group_pattern, p.volume_ids)
             for p in models.Policy.objects.order_by("name")])

    @helpers.create_mocks({checkpoints: GROUP_FORM_CALLS,
                           groups: ("group_list",),
                           trusts: ("trust_create",)})
    def test_what_a_group_policy_cannot_be_is_a_field_error(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        self.mock_group_list.return_value = [group()]
        for field, changes in (
                ("group_ids", {"target": "groups", "group_ids": []}),
                ("group_ids", {"target": "groups",
                               "group_ids": ["another-project-s"]}),
                ("group_pattern", {"target": "group_name",
                                   "group_pattern": "  "}),
                ("group_pattern", {"target": "group_name",
                                   "group_pattern": "db\u202e*"}),
                ("backup_every", {"target": "groups", "group_ids": ["grp-1"],
                                  "backup_every": "1"})):
            with self.subTest(changes=changes):
                response = self.client.post(CREATE_URL, form_data(**changes))
                self.assertFormErrors(response, 1)
                self.assertIn(field, response.context["form"].errors)
        self.assertEqual(0, models.Policy.objects.count())


class PolicyActionTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.policy = models.Policy.objects.create(
            project_id=self.tenant.id, name="nightly",
            volume_ids=["vol-1"], schedule_kind="daily", trust_id="t-1")
        self.foreign = models.Policy.objects.create(
            project_id="another-project", name="theirs",
            volume_ids=["vol-9"], schedule_kind="daily", trust_id="t-9")

    def post_action(self, action, policy):
        return self.client.post(INDEX_URL, {
            "action": f"policies__{action}__{policy.pk}"})

    def test_index_lists_only_the_project_s_policies(self):
        response = self.client.get(INDEX_URL)
        names = [p.name for p in response.context["table"].data]
        self.assertEqual(["nightly"], names)

    def test_run_now_pause_and_resume(self):
        self.post_action("run_now", self.policy)
        self.assertEqual([models.Run.QUEUED], list(
            self.policy.runs.values_list("state", flat=True)))
        self.post_action("pause", self.policy)
        self.policy.refresh_from_db()
        self.assertEqual(models.Policy.PAUSED, self.policy.state)
        self.post_action("resume", self.policy)
        self.policy.refresh_from_db()
        self.assertEqual(models.Policy.ACTIVE, self.policy.state)
        self.assertIsNotNone(self.policy.next_run_at)

    def test_another_project_s_policy_is_out_of_reach(self):
        self.post_action("pause", self.foreign)
        self.foreign.refresh_from_db()
        self.assertEqual(models.Policy.ACTIVE, self.foreign.state)
        for name in ("detail", "edit", "delete"):
            response = self.client.get(reverse(
                f"horizon:project:protection_policies:{name}",
                args=(self.foreign.pk,)))
            self.assertRedirectsNoFollow(response, INDEX_URL)
        for not_an_id in ("edit", "1e3", "\u00b9", "-1", "9" * 30,
                          "\u0663"):
            response = self.client.get(INDEX_URL + not_an_id + "/")
            self.assertRedirectsNoFollow(response, INDEX_URL)
        for marker in ("\u00b2", "9" * 30, "x"):
            response = self.client.get(
                INDEX_URL + "?marker=" + marker)
            self.assertEqual(200, response.status_code)

    @helpers.create_mocks({groups: ("group_list",)})
    def test_a_group_policy_s_page_names_its_groups_and_run_outcomes(self):
        self.mock_group_list.return_value = [group()]
        policy = models.Policy.objects.create(
            project_id=self.tenant.id, name="db-nightly",
            target="groups", group_ids=["grp-1", "grp-gone"],
            schedule_kind="daily", trust_id="t-1")
        models.Run.objects.create(
            policy=policy, scheduled_for=datetime.datetime(
                2026, 11, 25, 2, 30, tzinfo=datetime.timezone.utc),
            state=models.Run.PARTIAL, volumes={
                "grp-1": {"status": "failed", "name": "db",
                          "reason": "Over quota."},
                "grp-gone": {"status": "skipped",
                             "reason": "The volume group is gone."}})

        response = self.client.get(reverse(
            "horizon:project:protection_policies:detail", args=(policy.pk,)))

        self.assertContains(response, "Volume Groups")
        self.assertContains(response, "db<br>grp-gone (gone)")
        self.assertContains(response, "db: Over quota.; "
                            "grp-gone: The volume group is gone.")
        self.mock_group_list.assert_called_once_with(helpers.IsHttpRequest())

    @helpers.create_mocks({trusts: ("trust_delete",)})
    def test_delete_keeping_the_checkpoints(self):
        url = reverse("horizon:project:protection_policies:delete",
                      args=(self.policy.pk,))
        response = self.client.post(url, {"checkpoints": "keep"})
        self.assertNoFormErrors(response)
        self.assertFalse(models.Policy.objects.filter(
            pk=self.policy.pk).exists())
        self.mock_trust_delete.assert_called_once_with(mock.ANY, "t-1")

    @helpers.create_mocks({trusts: ("trust_delete",),
                           checkpoints: ("checkpoint_list_marked",
                                         "checkpoint_delete")})
    def test_delete_with_the_checkpoints(self):
        self.mock_checkpoint_list_marked.return_value = [mock.Mock(
            id="cp-1", name="nightly-1")]
        url = reverse("horizon:project:protection_policies:delete",
                      args=(self.policy.pk,))
        response = self.client.post(url, {"checkpoints": "delete"})
        self.assertNoFormErrors(response)
        self.mock_checkpoint_list_marked.assert_called_once_with(
            mock.ANY, None, {checkpoints.POLICY_KEY: str(self.policy.pk)})
        self.mock_checkpoint_delete.assert_called_once_with(mock.ANY, "cp-1")


class PolicyColumnsTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.policy = models.Policy.objects.create(
            project_id=self.tenant.id, name="nightly",
            volume_ids=["vol-1"], schedule_kind="daily")

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def test_protection_says_which_policy_covers_a_volume_and_why(self):
        models.Policy.objects.create(
            project_id=self.policy.project_id, name="gold",
            target="metadata", target_key="tier", target_value="gold",
            schedule_kind="daily")
        models.Policy.objects.create(
            project_id=self.policy.project_id, name="all",
            target="project", schedule_kind="daily")
        models.Policy.objects.create(
            project_id="another", name="theirs", target="project",
            schedule_kind="daily")
        self.mock_volume_list_paged.return_value = ([
            checkpoints.Volume(id=i, name=i, status="available", size=1,
                               snapshot_id=None, metadata=metadata)
            for i, metadata in (("vol-1", {}), ("vol-2", {"tier": "gold"}))],
            False, False)
        self.mock_snapshot_quota_get.return_value = None

        # The policies and the log (checkpoints, then group checkpoints)
        # for the rows, and again for the coverage chart of every volume
        # the project's policies cover.
        with self.assertNumQueries(6):
            response = self.client.get(reverse("horizon:project:protection:"
                                               "index"))
            rows = [str(row.cells["policies"].value)
                    for row in response.context["table"].get_rows()]

        self.assertEqual(
            ["all (Every volume of the project), nightly (Listed)",
             "all (Every volume of the project), gold (Metadata tier=gold)"],
            rows)

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def test_checkpoints_filter_and_name_the_policy(self):
        self.mock_checkpoint_list_paged.return_value = ([
            checkpoints.Checkpoint(
                id="cp-1", name="n", description="", status="available",
                size=1, created_at="2026-11-25T10:00:00", volume_id="vol-1",
                project_id="p", metadata={
                    checkpoints.POLICY_KEY: str(self.policy.pk)})],
            False, False)

        url = reverse("horizon:project:checkpoints:index")
        # Horizon keeps a server filter in the session; a POST sets it.
        self.client.post(url, {
            "checkpoints__checkpoints_filter__q_field": "policy",
            "checkpoints__checkpoints_filter__q": "nightly"})
        self.mock_checkpoint_list_paged.reset_mock()
        response = self.client.get(url)

        self.mock_checkpoint_list_paged.assert_called_once_with(
            mock.ANY, marker=None, sort_dir="desc", limit=20,
            filters={"policy_id": str(self.policy.pk)})
        (row,) = response.context["table"].get_rows()
        self.assertEqual("nightly", str(row.cells["policy"].value))


class AdminPoliciesTests(helpers.BaseAdminViewTests):

    def test_every_project_with_health(self):
        long_ago = datetime.datetime(2026, 1, 1,
                                     tzinfo=datetime.timezone.utc)
        healthy = models.Policy.objects.create(
            project_id="p1", project_name="one", name="healthy",
            volume_ids=["v-ok"], schedule_kind="daily")
        broken = models.Policy.objects.create(
            project_id="p2", project_name="two", name="broken",
            volume_ids=["v-ok-2", "v-stale"], schedule_kind="daily",
            state=models.Policy.NEEDS_REAUTH, state_reason="trust gone")
        models.Policy.objects.filter(pk__in=(healthy.pk, broken.pk)).update(
            created_at=long_ago)
        now = datetime.datetime.now(datetime.timezone.utc)
        models.Run.objects.create(
            policy=broken, scheduled_for=now, state=models.Run.PARTIAL,
            volumes={"v-ok-2": {"status": "protected"},
                     "v-stale": {"status": "failed"}})
        models.Run.objects.create(
            policy=healthy, scheduled_for=now, state=models.Run.SUCCEEDED,
            volumes={"v-ok": {"status": "protected"}})

        response = self.client.get(
            reverse("horizon:admin:protection_policies:index"))

        rows = {row.cells["name"].data: row for row in
                response.context["table"].get_rows()}
        self.assertEqual({"healthy", "broken"}, set(rows))
        self.assertEqual("Needs re-authorization",
                         str(rows["broken"].cells["state"].value))
        self.assertEqual("v-stale", rows["broken"].cells["stale"].data)
        self.assertEqual("-", rows["healthy"].cells["stale"].value)
        self.assertEqual("Partly failed",
                         str(rows["broken"].cells["last_run"].value))


class AdminPoliciesAccessTests(helpers.TestCase):

    def test_non_admin_cannot_reach_it(self):
        response = self.client.get(
            reverse("horizon:admin:protection_policies:index"))
        self.assertNotEqual(200, response.status_code)


@override_settings(VOLSNAP_SERVICE_USER_ID="volsnap-user")
class EditAndReauthorizeTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.policy = models.Policy.objects.create(
            project_id=self.tenant.id, name="nightly",
            volume_ids=["vol-1"], schedule_kind="daily", trust_id="t-old",
            trustor_id="someone-who-left", trustor_name="gone",
            state=models.Policy.NEEDS_REAUTH, state_reason="trust broken")

    @helpers.create_mocks({checkpoints: FORM_CALLS})
    def test_edit_changes_the_schedule_and_the_next_run(self):
        self.mock_volume_list_detailed.return_value = VOLUMES
        url = reverse("horizon:project:protection_policies:edit",
                      args=(self.policy.pk,))

        response = self.client.post(url, form_data(
            schedule_kind="weekly", weekday="3", volume_ids=["vol-2"]))

        self.assertNoFormErrors(response)
        self.policy.refresh_from_db()
        self.assertEqual(("weekly", ["vol-2"], "t-old"),
                         (self.policy.schedule_kind, self.policy.volume_ids,
                          self.policy.trust_id))
        local = self.policy.next_run_at.astimezone(
            self.policy.get_schedule().zone())
        self.assertEqual((3, 2, 30), (local.isoweekday(), local.hour,
                                      local.minute))

    @helpers.create_mocks({trusts: ("trust_create", "trust_delete")})
    def test_any_member_re_authorizes_with_a_trust_of_their_own(self):
        self.mock_trust_create.return_value = "t-new"

        self.client.post(INDEX_URL, {
            "action": f"policies__reauthorize__{self.policy.pk}"})

        self.policy.refresh_from_db()
        self.assertEqual((models.Policy.ACTIVE, "t-new",
                          self.request.user.id),
                         (self.policy.state, self.policy.trust_id,
                          self.policy.trustor_id))
        self.mock_trust_delete.assert_called_once_with(mock.ANY, "t-old")
        self.assertGreater(self.policy.next_run_at, datetime.datetime.now(
            datetime.timezone.utc))
