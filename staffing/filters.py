"""One FilterSet per list, serving both the HTML list and the API query parameters."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from halls.models import Hall

from .choices import LeaveStatus, Position, WorkRole
from .models import LeaveRequest, StaffMember, StaffSkill

ACTIVE_CHOICES = [("yes", _("Active")), ("no", _("Left"))]


def _visible_halls(request) -> QuerySet[Hall]:
    if request is None:
        return Hall.objects.none()
    return Hall.objects.visible_to(request.user).order_by("code")


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=WorkRole.choices, empty_label=_("All"), method="by_role"
    )
    position = django_filters.ChoiceFilter(label=_("Position"), choices=Position.choices, empty_label=_("All"))
    active = django_filters.ChoiceFilter(
        label=_("Status"), choices=ACTIVE_CHOICES, empty_label=_("All"), method="by_active"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("employee_number", "employee_number"),
            ("name", "name"),
            ("hall__code", "hall"),
            ("position", "position"),
            ("star_grade", "star_grade"),
            ("contracted_hours_week", "contracted_hours_week"),
        ),
        field_labels={
            "employee_number": _("Employee number"),
            "name": pgettext_lazy("person", "Name"),
            "hall__code": _("Hall"),
            "position": _("Position"),
            "star_grade": _("Star grade"),
            "contracted_hours_week": _("Contracted hours"),
        },
    )

    class Meta:
        model = StaffMember
        fields = ["q", "hall", "role", "position", "active"]

    def search(self, queryset: QuerySet[StaffMember], name: str, value: str) -> QuerySet[StaffMember]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(employee_number__icontains=value))

    def by_role(self, queryset: QuerySet[StaffMember], name: str, value: str) -> QuerySet[StaffMember]:
        # A subquery rather than a join, so a person never appears twice and no DISTINCT is needed.
        return queryset.filter(pk__in=StaffSkill.objects.filter(role=value).values("staff_id")) if value else queryset

    def by_active(self, queryset: QuerySet[StaffMember], name: str, value: str) -> QuerySet[StaffMember]:
        if value == "yes":
            return queryset.filter(active=True)
        if value == "no":
            return queryset.filter(active=False)
        return queryset


class LeaveRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LeaveStatus.choices, empty_label=_("All"))
    hall = django_filters.ModelChoiceFilter(
        label=_("Hall"), field_name="staff__hall", queryset=_visible_halls, empty_label=_("All")
    )
    staff = django_filters.NumberFilter(label=_("Staff member"), field_name="staff_id")

    class Meta:
        model = LeaveRequest
        fields = ["status", "hall", "staff"]
