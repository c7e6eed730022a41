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

"""Rows built in one pass are Horizon's own markup, row for row, and
give way to a theme's or an operator's override of Horizon's templates."""
import copy
import os
import re
import tempfile

from django.conf import settings
from django.test.utils import override_settings
from django import urls
from django.utils import html
from django.utils import safestring
from horizon import tables
from horizon.tables import base as tables_base
from openstack_dashboard.test import helpers

from tests.unit.content.fakes import checkpoint
from tests.unit.content.fakes import CHECKPOINTS_URL
from tests.unit.content.fakes import HOSTILE
from tests.unit.content.fakes import PROTECTION_URL
from tests.unit.content.fakes import QUOTA
from tests.unit.content.fakes import volume
from volsnap_dashboard.api import checkpoints
from volsnap_dashboard.content import markup
from volsnap_dashboard.events import models

HISTORY_URL = urls.reverse("horizon:admin:snapshot_history:index")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                  r"[0-9a-f]{12}")


class HorizonsMarkup:
    """Each row of `self.table`, its actions and its check box, against
    Horizon's own templates and widget on the same cells."""

    def test_each_row_is_horizons_row_template(self):
        for row in self.table.get_rows():
            with self.subTest(row=row.id):
                ours = row.render()
                self.assertHTMLEqual(tables.Row.render(row), ours)
                self.assertIsInstance(ours, safestring.SafeData)
                self.assertNotIn("&lt;a ", ours)
                self.assertNotIn("&lt;button", ours)

    def test_each_rows_actions_are_horizons_dropdown_template(self):
        shapes = set()
        for row in self.table.get_rows():
            with self.subTest(row=row.id):
                horizons = tables.DataTable.render_row_actions(self.table,
                                                               row.datum)
                ours = self.table.render_row_actions(row.datum)
                self.assertHTMLEqual(horizons, ours)
                # Markup, not text for the cell to escape.
                self.assertIsInstance(ours, safestring.SafeData)
                shapes.add(horizons.count("data-table-action"))
        self.assertEqual(self.action_counts, shapes)

    def test_each_check_box_is_horizons_widget(self):
        if not self.table.multi_select:
            return
        column = self.table.columns["multi_select"]
        for row in self.table.get_rows():
            with self.subTest(row=row.id):
                ours = row.cells["multi_select"].data
                horizons = tables_base.Cell.get_data(
                    row.cells["multi_select"], row.datum, column, row)
                self.assertHTMLEqual(UUID.sub("id", horizons),
                                     UUID.sub("id", ours))
                self.assertIn("table-row-multi-select", ours)

    def test_text_is_escaped_as_horizon_escapes_it(self):
        page = "".join(row.render() for row in self.table.get_rows())

        self.assertNotIn(HOSTILE, page)
        self.assertIn("&lt;script&gt;", page)
        # Horizon's escape also defuses AngularJS's {$ $} markup.
        self.assertNotIn("{$", page)


class CheckpointRowsTests(HorizonsMarkup, helpers.TestCase):
    # Several actions, one, and none: each branch of Horizon's template.
    action_counts = {0, 1, 3}

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def setUp(self):
        super().setUp()
        self.mock_checkpoint_list_paged.return_value = ([
            checkpoint(),
            checkpoint(id="cp-2", name=HOSTILE, volume_exists=False,
                       status="creating"),
            checkpoint(id="cp-3", name="{$ 7*7 $}", status="error"),
            checkpoint(id="cp-4", status="error_deleting")], False, False)
        self.table = self.client.get(CHECKPOINTS_URL).context["table"]


