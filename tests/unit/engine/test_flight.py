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

"""Runs in flight, with the backend mocked at the API boundary, the
dispatcher on a pool that calls at once, and a fake clock."""
import datetime
from unittest import mock

from openstack_dashboard.test import helpers

from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.engine import dispatch
from volsnap_dashboard.engine import flight
from volsnap_dashboard.engine import runner
from volsnap_dashboard.events import terms
from volsnap_dashboard import exceptions
from volsnap_dashboard.policies import models
from volsnap_dashboard.policies import targets

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
SETTINGS = runner.Settings(wait_timeout=60, wait_interval=2, backoff=0,
                           backoff_max=0)


class AtOnce:
    """A pool that runs each call as it is submitted."""

    def submit(self, function, *args):
        function(*args)

    def shutdown(self, wait=True):
        pass


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def volume(volume_id, status="available", **metadata):
    return checkpoints.Volume(id=volume_id, name=f"name-{volume_id}",
                              status=status, size=1, snapshot_id=None,
                              metadata=metadata)


def made(checkpoint_id, volume_id="v1", status="available", days_ago=0,
         policy="7", run=None):
    metadata = {checkpoints.CHECKPOINT_KEY: "true",
                checkpoints.POLICY_KEY: policy}
    if run:
        metadata[checkpoints.RUN_KEY] = run
    return checkpoints.Checkpoint(
        id=checkpoint_id, name=checkpoint_id, description="", status=status,
        size=1, created_at=(NOW - datetime.timedelta(days=days_ago))
        .isoformat(), volume_id=volume_id, project_id="p1",
        metadata=metadata)


MOCKED = {checkpoints: ("volume_list_detailed", "checkpoint_create",
                        "checkpoint_list_project", "checkpoint_delete")}


class FlightCase(helpers.TestCase):
    """A flight of policy 7's runs, turned by hand."""

    def setUp(self):
        super().setUp()
        self.policy = models.Policy(
            pk=7, project_id="p1", name="nightly", volume_ids=["v1"],
            schedule_kind="daily", trustor_name="demo", trust_id="t1")
        self.clock = Clock()
        self.dispatcher = dispatch.Dispatcher(4, 2, pool=AtOnce())
        self.flight = flight.Flight(self.dispatcher,
                                    lambda policy: mock.sentinel.session,
                                    SETTINGS, self.clock, lambda: NOW)

    def run_of(self, pk=30, takeovers=0):
        return models.Run(pk=pk, policy=self.policy, scheduled_for=NOW,
                          takeovers=takeovers)

    def turn(self, seconds=SETTINGS.wait_interval):
        """One turn of the scheduler's loop, `seconds` later."""
        self.clock.now += seconds
        self.flight.tick()
        while self.dispatcher.busy():
            self.dispatcher.pump()
            self.dispatcher.collect(timeout=0)
        return self.flight.finished()

    def start(self, run=None):
        self.flight.take(run or self.run_of())
        return self.turn(0)

    def created(self, volume_id, checkpoint_id="new"):
        return made(checkpoint_id, volume_id, status="creating")


