"""Filters of the performance lists, one FilterSet serving the HTML list, its CSV export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from halls.models import Hall, Region

from .kpi_models import SalesFigure
from .sales import parse_month


def _regions(request: Any) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return Region.objects.visible_to(request.user).order_by("code")


def _halls(request: Any) -> QuerySet[Hall]:
    if request is None:
        return Hall.objects.none()
    return Hall.objects.visible_to(request.user).order_by("code")


class MonthField(forms.CharField):
    """YYYY-MM, cleaned to the month's first day."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(_("Give the month as YYYY-MM."), code="invalid")
        return month


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class SalesFigureFilter(django_filters.FilterSet):
    """Sales figures: region, hall, month (YYYY-MM); sorted by month or hall."""

    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="hall__region", queryset=_regions, empty_label=_("All")
    )
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_halls, empty_label=_("All"))
    month = MonthFilter(label=_("Month"), widget=forms.TextInput(attrs={"placeholder": "2026-03", "type": "month"}))
    ordering = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(("month", "month"), ("hall__code", "hall")),
        field_labels={"month": _("Month"), "hall__code": _("Hall")},
    )

    class Meta:
        model = SalesFigure
        fields = ["region", "hall", "month"]
