"""Form fields the panels share."""
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
