"""Forms for touchpoint texts, standards (each save of new wording is a new version), blueprint steps,
a hall's touchpoint map, complaints and the customer-voice CSV upload."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from halls.choices import IngestKind
from halls.models import Hall, Zone
from staffing.choices import Attribution
from staffing.models import StaffMember

from .choices import ComplaintStepKind, Dimension
from .models import (
    BlueprintStep,
    Complaint,
    ServiceStandard,
    ServiceStandardVersion,
    Touchpoint,
    applies_by_default,
)


def _rows(count: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": count})


class _NoTagHelperMixin:
    """Crispy renders the fields; the template owns the <form> tag and the buttons."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class TouchpointForm(_NoTagHelperMixin, forms.ModelForm):
    class Meta:
        model = Touchpoint
        fields = ["name_en", "name_zh", "core_need_en", "core_need_zh", "key_moments_en", "key_moments_zh"]
        widgets = {
            "core_need_en": _rows(3),
            "core_need_zh": _rows(3),
            "key_moments_en": _rows(5),
            "key_moments_zh": _rows(5),
        }


class _VersionFieldsMixin(forms.Form):
    """The versioned wording of a standard, with the model's labels."""

    staff_action_en = forms.CharField(widget=_rows(6))
    staff_action_zh = forms.CharField(widget=_rows(6))
    customer_sees_en = forms.CharField(widget=_rows(3))
    customer_sees_zh = forms.CharField(widget=_rows(3))
    dimension = forms.ChoiceField(choices=Dimension.choices)
    change_note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("staff_action_en", "staff_action_zh", "customer_sees_en", "customer_sees_zh", "dimension"):
            model_field = ServiceStandardVersion._meta.get_field(name)
            self.fields[name].label = capfirst(model_field.verbose_name)
        self.fields["change_note"].label = _("What changed and why")
        self.fields["change_note"].help_text = _("Shown in the version history.")

    def version_data(self) -> dict[str, Any]:
        names = ("staff_action_en", "staff_action_zh", "customer_sees_en", "customer_sees_zh", "dimension")
        return {name: self.cleaned_data[name] for name in (*names, "change_note")}


class StandardCreateForm(_NoTagHelperMixin, _VersionFieldsMixin):
    key = forms.SlugField(label=_("Key"), max_length=60, help_text=_("Stable identifier, e.g. tp04-greet-on-entry."))
    title_en = forms.CharField(label=_("Title (English)"), max_length=120)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=120)

    field_order = ["key", "title_en", "title_zh"]

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].lower()
        if ServiceStandard.objects.filter(key=key).exists():
            raise forms.ValidationError(_("A standard with this key already exists."))
        return key

    def standard_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("key", "title_en", "title_zh")}


class StandardEditForm(_NoTagHelperMixin, _VersionFieldsMixin):
    """Titles and "in use" change in place; new wording becomes the next version."""

    title_en = forms.CharField(label=_("Title (English)"), max_length=120)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=120)
    active = forms.BooleanField(label=_("In use"), required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["title_en", "title_zh"]

    def __init__(self, *args: Any, standard: ServiceStandard, **kwargs: Any) -> None:
        current = standard.current_version
        initial = {"title_en": standard.title_en, "title_zh": standard.title_zh, "active": standard.active}
        if current is not None:
            initial.update(
                {
                    "staff_action_en": current.staff_action_en,
                    "staff_action_zh": current.staff_action_zh,
                    "customer_sees_en": current.customer_sees_en,
                    "customer_sees_zh": current.customer_sees_zh,
                    "dimension": current.dimension,
                    "based_on": current.number,
                }
            )
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["active"].help_text = ServiceStandard._meta.get_field("active").help_text

    def standard_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("title_en", "title_zh", "active")}


