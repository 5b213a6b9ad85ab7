"""Forms of the incentive pages: a scheme version with its KPI weights, starting a run, approving it, a hall
manager's correction of hours worked and review, and the what-if page's KPI values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .incentive_models import SCHEME_TERMS
from .models import IncentiveScheme, SchemeKpi

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month as YYYY-MM (the browser's month input), stored as its first day."""

    widget = MONTH
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Give the month as YYYY-MM.")}

    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else day


SCHEME_FIELDS = ["region", "hall_kind", "name", "effective_from", "note", *SCHEME_TERMS]


class SchemeForm(forms.ModelForm):
    """One scheme version. Region and kind are fixed once the scheme exists (a new version keeps them)."""

    effective_from = MonthField(label=_("In force from"), help_text=_("The first month it applies to (YYYY-MM)."))

    class Meta:
        model = IncentiveScheme
        fields = SCHEME_FIELDS

    def __init__(self, *args: Any, regions: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None
        if fixed:
            self.fields["region"].disabled = True
            self.fields["hall_kind"].disabled = True


class SchemeKpiForm(forms.ModelForm):
    class Meta:
        model = SchemeKpi
        fields = ["kpi", "weight"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .incentive_selectors import active_kpis

        self.fields["kpi"].queryset = active_kpis()
        self.fields["kpi"].label_from_instance = lambda kpi: f"{gettext(kpi.name)} ({kpi.code})"
        self.fields["kpi"].widget.attrs["class"] = "form-select"
        self.fields["weight"].widget.attrs["class"] = "form-control"


class BaseSchemeKpiFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[int] = set()
        counted = 0
        for index, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            kpi = form.cleaned_data.get("kpi")
            if kpi is None:
                continue
            if kpi.pk in seen:
                form.add_error("kpi", _("Row %(row)s: this KPI is already in the scheme.") % {"row": index})
            seen.add(kpi.pk)
            counted += 1
        if not counted:
            raise forms.ValidationError(_("Give at least one KPI with its weight."))


SchemeKpiFormSet = inlineformset_factory(
    IncentiveScheme,
    SchemeKpi,
    form=SchemeKpiForm,
    formset=BaseSchemeKpiFormSet,
    extra=3,
    can_delete=True,
)


class StartRunForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)
    month = MonthField(label=_("Month"))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class ApproveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (when halls are not reviewed)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectHoursForm(forms.Form):
    hours_worked = forms.DecimalField(
        label=_("Hours worked"), min_value=Decimal("0"), max_value=Decimal("744"), max_digits=7, decimal_places=2
    )
    note = forms.CharField(
        label=_("Why hours worked differ"),
        max_length=200,
        help_text=_("Required: what happened that the roster does not show."),
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Give the reason for the correction."))
        return note


class WhatIfForm(forms.Form):
    """One decimal field per KPI of the pool's scheme, named by the KPI code, prefilled with the actual value."""

    def __init__(self, *args: Any, kpis: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in kpis:
            self.fields[item["code"]] = forms.DecimalField(
                label=item["label"],
                required=False,
                max_digits=14,
                decimal_places=4,
                min_value=Decimal("0"),
                initial=item.get("value"),
                help_text=item.get("unit", ""),
            )

    def values(self) -> dict[str, Decimal]:
        return {code: value for code, value in self.cleaned_data.items() if value is not None}
