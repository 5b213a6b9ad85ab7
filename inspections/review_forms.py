"""Forms of the mystery-shop review and appeals: which staff were observed, an appeal, a decision. The checks
that need the database (window, pending appeal, values against items) are the services' (they name the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from staffing.models import StaffMember

from . import scoring
from .models import Answer, Inspection
from .services.reviews import MAX_REASON_LENGTH


class ObservedStaffForm(forms.Form):
    observed_staff = forms.ModelMultipleChoiceField(
        label=_("Staff observed"),
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Who served the shopper or was watched: their personal scores use this visit."),
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"observed_staff": list(inspection.observed_staff.all())})
        super().__init__(*args, **kwargs)
        self.fields["observed_staff"].queryset = StaffMember.objects.filter(
            hall=inspection.hall_id, active=True
        ).order_by("name")


class AnswerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Answer) -> str:
        from .reviews import shown_value

        text = obj.item.text_zh if (get_language() or "").startswith("zh") and obj.item.text_zh else obj.item.text
        return f"{obj.item.touchpoint.code} · {text} — {shown_value(obj)}"


class AppealForm(forms.Form):
    answers = AnswerChoice(
        label=_("Disputed answers"),
        queryset=Answer.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose the answers you dispute.")},
    )
    reason = forms.CharField(
        label=_("Why the result is wrong"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence_text = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: the queue system's record, a recording, a witness."),
    )
    evidence_photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_("A photo or screenshot, at most 10 MB."),
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Answers that count (scored, or not applicable), the failed ones first: those are what a hall disputes.
        self.fields["answers"].queryset = (
            inspection.answers.filter(status__in=[scoring.SCORED, scoring.NOT_APPLICABLE])
            .select_related("item__touchpoint")
            .order_by(F("passed").asc(nulls_last=True), "item__order")
        )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the decision"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The hall manager reads this."),
    )