class TemplateOverrideTests(helpers.TestCase):
    """An operator's template folder that overrides Horizon's row (or
    its action) template is what the rows are rendered with."""
    MARK = "volsnap-test-override"

    @helpers.create_mocks({checkpoints: ("checkpoint_list_paged",)})
    def render(self, overridden=None):
        self.mock_checkpoint_list_paged.return_value = (
            [checkpoint(), checkpoint(id="cp-2")], False, False)
        if overridden is None:
            return self.client.get(CHECKPOINTS_URL)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, overridden)
            os.makedirs(os.path.dirname(path))
            original = markup.loader.get_template(overridden).origin.name
            with open(original) as f, open(path, "w") as out:
                out.write(f.read().replace(
                    "<tr", f'<tr data-{self.MARK}="1"', 1).replace(
                    "<button", f'<button data-{self.MARK}="1"', 1))
            templates = copy.deepcopy(settings.TEMPLATES)
            templates[0]["DIRS"] = [folder] + list(templates[0]["DIRS"])
            with override_settings(TEMPLATES=templates):
                return self.client.get(CHECKPOINTS_URL)

    def test_rows_are_built_directly_while_nothing_overrides_them(self):
        response = self.render()

        self.assertTrue(response.context["table"].one_pass)
        self.assertNotContains(response, self.MARK)

    def test_an_overridden_row_template_is_honoured(self):
        response = self.render("horizon/common/_data_table_row.html")

        self.assertFalse(response.context["table"].one_pass)
        self.assertContains(response, f'data-{self.MARK}="1"', count=2)

    def test_an_overridden_action_template_is_honoured(self):
        response = self.render("horizon/common/_data_table_action.html")

        self.assertFalse(response.context["table"].one_pass)
        self.assertContains(response, f'data-{self.MARK}="1"')


class ProtectableVolumeRowsTests(HorizonsMarkup, helpers.TestCase):
    # Protect, and nothing for a volume in error.
    action_counts = {0, 1}

    @helpers.create_mocks({checkpoints: ("volume_list_paged",
                                         "snapshot_quota_get")})
    def setUp(self):
        super().setUp()
        self.mock_volume_list_paged.return_value = ([
            volume(), volume(id="vol-2", name=HOSTILE, status="in-use",
                             attached_to=("server-1",)),
            volume(id="vol-3", name="{$ 7*7 $}", status="error")],
            False, False)
        self.mock_snapshot_quota_get.return_value = QUOTA
        self.table = self.client.get(PROTECTION_URL).context["table"]


class HistoryRowsTests(HorizonsMarkup, helpers.BaseAdminViewTests):
    action_counts = {0}

    def setUp(self):
        super().setUp()
        for values in (dict(checkpoint_name=HOSTILE),
                       dict(volume_name="{$ 7*7 $}", outcome="failed",
                            error=HOSTILE, project_id="p-alt"),
                       dict(action="delete", outcome="in_progress",
                            checkpoint_id="", checkpoint_name="")):
            models.Event.objects.create(**dict(dict(
                action="protect", outcome="succeeded", source="dashboard",
                project_id=self.tenant.id, project_name="demo",
                user_id="u-alice", user_name="alice", volume_id="v-1",
                volume_name="data", checkpoint_id="cp-1",
                checkpoint_name="nightly"), **values))
        self.table = self.client.get(HISTORY_URL).context["table"]


class ObjectUrlTests(helpers.TestCase):

    def test_is_djangos_reverse_for_any_id(self):
        for name in ("horizon:project:checkpoints:detail",
                     "horizon:project:volumes:detail"):
            for object_id in ("cp-1", "9b3c5f1e-1d2a-4c8e-9f00-5a6b7c8d9e0f",
                              "a b", "é", "x%y?z", 42):
                with self.subTest(name=name, object_id=object_id):
                    self.assertEqual(urls.reverse(name, args=(object_id,)),
                                     markup.object_url(name, object_id))

    def test_an_id_no_url_can_hold_is_refused_as_reverse_refuses_it(self):
        with self.assertRaises(urls.NoReverseMatch):
            markup.object_url("horizon:project:checkpoints:detail", "a/b")


class EscapedTests(helpers.TestCase):

    def test_is_horizons_conditional_escape_for_any_value(self):
        for value in ("plain", "a&b", "<b>", 'say "x"', "it's", "{$ x $}",
                      "$}", "", 42, None, safestring.mark_safe("<b>ok</b>"),
                      HOSTILE):
            with self.subTest(value=value):
                self.assertEqual(html.conditional_escape(value),
                                 markup.escaped(value))
