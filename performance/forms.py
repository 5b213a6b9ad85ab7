"""Forms of the star ladder pages: a ladder version (one small form per step), running an evaluation,
a decision note, a mentoring pair, an honour by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from staffing.choices import HonourKind

from .evidence import previous_quarter
from .models import LadderStep

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepForm(forms.ModelForm):
    """The criteria of one step up; the form's prefix is g<grade>."""

    class Meta:
        model = LadderStep
        fields = [
            "months_at_grade",
            "min_mystery_shop",
            "min_satisfaction",
            "max_complaints",
            "training_course",
            "mentor_sign_off",
        ]


class LadderForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, empty_label=_("Default (regions without their own)")
    )
    demotion_quarters = forms.IntegerField(
        label=_("Quarters below the floor before a demotion"),
        min_value=0,
        max_value=8,
        initial=2,
        help_text=_("0 turns demotions off."),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)

    def __init__(self, *args: Any, regions: Any, allow_default: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_default = allow_default
        self.fields["region"].queryset = regions
        if not allow_default:
            self.fields["region"].required = True
            self.fields["region"].empty_label = None

    def clean_region(self) -> Any:
        region = self.cleaned_data.get("region")
        if region is None and not self.allow_default:
            raise forms.ValidationError(_("Choose a region: only administrators change the default ladder."))
        return region


def ended_quarters(today: dt.date, count: int = 4) -> list[tuple[str, str]]:
    choices = []
    day = today
    for _index in range(count):
        start, _end = previous_quarter(day)
        choices.append((start.isoformat(), f"{start.year} Q{(start.month - 1) // 3 + 1}"))
        day = start
    return choices


class EvaluationRunForm(forms.Form):
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=None)
    quarter = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, *args: Any, halls: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls
        self.fields["quarter"].choices = ended_quarters(today)

    def clean_quarter(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["quarter"])


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False, widget=forms.TextInput())


class MentoringForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None)
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=None)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Start"), widget=DATE)
    ends_on = forms.DateField(label=_("Planned end"), widget=DATE, required=False)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = staff
        self.fields["mentee"].queryset = staff
        label = lambda member: f"{member.name} {member.stars}"  # noqa: E731
        self.fields["mentor"].label_from_instance = label
        self.fields["mentee"].label_from_instance = label


class HonourForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=HonourKind.choices, initial=HonourKind.OTHER)
    title = forms.CharField(label=_("Title"), max_length=120)
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda member: f"{member.name} {member.stars}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end on or after its start."))
        return data


MAX_SALES_IMPORT_BYTES = 2 * 1024 * 1024


class SalesImportForm(forms.Form):
    """The monthly sales CSV; the template owns the <form> tag."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or GB18030 (as Excel saves it), comma-separated, with the template's header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from crispy_forms.helper import FormHelper

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SALES_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; split it into several imports."))
        return upload.read()
