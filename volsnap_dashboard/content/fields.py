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

"""Form fields the panels share."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

TRUE = frozenset(("on", "true", "1"))
FALSE = frozenset(("", "off", "false", "0"))


class _RawCheckboxInput(forms.CheckboxInput):
    """Hands the posted value to the field as it is: Django's widget
    turns any word but "false" into True."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class CheckBox(forms.BooleanField):
    """A check box that takes what a browser sends ("on") or a plain
    true/false, and refuses anything else; Django's own counts "no" as
    checked."""
    widget = _RawCheckboxInput

    def to_python(self, value):
        if value in (True, False, None):
            return bool(value)
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise forms.ValidationError(_("Check the box or leave it empty."),
                                    code="invalid")


class Day(forms.DateField):
    """A day the pages can turn into moments in any time zone and count
    from: Python's dates end at 9999-12-31, and a day's midnight one zone
    away, or the day after, must still be a date."""
    first = datetime.date(1970, 1, 1)
    last = datetime.date(9999, 12, 30)

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={
            "type": "date", "min": self.first.isoformat(),
            "max": self.last.isoformat()}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not self.first <= value <= self.last:
            raise forms.ValidationError(
                _("Give a day from %(first)s to %(last)s.") % {
                    "first": self.first.isoformat(),
                    "last": self.last.isoformat()},
                code="out_of_range")
