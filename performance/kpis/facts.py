"""Materialise the daily KPI facts: per hall, per chunk of days, delete and rewrite in one transaction, so a
rebuild is idempotent and a failure leaves the previous facts in place. In the same transaction the monthly
roll-up (MonthlyFact) of every month the chunk touches is recomputed from that month's daily rows, in a fixed
number of queries: the regional dashboard reads months and quarters from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from halls.models import Hall

from ..kpi_models import DailyFact, KpiDefinition, MonthlyFact
from . import formulas
from .definitions import FORMULAS, nearest_rank_p90_of

# Days rebuilt per transaction and per set of source queries (bounds memory and lock time).
CHUNK_DAYS = 31


@transaction.atomic
def rebuild_hall(
    *, hall: Hall, first: dt.date, last: dt.date, kpis: dict[str, list[KpiDefinition]] | None = None
) -> int:
    """Rewrite the hall's facts for first..last (at most CHUNK_DAYS days); returns the rows written."""
    if last < first:
        raise ValueError("last must not be before first")
    if kpis is None:
        kpis = definitions_by_formula()
    computed = formulas.compute(hall, first, last)
    now = timezone.now()
    rows = [
        DailyFact(
            hall=hall,
            day=day,
            kpi=kpi,
            numerator=numerator,
            denominator=denominator,
            histogram=histogram,
            computed_at=now,
        )
        for (day, key), (numerator, denominator, histogram) in sorted(computed.items())
        for kpi in kpis.get(key, [])
    ]
    DailyFact.objects.filter(hall=hall, day__range=(first, last)).delete()
    DailyFact.objects.bulk_create(rows, batch_size=1000)
    rollup(halls=[hall.pk], first=first, last=last)
    return len(rows)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    """The last day of the month of `month`."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def merged_histogram(histograms: Iterable[dict | None]) -> dict[str, int] | None:
    """{seconds: tickets} histograms added up (keys as JSON keeps them: text); None when there is none."""
    merged: dict[str, int] = {}
    seen = False
    for histogram in histograms:
        if histogram is None:
            continue
        seen = True
        for value, count in histogram.items():
            key = str(int(value))
            merged[key] = merged.get(key, 0) + int(count)
    if not seen:
        return None
    return {key: merged[key] for key in sorted(merged, key=int)}


@transaction.atomic
def rollup(*, halls: list[int] | QuerySet | None, first: dt.date, last: dt.date) -> int:
    """Recompute the MonthlyFact rows of the given halls (ids or a queryset of ids; None: every hall) for every
    month that first..last touches, from the months' whole daily rows: one grouped query for the sums, one for
    the percentile KPIs' histograms, one delete and the inserts, whatever the number of days. Returns the rows
    written."""
    start, end = month_of(first), month_end(last)
    daily = DailyFact.objects.filter(day__range=(start, end))
    monthly = MonthlyFact.objects.filter(month__range=(start, month_of(last)))
    if halls is not None:
        daily, monthly = daily.filter(hall__in=halls), monthly.filter(hall__in=halls)
    sums = (
        daily.annotate(month=TruncMonth("day"))
        .values_list("hall_id", "month", "kpi_id")
        .annotate(num=Sum("numerator"), den=Sum("denominator"), days=Count("pk"))
        .order_by()
    )
    percentile_ids = [
        pk
        for pk, formula in KpiDefinition.objects.values_list("pk", "formula")
        if formula in FORMULAS and FORMULAS[formula].aggregation == "p90"
    ]
    histograms: dict[tuple[int, dt.date, int], list[dict | None]] = {}
    if percentile_ids:
        for hall_id, day, kpi_id, histogram in daily.filter(
            kpi__in=percentile_ids, histogram__isnull=False
        ).values_list("hall_id", "day", "kpi_id", "histogram"):
            histograms.setdefault((hall_id, month_of(day), kpi_id), []).append(histogram)
    now = timezone.now()
    rows = []
    for hall_id, month, kpi_id, num, den, days in sums:
        month = month.date() if isinstance(month, dt.datetime) else month
        histogram = merged_histogram(histograms.get((hall_id, month, kpi_id), []))
        rows.append(
            MonthlyFact(
                hall_id=hall_id,
                month=month,
                kpi_id=kpi_id,
                numerator=num or 0,
                denominator=den or 0,
                histogram=histogram,
                p90_seconds=nearest_rank_p90_of(histogram) if histogram else None,
                days=days,
                computed_at=now,
            )
        )
    monthly.delete()
    MonthlyFact.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def rollup_all(*, first: dt.date, last: dt.date, halls: Iterable[Hall] | None = None) -> int:
    """Roll up the existing daily facts of the months first..last touch, a month at a time (all the given halls
    at once): after upgrading to the roll-up, or to repair it. Returns the rows written."""
    ids = None if halls is None else [hall.pk for hall in halls]
    written, month = 0, month_of(first)
    while month <= last:
        written += rollup(halls=ids, first=month, last=month)
        month = month_end(month) + dt.timedelta(days=1)
    return written


def definitions_by_formula() -> dict[str, list[KpiDefinition]]:
    """Active KPIs by formula key (an operator may have two KPIs on one formula, or deactivate one)."""
    result: dict[str, list[KpiDefinition]] = {}
    for kpi in KpiDefinition.objects.filter(active=True):
        result.setdefault(kpi.formula, []).append(kpi)
    return result


def rebuild(*, first: dt.date, last: dt.date, halls: Iterable[Hall] | None = None) -> int:
    """Rebuild every given hall (default: all) for first..last, CHUNK_DAYS at a time; returns rows written."""
    kpis = definitions_by_formula()
    written = 0
    for hall in halls if halls is not None else Hall.objects.order_by("pk"):
        start = first
        while start <= last:
            end = min(last, start + dt.timedelta(days=CHUNK_DAYS - 1))
            written += rebuild_hall(hall=hall, first=start, last=end, kpis=kpis)
            start = end + dt.timedelta(days=1)
    return written
