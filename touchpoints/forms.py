"""Forms for touchpoint texts, standards (each save of new wording is a new version), blueprint steps
and a hall's touchpoint map."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from halls.models import Hall, Zone

from .choices import Dimension
from .models import BlueprintStep, ServiceStandard, ServiceStandardVersion, Touchpoint, applies_by_default


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
