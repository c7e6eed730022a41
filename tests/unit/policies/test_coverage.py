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

"""Volumes past their recovery point objective, from the databases
alone, and the watchdog's alerts and figures of them."""
import datetime
import unittest
import zoneinfo

from django.urls import reverse
from openstack_dashboard.test import helpers
import prometheus_client
import time_machine

from volsnap_dashboard.alerts import models as alert_models
from volsnap_dashboard.engine import watchdog
from volsnap_dashboard.events import models as event_models
from volsnap_dashboard.policies import coverage
from volsnap_dashboard.policies import models

UTC = datetime.timezone.utc
NOW = datetime.datetime(2031, 2, 28, 12, tzinfo=UTC)
DAY = datetime.timedelta(days=1)


def policy(name, volume_ids=(), project_id="p", project_name="demo",
           **values):
    return models.Policy.objects.create(
        project_id=project_id, project_name=project_name, name=name,
        volume_ids=list(volume_ids), schedule_kind="daily", hour=2,
        trust_id="t", trustor_id="u", **values)


def protected(volume_id, at, project_id="p"):
    event_models.Event.objects.create(
        action="protect", outcome="succeeded", source="schedule",
        project_id=project_id, user_id="u", volume_id=volume_id,
        checkpoint_id=f"cp-{volume_id}-{at.isoformat()}", created_at=at)


@time_machine.travel(NOW - 10 * DAY, tick=False)
class CoverageTests(helpers.TestCase):

    def setUp(self):
        super().setUp()
        # Made ten days before NOW: older than any objective here.
        self.daily = policy("daily", ["v-late", "v-fresh", "v-never"])
        policy("paused", ["v-paused"], state=models.Policy.PAUSED)
        by_key = policy("by-key", target="metadata", target_key="tier")
        models.Run.objects.create(
            policy=by_key, scheduled_for=NOW - DAY, state="succeeded",
            volumes={"v-tagged": {"status": "protected", "name": "db"}})
        protected("v-late", NOW - 2 * DAY)
        protected("v-fresh", NOW - DAY / 2)
        protected("v-tagged", NOW - 3 * DAY)

    def test_late_and_never_protected_volumes_of_active_policies(self):
        risks = coverage.at_risk(NOW)

        self.assertEqual({("v-late", "past"), ("v-never", "never"),
                          ("v-tagged", "past")},
                         {(r.volume_id, r.standing.state) for r in risks})
        self.assertEqual("db", {r.volume_id: r.volume_name
                                for r in risks}["v-tagged"])

    def test_a_new_policy_is_not_at_risk_before_its_objective(self):
        with time_machine.travel(NOW - DAY / 2, tick=False):
            policy("new", ["v-brand-new"])

        self.assertNotIn("v-brand-new",
                         {r.volume_id for r in coverage.at_risk(NOW)})

    def test_the_watchdog_counts_and_alerts_once_until_met_again(self):
        channel = alert_models.Channel.objects.create(
            project_id="p", name="ops", kind="webhook", target="https://x/h",
            rules=[alert_models.PAST_OBJECTIVE])

        for hour in range(3):
            watchdog.check_objectives(NOW + datetime.timedelta(hours=hour))
        self.assertEqual(3, prometheus_client.REGISTRY.get_sample_value(
            "volsnap_volumes_past_objective", {"project": "p"}))
        protected("v-late", NOW + datetime.timedelta(hours=3))
        watchdog.check_objectives(NOW + datetime.timedelta(hours=4))

        self.assertEqual(2, prometheus_client.REGISTRY.get_sample_value(
            "volsnap_volumes_past_objective", {"project": "p"}))
        events = sorted(channel.deliveries.values_list(
            "incident__key", "event"))
        self.assertEqual([("volume:v-late:objective", "problem"),
                          ("volume:v-late:objective", "recovery"),
                          ("volume:v-never:objective", "problem"),
                          ("volume:v-tagged:objective", "problem")], events)


def group_protected(group_id, members, at, project_id="p", **values):
    return event_models.Event.objects.create(**dict(dict(
        action="protect_group", outcome="succeeded", source="schedule",
        project_id=project_id, user_id="u", group_id=group_id,
        checkpoint_id=f"gcp-{group_id}-{at.isoformat()}", created_at=at,
        members=[{"volume_id": v, "volume_name": f"{v}-name",
                  "checkpoint_id": f"cp-{v}-{at.isoformat()}"}
                 for v in members]), **values))


@time_machine.travel(NOW - 10 * DAY, tick=False)
class GroupCoverageTests(helpers.TestCase):
    """Volumes a policy over volume groups covers: the members of each
    group's newest group checkpoint, protected by any group checkpoint
    that holds them."""

    def setUp(self):
        super().setUp()
        policy("listed-groups", target="groups", group_ids=["g-1"])
        by_name = policy("named-groups", target="group_name",
                         group_pattern="db-*")
        models.Run.objects.create(
            policy=by_name, scheduled_for=NOW - DAY, state="succeeded",
            volumes={"g-2": {"status": "protected", "name": "db-main"}})
        # g-1 once held v-gone; its newest group checkpoint does not.
        group_protected("g-1", ["v-1", "v-gone"], NOW - 5 * DAY)
        group_protected("g-1", ["v-1", "v-2"], NOW - 2 * DAY)
        group_protected("g-2", ["v-3"], NOW - DAY / 2)
        deleted = group_protected("g-2", ["v-3"], NOW - DAY / 4)
        event_models.Event.objects.create(
            action="delete_group", outcome="succeeded", project_id="p",
            group_id="g-2", checkpoint_id=deleted.checkpoint_id,
            created_at=NOW - DAY / 5)
        # Another project's group checkpoint is not of these volumes.
        group_protected("g-9", ["v-1"], NOW - DAY / 2, project_id="other")

    def test_a_groups_members_are_covered_and_stand_by_its_checkpoints(self):
        standings = {c.volume_id: c for c in coverage.standings(NOW)}

        self.assertEqual({"v-1", "v-2", "v-3"}, set(standings))
        self.assertEqual("v-3-name", standings["v-3"].volume_name)
        self.assertEqual(
            {"v-1": ("past", 2 * DAY), "v-2": ("past", 2 * DAY),
             "v-3": ("met", DAY / 2)},
            {v: (c.standing.state, c.standing.age)
             for v, c in standings.items()})

    def test_the_chart_counts_group_checkpoints_for_their_members(self):
        days = coverage.coverage_days(coverage.covered_volumes(NOW), NOW,
                                      UTC, 4)

        # v-1 and v-2 meet their objective from their group's checkpoint
        # of two days ago for a day and a half; v-3 from the end of
        # yesterday, when the checkpoint kept after the delete was made.
        self.assertEqual(
            [("2031-02-25", 0, 3), ("2031-02-26", 2, 1),
             ("2031-02-27", 3, 0), ("2031-02-28", 1, 2)],
            [(day.date().isoformat(), c["met"], c["at_risk"])
             for day, c in days])


