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

"""The admin Snapshot History: filters, the chart, the existence column
and the CSV export, on Horizon's test helpers. No Cinder call anywhere:
the page reads only the event log."""
import csv
import datetime
import io
from unittest import mock

from django.core import cache
from django.db import connections
from django.db import DatabaseError
from django.db.models import Min
from django.db.models import Subquery
from django.http import QueryDict
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from openstack_dashboard.test import helpers

from tests.unit.content.fakes import HOSTILE
from volsnap_dashboard.api import identity
from volsnap_dashboard.content.snapshot_history import forms
from volsnap_dashboard.events import history
from volsnap_dashboard.events import models
from volsnap_dashboard.events import names as event_names
from volsnap_dashboard import exceptions

HISTORY_URL = reverse("horizon:admin:snapshot_history:index")
EXPORT_URL = reverse("horizon:admin:snapshot_history:export")


def event(**values):
    row = dict(action="protect", outcome="succeeded", source="dashboard",
               project_id="p-demo", project_name="demo", user_id="u-alice",
               user_name="alice", volume_id="v-1", volume_name="data",
               checkpoint_id="cp-1", checkpoint_name="nightly")
    row.update(values)
    return models.Event.objects.create(**row)


def table_rows(response, *columns):
    return [tuple(str(row.cells[column].data) for column in columns)
            for row in response.context["table"].get_rows()]


