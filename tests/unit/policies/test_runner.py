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

"""One policy run, with the backend mocked at the API boundary."""
import datetime
from unittest import mock

from openstack_dashboard.test import helpers

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.engine import runner
from volsnap_dashboard import exceptions
from volsnap_dashboard.policies import models

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
SETTINGS = runner.Settings(concurrency=2, wait_timeout=1, backoff=0)


def volume(**changes):
    values = dict(id="v1", name="data", status="available", size=1,
                  snapshot_id=None, metadata={})
    values.update(changes)
    return checkpoints.Volume(**values)


def made(checkpoint_id, days_ago, status="available"):
    return checkpoints.Checkpoint(
        id=checkpoint_id, name=checkpoint_id, description="", status=status,
        size=1, created_at=(NOW - datetime.timedelta(days=days_ago))
        .isoformat(), volume_id="v1", project_id="p1", metadata={})


class RunnerTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        self.policy = models.Policy(
            pk=7, project_id="p1", name="nightly", volume_ids=["v1"],
            schedule_kind="daily", keep_last=2, trustor_name="demo")

    def protect(self):
        return runner.protect_volume(mock.sentinel.session, self.policy,
                                     "v1", NOW, NOW, SETTINGS)

    @helpers.create_mocks({checkpoints: ("volume_get",)})
    def test_a_vanished_volume_is_skipped(self):
        self.mock_volume_get.side_effect = exceptions.NotFound("gone")
        result = self.protect()
        self.assertEqual((runner.SKIPPED, "The volume is gone."),
                         (result.status, result.reason))

    @helpers.create_mocks({checkpoints: ("volume_get",)})
    def test_attached_without_force_is_skipped_with_the_reason(self):
        self.mock_volume_get.return_value = volume(status="in-use")
        result = self.protect()
        self.assertEqual(runner.SKIPPED, result.status)
        self.assertIn("force is off", result.reason)

    @helpers.create_mocks({checkpoints: ("volume_get", "checkpoint_create",
                                         "checkpoint_list_marked")})
    def test_over_quota_fails_the_volume_and_skips_retention(self):
        self.mock_volume_get.return_value = volume()
        self.mock_checkpoint_create.side_effect = exceptions.QuotaExceeded(
            "over quota")

        result = self.protect()

        self.assertEqual((runner.FAILED, "over quota"),
                         (result.status, result.reason))
        self.assertEqual("protect", result.events[0][0])
        self.mock_checkpoint_list_marked.assert_not_called()

    @helpers.create_mocks({checkpoints: ("volume_get", "checkpoint_create",
                                         "checkpoint_wait",
                                         "checkpoint_list_marked")})
    def test_a_snapshot_in_error_keeps_every_old_checkpoint(self):
        self.mock_volume_get.return_value = volume()
        self.mock_checkpoint_create.return_value = made("new", 0, "creating")
        self.mock_checkpoint_wait.side_effect = exceptions.OperationFailed(
            "went to error")

        result = self.protect()

        self.assertEqual((runner.FAILED, "new"),
                         (result.status, result.checkpoint_id))
        self.mock_checkpoint_list_marked.assert_not_called()

    @helpers.create_mocks({checkpoints: ("volume_get", "checkpoint_create",
                                         "checkpoint_wait",
                                         "checkpoint_list_marked",
                                         "checkpoint_delete")})
    def test_success_then_retention_of_this_policy_only(self):
        self.mock_volume_get.return_value = volume()
        self.mock_checkpoint_create.return_value = made("new", 0, "creating")
        self.mock_checkpoint_list_marked.return_value = [
            made("new", 0), made("old-1", 1), made("old-2", 2),
            made("old-3", 3)]

        result = self.protect()

        self.assertEqual((runner.PROTECTED, 2, "new"),
                         (result.status, result.deleted,
                          result.checkpoint_id))
        self.mock_checkpoint_list_marked.assert_called_once_with(
            mock.sentinel.session, "v1", {checkpoints.POLICY_KEY: "7"})
        self.assertEqual({"old-2", "old-3"}, {
            c.args[1] for c in self.mock_checkpoint_delete.call_args_list})
        create = self.mock_checkpoint_create.call_args
        self.assertEqual(checkpoints.ORIGIN_SCHEDULE, create.kwargs["origin"])
        self.assertEqual("nightly-20260501-1200", create.args[2])

    @helpers.create_mocks({checkpoints: ("volume_get",)})
    def test_an_unreachable_cinder_is_retried(self):
        self.mock_volume_get.side_effect = [
            exceptions.CinderUnreachable("down"),
            exceptions.CinderUnreachable("down"),
            volume(status="in-use")]
        result = self.protect()
        self.assertEqual(runner.SKIPPED, result.status)
        self.assertEqual(3, self.mock_volume_get.call_count)

    @helpers.create_mocks({checkpoints: ("volume_get",)})
    def test_each_volume_once_even_if_listed_twice(self):
        self.policy.volume_ids = ["v1", "v1"]
        self.mock_volume_get.return_value = volume(status="in-use")
        results = runner.run_policy(mock.sentinel.session, self.policy, NOW,
                                    NOW, SETTINGS)
        self.assertEqual(["v1"], list(results))
