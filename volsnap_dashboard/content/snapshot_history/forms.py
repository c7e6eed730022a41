from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from volsnap_dashboard.events import models

ANY = (("", _("Any")),)


class HistoryFilterForm(forms.Form):
    """The filters of the history, read from the query string."""
    project = forms.CharField(required=False, max_length=255,
                              label=_("Project"))
    user = forms.CharField(required=False, max_length=255, label=_("User"))
    volume = forms.CharField(required=False, max_length=255,
                             label=_("Volume"))
    action = forms.ChoiceField(required=False, label=_("Action"),
                               choices=ANY + models.Event.ACTIONS)
    result = forms.ChoiceField(required=False, label=_("Result"),
                               choices=ANY + models.Event.RESULTS)
    source = forms.ChoiceField(required=False, label=_("Source"),
                               choices=ANY + models.Event.SOURCES)
    since = forms.DateField(required=False, label=_("From"),
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("Until"),
                            widget=forms.DateInput(attrs={"type": "date"}))

    def events(self):
        """The events that match the valid filters, newest first."""
        events = models.Event.objects.all()
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        for field, columns in (("project", ("project_id", "project_name")),
                               ("user", ("user_id", "user_name")),
                               ("volume", ("volume_id", "volume_name"))):
            if data[field]:
                match = Q()
                for column in columns:
                    match |= Q(**{column + "__icontains": data[field]})
                events = events.filter(match)
        for field in ("action", "result", "source"):
            if data[field]:
                events = events.filter(**{field: data[field]})
        if data["since"]:
            events = events.filter(created_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(created_at__date__lte=data["until"])
        return events
