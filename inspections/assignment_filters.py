"""The assignment FilterSet, serving both the assignments page and the API's query parameters."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from halls.models import Hall

from .assignment_selectors import mine_q, month_range
from .choices import AssignmentOrigin, AssignmentStatus, InspectionKind
from .models import Assignment

MONTH = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Give a month as YYYY-MM, e.g. 2026-05."))
SCOPES = (("mine", _("Mine to do")), ("all", _("All I may see")))


def _visible_halls(request) -> QuerySet[Hall]:
    if request is None:
        return Hall.objects.none()
    return Hall.objects.visible_to(request.user).order_by("code")


def _assignees(request) -> QuerySet:
    """People with an assignment the user can see."""
    if request is None:
        return get_user_model().objects.none()
    visible = Assignment.objects.visible_to(request.user).filter(assignee__isnull=False).values("assignee")
    return get_user_model().objects.filter(pk__in=visible).order_by("username")


class AssignmentFilter(django_filters.FilterSet):
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssignmentStatus.choices, empty_label=_("All"))
    month = django_filters.CharFilter(
        label=_("Month"),
        method="by_month",
        validators=[MONTH],
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    assignee = django_filters.ModelChoiceFilter(label=_("Assigned to"), queryset=_assignees, empty_label=_("Anyone"))
    origin = django_filters.ChoiceFilter(label=_("Origin"), choices=AssignmentOrigin.choices, empty_label=_("All"))
    at_peak = django_filters.BooleanFilter(label=_("At a peak time"))
    scope = django_filters.ChoiceFilter(
        label=_("Whose"),
        choices=SCOPES,
        method="by_scope",
        empty_label=None,
        help_text=_("mine: given to me, or a daily check of a hall I run or inspect; all: everything I may see."),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("due_at", "due"),
            ("window_start", "start"),
            ("hall__code", "hall"),
            ("kind", "kind"),
            ("status", "status"),
            ("assignee__username", "assignee"),
        ),
    )

    class Meta:
        model = Assignment
        fields = ["hall", "kind", "status", "month", "assignee", "origin", "at_peak", "scope"]

    def by_month(self, queryset: QuerySet[Assignment], name: str, value: str) -> QuerySet[Assignment]:
        if not value:
            return queryset
        year, month = (int(part) for part in value.split("-"))
        start, end = month_range(dt.date(year, month, 1))
        return queryset.filter(due_at__gte=start, due_at__lt=end)

    def by_scope(self, queryset: QuerySet[Assignment], name: str, value: str) -> QuerySet[Assignment]:
        if value == "mine" and self.request is not None:
            return queryset.filter(mine_q(self.request.user))
        return queryset
