"""Forms for regions, halls, a week of opening hours, zones and special days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.scoping import get_scope
from core.validators import time_zone_names

from .choices import Weekday
from .models import Hall, Region, SpecialDay, Zone
from .services import week_hours

TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Time zone"), choices=[(name, name) for name in time_zone_names()], initial="Asia/Shanghai"
    )


class _NoTagHelperMixin:
    """Crispy renders the fields; the template owns the <form> tag so several forms can share one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RegionForm(_NoTagHelperMixin, forms.ModelForm):
    time_zone = time_zone_field()

    class Meta:
        model = Region
        fields = ["code", "name", "time_zone"]


class HallForm(_NoTagHelperMixin, forms.ModelForm):
    time_zone = time_zone_field()

    class Meta:
        model = Hall
        fields = ["code", "name", "region", "kind", "status", "address", "phone", "time_zone", "counters", "kiosks"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = get_scope(user)
        regions = Region.objects.visible_to(user)
        if not scope.is_admin:
            regions = regions.filter(pk__in=sorted(scope.region_ids))
        self.fields["region"].queryset = regions
        editing = self.instance.pk is not None
        if editing and not user.has_perm("halls.change_hall_identity", self.instance):
            for name in ("code", "region", "kind"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only HQ can change this.")
            self.fields["region"].queryset = Region.objects.filter(pk=self.instance.region_id)


class HoursForm(forms.Form):
    """One weekday of a hall's regular hours."""

    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int, widget=forms.HiddenInput)
    closed = forms.BooleanField(
        label=_("Closed"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    opens = forms.TimeField(label=_("Opens"), required=False, widget=TIME_WIDGET)
    closes = forms.TimeField(label=_("Closes"), required=False, widget=TIME_WIDGET)

    def weekday_label(self) -> str:
        value = self["weekday"].value()
        return Weekday(int(value)).label if value not in (None, "") else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("closed"):
            return data
        opens, closes = data.get("opens"), data.get("closes")
        if opens is None:
            self.add_error("opens", _("Give an opening time or mark the day closed."))
        if closes is None:
            self.add_error("closes", _("Give a closing time or mark the day closed."))
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", _("Closing time must be after opening time."))
        return data


class _WeekFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        days = [form.cleaned_data.get("weekday") for form in self.forms if hasattr(form, "cleaned_data")]
        if sorted(days) != list(range(7)):
            raise forms.ValidationError(_("Give hours for each of the seven weekdays exactly once."))


HoursFormSet = forms.formset_factory(
    HoursForm, formset=_WeekFormSet, extra=0, min_num=7, max_num=7, validate_min=True, validate_max=True
)


def hours_initial(hall: Hall | None) -> list[dict[str, Any]]:
    if hall is None or hall.pk is None:
        return week_hours(dt.time(9), dt.time(18))
    existing = {row.weekday: row for row in hall.opening_hours.all()}
    return [
        {
            "weekday": day.value,
            "closed": existing[day].closed,
            "opens": existing[day].opens,
            "closes": existing[day].closes,
        }
        if day in existing
        else {"weekday": day.value, "closed": True}
        for day in Weekday
    ]


class ZoneForm(_NoTagHelperMixin, forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["kind", "name", "order"]

    def __init__(self, *args: Any, hall: Hall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hall = hall

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        clash = Zone.objects.filter(hall=self.hall, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This hall already has a zone called “%(name)s”."), params={"name": name})
        return name


class SpecialDayForm(_NoTagHelperMixin, forms.ModelForm):
    class Meta:
        model = SpecialDay
        fields = ["date", "closed", "opens", "closes", "reason"]
        widgets = {"date": DATE_WIDGET, "opens": TIME_WIDGET, "closes": TIME_WIDGET}

    def __init__(self, *args: Any, hall: Hall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hall = hall

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date = data.get("date")
        if date and SpecialDay.objects.filter(hall=self.hall, date=date).exclude(pk=self.instance.pk).exists():
            self.add_error("date", _("This hall already has a special day on that date."))
        if not data.get("closed"):
            opens, closes = data.get("opens"), data.get("closes")
            if opens is None or closes is None:
                self.add_error("opens", _("Give shortened hours, or mark the day closed."))
            elif closes <= opens:
                self.add_error("closes", _("Closing time must be after opening time."))
        return data
