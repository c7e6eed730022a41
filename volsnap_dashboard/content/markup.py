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

"""Table rows rendered in one pass, with Horizon's own markup.

Horizon renders each row as a template of its own, which includes a cell
template per cell, and each row's actions as two more templates rendered
with the request. Every one of those renders looks its templates up again
through Horizon's theme loader, which is not cached, the row actions run
every context processor again, and each linked cell reverses its URL three
times. That was most of the Checkpoints page's server time. Here a row is
the same `<tr>` of Horizon's `<td>` cells and the same action buttons and
dropdown, built directly; tests/unit/content/test_markup.py holds them equal
to Horizon's templates.

Built directly only while those templates are Horizon's own: where a theme
or the operator's template folders override one of them, the table renders
with Horizon's templates as Horizon's tables do (asked once per table
render, for the request's theme).
"""
import functools
import os
import re
import uuid

from django import template
from django.template import base as template_base
from django.template import loader
from django import urls
from django.utils import html
import horizon
from horizon import tables
from horizon.tables import base as tables_base

# What a template's {{ value }} is rendered in: autoescape, the active
# language's formats and time zone.
VALUES = template.Context()
NEEDS_ESCAPE = re.compile(r"""[&<>"'{$]""")
PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")
PLACEHOLDER = "volsnap-object-id"
HORIZON_TEMPLATES = os.path.realpath(os.path.join(
    os.path.dirname(horizon.__file__), "templates"))
# What Row, Cell and render_row_actions stand in for.
ROW_TEMPLATES = ("horizon/common/_data_table_row.html",
                 "horizon/common/_data_table_cell.html",
                 "horizon/common/_data_table_action.html")


def horizons_own(name):
    """Whether template `name` is Horizon's own file, not an override."""
    origin = loader.get_template(name).origin.name
    return os.path.realpath(origin) == os.path.join(HORIZON_TEMPLATES, name)


@functools.lru_cache(maxsize=256)
def _url_with_placeholder(name, prefix):
    # `prefix` (the script prefix) only keys the cache: reverse() reads it
    # itself, and a URL cached under one prefix must not serve another.
    return urls.reverse(name, args=(PLACEHOLDER,))


def object_url(name, object_id):
    """`reverse(name, args=(object_id,))`, reversed once a process: ids
    that URL quoting leaves alone take the cached URL."""
    object_id = str(object_id)
    if not PLAIN_ID.fullmatch(object_id):
        return urls.reverse(name, args=(object_id,))
    return _url_with_placeholder(name, urls.get_script_prefix()).replace(
        PLACEHOLDER, object_id)


def _classes(*names):
    return " ".join(name for name in names if name)


def escaped(value):
    """conditional_escape, which leaves a string with none of these
    characters as it is (Horizon's escape also changes {$ and $})."""
    if type(value) is str and not NEEDS_ESCAPE.search(value):
        return value
    return html.conditional_escape(value)


def attr_string(element, classes=True):
    """Django's flatatt of a Horizon element's final attributes."""
    attrs = sorted(element.get_final_attrs(classes).items())
    return html.mark_safe(
        "".join(f' {key}="{escaped(value)}"'
                for key, value in attrs if not isinstance(value, bool)
                and value is not None)
        + "".join(f" {key}" for key, value in attrs if value is True))


def action_html(action, row_id, small=False, single=False):
    """Horizon's `_data_table_action.html` for a row action."""
    if action.method != "GET":
        help_text = (html.format_html(' help_text="{}"', action.help_text)
                     if action.help_text else "")
        return html.format_html(
            '<button {} class="{}" name="action"{} type="submit" '
            'value="{}__{}__{}">{}</button>',
            attr_string(action, classes=False),
            _classes("data-table-action", small and "btn-sm",
                     *action.get_default_classes(),
                     action.action_type and f"btn-{action.action_type}",
                     "btn"),
            help_text, action.table.name, action.name, row_id,
            action.verbose_name)
    return html.format_html(
        '<a {} class="{}" href="{}">{}</a>',
        attr_string(action, classes=False),
        _classes("btn data-table-action", single and "btn-default",
                 small and "btn-sm",
                 action.action_type == "danger" and "btn-danger",
                 action.get_final_css()),
        action.bound_url, action.verbose_name)


class OnePassTable:
    """A DataTable mixin; its Meta.row_class must be a `Row` and its
    Meta.cell_class a `Cell` below."""

    @functools.cached_property
    def one_pass(self):
        """Rows built directly: Horizon's row templates are not
        overridden."""
        return all(map(horizons_own, ROW_TEMPLATES + (
            self._meta.row_actions_dropdown_template,)))

    def render_row_actions(self, datum, row=False):
        """Horizon's `_data_table_row_actions_dropdown.html`."""
        if row or not self.one_pass:
            return super().render_row_actions(datum, row=row)
        actions = self.get_row_actions(datum)
        row_id = self.get_object_id(datum)
        if len(actions) < 2:
            return html.format_html_join("", "{}", (
                (action_html(action, row_id, single=True),)
                for action in actions))
        return html.format_html(
            '<div class="btn-group">{}<a class="btn btn-default btn-sm '
            'dropdown-toggle" data-toggle="dropdown" href="#"><span '
            'class="fa fa-caret-down"></span></a><ul class="dropdown-menu '
            'dropdown-menu-right row_actions">{}</ul></div>',
            action_html(actions[0], row_id, small=True, single=True),
            html.format_html_join("", "<li>{}</li>", (
                (action_html(action, row_id),) for action in actions[1:])))


class Cell(tables_base.Cell):
    @functools.cached_property
    def url(self):
        link = self.column.link
        if isinstance(link, str):
            try:
                return object_url(link, self.column.table.get_object_id(
                    self.datum))
            except urls.NoReverseMatch:
                pass  # a plain URL; Horizon's own look-up returns it
        return tables_base.Cell.url.fget(self)

    def get_data(self, datum, column, row):
        """Horizon's ThemableCheckboxInput for the row's check box."""
        if column.auto != "multi_select" or not row.table.one_pass:
            return super().get_data(datum, column, row)
        table = row.table
        object_id = table.get_object_id(datum)
        data = ""
        if row.can_be_selected(datum):
            box_id = str(uuid.uuid4())
            data = html.format_html(
                '<div class="themable-checkbox"><input type="checkbox" '
                'name="object_ids" value="{}" class="table-row-multi-select" '
                'id="{}"><label for="{}"></label></div>',
                object_id, box_id, box_id)
        table._data_cache[column][object_id] = data
        return data


class Row(tables.Row):
    """Horizon's `_data_table_row.html` and `_data_table_cell.html` for
    cells without inline editing, which these tables do not offer."""

    def render(self):
        if not self.table.one_pass or any(cell.inline_edit_available
                                          for cell in self):
            return super().render()
        cells = []
        for cell in self:
            value = template_base.render_value_in_context(cell.value,
                                                          VALUES)
            if cell.wrap_list:
                value = f"<ul>{value}</ul>"
            cells.append(f"<td{attr_string(cell)}>{value}</td>")
        return html.mark_safe(
            f"<tr{attr_string(self)}>{''.join(cells)}</tr>")
