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

"""The protection policy lifecycle, without Horizon's views: trusts
mocked at the API boundary, the clock a fixed moment."""
import ast
import datetime
import pathlib

from django.test.utils import override_settings
from openstack_auth import utils as auth_utils
from openstack_dashboard.test import helpers

from volsnap_dashboard.api import checkpoints as api_checkpoints
from volsnap_dashboard.api import trusts
from volsnap_dashboard.events import models as event_models
from volsnap_dashboard import exceptions
from volsnap_dashboard.operations import policies
from volsnap_dashboard.policies import models

UTC = datetime.timezone.utc
NOW = datetime.datetime(2031, 12, 31, 23, 30, tzinfo=UTC)
VALUES = {"name": "nightly", "volume_ids": ["v1"], "schedule_kind": "daily",
          "hour": 2, "minute": 0, "timezone": "UTC", "keep_last": 3}


@override_settings(VOLSNAP_SERVICE_USER_ID="volsnap-user")
class LifecycleTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.request.user = auth_utils.get_user(self.request)
        self.protection_policy = models.Policy.objects.create(
            project_id=self.request.user.project_id, trust_id="trust-old",
            next_run_at=NOW, **VALUES)

    def reloaded(self):
        return models.Policy.objects.get(pk=self.protection_policy.pk)

    @helpers.create_mocks({trusts: ("trust_create", "trust_delete")})
    def test_create_acts_through_a_new_trust_of_the_user(self):
        self.mock_trust_create.return_value = "trust-1"

        created = policies.create(self.request, dict(VALUES, name="hourly"))

        self.assertEqual(
            ("trust-1", self.request.user.id, self.request.user.username,
             self.request.user.project_id),
            (created.trust_id, created.trustor_id, created.trustor_name,
             created.project_id))
        self.mock_trust_create.assert_called_once_with(
            self.request, "volsnap-user", ["member"])
        self.mock_trust_delete.assert_not_called()

    @helpers.create_mocks({trusts: ("trust_create", "trust_delete")})
    def test_a_policy_that_cannot_be_saved_leaves_no_trust(self):
        self.mock_trust_create.return_value = "trust-1"

        with self.assertRaises(TypeError):
            policies.create(self.request, dict(VALUES, no_such_field=1))

        self.mock_trust_delete.assert_called_once_with(self.request,
                                                       "trust-1")
        self.assertEqual(1, models.Policy.objects.count())

    @override_settings(VOLSNAP_SERVICE_USER_ID=None)
    def test_without_a_service_user_nothing_is_created(self):
        with self.assertRaises(exceptions.InvalidState):
            policies.create(self.request, VALUES)

    def test_pause_resume_and_run_now(self):
        policies.pause(self.protection_policy)
        self.assertEqual("paused", self.reloaded().state)

        policies.resume(self.reloaded(), NOW)
        resumed = self.reloaded()
        self.assertEqual(("active", datetime.datetime(2032, 1, 1, 2, 0,
                                                      tzinfo=UTC)),
                         (resumed.state, resumed.next_run_at))

        run = policies.run_now(resumed, NOW)
        self.assertEqual(("manual", "queued", NOW),
                         (run.trigger, run.state, run.scheduled_for))

    def test_runs_are_numbered_and_a_new_tier_counts_from_its_start(self):
        first = policies.run_now(self.protection_policy, NOW)
        second = policies.run_now(self.protection_policy,
                                  NOW + datetime.timedelta(seconds=1))
        self.assertEqual((1, 2), (first.sequence, second.sequence))

        policies.edit(self.reloaded(), {"backup_every": 1})
        policies.edit(self.reloaded(), {"backup_keep_last": 3})
        edited = self.reloaded()
        self.assertEqual((2, 2), (edited.runs_made, edited.backup_since))
        third = policies.run_now(edited, NOW + datetime.timedelta(seconds=2))
        # The tier's first run: a full backup.
        self.assertEqual("full", edited.backup_kind(third.sequence))

    def test_resume_leaves_an_active_policy_alone(self):
        policies.resume(self.protection_policy, NOW)

        self.assertEqual(NOW, self.reloaded().next_run_at)

    @helpers.create_mocks({trusts: ("trust_create", "trust_delete")})
    def test_a_broken_trust_waits_for_re_authorization(self):
        self.mock_trust_create.return_value = "trust-new"

        policies.mark_needs_reauthorization(self.protection_policy,
                                            "trust gone", NOW)
        self.assertEqual(("needs_reauth", "trust gone"),
                         (self.reloaded().state,
                          self.reloaded().state_reason))
        policies.reauthorize(self.request, self.reloaded(), NOW)

        fixed = self.reloaded()
        self.assertEqual(("active", "", "trust-new", self.request.user.id),
                         (fixed.state, fixed.state_reason, fixed.trust_id,
                          fixed.trustor_id))
        self.mock_trust_delete.assert_called_once_with(self.request,
                                                       "trust-old")

    def test_another_projects_policy_is_not_found(self):
        for project_id, pk in (("another", self.protection_policy.pk),
                               (self.request.user.project_id, None),
                               (self.request.user.project_id, "7x")):
            with self.subTest(project_id=project_id, pk=pk), \
                    self.assertRaises(exceptions.NotFound):
                policies.protection_policy_get(project_id, pk)

    @helpers.create_mocks({trusts: ("trust_delete",),
                           api_checkpoints: ("checkpoint_list_marked",
                                             "checkpoint_delete")})
    def test_delete_with_checkpoints_keeps_the_policy_if_one_fails(self):
        made = api_checkpoints.Checkpoint(
            id="c1", name="n", description="", status="available", size=1,
            created_at="", volume_id="v1", project_id="p", metadata={})
        self.mock_checkpoint_list_marked.return_value = [made]
        self.mock_checkpoint_delete.side_effect = exceptions.InvalidState(
            "busy")

        failures = policies.delete(self.request, self.protection_policy,
                                   with_checkpoints=True)

        self.assertEqual(["busy"], failures)
        self.assertTrue(models.Policy.objects.exists())
        self.mock_trust_delete.assert_not_called()
        self.assertEqual(("delete", "failed", "c1"), tuple(
            event_models.Event.objects.values_list(
                "action", "outcome", "checkpoint_id").get()))

        self.mock_checkpoint_delete.side_effect = None
        self.assertEqual([], policies.delete(
            self.request, self.protection_policy, with_checkpoints=True))
        self.assertFalse(models.Policy.objects.exists())
        self.mock_trust_delete.assert_called_once_with(self.request,
                                                       "trust-old")
        self.mock_checkpoint_list_marked.assert_called_with(
            self.request, None, {"volsnap_policy": str(
                self.protection_policy.pk)})

    def test_scheduled_work_names_the_user_and_the_policy(self):
        self.protection_policy.trustor_name = "alice"

        self.assertEqual(
            {"source": "schedule", "project_id": self.request.user.project_id,
             "project_name": "", "user_id": "",
             "user_name": "alice (policy nightly)"},
            policies.schedule_actor(self.protection_policy))


class NoPanelWritesTests(helpers.TestCase):
    """What the issue asked: the panels call operations; none writes."""

    def test_no_module_of_the_panels_writes_a_model(self):
        content = pathlib.Path(policies.__file__).parents[1] / "content"
        found = [f"{path.relative_to(content)}:{line}"
                 for path in sorted(content.rglob("*.py"))
                 for line in model_writes(path.read_text())]

        self.assertEqual([], found)

    def test_the_check_sees_a_write_over_several_lines(self):
        self.assertEqual([2, 4], model_writes(
            "models.Policy.objects.all()\n"
            "models.Policy.objects.filter(\n    pk=1).update(state='x')\n"
            "event.save()\n"))


WRITES = {"save", "create", "update", "delete", "bulk_create",
          "bulk_update", "get_or_create", "update_or_create"}


def model_writes(source):
    """Lines that call a model manager's or a model's writing method."""
    def through_objects(node):
        while isinstance(node, (ast.Attribute, ast.Call)):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                return True
            node = node.value if isinstance(node, ast.Attribute) else (
                node.func)
        return False

    return sorted(
        node.lineno for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITES
        and (node.func.attr == "save" or through_objects(node.func.value)))
