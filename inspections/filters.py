"""One FilterSet per list, serving both the HTML lists and the API query parameters."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from halls.models import Hall

from .choices import ActionStatus, InspectionKind, InspectionStatus, QualityGap, RootCause, Severity
from .models import ChecklistTemplate, CorrectiveAction, Finding, Inspection, TemplateVersion


def _visible_halls(request) -> QuerySet[Hall]:
    if request is None:
        return Hall.objects.none()
    return Hall.objects.visible_to(request.user).order_by("code")


class TemplateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices, empty_label=_("All"))
    active = django_filters.BooleanFilter(label=_("In use"))

    class Meta:
        model = ChecklistTemplate
        fields = ["kind", "active"]


class VersionFilter(django_filters.FilterSet):
    published = django_filters.BooleanFilter(
        label=_("Published"), field_name="published_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = TemplateVersion
        fields = ["template", "published"]


class InspectionFilter(django_filters.FilterSet):
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices, empty_label=_("All"))
    submitted_after = django_filters.IsoDateTimeFilter(
        label=_("Submitted from"), field_name="submitted_at", lookup_expr="gte"
    )
    submitted_before = django_filters.IsoDateTimeFilter(
        label=_("Submitted before"), field_name="submitted_at", lookup_expr="lt"
    )
    mine = django_filters.BooleanFilter(label=_("Made by me"), method="by_me")

    class Meta:
        model = Inspection
        fields = ["hall", "kind", "status", "template_version"]

    def by_me(self, queryset: QuerySet[Inspection], name: str, value: bool | None) -> QuerySet[Inspection]:
        if value is None or self.request is None:
            return queryset
        user = self.request.user
        return queryset.filter(inspector=user) if value else queryset.exclude(inspector=user)


class FindingFilter(django_filters.FilterSet):
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    touchpoint = django_filters.CharFilter(label=_("Touchpoint code"), field_name="touchpoint__code")
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices, empty_label=_("All"))
    quality_gap = django_filters.ChoiceFilter(label=_("Gap"), choices=QualityGap.choices, empty_label=_("All"))
    root_cause = django_filters.ChoiceFilter(label=_("Root cause"), choices=RootCause.choices, empty_label=_("All"))
    found_after = django_filters.IsoDateTimeFilter(label=_("Found from"), field_name="found_at", lookup_expr="gte")
    found_before = django_filters.IsoDateTimeFilter(label=_("Found before"), field_name="found_at", lookup_expr="lt")

    class Meta:
        model = Finding
        fields = ["hall", "inspection", "touchpoint", "severity", "recurring", "quality_gap", "root_cause"]


class CorrectiveActionFilter(django_filters.FilterSet):
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="by_overdue")
    mine = django_filters.BooleanFilter(label=_("Mine"), method="by_owner")

    class Meta:
        model = CorrectiveAction
        fields = ["hall", "status", "finding", "escalation_level"]

    def by_overdue(self, queryset: QuerySet[CorrectiveAction], name: str, value: bool | None):
        if value is None:
            return queryset
        # Server date: a hall's local date differs by at most a day; the escalation job is exact.
        overdue = {"status__in": ActionStatus.active(), "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)

    def by_owner(self, queryset: QuerySet[CorrectiveAction], name: str, value: bool | None):
        if not value or self.request is None:
            return queryset
        user = self.request.user
        return queryset.filter(owner=user) | queryset.filter(owner_staff__user=user)