class FlightTests(FlightCase):

    @helpers.create_mocks(MOCKED)
    def test_protects_in_one_request_and_settles_from_one_listing(self):
        self.policy.volume_ids = ["v1", "v2"]
        self.mock_volume_list_detailed.return_value = [
            volume("v1"), volume("v2"), volume("v3")]
        self.mock_checkpoint_create.side_effect = [
            self.created("v1", "c1"), self.created("v2", "c2")]
        self.mock_checkpoint_list_project.return_value = [
            made("c1", "v1"), made("c2", "v2", status="creating")]

        self.assertEqual([], self.start())
        self.assertEqual([], self.turn())
        self.mock_checkpoint_list_project.return_value = [
            made("c1", "v1"), made("c2", "v2")]
        (work,) = self.turn()

        self.assertEqual({"v1": runner.PROTECTED, "v2": runner.PROTECTED},
                         {v: r.status for v, r in work.results.items()})
        create = self.mock_checkpoint_create.call_args
        self.assertEqual(volume("v2"), create.kwargs["volume"])
        self.assertEqual({checkpoints.POLICY_KEY: "7",
                          checkpoints.RUN_KEY: "30"}, create.kwargs["marks"])
        self.assertEqual("nightly-20260501-1200", create.args[2])
        # Two volumes: one volume listing, two creates, two listings.
        self.assertEqual({"keystone": 1, "list": 3, "create": 2},
                         dict(self.dispatcher.calls))
        (event,) = work.results["v1"].events
        self.assertEqual((terms.PROTECT, terms.SUCCEEDED), event[::2][:2])

    @helpers.create_mocks(MOCKED)
    def test_a_listing_from_before_the_answer_proves_no_absence(self):
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.return_value = self.created("v1")
        self.mock_checkpoint_list_project.return_value = []
        self.flight.take(self.run_of())
        self.flight.projects["p1"].listed_at = self.clock.now
        self.turn(0)
        self.assertEqual({"v1"}, set(self.flight.works[30].accepted))
        (work,) = self.turn()
        self.assertIn("disappeared", work.results["v1"].reason)

    @helpers.create_mocks(MOCKED)
    def test_what_a_selector_covers_at_this_run(self):
        self.policy.target, self.policy.target_key = targets.METADATA, "tier"
        self.mock_volume_list_detailed.return_value = [
            volume("v1", tier="gold"), volume("v2"),
            volume("v3", status="in-use", tier="gold"),
            volume("v4", status="error", tier="gold")]
        self.mock_checkpoint_create.return_value = self.created("v1")
        self.mock_checkpoint_list_project.return_value = [made("new")]

        self.start()
        (work,) = self.turn()

        self.assertEqual({"v1": runner.PROTECTED, "v3": runner.SKIPPED,
                          "v4": runner.SKIPPED},
                         {v: r.status for v, r in work.results.items()})
        self.assertIn("force is off", work.results["v3"].reason)
        self.assertIn("error", work.results["v4"].reason)

    @helpers.create_mocks(MOCKED)
    def test_over_quota_fails_the_volume_with_cinder_s_reason_once(self):
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.side_effect = exceptions.QuotaExceeded(
            "Cinder refused it over quota: SnapshotLimitExceeded")

        (work,) = self.start()

        self.assertEqual(
            (runner.FAILED,
             "Cinder refused it over quota: SnapshotLimitExceeded"),
            (work.results["v1"].status, work.results["v1"].reason))
        self.assertEqual(1, self.mock_checkpoint_create.call_count)
        self.mock_checkpoint_list_project.assert_not_called()
        self.assertEqual(terms.FAILED, work.results["v1"].events[0][2])

    @helpers.create_mocks(MOCKED)
    def test_busy_cinder_is_retried_then_protected(self):
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.side_effect = [
            exceptions.CinderBusy("429"), exceptions.CinderBusy("503"),
            self.created("v1")]
        self.mock_checkpoint_list_project.return_value = [made("new")]

        self.start()
        (work,) = self.turn()

        self.assertEqual(runner.PROTECTED, work.results["v1"].status)
        self.assertEqual(3, self.mock_checkpoint_create.call_count)
        # One event for the volume, not one per try.
        self.assertEqual(1, len(work.results["v1"].events))

    @helpers.create_mocks(MOCKED)
    def test_a_checkpoint_in_error_keeps_every_old_one(self):
        self.policy.keep_last = 1
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.return_value = self.created("v1")
        self.mock_checkpoint_list_project.return_value = [
            made("new", status="error"), made("old", days_ago=1)]

        self.start()
        (work,) = self.turn()

        self.assertEqual(runner.FAILED, work.results["v1"].status)
        self.assertIn("status error", work.results["v1"].reason)
        self.mock_checkpoint_delete.assert_not_called()

    @helpers.create_mocks(MOCKED)
    def test_retention_of_this_policy_only_awaited_by_the_listing(self):
        self.policy.keep_last = 2
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.return_value = self.created("v1")
        others = [made("other", days_ago=9, policy="8"),
                  made("v2-old", "v2", days_ago=9)]
        self.mock_checkpoint_list_project.return_value = [
            made("new"), made("old-1", days_ago=1), made("old-2", days_ago=2),
            made("old-3", days_ago=3)] + others

        self.start()
        self.assertEqual([], self.turn())
        self.assertEqual({"old-2", "old-3"}, {
            c.args[1] for c in self.mock_checkpoint_delete.call_args_list})
        self.assertTrue(all(c.kwargs["listed"] for c in
                            self.mock_checkpoint_delete.call_args_list))
        self.mock_checkpoint_list_project.return_value = [
            made("new"), made("old-1", days_ago=1),
            made("old-3", status="deleting", days_ago=3)] + others
        self.assertEqual([], self.turn())
        self.mock_checkpoint_list_project.return_value = [
            made("new"), made("old-1", days_ago=1)] + others
        (work,) = self.turn()

        result = work.results["v1"]
        self.assertEqual((runner.PROTECTED, 2), (result.status,
                                                 result.deleted))
        self.assertEqual([(terms.PROTECT, terms.SUCCEEDED),
                          (terms.DELETE, terms.SUCCEEDED),
                          (terms.DELETE, terms.SUCCEEDED)],
                         [(e[0], e[2]) for e in result.events])

    @helpers.create_mocks(MOCKED)
    def test_a_checkpoint_never_available_times_out(self):
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.return_value = self.created("v1")
        self.mock_checkpoint_list_project.return_value = [
            made("new", status="creating")]
        self.start()
        self.assertEqual([], self.turn(SETTINGS.wait_timeout - 1))
        (work,) = self.turn(2)
        self.assertIn("not available after 60 seconds",
                      work.results["v1"].reason)
        self.assertEqual(terms.IN_PROGRESS, work.results["v1"].events[0][2])

    @helpers.create_mocks(MOCKED)
    def test_an_unclear_create_is_found_by_the_run_s_mark(self):
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.side_effect = exceptions.OutcomeUnknown(
            "no clear answer")
        self.mock_checkpoint_list_project.return_value = [
            made("found", run="30")]

        self.start()
        (work,) = self.turn()

        self.assertEqual((runner.PROTECTED, "found"),
                         (work.results["v1"].status,
                          work.results["v1"].checkpoint_id))
        event = work.results["v1"].events[0]
        self.assertEqual((terms.SUCCEEDED, "found"),
                         (event[2], event[4]["checkpoint_id"]))

    @helpers.create_mocks(MOCKED)
    def test_a_run_taken_over_creates_only_what_is_missing(self):
        self.policy.volume_ids = ["v1", "v2"]
        self.mock_volume_list_detailed.return_value = [volume("v1"),
                                                       volume("v2")]
        self.mock_checkpoint_list_project.return_value = [
            made("earlier", "v1", run="30"),
            made("other-run", "v2", run="29")]
        self.mock_checkpoint_create.return_value = self.created("v2", "c2")

        self.start(self.run_of(takeovers=1))
        self.mock_checkpoint_create.assert_not_called()
        self.turn()
        self.mock_checkpoint_list_project.return_value = [
            made("earlier", "v1", run="30"), made("c2", "v2", run="30")]
        (work,) = self.turn()

        self.assertEqual(1, self.mock_checkpoint_create.call_count)
        self.assertEqual("v2", self.mock_checkpoint_create.call_args.args[1])
        self.assertEqual({"v1": "earlier", "v2": "c2"},
                         {v: r.checkpoint_id for v, r in work.results.items()})
        # The lost scheduler's checkpoint is in the history all the same.
        self.assertEqual(
            [(terms.PROTECT, terms.SUCCEEDED, "earlier", "name-v1")],
            [(e[0], e[2], e[4]["checkpoint_id"], e[4]["volume_name"])
             for e in work.results["v1"].events])

    @helpers.create_mocks(MOCKED)
    def test_runs_of_a_project_share_the_listings(self):
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.side_effect = [
            self.created("v1", f"c{n}") for n in range(10)]
        self.mock_checkpoint_list_project.return_value = [
            made(f"c{n}") for n in range(10)]
        for pk in range(10):
            self.flight.take(self.run_of(pk=pk))
        self.turn(0)
        done = self.turn()
        self.assertEqual(10, len(done))
        self.assertLessEqual(self.dispatcher.calls["list"], 3)

    def test_a_broken_trust_stops_the_run(self):
        def refuse(policy):
            raise exceptions.TrustBroken("the trust no longer works")
        self.flight.session_for = refuse
        (work,) = self.start()
        self.assertEqual("the trust no longer works", work.reason)
        self.assertIsInstance(work.error, exceptions.TrustBroken)

    @helpers.create_mocks(MOCKED)
    def test_a_slow_listing_is_asked_for_less_often(self):
        self.mock_volume_list_detailed.return_value = [volume("v1")]
        self.mock_checkpoint_create.return_value = self.created("v1")

        def slow_listing(session):
            self.clock.now += 3
            return [made("new", status="creating")]
        self.mock_checkpoint_list_project.side_effect = slow_listing
        self.start()
        self.turn()
        self.assertEqual(1, self.mock_checkpoint_list_project.call_count)
        # 3 s a listing: the next comes 4 x 3 s after the last began.
        self.turn(8)
        self.assertEqual(1, self.mock_checkpoint_list_project.call_count)
        self.turn(2)
        self.assertEqual(2, self.mock_checkpoint_list_project.call_count)
