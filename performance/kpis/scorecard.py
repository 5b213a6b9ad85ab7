"""Reads for the hall scorecard: each active KPI's value for a month and the month before, its target and
status. Four queries whatever the number of KPIs or days (definitions, targets, summed facts, p90 histograms)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from halls.models import Hall

from ..kpi_models import DailyFact, Direction, KpiDefinition, KpiTarget, Quadrant, status_for
from .definitions import FORMULAS, value_of


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


@dataclass
class ScoreLine:
    kpi: KpiDefinition
    value: Decimal | None
    previous: Decimal | None
    numerator: Decimal
    denominator: Decimal
    target: KpiTarget | None
    status: str | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def trend(self) -> str | None:
        """better / worse / same against the previous month, by the KPI's direction."""
        change = self.change
        if change is None:
            return None
        if not change:
            return "same"
        improving = change > 0 if self.kpi.direction == Direction.HIGHER else change < 0
        return "better" if improving else "worse"


def _targets(kind: str, month: dt.date) -> dict[int, KpiTarget]:
    """The month's own target for each KPI, else its default, for one hall kind (one query)."""
    chosen: dict[int, KpiTarget] = {}
    for target in KpiTarget.objects.filter(hall_kind=kind).filter(Q(month=month) | Q(month__isnull=True)):
        if target.kpi_id not in chosen or target.month is not None:
            chosen[target.kpi_id] = target
    return chosen


def hall_scorecard(*, hall: Hall, month: dt.date) -> list[ScoreLine]:
    """Score lines in catalogue order; `hall` must come from a scoped selector (Hall.objects.visible_to)."""
    start, after, before = month, next_month(month), previous_month(month)
    kpis = [kpi for kpi in KpiDefinition.objects.filter(active=True) if kpi.formula in FORMULAS]
    facts = DailyFact.objects.filter(hall=hall, day__gte=before, day__lt=after)
    sums = {
        row["kpi_id"]: row
        for row in facts.order_by()
        .values("kpi_id")
        .annotate(
            num=Sum("numerator", filter=Q(day__gte=start)),
            den=Sum("denominator", filter=Q(day__gte=start)),
            num_prev=Sum("numerator", filter=Q(day__lt=start)),
            den_prev=Sum("denominator", filter=Q(day__lt=start)),
        )
    }
    histograms: dict[tuple[int, bool], list[dict]] = {}
    p90_ids = [kpi.pk for kpi in kpis if FORMULAS[kpi.formula].aggregation == "p90"]
    if p90_ids:
        for kpi_id, day, histogram in facts.filter(kpi__in=p90_ids).values_list("kpi_id", "day", "histogram"):
            histograms.setdefault((kpi_id, day >= start), []).append(histogram)
    targets = _targets(hall.kind, month)
    lines = []
    for kpi in kpis:
        row = sums.get(kpi.pk, {})
        has_now, has_before = row.get("den") is not None, row.get("den_prev") is not None
        num, den = row.get("num") or Decimal(0), row.get("den") or Decimal(0)
        value = value_of(kpi.formula, num, den, histograms.get((kpi.pk, True))) if has_now else None
        previous = (
            value_of(kpi.formula, row.get("num_prev") or 0, row.get("den_prev") or 0, histograms.get((kpi.pk, False)))
            if has_before
            else None
        )
        target = targets.get(kpi.pk)
        status = status_for(value, direction=kpi.direction, green=target.green, amber=target.amber) if target else None
        lines.append(ScoreLine(kpi, value, previous, num, den, target, status))
    return lines


def by_quadrant(lines: list[ScoreLine]) -> list[tuple[str, str, list[ScoreLine]]]:
    """[(quadrant value, label, lines)] in the scorecard's order, empty quadrants included."""
    return [(value, label, [line for line in lines if line.kpi.quadrant == value]) for value, label in Quadrant.choices]