class HistoryTests(helpers.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        now = self.now = timezone.now()
        event(checkpoint_name="=HYPERLINK(evil)",
              created_at=now - datetime.timedelta(seconds=90),
              finished_at=now - datetime.timedelta(seconds=48))
        event(project_id="p-alt", project_name="alt", user_id="u-bob",
              user_name="bob", outcome="failed", source="other",
              checkpoint_id="cp-2", checkpoint_name="alt-cp",
              error="Cinder reported the protect in status error.")

    def test_lists_every_project_with_outcome_source_and_duration(self):
        response = self.client.get(HISTORY_URL)

        self.assertEqual(
            [("bob", "Failed", "Other", "None"),
             ("alice", "Succeeded", "Dashboard", "42 s")],
            table_rows(response, "user", "outcome", "source", "duration"))

    def test_checkpoint_existence_comes_from_the_log(self):
        event(action="delete", checkpoint_id="cp-1", outcome="succeeded")

        response = self.client.get(HISTORY_URL + "?action=protect")

        self.assertEqual([("alt-cp", "Not deleted"),
                          ("=HYPERLINK(evil)", "Deleted")],
                         table_rows(response, "checkpoint",
                                    "checkpoint_now"))

    def test_links_lead_where_the_admin_may_act(self):
        event(project_id=self.tenant.id, checkpoint_id="cp-own",
              checkpoint_name="own")

        response = self.client.get(HISTORY_URL)

        links = {row.cells["checkpoint"].data: row.cells["checkpoint"].url
                 for row in response.context["table"].get_rows()}
        self.assertEqual(
            reverse("horizon:project:checkpoints:detail", args=("cp-own",)),
            links["own"])
        self.assertEqual(
            reverse("horizon:admin:snapshots:detail", args=("cp-2",)),
            links["alt-cp"])

    def test_filters_match_ids_or_whole_names(self):
        for query, users in (("project=alt", ["bob"]),
                             ("project=p-demo", ["alice"]),
                             ("project=al", []),
                             ("user=u-bob&outcome=failed", ["bob"]),
                             ("outcome=succeeded", ["alice"]),
                             ("source=other", ["bob"]),
                             ("checkpoint=cp-1", ["alice"]),
                             ("checkpoint=alt-cp", ["bob"]),
                             ("volume=data", ["bob", "alice"])):
            response = self.client.get(HISTORY_URL + "?" + query)
            self.assertEqual(users, [row[0] for row in table_rows(
                response, "user")], query)

    def test_time_range_is_in_the_users_days(self):
        old = event(user_name="carol",
                    created_at=timezone.now() - datetime.timedelta(days=3))
        day = timezone.localdate(old.created_at)

        response = self.client.get(
            HISTORY_URL + f"?since={day}&until={day}")

        self.assertEqual([("carol",)], table_rows(response, "user"))

    def test_invalid_filters_are_field_errors(self):
        response = self.client.get(
            HISTORY_URL + "?since=2026-11-20&until=2026-11-01&outcome=x"
            + "&user=" + "u" * 300)

        form = response.context["filter_form"]
        self.assertEqual({"until", "outcome", "user"}, set(form.errors))
        self.assertEqual([], table_rows(response, "user"))

    def test_chart_counts_the_filtered_operations(self):
        event(outcome="failed", checkpoint_id="cp-3")
        event(action="restore", restored_volume_id="v-new")

        chart = self.client.get(HISTORY_URL).context["chart"]
        failed_only = self.client.get(
            HISTORY_URL + "?outcome=failed").context["chart"]

        self.assertEqual({"protect_succeeded": 1, "protect_failed": 2,
                          "restore": 1},
                         _series_counts(chart))
        self.assertEqual({"protect_failed": 2}, _series_counts(failed_only))
        self.assertFalse(chart["hourly"])
        self.assertContains(self.client.get(HISTORY_URL),
                            'class="volsnap-bar volsnap-protect_failed"')

    def test_a_short_range_is_charted_per_hour(self):
        # The days of the two events, which differ just after midnight.
        since = timezone.localdate(self.now - datetime.timedelta(minutes=2))
        until = timezone.localdate(self.now)

        chart = self.client.get(
            HISTORY_URL + f"?since={since}&until={until}").context["chart"]

        self.assertTrue(chart["hourly"])
        self.assertEqual({"protect_succeeded": 1, "protect_failed": 1},
                         _series_counts(chart))

    def test_an_unreadable_database_is_said_in_words(self):
        with mock.patch.object(models.Event.objects, "all",
                               side_effect=DatabaseError("no such table")):
            response = self.client.get(HISTORY_URL)

        self.assertEqual(200, response.status_code)
        self.assertContains(response, "database is missing or not migrated")

    def test_csv_export_of_the_filtered_rows(self):
        event(user_name="alice", checkpoint_name="\tTAB", checkpoint_id="t")
        response = self.client.get(EXPORT_URL + "?user=alice")

        rows = list(csv.reader(io.StringIO(b"".join(
            response.streaming_content).decode())))
        header = rows[0]
        self.assertEqual(["created_at", "finished_at"], header[:2])
        self.assertEqual([("'\tTAB", "succeeded"),
                          ("'=HYPERLINK(evil)", "succeeded")],
                         [(row[header.index("checkpoint_name")],
                           row[header.index("outcome")]) for row in rows[1:]])

    def test_csv_export_streams_every_row_in_chunks(self):
        models.Event.objects.bulk_create(
            models.Event(action="delete", outcome="succeeded",
                         project_id="p", user_id="u", user_name="dave",
                         checkpoint_id=f"cp-bulk-{n}") for n in range(1234))

        response = self.client.get(EXPORT_URL + "?user=dave")

        rows = list(csv.reader(io.StringIO(b"".join(
            response.streaming_content).decode())))
        self.assertEqual(1234, len(rows) - 1)
        self.assertEqual(1234, len({row[11] for row in rows[1:]}))

    def test_a_group_operation_is_one_row_naming_its_members(self):
        members = [{"checkpoint_id": "m-1", "volume_id": "v-1",
                    "volume_name": "data"},
                   {"checkpoint_id": "m-2", "volume_id": "v-2",
                    "volume_name": HOSTILE}]
        event(action="protect_group", checkpoint_id="gcp-1",
              checkpoint_name="grouped", volume_id="", volume_name="",
              group_id="g-1", group_name="db", members=members,
              project_id=self.tenant.id)
        event(action="delete_group", checkpoint_id="gcp-1",
              checkpoint_name="grouped", group_id="g-1", group_name="db",
              members=members, project_id=self.tenant.id)

        response = self.client.get(HISTORY_URL + "?checkpoint=grouped")
        export = self.client.get(EXPORT_URL + "?checkpoint=grouped")

        self.assertEqual(
            [("Delete Group Checkpoint", f"Group db: data, {HOSTILE}",
              "Deleted"),
             ("Protect Group", f"Group db: data, {HOSTILE}", "Deleted")],
            table_rows(response, "action", "volume", "checkpoint_now"))
        self.assertNotContains(response, HOSTILE)
        rows = list(csv.reader(io.StringIO(b"".join(
            export.streaming_content).decode())))
        self.assertEqual(f"data (v-1); {HOSTILE} (v-2)",
                         rows[1][rows[0].index("members")])

    def test_an_invalid_export_shows_the_forms_errors(self):
        response = self.client.get(EXPORT_URL + "?outcome=nonsense")

        self.assertRedirects(response, HISTORY_URL + "?outcome=nonsense",
                             fetch_redirect_response=False)


def _series_counts(chart):
    counts = {}
    for bar in chart["bars"]:
        counts[bar.series] = counts.get(bar.series, 0) + bar.count
    return counts


class HistoryAccessTests(helpers.TestCase):

    def test_non_admin_cannot_reach_the_history(self):
        for url in (HISTORY_URL, EXPORT_URL):
            response = self.client.get(url)
            self.assertNotEqual(200, response.status_code)


# A search of an index by the filter's value, not a walk through time.
SEARCHED = r"SEARCH \w+ USING (COVERING )?INDEX volsnap_\w+ \(\w+=\?"


class QueryPlanTests(helpers.TestCase):
    """Every filter reads an index, not the whole log (SQLite's plan)."""

    def plan(self, query, events=None):
        form = forms.HistoryFilterForm(QueryDict(query))
        if events is None:
            events = form.events(dated=False)
        return self.explain(history.newest_first(
            events, (timezone.now(), 1000), window=form.window())[:21])

    def explain(self, page):
        sql, params = page.query.sql_with_params()
        with connections[page.db].cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [row[-1] for row in cursor.fetchall()]

    def test_each_filter_searches_an_index(self):
        for query in ("project=demo", "user=alice", "volume=v-1",
                      "checkpoint=cp-1", "outcome=failed",
                      "source=other&action=delete"):
            with self.subTest(query=query):
                plan = " ".join(self.plan(query))
                self.assertRegex(plan, SEARCHED, plan)

    def test_a_date_range_and_a_filter_of_one_kind_walk_in_order(self):
        for query in ("since=2026-10-01&until=2026-10-30", "", "action=delete",
                      "outcome=failed&since=2026-10-01", "source=other"):
            with self.subTest(query=query):
                plan = " ".join(self.plan(query))
                self.assertRegex(plan, r"USING (COVERING )?INDEX volsnap_",
                                 plan)
                self.assertNotIn("TEMP B-TREE", plan)

    def test_the_protection_pages_find_checkpoints_by_volume_or_id(self):
        # Not through the outcome's index: every succeeded operation.
        for name, page in (
                ("deleted", models.Event.objects.filter(
                    checkpoint_id__in=["a", "b"])),
                ("recovery points", history._recovery_points(
                    {("p", "v-1"), ("p", "v-2")})),
                ("protected between", history._good_checkpoints().filter(
                    project_id__in=["p"], created_at__gte=timezone.now())
                 .order_by().annotate(deleted_at=Subquery(
                     history._deletes().order_by().values("checkpoint_id")
                     .annotate(first=Min("created_at")).values("first"))))):
            with self.subTest(name):
                plan = " ".join(self.explain(page))
                self.assertNotIn("volsnap_event_outcome", plan)
                self.assertNotIn("volsnap_event_action", plan)
                self.assertRegex(plan, r"INDEX volsnap_\w*(volume|project|"
                                       r"checkpoint)", plan)

    def test_the_check_sees_a_sort(self):
        # The order pages had before: by id, through a date range.
        plan = " ".join(self.explain(forms.HistoryFilterForm(QueryDict(
            "since=2026-10-01&until=2026-10-30")).events().order_by(
            "-id")[:21]))

        self.assertIn("TEMP B-TREE", plan)

    def test_the_check_sees_a_filter_without_an_index(self):
        plan = " ".join(self.plan("", models.Event.objects.filter(
            error__icontains="quota")))

        self.assertNotRegex(plan, SEARCHED)


class OddNumbersTests(helpers.BaseAdminViewTests):

    def test_days_at_the_ends_of_the_calendar_in_any_zone(self):
        event(checkpoint_id="cp-1")
        valid = (("0001-01-01", "9999-12-31", {"since", "until"}),
                 ("1970-01-01", "9999-12-30", set()),
                 ("9999-12-30", "9999-12-30", set()),
                 ("", "0001-01-01", {"until"}),
                 ("1970-01-01", "", set()),
                 ("99999-01-01", "2026-02-30", {"since", "until"}))
        for zone in ("Pacific/Kiritimati", "Etc/GMT+12", "America/Santiago",
                     "UTC"):
            self.client.cookies["django_timezone"] = zone
            for since, until, errors in valid:
                query = f"?since={since}&until={until}"
                with self.subTest(zone=zone, since=since, until=until):
                    response = self.client.get(HISTORY_URL + query)
                    self.assertEqual(200, response.status_code)
                    self.assertEqual(
                        errors, set(response.context["filter_form"].errors))
                    export = self.client.get(EXPORT_URL + query)
                    self.assertEqual(302 if errors else 200,
                                     export.status_code)

    def test_markers_and_page_sizes_that_are_not_numbers(self):
        for n in range(3):
            event(checkpoint_id=f"cp-{n}")
        # Last: Horizon keeps its default in the session after "abc".
        for cookie, marker, rows in (("-5", "", 3), ("0", "", 1),
                                     ("99999999", "", 3), ("2", "²", 2),
                                     ("2", "9" * 30, 2), ("2", "٣", 2),
                                     ("abc", "", 3)):
            with self.subTest(cookie=cookie, marker=marker):
                self.client.cookies["API_RESULT_PAGE_SIZE"] = cookie
                response = self.client.get(
                    HISTORY_URL + "?event_marker=" + marker)
                self.assertEqual(200, response.status_code)
                self.assertEqual(rows, len(table_rows(response, "user")))


@override_settings(VOLSNAP_WATCHDOG={"cloud_reader": {
    "auth_url": "http://keystone.test/v3", "username": "volsnap-watchdog",
    "password": "p", "project_name": "service"}})
class NamesTests(helpers.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        cache.cache.clear()
        event(user_id="u-known", user_name="", project_id="p-known",
              project_name="", source="other")
        event(user_id="u-gone", user_name="", project_id="p-known",
              project_name="", source="other")

    def answer(self, kind, ids):
        known = {"u-known": "carol", "p-known": "finance"}
        return {i: known[i] for i in ids if i in known}

    @mock.patch.object(identity, "identity_names_get")
    def test_ids_become_names_and_unknown_ones_stay_ids(self, names):
        names.side_effect = lambda session, kind, ids: self.answer(kind, ids)

        response = self.client.get(HISTORY_URL)

        self.assertEqual([("finance", "u-gone"), ("finance", "carol")],
                         table_rows(response, "project", "user"))
        # A page's unknown ids in one question per kind.
        self.assertEqual({("user", ("u-gone", "u-known")),
                          ("project", ("p-known",))},
                         {(c.args[1], tuple(c.args[2]))
                          for c in names.call_args_list})

    @mock.patch.object(identity, "identity_names_get")
    def test_names_and_misses_are_cached(self, names):
        names.side_effect = lambda session, kind, ids: self.answer(kind, ids)
        session = object()

        for _page in range(3):
            self.assertEqual({"u-known": "carol"}, event_names.names_of(
                "user", ["u-known", "u-gone"], session))

        names.assert_called_once_with(session, "user", ["u-known", "u-gone"])

    @mock.patch.object(identity, "identity_names_get")
    def test_names_written_into_the_rows_are_found_by_the_filter(self,
                                                                 names):
        names.side_effect = lambda session, kind, ids: self.answer(kind, ids)
        before = self.client.get(HISTORY_URL + "?user=carol")

        self.assertEqual({"user": 1, "project": 2},
                         event_names.name_rows(object()))
        after = self.client.get(HISTORY_URL + "?project=finance")

        self.assertEqual([], table_rows(before, "user"))
        self.assertEqual([("finance", "u-gone"), ("finance", "carol")],
                         table_rows(after, "project", "user"))
        self.assertEqual(["u-gone"], list(models.Event.objects.filter(
            user_name="").values_list("user_id", flat=True)))

    @mock.patch.object(identity, "identity_names_get",
                       side_effect=exceptions.IdentityUnavailable("down"))
    def test_keystone_away_names_no_row(self, names):
        self.assertEqual({"user": 0, "project": 0},
                         event_names.name_rows(object()))
        self.assertEqual(2, models.Event.objects.filter(
            user_name="", project_name="").count())

    @mock.patch.object(identity, "identity_names_get",
                       side_effect=exceptions.IdentityUnavailable("down"))
    def test_keystone_away_shows_the_ids(self, names):
        response = self.client.get(HISTORY_URL)

        self.assertEqual(200, response.status_code)
        self.assertEqual([("p-known", "u-gone"), ("p-known", "u-known")],
                         table_rows(response, "project", "user"))

    @override_settings(VOLSNAP_WATCHDOG={})
    @mock.patch.object(identity, "identity_names_get")
    def test_without_the_account_no_one_is_asked(self, names):
        response = self.client.get(HISTORY_URL)

        self.assertEqual(200, response.status_code)
        names.assert_not_called()
