"""Forms for staff, availability, the CSV import, leave, labour rules and a hall's demand settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from halls.choices import Weekday
from halls.models import Hall

from .choices import WorkRole
from .models import (
    DatedUnavailability,
    DemandProfile,
    HallLabourRules,
    LabourRulesBase,
    LeaveRequest,
    RegionLabourRules,
    StaffMember,
    WeeklyUnavailability,
)
from .services.staff import StaffImportError, decode_csv

TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAR_CHOICES = [(n, f"{n} {'★' * n}") for n in range(1, 6)]
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class _NoTagHelperMixin:
    """Crispy renders the fields; the template owns the <form> tag."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class StaffForm(_NoTagHelperMixin, forms.ModelForm):
    """A staff member with the roles they can work and, optionally, the user account they sign in with."""

    roles = forms.MultipleChoiceField(
        label=_("Roles this person can work"), choices=WorkRole.choices, widget=forms.CheckboxSelectMultiple
    )
    star_grade = forms.TypedChoiceField(label=_("Star grade"), choices=STAR_CHOICES, coerce=int, initial=1)
    username = forms.CharField(
        label=_("User account"),
        required=False,
        max_length=150,
        help_text=_("Optional: the username this person signs in with, to see their shifts and ask for leave."),
    )

    class Meta:
        model = StaffMember
        fields = [
            "hall",
            "employee_number",
            "name",
            "position",
            "contracted_hours_week",
            "max_hours_week",
            "star_grade",
            "active",
            "left_on",
        ]
        widgets = {"left_on": DATE_WIDGET}
        labels = {"name": pgettext_lazy("person", "Name")}
        error_messages = {"employee_number": {"unique": _("This employee number is already in use.")}}

    def __init__(self, *args: Any, halls: QuerySet[Hall], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls
        self.fields["hall"].empty_label = None if halls.count() == 1 else self.fields["hall"].empty_label
        if self.instance.pk:
            self.initial.setdefault("roles", self.instance.roles)
            if self.instance.user_id:
                self.initial.setdefault("username", self.instance.user.get_username())
        self.order_fields(
            [
                "hall",
                "employee_number",
                "name",
                "position",
                "roles",
                "star_grade",
                "contracted_hours_week",
                "max_hours_week",
                "username",
                "active",
                "left_on",
            ]
        )

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user is called “%(name)s”."), params={"name": username})
        taken = StaffMember.objects.filter(user=user).exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise forms.ValidationError(
                _("“%(name)s” already belongs to staff member %(number)s."),
                params={"name": username, "number": taken.employee_number},
            )
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("active") is False and not data.get("left_on"):
            data["left_on"] = timezone.localdate()
        if data.get("active") and data.get("left_on"):
            self.add_error("left_on", _("An active person has no leaving date; clear it or untick “active”."))
        contracted, maximum = data.get("contracted_hours_week"), data.get("max_hours_week")
        if contracted is not None and maximum is not None and contracted > maximum:
            # Said here, on the field, so the model's constraint never answers with its generic message.
            self.add_error(
                "contracted_hours_week",
                _("Contracted hours (%(contracted)s) cannot exceed the maximum hours per week (%(maximum)s).")
                % {"contracted": contracted, "maximum": maximum},
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        """The model fields to save, with the user account resolved from the username."""
        fields = {name: self.cleaned_data[name] for name in self._meta.fields if not self.fields[name].disabled}
        fields["user"] = self.cleaned_data.get("username")
        return fields


class WeeklyUnavailabilityForm(_NoTagHelperMixin, forms.ModelForm):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)

    class Meta:
        model = WeeklyUnavailability
        fields = ["weekday", "start", "end"]
        widgets = {"start": TIME_WIDGET, "end": TIME_WIDGET}


class DatedUnavailabilityForm(_NoTagHelperMixin, forms.ModelForm):
    class Meta:
        model = DatedUnavailability
        fields = ["date", "start", "end", "reason"]
        widgets = {"date": DATE_WIDGET, "start": TIME_WIDGET, "end": TIME_WIDGET}


class StaffImportForm(_NoTagHelperMixin, forms.Form):
    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or GB18030 (as Excel saves it), comma-separated, with the template's header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, halls: QuerySet[Hall], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls
        if halls.count() == 1:
            self.fields["hall"].empty_label = None

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; split it into several imports."))
        try:
            return decode_csv(upload.read())
        except StaffImportError as error:
            raise forms.ValidationError(error.errors[0][2]) from error


class LeaveRequestForm(_NoTagHelperMixin, forms.ModelForm):
    class Meta:
        model = LeaveRequest
        fields = ["kind", "first_day", "last_day", "reason"]
        widgets = {"first_day": DATE_WIDGET, "last_day": DATE_WIDGET}
        labels = {
            "kind": _("Kind of leave"),
            "first_day": _("First day of leave"),
            "last_day": _("Last day of leave"),
            "reason": _("Reason (optional)"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot come before the first day."))
        return data


class LeaveDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the leave is refused; the person will read it."))
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class RegionLabourRulesForm(_NoTagHelperMixin, forms.ModelForm):
    class Meta:
        model = RegionLabourRules
        fields = list(LabourRulesBase.FIELDS)


class HallLabourRulesForm(_NoTagHelperMixin, forms.ModelForm):
    """A hall's overrides; an empty field means the region's rule applies."""

    class Meta:
        model = HallLabourRules
        fields = list(LabourRulesBase.FIELDS)

    def __init__(self, *args: Any, region_values: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            value = region_values[name]
            shown = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
            field.widget.attrs["placeholder"] = _("as region: %(value)s") % {"value": shown}
            field.help_text = _("Empty: as the region (%(value)s).") % {"value": shown}


class DemandDateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class DemandProfileForm(_NoTagHelperMixin, forms.ModelForm):
    """The hall's demand settings; the service level is typed as a percentage, as managers speak of it."""

    service_level_percent = forms.DecimalField(
        label=_("Customers served within the target wait (%)"),
        min_value=Decimal("1"),
        max_value=Decimal("99.9"),
        decimal_places=1,
    )

    class Meta:
        model = DemandProfile
        fields = [
            "aht_minutes",
            "target_wait_minutes",
            "greeters_when_open",
            "consultants_at_peak",
            "consultants_otherwise",
            "history_weeks",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        percent = (self.instance.service_level_target * 100).quantize(Decimal("0.1"))
        self.fields["service_level_percent"].initial = percent.quantize(Decimal("1")) if percent % 1 == 0 else percent
        self.order_fields(["aht_minutes", "service_level_percent", "target_wait_minutes"])
        self.fields["history_weeks"].help_text = _(
            "Arrivals are averaged over the same weekday in this many past weeks."
        )
        for day in Weekday:
            values = (self.instance.entered_arrivals or {}).get(str(day.value)) or []
            self.fields[f"arrivals_{day.value}"] = forms.CharField(
                label=day.label,
                required=False,
                initial=", ".join(f"{v:g}" for v in values),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def arrival_fields(self) -> list[forms.BoundField]:
        return [self[f"arrivals_{day.value}"] for day in Weekday]

    def setting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("arrivals_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entered: dict[str, list[float]] = {}
        for day in Weekday:
            name = f"arrivals_{day.value}"
            text = (data.get(name) or "").replace("，", ",").strip()
            if not text:
                continue
            try:
                values = [float(part) for part in text.replace(";", ",").split(",") if part.strip()]
            except ValueError:
                self.add_error(name, _("Give numbers separated by commas, one per 30-minute slot from opening."))
                continue
            if any(v < 0 for v in values):
                self.add_error(name, _("Arrivals cannot be negative."))
                continue
            entered[str(day.value)] = values
        data["entered_arrivals"] = entered
        return data

    def service_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["service_level_target"] = (self.cleaned_data["service_level_percent"] / 100).quantize(Decimal("0.001"))
        fields["entered_arrivals"] = self.cleaned_data["entered_arrivals"]
        return fields
