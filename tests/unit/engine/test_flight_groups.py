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

"""Runs of policies over volume groups in flight: one group checkpoint
per group, settled from one listing, retention of whole group
checkpoints, and a taken-over run adopting what its first scheduler
made."""
import datetime

from openstack_dashboard.test import helpers

from tests.unit.engine import test_flight as base
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.api import groups
from volsnap_dashboard.engine import runner
from volsnap_dashboard.events import terms
from volsnap_dashboard.policies import targets

MOCKED = {checkpoints: ("volume_list_detailed", "checkpoint_list_project"),
          groups: ("group_list", "group_checkpoint_create",
                   "group_checkpoint_list", "group_checkpoint_delete")}


def group(group_id, *volume_ids, status="available"):
    return groups.Group(id=group_id, name=f"name-{group_id}",
                        description="", status=status, group_type_id="t",
                        volume_type_ids=(), volume_ids=volume_ids,
                        availability_zone="nova", created_at="")


def group_made(made_id, group_id="g1", status="available", days_ago=0,
               policy="7", run=None):
    marks = {checkpoints.CHECKPOINT_KEY: groups.MEMBER,
             groups.GROUP_CHECKPOINT_KEY: made_id,
             checkpoints.POLICY_KEY: policy}
    if run:
        marks[checkpoints.RUN_KEY] = run
    member = base.made(f"{made_id}-m", "v1", status=status)
    member = checkpoints.Checkpoint(**dict(member.__dict__, metadata=marks))
    return groups.GroupCheckpoint(
        id=made_id, name=made_id, description="", status=status,
        created_at=(base.NOW - datetime.timedelta(days=days_ago))
        .isoformat(), group_id=group_id, group_type_id="t",
        members=(member,))


class GroupFlightTests(base.FlightCase):

    def setUp(self):
        super().setUp()
        self.policy.target = targets.GROUPS
        self.policy.volume_ids = []
        self.policy.group_ids = ["g1", "g2"]

    @helpers.create_mocks(MOCKED)
    def test_one_group_checkpoint_per_group_settled_from_one_listing(self):
        self.mock_volume_list_detailed.return_value = [
            base.volume("v1"), base.volume("v2", status="in-use"),
            base.volume("v3", status="extending")]
        self.mock_group_list.return_value = [group("g1", "v1", "v2"),
                                             group("g2", "v3")]
        self.mock_group_checkpoint_create.return_value = group_made(
            "gc1", status="creating", run="30")
        self.mock_group_checkpoint_list.return_value = [
            group_made("gc1", status="creating", run="30")]

        self.assertEqual([], self.start())
        self.mock_group_checkpoint_list.return_value = [
            group_made("gc1", run="30")]
        (work,) = self.turn()

        self.assertEqual((runner.PROTECTED, "gc1"),
                         (work.results["g1"].status,
                          work.results["g1"].checkpoint_id))
        self.assertEqual(runner.SKIPPED, work.results["g2"].status)
        self.assertIn("v3", work.results["g2"].reason)
        self.assertEqual({"g1": "name-g1", "g2": "name-g2"}, work.names)
        create = self.mock_group_checkpoint_create.call_args
        self.assertEqual(("g1", "nightly-20260501-1200"), create.args[1:3])
        self.assertEqual({checkpoints.POLICY_KEY: "7",
                          checkpoints.RUN_KEY: "30"}, create.kwargs["marks"])
        self.assertEqual(groups.SEQUENTIAL, create.kwargs["consistency"])
        (event,) = work.results["g1"].events
        self.assertEqual((terms.PROTECT_GROUP, terms.SUCCEEDED),
                         event[::2][:2])
        # Single checkpoints are none of its business.
        self.mock_checkpoint_list_project.assert_not_called()

    @helpers.create_mocks(MOCKED)
    def test_retention_deletes_whole_group_checkpoints_of_its_group(self):
        self.policy.group_ids = ["g1"]
        self.policy.keep_last = 2
        self.mock_volume_list_detailed.return_value = [base.volume("v1")]
        self.mock_group_list.return_value = [group("g1", "v1")]
        self.mock_group_checkpoint_create.return_value = group_made(
            "gc-new", status="creating", run="30")
        older = [group_made("gc-1", days_ago=1), group_made("gc-2",
                                                            days_ago=2),
                 group_made("gc-3", days_ago=3),
                 group_made("theirs", days_ago=4, policy="8"),
                 group_made("other-group", "g9", days_ago=4)]
        self.mock_group_checkpoint_list.return_value = [
            group_made("gc-new", run="30")] + older

        self.start()
        self.assertEqual([], self.turn())
        self.assertEqual(["gc-2", "gc-3"], sorted(
            c.args[1] for c in
            self.mock_group_checkpoint_delete.call_args_list))
        self.mock_group_checkpoint_list.return_value = [
            group_made("gc-new", run="30")] + older[:1] + older[3:]
        (work,) = self.turn()

        self.assertEqual(2, work.results["g1"].deleted)
        self.assertEqual(
            [terms.PROTECT_GROUP, terms.DELETE_GROUP, terms.DELETE_GROUP],
            [e[0] for e in work.results["g1"].events])

    @helpers.create_mocks(MOCKED)
    def test_a_taken_over_run_adopts_its_group_checkpoint(self):
        self.policy.group_ids = ["g1"]
        self.mock_volume_list_detailed.return_value = [base.volume("v1")]
        self.mock_group_list.return_value = [group("g1", "v1")]
        self.mock_group_checkpoint_list.return_value = [
            group_made("gc1", run="30")]

        self.flight.take(self.run_of(takeovers=1))
        (work,) = self.turn(0) or self.turn()

        self.mock_group_checkpoint_create.assert_not_called()
        self.assertEqual((runner.PROTECTED, "gc1"),
                         (work.results["g1"].status,
                          work.results["g1"].checkpoint_id))
