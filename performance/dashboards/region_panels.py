"""The regional HQ dashboard's panels besides the league table (docs/dashboards.md, "Regional HQ"): the scorecard
wheel, self-owned against partner-run halls, the twelve months' KPI trends and the pools against attainment.
Built on the league's Dashboard (region.py) or, for the trends, on one grouped query of the monthly roll-up
(MonthlyFact) cached under the facts' version."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet, Sum

from core.scoping import get_scope
from halls.choices import HallKind
from halls.models import Hall, Region

from ..kpi_models import KpiDefinition, MonthlyFact, Quadrant
from ..kpis.definitions import FORMULAS
from .region import (
    CACHE_SECONDS,
    KIND_KPIS,
    TREND_KPIS,
    TREND_MONTHS,
    Dashboard,
    KpiValue,
    Period,
    _cache_key,
    _status,
    _value,
    dashboard_halls,
    facts_version,
)


@dataclass
class WheelQuadrant:
    quadrant: str
    label: Any
    green: int = 0
    amber: int = 0
    red: int = 0

    @property
    def rated(self) -> int:
        return self.green + self.amber + self.red

    def share(self, status: str) -> Decimal | None:
        if not self.rated:
            return None
        return (Decimal(100) * getattr(self, status) / self.rated).quantize(Decimal("0.1"))

    @property
    def share_green(self) -> Decimal | None:
        return self.share("green")

    @property
    def share_amber(self) -> Decimal | None:
        return self.share("amber")

    @property
    def share_red(self) -> Decimal | None:
        return self.share("red")


def wheel(dashboard: Dashboard) -> list[WheelQuadrant]:
    """Per quadrant, how many of the halls' KPI statuses are green / amber / red (every hall against its own
    kind's targets). The 90th-percentile wait is left out: it is not summed per hall for the whole region."""
    return [
        WheelQuadrant(value, label, *dashboard.wheel_counts.get(value, (0, 0, 0))) for value, label in Quadrant.choices
    ]


@dataclass
class KindLine:
    kpi: KpiDefinition
    self_owned: KpiValue
    partner: KpiValue


def by_hall_kind(dashboard: Dashboard) -> list[KindLine]:
    """The same KPIs for self-owned and partner-run halls: sums of the halls' numerators and denominators."""
    lines = []
    for code in KIND_KPIS:
        kpi = dashboard.kpis.get(code)
        if kpi is None:
            continue
        values = []
        for kind in (HallKind.SELF_OWNED, HallKind.PARTNER):
            num, den = dashboard.totals.get(kind, {}).get(kpi.pk, (Decimal(0), Decimal(0)))
            value = _value(kpi, num, den) if den or FORMULAS[kpi.formula].aggregation == "sum" else None
            values.append(KpiValue(kpi, value, _status(kpi, value, dashboard.targets.get((kind, kpi.pk))), num, den))
        lines.append(KindLine(kpi, *values))
    return lines


@dataclass
class TrendMonth:
    month: dt.date
    values: dict[str, Decimal | None]
    sums: dict[str, tuple[Decimal, Decimal]]


def _trend_query(halls: QuerySet[Hall], months: list[dt.date], kpi_ids: list[int]) -> list[tuple]:
    """(month, KPI id, hall kind, sum of numerators, sum of denominators): one query of the monthly roll-up
    grouped by all three."""
    rows = []
    for month, kpi_id, kind, num, den in (
        MonthlyFact.objects.filter(
            hall__in=halls.order_by().values("pk"),
            kpi__in=kpi_ids,
            month__range=(months[0], months[-1]),
        )
        .values_list("month", "kpi_id", "hall__kind")
        .annotate(num=Sum("numerator"), den=Sum("denominator"))
        .order_by()
    ):
        rows.append((month.date() if isinstance(month, dt.datetime) else month, kpi_id, kind, num, den))
    return rows


