"""Forms of the assignments pages: add one by hand, reassign, cancel, and a region's inspection plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.scoping import get_scope
from halls.models import Hall

from .choices import InspectionKind
from .models import InspectionPlan
from .services.assignments import PLAN_FIELDS

ASSIGNABLE_KINDS = [
    (kind.value, kind.label)
    for kind in (
        InspectionKind.OPENING,
        InspectionKind.CLOSING,
        InspectionKind.FIVE_S,
        InspectionKind.PATROL,
        InspectionKind.MYSTERY_SHOP,
    )
]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{obj.get_username()} ({name})" if name else obj.get_username()


def _people_for(user: Any, halls: Any) -> Any:
    """Who HQ may give an assignment to: inspectors of its halls, HQ of its regions, mystery shoppers. The
    service checks the person fits the hall and kind."""
    scope = get_scope(user)
    people = get_user_model().objects.filter(is_active=True)
    if scope.is_admin:
        wanted = Q(role_assignments__role__in=[Role.INSPECTOR, Role.SHOPPER, Role.HQ])
    else:
        wanted = (
            Q(role_assignments__role=Role.INSPECTOR, role_assignments__halls__in=halls)
            | Q(role_assignments__role=Role.HQ, role_assignments__regions__in=sorted(scope.region_ids))
            | Q(role_assignments__role=Role.SHOPPER)
        )
    return people.filter(pk__in=people.filter(wanted).values("pk")).order_by("username")


def halls_for_hq(user: Any) -> Any:
    """Halls whose assignments the user may add to: every hall of their HQ regions (all, for administrators)."""
    halls = Hall.objects.visible_to(user).order_by("code")
    scope = get_scope(user)
    return halls if scope.is_admin else halls.filter(region__in=sorted(scope.region_ids))


class AssignmentForm(forms.Form):
    """An assignment added by hand. Date and times are the hall's local time."""

    hall = forms.ModelChoiceField(label=_("Hall"), queryset=Hall.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ASSIGNABLE_KINDS)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("Due by"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    assignee = UserChoiceField(
        label=_("Assigned to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody (the hall's team, for daily checks)"),
        help_text=_("Patrols: an inspector of the hall. Mystery visits: a shopper of the region."),
    )
    scenario = forms.CharField(
        label=_("Scenario"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mystery visits: what the shopper asks for."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        halls = halls_for_hq(user)
        self.fields["hall"].queryset = halls
        self.fields["assignee"].queryset = _people_for(user, halls)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The assignment must be due after it starts."))
        return data

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        hall, day = self.cleaned_data["hall"], self.cleaned_data["date"]
        return (
            dt.datetime.combine(day, self.cleaned_data["starts"], tzinfo=hall.tzinfo),
            dt.datetime.combine(day, self.cleaned_data["ends"], tzinfo=hall.tzinfo),
        )


class ReassignForm(forms.Form):
    assignee = UserChoiceField(label=_("Give it to"), queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = candidates


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = list(PLAN_FIELDS)
        help_texts = {
            "patrols_per_month": _("On different open days spread over the month, shared among the hall's inspectors."),
            "mystery_peak_percent": _("Peak times come from the hall's traffic (staffing's demand)."),
            "active": _("Off pauses the region's schedule: nothing new is planned there."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        least, most = data.get("mystery_visits_min"), data.get("mystery_visits_max")
        if least is not None and most is not None and least > most:
            self.add_error(
                "mystery_visits_max",
                _("The most visits must not be fewer than the least (%(least)s).") % {"least": least},
            )
        return data