class BlueprintStepForm(_NoTagHelperMixin, forms.ModelForm):
    class Meta:
        model = BlueprintStep
        fields = ["column", "lane", "text_en", "text_zh", "fail_point", "fail_note_en", "fail_note_zh"]
        widgets = {"text_en": _rows(2), "text_zh": _rows(2), "fail_note_en": _rows(2), "fail_note_zh": _rows(2)}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("fail_point") and not (data.get("fail_note_en") or data.get("fail_note_zh")):
            self.add_error("fail_note_en", _("Say what goes wrong at this fail point."))
        return data


class HallTouchpointForm(forms.Form):
    """One row of a hall's touchpoint map."""

    touchpoint = forms.CharField(widget=forms.HiddenInput)
    zone = forms.ModelChoiceField(queryset=Zone.objects.none(), required=False, label=_("Zone"))
    applies = forms.BooleanField(required=False, label=_("Applies"))
    reason = forms.CharField(required=False, max_length=200, label=_("Reason it does not apply"))

    def __init__(self, *args: Any, hall: Hall, zones: Any, rows: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hall = hall
        self.fields["zone"].queryset = zones
        self.fields["zone"].empty_label = _("Whole hall")
        self.fields["zone"].widget.attrs["class"] = "form-select"
        self.fields["applies"].widget.attrs.update({"class": "form-check-input", "role": "switch"})
        ask = _("Why does it not apply here?")
        self.fields["reason"].widget.attrs.update({"class": "form-control", "data-placeholder": ask})
        self.row = rows.get(self["touchpoint"].value())
        if self.row is not None and not self.row.applies:
            self.fields["reason"].widget.attrs["placeholder"] = self.row.reason_display or ask

    def clean_touchpoint(self) -> str:
        code = self.cleaned_data["touchpoint"]
        if self.row is None:
            raise forms.ValidationError(_("Unknown touchpoint."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        switched_off = self.row is not None and not data.get("applies")
        if switched_off and not (data.get("reason") or "").strip():
            # Only where the default says it applies: the default reason covers self-service without kiosks.
            if applies_by_default(kiosks=self.hall.kiosks, code=self.row.touchpoint.code):
                self.add_error("reason", _("Say why it does not apply."))
        return data

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class _MapFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, hall: Hall, rows: dict[str, Any], **kwargs: Any) -> None:
        self.hall, self.rows = hall, rows
        self.zones = Zone.objects.filter(hall=hall).order_by("order", "pk")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"hall": self.hall, "zones": self.zones, "rows": self.rows}

    def clean(self) -> None:
        codes = [form.cleaned_data.get("touchpoint") for form in self.forms if hasattr(form, "cleaned_data")]
        if len(set(codes)) != len(codes):
            raise forms.ValidationError(_("Give each touchpoint once."))

    def map_rows(self) -> dict[str, dict[str, Any]]:
        return {
            form.cleaned_data["touchpoint"]: {
                "zone": form.cleaned_data["zone"],
                "applies": form.cleaned_data["applies"],
                "reason": form.cleaned_data["reason"],
            }
            for form in self.forms
        }


HallTouchpointFormSet = forms.formset_factory(
    HallTouchpointForm, formset=_MapFormSet, extra=0, min_num=1, max_num=16, validate_max=True
)


def map_initial(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {"touchpoint": row.touchpoint.code, "zone": row.zone_id, "applies": row.applies, "reason": row.reason}
        for row in rows
    ]


# --- the customer's voice: complaints and data uploads ---


def _local_input(value: Any, hall: Hall) -> str:
    return timezone.localtime(value, hall.tzinfo).strftime("%Y-%m-%dT%H:%M") if value else ""


class HallLocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the hall's local time (the browser's datetime-local input)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)
        self.hall: Hall | None = None

    def to_python(self, value: Any) -> Any:
        result = super().to_python(value)
        if result is None or self.hall is None:
            return result
        # Django read it in the current time zone; the person meant the hall's.
        naive = timezone.make_naive(result)
        return naive.replace(tzinfo=self.hall.tzinfo)


AS_ROSTERED = ""
NOBODY = "none"


