"""FilterSets of the touchpoints API (query parameters) and pages (the complaints list)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from halls.models import Hall

from .choices import (
    BlueprintLane,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintOutcome,
    ComplaintSeverity,
    ComplaintStatus,
    Dimension,
    QualityGap,
    RootCause,
)
from .models import BlueprintStep, Complaint, HallTouchpoint, ServiceStandard, ServiceStandardVersion


def _visible_halls(request) -> QuerySet[Hall]:
    if request is None:
        return Hall.objects.none()
    return Hall.objects.visible_to(request.user)


class TouchpointCodeFilter(django_filters.CharFilter):
    """A touchpoint by its code (TP01..TP16), case-insensitive."""

    def __init__(self, field_name: str, **kwargs) -> None:
        kwargs.setdefault("label", _("Touchpoint code"))
        super().__init__(field_name=field_name, lookup_expr="iexact", **kwargs)


class StandardFilter(django_filters.FilterSet):
    touchpoint = TouchpointCodeFilter("touchpoint__code")
    active = django_filters.BooleanFilter(label=_("In use"))

    class Meta:
        model = ServiceStandard
        fields = ["touchpoint", "active"]


class StandardVersionFilter(django_filters.FilterSet):
    touchpoint = TouchpointCodeFilter("standard__touchpoint__code")
    standard = django_filters.NumberFilter(label=_("Standard id"))
    current = django_filters.BooleanFilter(field_name="is_current", label=_("Current version only"))
    dimension = django_filters.ChoiceFilter(choices=Dimension.choices, label=_("Dimension"))

    class Meta:
        model = ServiceStandardVersion
        fields = ["touchpoint", "standard", "current", "dimension"]


class BlueprintStepFilter(django_filters.FilterSet):
    touchpoint = TouchpointCodeFilter("touchpoint__code")
    lane = django_filters.ChoiceFilter(choices=BlueprintLane.choices, label=_("Lane"))
    fail_point = django_filters.BooleanFilter(label=_("Fail points only"))

    class Meta:
        model = BlueprintStep
        fields = ["touchpoint", "lane", "fail_point"]


class HallTouchpointFilter(django_filters.FilterSet):
    """A hall's map: the API requires `hall` (its 16 rows are created with the defaults on first read)."""

    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls)
    touchpoint = TouchpointCodeFilter("touchpoint__code")
    applies = django_filters.BooleanFilter(label=_("Applies"))

    class Meta:
        model = HallTouchpoint
        fields = ["hall", "touchpoint", "applies"]


def _complaint_halls(request) -> QuerySet[Hall]:
    if request is None:
        return Hall.objects.none()
    return Hall.objects.visible_to(request.user).order_by("code")


class ComplaintFilter(django_filters.FilterSet):
    """The complaints list (HTML): search, hall, state, classification, touchpoint, staff member, dates."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_complaint_halls, empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Open or being handled")), *ComplaintStatus.choices],
        method="by_status",
        empty_label=_("All"),
    )
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=ComplaintSeverity.choices, empty_label=_("All"))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ComplaintCategory.choices, empty_label=_("All"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=ComplaintChannel.choices, empty_label=_("All"))
    touchpoint = TouchpointCodeFilter(
        "touchpoint__code", label=_("Touchpoint"), widget=forms.TextInput(attrs={"placeholder": "TP15"})
    )
    quality_gap = django_filters.ChoiceFilter(label=_("Quality gap"), choices=QualityGap.choices, empty_label=_("All"))
    root_cause = django_filters.ChoiceFilter(label=_("Root cause"), choices=RootCause.choices, empty_label=_("All"))
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=ComplaintOutcome.choices, empty_label=_("All"))
    staff = django_filters.NumberFilter(label=_("Staff member id"), field_name="staff_id")
    after = django_filters.DateFilter(
        label=_("From"), method="from_day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    before = django_filters.DateFilter(
        label=_("To"), method="to_day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("occurred_at", "occurred"), ("hall__code", "hall"), ("status", "status")),
        field_labels={"occurred_at": _("Happened"), "hall__code": _("Hall"), "status": _("Status")},
    )

    class Meta:
        model = Complaint
        fields = ["q", "hall", "status", "severity", "category", "channel", "touchpoint", "quality_gap", "root_cause"]

    def search(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        value = value.strip()
        if not value:
            return queryset
        query = Q(summary__icontains=value) | Q(details__icontains=value) | Q(customer_ref__icontains=value)
        query |= Q(staff__name__icontains=value)
        if value.upper().startswith("C") and value[1:].isdigit():
            query |= Q(pk=int(value[1:]))
        return queryset.filter(query)

    def by_status(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        if value == "active":
            return queryset.filter(status__in=ComplaintStatus.active())
        return queryset.filter(status=value) if value else queryset

    def _local_day_start(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())

    def from_day(self, queryset: QuerySet[Complaint], name: str, value: dt.date) -> QuerySet[Complaint]:
        return queryset.filter(occurred_at__gte=self._local_day_start(value)) if value else queryset

    def to_day(self, queryset: QuerySet[Complaint], name: str, value: dt.date) -> QuerySet[Complaint]:
        if not value:
            return queryset
        return queryset.filter(occurred_at__lt=self._local_day_start(value + dt.timedelta(days=1)))
