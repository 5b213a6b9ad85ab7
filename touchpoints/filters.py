"""FilterSets of the touchpoints API (query parameters) and pages."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from halls.models import Hall

from .choices import BlueprintLane, Dimension
from .models import BlueprintStep, HallTouchpoint, ServiceStandard, ServiceStandardVersion


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
