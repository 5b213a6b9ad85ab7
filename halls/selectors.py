"""Reads of regions and halls, already narrowed to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Hall, Region, SpecialDay


def region_list(*, user: Any) -> QuerySet[Region]:
    return Region.objects.visible_to(user).annotate(hall_count=Count("halls", distinct=True)).order_by("code")


def region_get(*, user: Any, pk: int) -> Region:
    return get_object_or_404(region_list(user=user), pk=pk)


def hall_list(*, user: Any) -> QuerySet[Hall]:
    """Halls with their region and zone count: two queries for a page however many rows it shows."""
    return (
        Hall.objects.visible_to(user)
        .select_related("region")
        .annotate(zone_count=Count("zones", distinct=True))
        .order_by("code")
    )


def hall_get(*, user: Any, pk: int) -> Hall:
    today = timezone.localdate()
    queryset = (
        Hall.objects.visible_to(user)
        .select_related("region")
        .prefetch_related(
            "opening_hours",
            "zones",
            Prefetch(
                "special_days",
                queryset=SpecialDay.objects.filter(date__gte=today - dt.timedelta(days=1)).order_by("date"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def halls_with_hours(*, user: Any) -> QuerySet[Hall]:
    """The user's halls with this week's hours prefetched, for the home page's "open now" badges."""
    today = timezone.localdate()
    return hall_list(user=user).prefetch_related(
        "opening_hours",
        Prefetch(
            "special_days",
            queryset=SpecialDay.objects.filter(
                date__range=(today - dt.timedelta(days=1), today + dt.timedelta(days=7))
            ),
        ),
    )