def trend_rows(*, region: Region, months: list[dt.date], kpi_ids: list[int], version: str) -> list[tuple]:
    """_trend_query() for every hall of the region, cached under the facts' version."""
    key = _cache_key("trends", region.pk, months[0], months[-1], ",".join(map(str, kpi_ids)), version)
    rows = cache.get(key)
    if rows is None:
        rows = _trend_query(Hall.objects.filter(region=region), months, kpi_ids)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def trends(*, user: Any, region: Region, period: Period, hall_kind: str = "") -> tuple[list[KpiDefinition], list]:
    """The region's value of each trend KPI in the twelve months ending with the period's month: one query of the
    monthly roll-up grouped by month, KPI and hall kind, sum(num) / sum(den) over all halls and days of the month.
    For a user who sees the whole region (HQ, administrators) the sums are cached under the facts' version."""
    kpis = {kpi.code: kpi for kpi in KpiDefinition.objects.filter(active=True, code__in=TREND_KPIS)}
    chosen = [kpis[code] for code in TREND_KPIS if code in kpis]
    last = period.month
    months = [last]
    while len(months) < TREND_MONTHS:
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    kpi_ids = sorted(kpi.pk for kpi in chosen)
    scope = get_scope(user)
    if scope.is_admin or region.pk in scope.region_ids:
        rows = trend_rows(region=region, months=months, kpi_ids=kpi_ids, version=facts_version())
    else:
        rows = _trend_query(dashboard_halls(user=user, region=region), months, kpi_ids)
    sums: dict[tuple[dt.date, int], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for month, kpi_id, kind, num, den in rows:
        if hall_kind and kind != hall_kind:
            continue
        pair = sums[(month, kpi_id)]
        pair[0] += num or 0
        pair[1] += den or 0
    series = []
    for month in months:
        values, month_sums = {}, {}
        for kpi in chosen:
            num, den = sums.get((month, kpi.pk), (Decimal(0), Decimal(0)))
            values[kpi.code] = _value(kpi, num, den) if den else None
            month_sums[kpi.code] = (num, den)
        series.append(TrendMonth(month, values, month_sums))
    return chosen, series


@dataclass
class PoolPoint:
    code: str
    name: str
    kind: str
    attainment: Decimal  # weighted attainment in % (1.0000 -> 100.0)
    pool: Decimal
    headcount: int
    per_person: Decimal


def pool_points(dashboard: Dashboard) -> list[PoolPoint]:
    """x = weighted KPI attainment (%), y = pool per person, for the halls in the run with both."""
    points = []
    for row in dashboard.rows:
        if row.pool is None or row.attainment is None or not row.headcount:
            continue
        points.append(
            PoolPoint(
                row.code,
                row.name,
                row.kind,
                (row.attainment * 100).quantize(Decimal("0.1")),
                row.pool,
                row.headcount,
                row.pool_per_person,
            )
        )
    return sorted(points, key=lambda point: (point.attainment, point.code))


# The pools table lists every hall up to this many; above it, bands of attainment (the CSV has every hall).
POOL_TABLE_HALLS = 50
ATTAINMENT_BANDS = (Decimal(0), Decimal(80), Decimal(90), Decimal(100), Decimal(110), Decimal(120))


@dataclass
class PoolBand:
    low: Decimal
    high: Decimal | None
    halls: int = 0
    pool: Decimal = Decimal(0)
    people: int = 0

    @property
    def per_person(self) -> Decimal | None:
        return (self.pool / self.people).quantize(Decimal("0.01")) if self.people else None


def pool_bands(points: list[PoolPoint]) -> list[PoolBand]:
    """The scatter's halls in bands of attainment (%): halls, total pool, people, pool per person."""
    bands = [PoolBand(low, high) for low, high in zip(ATTAINMENT_BANDS, [*ATTAINMENT_BANDS[1:], None], strict=True)]
    for point in points:
        band = next(band for band in reversed(bands) if point.attainment >= band.low or band.low == 0)
        band.halls += 1
        band.pool += point.pool
        band.people += point.headcount
    return [band for band in bands if band.halls]