class TimelineTests(unittest.TestCase):
    """How covered volumes stood day by day: pure, on a fixed clock."""

    def test_met_at_risk_and_waiting_as_checkpoints_come_and_go(self):
        start = NOW - 10 * DAY
        covered = [
            coverage.Cover("p", "demo", "v-1", "", "nightly", 1.5 * DAY,
                           start),
            coverage.Cover("p", "demo", "v-2", "", "new", 1.5 * DAY,
                           start + 5 * DAY)]
        checkpoints = [
            ("p", "v-1", start + DAY, start + 2.2 * DAY),
            ("p", "v-1", start + 3 * DAY, None),
            # The same id in another project is not this volume.
            ("other", "v-1", start + 4.5 * DAY, None)]
        samples = [start + days * DAY for days in (0.5, 1.5, 2.5, 3.2, 4.6,
                                                   6)]

        drawn = coverage.timeline(covered, checkpoints, samples)

        self.assertEqual(samples, [sample for sample, _counts in drawn])
        self.assertEqual(
            [(0, 0, 1), (1, 0, 0), (0, 1, 0), (1, 0, 0), (0, 1, 0),
             (0, 1, 1)],
            [(c["met"], c["at_risk"], c["waiting"]) for _s, c in drawn])


@time_machine.travel(NOW - 10 * DAY, tick=False)
class CoverageDaysTests(helpers.TestCase):

    def test_each_local_day_ends_as_the_log_says_and_today_is_now(self):
        daily = policy("daily", ["v-late", "v-fresh", "v-never"])
        protected("v-late", NOW - 2 * DAY)
        protected("v-fresh", NOW - DAY / 2)
        protected("v-fresh", NOW + DAY)
        covered = coverage.covered_volumes(NOW)

        utc_days = coverage.coverage_days(covered, NOW, UTC, 3)
        # Kiritimati is 14 hours ahead: its days end at 10:00 UTC.
        kiritimati = coverage.coverage_days(
            covered, NOW, zoneinfo.ZoneInfo("Pacific/Kiritimati"), 2)

        self.assertEqual(1.5 * DAY, covered[0].objective)
        self.assertEqual(daily.created_at, covered[0].since)
        self.assertEqual(
            [("2031-02-26", 1, 2), ("2031-02-27", 2, 1),
             ("2031-02-28", 1, 2)],
            [(day.date().isoformat(), c["met"], c["at_risk"])
             for day, c in utc_days])
        self.assertEqual(
            [("2031-02-28", 1, 2), ("2031-03-01", 1, 2)],
            [(day.date().isoformat(), c["met"], c["at_risk"])
             for day, c in kiritimati])
        self.assertEqual(
            len([c for c in coverage.standings(NOW) if c.at_risk]),
            utc_days[-1][1]["at_risk"])


@time_machine.travel(NOW - 10 * DAY, tick=False)
class StatusPageTests(helpers.BaseAdminViewTests):

    def test_projects_most_at_risk_first_from_the_databases_alone(self):
        today = NOW - 10 * DAY
        with time_machine.travel(today - 5 * DAY, tick=False):
            policy("calm", ["v-ok"], project_id="p-calm",
                   project_name="calm")
            policy("risky", ["v-late", "v-never"], project_id="p-risky",
                   project_name="risky")
        protected("v-ok", today - DAY / 2, project_id="p-calm")
        protected("v-late", today - 3 * DAY, project_id="p-risky")

        response = self.client.get(reverse(
            "horizon:admin:protection_status:index"))

        rows = [(str(r.cells["project"].data), r.cells["at_risk"].data,
                 r.cells["never"].data, r.cells["met"].data,
                 r.cells["covered"].data, str(r.cells["oldest"].data))
                for r in response.context["table"].get_rows()]
        self.assertEqual([("risky", 2, 1, 0, 2, "3\xa0days"),
                          ("calm", 0, 0, 1, 1, "12\xa0hours")], rows)
        chart = response.context["chart"]
        self.assertEqual(30, len(chart["ticks"]) * 3)
        self.assertEqual("Covered volumes now: 1 meeting their objective, "
                         "2 at risk, 0 awaiting a first checkpoint",
                         chart["summary"])
        self.assertContains(response, 'class="volsnap-activity"')


class StatusAccessTests(helpers.TestCase):

    def test_a_member_cannot_see_every_projects_status(self):
        response = self.client.get(reverse(
            "horizon:admin:protection_status:index"))

        self.assertNotEqual(200, response.status_code)