class ComplaintForm(_NoTagHelperMixin, forms.ModelForm):
    occurred_at = HallLocalDateTimeField(label=_("Happened at"), help_text=_("The hall's local time."))
    staff_choice = forms.ChoiceField(
        label=_("Staff on duty"),
        required=False,
        help_text=_("Looked up from the published roster at this counter and time; choose someone else to correct it."),
    )

    class Meta:
        model = Complaint
        fields = [
            "occurred_at",
            "counter",
            "channel",
            "touchpoint",
            "category",
            "severity",
            "summary",
            "details",
            "customer_tier",
            "customer_ref",
            "quality_gap",
            "root_cause",
            "standard",
            "status",
            "outcome",
            "resolution",
        ]
        widgets = {"details": _rows(3), "resolution": _rows(2)}

    def __init__(self, *args: Any, hall: Hall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hall = hall
        self.fields["occurred_at"].hall = hall
        instance = self.instance
        if instance.pk:
            self.initial["occurred_at"] = _local_input(instance.occurred_at, hall)
        counter = self.fields["counter"]
        counter.widget.attrs.update({"min": 1, "max": hall.counters})
        counter.help_text = _("1 to %(count)s; empty when it was not at a counter.") % {"count": hall.counters}
        staff = StaffMember.objects.filter(hall=hall).filter(
            models.Q(active=True) | models.Q(pk=instance.staff_id or 0)
        )
        self.fields["staff_choice"].choices = [
            (AS_ROSTERED, _("As on the published roster")),
            (NOBODY, _("Nobody")),
            *((str(member.pk), f"{member.name} {member.stars}") for member in staff.order_by("name")),
        ]
        if instance.pk and instance.staff_basis == Attribution.MANUAL:
            self.initial["staff_choice"] = str(instance.staff_id) if instance.staff_id else NOBODY
        self.fields["touchpoint"].queryset = Touchpoint.objects.order_by("order")
        self.fields["touchpoint"].empty_label = None
        if not instance.pk:
            self.initial.setdefault(
                "touchpoint", Touchpoint.objects.filter(code="TP15").values_list("pk", flat=True).first()
            )
        self.fields["standard"].queryset = ServiceStandard.objects.filter(
            models.Q(active=True) | models.Q(pk=instance.standard_id or 0)
        ).select_related("touchpoint")
        self.fields["standard"].label_from_instance = lambda s: f"{s.touchpoint.code} · {s.title}"

    def staff_fields(self) -> dict[str, Any]:
        """The service's staff arguments: as rostered, nobody, or a person set by hand."""
        choice = self.cleaned_data.get("staff_choice") or AS_ROSTERED
        if choice == AS_ROSTERED:
            return {"staff_from_roster": True, "staff": None}
        if choice == NOBODY:
            return {"staff_from_roster": False, "staff": None}
        return {"staff_from_roster": False, "staff": StaffMember.objects.get(pk=int(choice), hall=self.hall)}

    def _post_clean(self) -> None:
        # The service validates the complaint as a whole (with its hall); nothing to check on a half-built instance.
        pass


class ComplaintStepForm(_NoTagHelperMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=ComplaintStepKind.choices)
    at = HallLocalDateTimeField(label=_("When"), help_text=_("The hall's local time."))
    note = forms.CharField(label=_("Note"), required=False, widget=_rows(2), max_length=2000)

    def __init__(self, *args: Any, hall: Hall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].hall = hall
        self.initial.setdefault("at", _local_input(timezone.now(), hall))


class HallPickForm(forms.Form):
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none(), empty_label=None)

    def __init__(self, *args: Any, halls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls
        self.fields["hall"].label_from_instance = lambda h: f"{h.code} {h.name}"


class VoiceUploadForm(_NoTagHelperMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=IngestKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8 or GB18030, with a header line; at most 10,000 rows.")
    )
    strict = forms.BooleanField(
        label=_("All or nothing"),
        required=False,
        help_text=_("Store nothing if any row is rejected; otherwise the good rows are stored and the others listed."),
    )

    MAX_BYTES = 8 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 8 MB; split it (at most 10,000 rows a file)."))
        return upload
