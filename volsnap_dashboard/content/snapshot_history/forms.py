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

import datetime

from django.db.models import Q
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.content import fields
from volsnap_dashboard.events import models
from volsnap_dashboard.schemas import MAX_TEXT_LENGTH as MAX_TEXT

ANY = (("", _("Any")),)
# Each text filter matches an id or a whole name, exactly: both columns
# are indexed, where a substring search would read every row.
TEXT_FILTERS = (("project", ("project_id", "project_name")),
                ("user", ("user_id", "user_name")),
                ("volume", ("volume_id", "volume_name",
                            "restored_volume_id")),
                ("checkpoint", ("checkpoint_id", "checkpoint_name")))


def _text(label):
    return forms.CharField(
        required=False, max_length=MAX_TEXT, label=label, strip=True,
        widget=forms.TextInput(attrs={"placeholder": _("ID or name")}))


class HistoryFilterForm(forms.Form):
    """The filters of the history, read from the query string."""
    project = _text(_("Project"))
    user = _text(_("User"))
    volume = _text(_("Volume"))
    checkpoint = _text(_("Checkpoint"))
    action = forms.ChoiceField(required=False, label=_("Action"),
                               choices=ANY + models.Event.ACTIONS)
    outcome = forms.ChoiceField(required=False, label=_("Outcome"),
                                choices=ANY + models.Event.OUTCOMES)
    source = forms.ChoiceField(required=False, label=_("Source"),
                               choices=ANY + models.Event.SOURCES)
    since = fields.Day(required=False, label=_("From"))
    until = fields.Day(required=False, label=_("Until"))

    def clean(self):
        data = super().clean()
        if (data.get("since") and data.get("until")
                and data["since"] > data["until"]):
            self.add_error("until", _("Until must not be before From."))
        return data

    def window(self):
        """[start, end) of the chosen days in the user's time zone; None
        for an open side."""
        zone = timezone.get_current_timezone()
        data = self.cleaned_data if self.is_valid() else {}

        def midnight(day):
            return datetime.datetime.combine(day, datetime.time(),
                                             tzinfo=zone)

        start = data.get("since") and midnight(data["since"])
        end = data.get("until") and midnight(
            data["until"] + datetime.timedelta(days=1))
        return start or None, end or None

    def tallies(self):
        """The hourly tallies under the filters, when the tallies can
        answer them (no name or id filter); None otherwise."""
        if not self.is_valid() or any(self.cleaned_data[field]
                                      for field, _columns in TEXT_FILTERS):
            return None
        return models.Tally.objects.filter(**{
            field: self.cleaned_data[field]
            for field in ("action", "outcome", "source")
            if self.cleaned_data[field]})

    def events(self, dated=True):
        """The events that match valid filters; none for invalid ones.
        Not `dated`, without the days: for a query that bounds the time
        itself, since SQLite walks an index from one bound of a column
        only, the first it is given."""
        events = models.Event.objects.all()
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        for field, columns in TEXT_FILTERS:
            if data[field]:
                match = Q()
                for column in columns:
                    match |= Q(**{column: data[field]})
                events = events.filter(match)
        for field in ("action", "outcome", "source"):
            if data[field]:
                events = events.filter(**{field: data[field]})
        start, end = self.window()
        if not dated:
            return events
        if start:
            events = events.filter(created_at__gte=start)
        if end:
            events = events.filter(created_at__lt=end)
        return events
