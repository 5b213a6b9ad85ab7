"""Materialise the daily KPI facts: per hall, per chunk of days, delete and rewrite in one transaction, so a
rebuild is idempotent and a failure leaves the previous facts in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from halls.models import Hall

from ..kpi_models import DailyFact, KpiDefinition
from . import formulas

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
    return len(rows)


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
