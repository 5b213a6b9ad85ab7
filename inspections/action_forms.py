"""Forms of the closed-loop pages: mark a corrective action done with its evidence, reopen it with a reason,
classify a finding (service-quality gap and fishbone root cause). The services decide; these read the input
and put the services' errors next to the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import QualityGap, RootCause
from .services.photos import read_upload, reencode

# A service names the photo "image"; on these forms it is the evidence photo.
SERVICE_FIELDS = {"image": "evidence_photo"}


class ActionDoneForm(forms.Form):
    evidence_text = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The inspector checks the fix against this on the next visit."),
        error_messages={"required": _("Say what was done to fix it: the inspector checks against this.")},
    )
    evidence_photo = forms.FileField(
        label=_("Photo of the result"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Optional. Taken with the tablet's camera; at most 10 MB."),
    )

    def clean_evidence_photo(self) -> Any:
        upload = self.cleaned_data.get("evidence_photo")
        if not upload:
            return None
        try:
            reencode(read_upload(upload))
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from error
        upload.seek(0)
        return upload


class ActionReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is reopened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is still wrong. The action goes back to the hall with a new due date."),
        error_messages={"required": _("Say why it is reopened: what is still wrong.")},
    )


class FindingClassifyForm(forms.Form):
    quality_gap = forms.ChoiceField(
        label=_("Service-quality gap"),
        choices=[("", _("Not classified yet")), *QualityGap.choices],
        required=False,
    )
    root_cause = forms.ChoiceField(
        label=_("Root cause (fishbone)"),
        choices=[("", _("Not classified yet")), *RootCause.choices],
        required=False,
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one of the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        field = SERVICE_FIELDS.get(field, field)
        form.add_error(field if field in form.fields else None, messages)
