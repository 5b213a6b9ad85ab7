"""One FilterSet per list, serving both the HTML list and the API query parameters."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import HallKind, HallStatus
from .models import Hall, Region


def _visible_regions(request) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return Region.objects.visible_to(request.user)


class HallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_visible_regions, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=HallKind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HallStatus.choices, empty_label=_("All"))
    ordering = django_filters.OrderingFilter(
        label=_("Sort"),
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("region__code", "region"),
            ("kind", "kind"),
            ("status", "status"),
            ("counters", "counters"),
        ),
        field_labels={
            "code": _("Code"),
            "name": _("Name"),
            "region__code": _("Region"),
            "kind": _("Kind"),
            "status": _("Status"),
            "counters": _("Counters"),
        },
    )

    class Meta:
        model = Hall
        fields = ["q", "region", "kind", "status"]

    def search(self, queryset: QuerySet[Hall], name: str, value: str) -> QuerySet[Hall]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(address__icontains=value))


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Region
        fields = ["q"]

    def search(self, queryset: QuerySet[Region], name: str, value: str) -> QuerySet[Region]:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)) if value.strip() else queryset
