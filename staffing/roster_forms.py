"""Forms of the roster pages: new roster, a shift, publish, import a solution file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from halls.models import Hall

from .choices import WorkRole
from .models import Roster, Shift, StaffMember

TIME_INPUT = forms.TimeInput(attrs={"type": "time", "class": "form-control", "step": 1800}, format="%H:%M")


def next_monday(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def first_free_monday(hall: Hall, today: dt.date | None = None) -> dt.date:
    """The first Monday from next Monday on that none of the hall's rosters covers: what to plan next."""
    monday = next_monday(today)
    covered = [(r.start_date, r.start_date + dt.timedelta(days=7 * r.weeks)) for r in hall.rosters.all()]
    while any(start <= monday < end for start, end in covered):
        monday += dt.timedelta(days=7)
    return monday


class _Helper:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RosterCreateForm(_Helper, forms.Form):
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none())
    start_date = forms.DateField(
        label=_("First day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Usually a Monday."),
    )
    weeks = forms.TypedChoiceField(label=_("Weeks"), choices=[(n, n) for n in range(1, 5)], coerce=int, initial=1)
    generate = forms.BooleanField(label=_("Generate shifts with the solver now"), required=False, initial=True)
    time_limit = forms.IntegerField(
        label=_("Solver time limit (seconds)"), min_value=5, max_value=600, initial=30, required=False
    )

    def __init__(self, *args: Any, halls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls
        if halls.count() == 1:
            self.fields["hall"].initial = halls.first()
            self.fields["start_date"].initial = first_free_monday(halls.first())
        else:
            self.fields["start_date"].initial = next_monday()


class ShiftForm(_Helper, forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=StaffMember.objects.none())
    day = forms.TypedChoiceField(label=_("Day"), coerce=dt.date.fromisoformat)
    start = forms.TimeField(label=_("Starts"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("Ends"), widget=TIME_INPUT)
    role = forms.ChoiceField(label=_("Role"), choices=WorkRole.choices)
    counter = forms.IntegerField(
        label=_("Counter"),
        required=False,
        min_value=1,
        help_text=_("The counter worked. Satisfaction presses, tickets and complaints there are attributed to it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, roster: Roster, staff: Any, shift: Shift | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counter"].max_value = roster.hall.counters
        self.fields["counter"].widget.attrs.update({"min": 1, "max": roster.hall.counters})
        self.fields["counter"].validators.append(MaxValueValidator(roster.hall.counters))
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda m: f"{m.name} {m.stars} ({m.employee_number})"
        days = [roster.start_date + dt.timedelta(days=n) for n in range(roster.days)]
        self.fields["day"].choices = [(d.isoformat(), d.strftime("%Y-%m-%d %a")) for d in days]
        self.fields["version"].initial = roster.version
        if shift is not None:
            tz = roster.hall.tzinfo
            self.initial.update(
                {
                    "staff": shift.staff_id,
                    "day": shift.day.isoformat(),
                    "start": shift.starts_at.astimezone(tz).time(),
                    "end": shift.ends_at.astimezone(tz).time(),
                    "role": shift.role,
                    "counter": shift.counter,
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The shift must end after it starts."))
        return data


class PublishForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason to publish despite the violations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportSolutionForm(forms.Form):
    file = forms.FileField(label=_("Solution file (JSON, format hallops-roster-solution/1)"))
    version = forms.IntegerField(widget=forms.HiddenInput)
