"""Reads behind the regional HQ dashboard (docs/dashboards.md, "Regional HQ"): the period, the hall league table
with each hall's KPI values and statuses, the caches and their warm-up. The other panels (wheel, hall kinds,
trends, pools) are in region_panels.py.

Everything is summed in the database (num / den per hall and KPI, never a mean of daily values) with a fixed
number of grouped queries, whatever the number of halls: from the monthly roll-up (MonthlyFact) for a month, a
quarter or any period of whole months, from the daily facts (DailyFact, about 30 times the rows) only for a custom
range of days. The queries:
halls, KPI definitions, targets (one per hall kind), the period's sums per hall and KPI, the 90th-percentile wait
histograms (only of the halls on the page, or of all halls when the table is sorted by it), the twelve months'
region totals, the latest incentive run and its pools. The region-wide sums are cached under the facts' version
(facts_version). The touchpoint heatmap and the radar reuse the inspection reports' selectors
(inspections/reports.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from halls.models import Hall, Region

from ..incentive_models import HallPool, IncentiveRun
from ..kpi_models import DailyFact, Direction, KpiDefinition, KpiTarget, MonthlyFact, Quadrant, status_for
from ..kpis.definitions import FORMULAS, value_of
from ..kpis.scorecard import next_month

# The league table's KPI columns (formula keys), in the order shown.
LEAGUE_KPIS = ("mystery_shop", "satisfaction", "complaints_per_1000", "wait_p90", "within_target", "touchpoint_score")
# The trend chart's KPIs: ratios whose region value is sum(num) / sum(den) over the region's halls.
TREND_KPIS = ("satisfaction", "complaints_per_1000", "mystery_shop", "within_target", "walk_outs")
# Self-owned against partner-run: the same KPIs side by side.
KIND_KPIS = (
    "satisfaction",
    "complaints_per_1000",
    "mystery_shop",
    "touchpoint_score",
    "wait_mean",
    "within_target",
    "walk_outs",
    "inspection_completion",
    "actions_on_time",
)
TREND_MONTHS = 12
LEAGUE_PAGE_SIZE = 25
P90 = "wait_p90"
# The served count behind "per 1,000 served": the denominator of the complaints KPI (served tickets).
TRAFFIC_KPI = "complaints_per_1000"
# Sort keys of the league table (server-side) besides the KPI columns; "-" in front: highest first.
OTHER_SORTS = ("code", "name", "kind", "served", "red", "green", "pool", "pool_per_person", "attainment")
SORTS = frozenset(OTHER_SORTS + LEAGUE_KPIS)
# Region-wide sums are cached under the facts' version (below) for a day at most; see facts_version().
CACHE_SECONDS = 24 * 3600
CACHE_PREFIX = "hq-dashboard:v1"


def facts_version() -> str:
    """The newest DailyFact and MonthlyFact rows (highest ids) and when they were computed. Every rebuild (the
    nightly job or the rebuild command) deletes and re-inserts daily rows and the monthly rows of their months, and
    a roll-up alone (`kpi_rebuild --rollup-only`) re-inserts monthly rows, so the highest ids are always rows just
    written, with a new `computed_at`: a sum cached under this version is never stale. Two index lookups."""
    parts = []
    for model in (DailyFact, MonthlyFact):
        newest = model.objects.order_by("-pk").values_list("pk", "computed_at").first()
        parts.append("0" if newest is None else f"{newest[0]}-{newest[1].timestamp():.6f}")
    return "/".join(parts)


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector while the dashboard makes or unpickles tens of thousands of small
    objects without cycles (summed rows, Decimals, tuples, the cached per-hall summary): every 700 allocations
    would start a collection, and the older generations' passes walk the whole heap (about 130 ms a request on
    the 2,000-hall bench). Reference counting still frees them; the collector is restarted as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cache_key(*parts: Any) -> str:
    return ":".join([CACHE_PREFIX, *(str(part) for part in parts)])


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str  # month / quarter / custom

    @property
    def month(self) -> dt.date:
        """The month whose targets and incentive run apply: the period's last month."""
        return self.end.replace(day=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> bool:
        """From a month's first day to a month's last: read from the monthly roll-up (MonthlyFact)."""
        return self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1


def period_facts(period: Period) -> QuerySet:
    """The facts of the period: the monthly roll-up for whole months (a month, a quarter, a custom range of whole
    months), else the daily facts (a custom range of days: about 30 times the rows, so slower on a big region).
    Both have hall, kpi, numerator, denominator and histogram."""
    if period.whole_months:
        return MonthlyFact.objects.filter(month__range=(period.start, period.end.replace(day=1)))
    return DailyFact.objects.filter(day__range=(period.start, period.end))


def month_period(month: dt.date) -> Period:
    return Period(month, next_month(month) - dt.timedelta(days=1), "month")


def quarter_period(month: dt.date) -> Period:
    first = month.replace(month=(month.month - 1) // 3 * 3 + 1, day=1)
    last = next_month(next_month(next_month(first))) - dt.timedelta(days=1)
    return Period(first, last, "quarter")


def region_today(region: Region) -> dt.date:
    from zoneinfo import ZoneInfo

    return timezone.now().astimezone(ZoneInfo(region.time_zone)).date()


def dashboard_region_get(*, user: Any, pk: int) -> Region:
    """The region, if the user sees it (404 otherwise)."""
    return get_object_or_404(Region.objects.visible_to(user), pk=pk)


def dashboard_halls(*, user: Any, region: Region, hall_kind: str = "") -> QuerySet[Hall]:
    halls = Hall.objects.visible_to(user).filter(region=region)
    return halls.filter(kind=hall_kind) if hall_kind else halls


# --- values -------------------------------------------------------------------------------------------


@dataclass
class KpiValue:
    kpi: KpiDefinition
    value: Decimal | None
    status: str | None
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)


@dataclass
class LeagueRow:
    pk: int
    code: str
    name: str
    kind: str
    served: int = 0
    values: dict[str, KpiValue] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: {"green": 0, "amber": 0, "red": 0})
    pool: Decimal | None = None
    headcount: int = 0
    attainment: Decimal | None = None

    @property
    def pool_per_person(self) -> Decimal | None:
        if self.pool is None or not self.headcount:
            return None
        return (self.pool / self.headcount).quantize(Decimal("0.01"))

    def cells(self, codes: Iterable[str]) -> list[KpiValue | None]:
        return [self.values.get(code) for code in codes]


def _kpis() -> dict[str, KpiDefinition]:
    return {kpi.code: kpi for kpi in KpiDefinition.objects.filter(active=True) if kpi.formula in FORMULAS}


def _targets(month: dt.date) -> dict[tuple[str, int], KpiTarget]:
    """(hall kind, KPI id) -> the month's own target, else the default (one query for both kinds)."""
    chosen: dict[tuple[str, int], KpiTarget] = {}
    for target in KpiTarget.objects.filter(Q(month=month) | Q(month__isnull=True)).select_related("kpi"):
        key = (target.hall_kind, target.kpi_id)
        if key not in chosen or target.month is not None:
            chosen[key] = target
    return chosen


STATUSES = ("green", "amber", "red")
_QUANTA = {key: Decimal(1).scaleb(-formula.places) for key, formula in FORMULAS.items()}


def _value(kpi: KpiDefinition, num: Decimal, den: Decimal) -> Decimal | None:
    """value_of() for summed facts (ratio and sum KPIs), inlined: the league computes tens of thousands."""
    formula = FORMULAS[kpi.formula]
    if formula.aggregation == "sum":
        return Decimal(num or 0).quantize(_QUANTA[kpi.formula], rounding=ROUND_HALF_UP)
    if formula.aggregation != "ratio":
        return value_of(kpi.formula, num or Decimal(0), den or Decimal(0))
    if not den:
        return None
    return (formula.scale * num / den).quantize(_QUANTA[kpi.formula], rounding=ROUND_HALF_UP)


def _status(kpi: KpiDefinition, value: Decimal | None, target: KpiTarget | None) -> str | None:
    if target is None:
        return None
    return status_for(value, direction=kpi.direction, green=target.green, amber=target.amber)


@dataclass
class Dashboard:
    region: Region
    period: Period
    hall_kind: str
    kpis: dict[str, KpiDefinition]
    rows: list[LeagueRow]
    sort: str
    run: IncentiveRun | None
    totals: dict[str, dict[int, tuple[Decimal, Decimal]]]  # hall kind -> KPI id -> (num, den)
    targets: dict[tuple[str, int], KpiTarget]
    wheel_counts: dict[str, list[int]] = field(default_factory=dict)  # quadrant -> [green, amber, red]

    @property
    def league_kpis(self) -> list[KpiDefinition]:
        return [self.kpis[code] for code in LEAGUE_KPIS if code in self.kpis]


@dataclass(slots=True)
class HallSummary:
    """What the league keeps of a hall: its served count, how many KPIs are on / near / off target, and the
    league columns as (value, status, numerator, denominator)."""

    served: int
    counts: tuple[int, int, int]
    values: dict[str, tuple]


def hall_summaries(
    *,
    region: Region,
    period: Period,
    kpis: dict[str, KpiDefinition],
    targets: dict[tuple[str, int], KpiTarget],
    halls: dict[int, str],
    version: str,
) -> tuple[dict[int, HallSummary], dict[str, list[int]], dict[str, dict[int, tuple[Decimal, Decimal]]]]:
    """Per hall (id -> kind in `halls`): its summary; the wheel's counts per quadrant; the sums per hall kind.
    Every KPI of every hall is valued and rated once, then cached under the facts' version, the targets and the
    halls with their kinds (so a changed target or hall kind is a new key)."""
    by_id = {kpi.pk: kpi for kpi in kpis.values()}
    summed_ids = sorted(kpi.pk for kpi in kpis.values() if FORMULAS[kpi.formula].aggregation != "p90")
    fingerprint = hashlib.sha1(  # noqa: S324 - a cache key, not security
        repr(
            (
                sorted(halls.items()),
                sorted((key, str(target.green), str(target.amber)) for key, target in targets.items()),
                sorted((kpi.pk, kpi.code, kpi.formula, kpi.direction, kpi.quadrant) for kpi in kpis.values()),
            )
        ).encode()
    ).hexdigest()
    key = _cache_key("summary", region.pk, period.start, period.end, version, fingerprint)
    cached = cache.get(key)
    if cached is not None:
        return cached
    league_ids = {kpis[code].pk for code in LEAGUE_KPIS if code in kpis}
    traffic_id = kpis[TRAFFIC_KPI].pk if TRAFFIC_KPI in kpis else None
    # (hall kind, KPI id) -> (higher is better, green, amber): plain comparisons for tens of thousands of cells.
    thresholds = {
        key: (by_id[key[1]].direction == Direction.HIGHER, target.green, target.amber)
        for key, target in targets.items()
        if key[1] in by_id
    }
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    values: dict[int, dict[str, tuple]] = defaultdict(dict)
    served: dict[int, int] = {}
    wheel_counts: dict[str, list[int]] = {value: [0, 0, 0] for value in Quadrant.values}
    totals: dict[str, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), Decimal(0)]))
    # KPI id -> how its value is computed (as _value()): "ratio" with its scale and quantum, "sum" with its
    # quantum, else the KPI itself for value_of(); its league code (or None) and its wheel quadrant's counts.
    specs = {}
    for kpi_id in summed_ids:
        kpi = by_id[kpi_id]
        formula = FORMULAS[kpi.formula]
        specs[kpi_id] = (
            formula.aggregation,
            formula.scale,
            _QUANTA[kpi.formula],
            kpi,
            kpi.code if kpi_id in league_ids else None,
            wheel_counts.get(kpi.quadrant),
        )
    half_up = ROUND_HALF_UP
    for hall_id, kpi_id, num, den in region_sums(region=region, period=period, kpi_ids=summed_ids, version=version):
        kind = halls.get(hall_id)
        if kind is None:  # a hall the user does not see, or of another kind
            continue
        aggregation, scale, quantum, kpi, league_code, wheel = specs[kpi_id]
        if aggregation == "ratio":
            value = (scale * num / den).quantize(quantum, rounding=half_up) if den else None
        elif aggregation == "sum":
            value = Decimal(num or 0).quantize(quantum, rounding=half_up)
        else:
            value = _value(kpi, num, den)
        status = None
        threshold = thresholds.get((kind, kpi_id))
        if threshold is not None and value is not None:  # as kpi_models.status_for()
            higher, green, amber = threshold
            if higher:
                index = 0 if value >= green else 1 if value >= amber else 2
            else:
                index = 0 if value <= green else 1 if value <= amber else 2
            status = STATUSES[index]
            counts[hall_id][index] += 1
            if wheel is not None:
                wheel[index] += 1
        if league_code is not None:
            values[hall_id][league_code] = (value, status, num, den)
        if kpi_id == traffic_id:
            served[hall_id] = int(den)
        pair = totals[kind][kpi_id]
        pair[0] += num
        pair[1] += den
    result = (
        {
            hall_id: HallSummary(served.get(hall_id, 0), tuple(counts[hall_id]), values[hall_id])
            for hall_id in set(values) | set(counts) | set(served)
        },
        wheel_counts,
        {kind: {kpi_id: (pair[0], pair[1]) for kpi_id, pair in sums.items()} for kind, sums in totals.items()},
    )
    cache.set(key, result, CACHE_SECONDS)
    return result


@gc_paused()
def region_dashboard(
    *, user: Any, region: Region, period: Period, hall_kind: str = "", sort: str = "-mystery_shop"
) -> Dashboard:
    """The league table of every hall the user sees in the region (of the hall kind), sorted over all halls."""
    kpis = _kpis()
    targets = _targets(period.month)
    halls_qs = dashboard_halls(user=user, region=region, hall_kind=hall_kind)
    rows = {
        pk: LeagueRow(pk, code, name, kind)
        for pk, code, name, kind in halls_qs.order_by("code").values_list("pk", "code", "name", "kind")
    }
    version = facts_version()
    summaries, wheel_counts, totals = hall_summaries(
        region=region,
        period=period,
        kpis=kpis,
        targets=targets,
        halls={pk: row.kind for pk, row in rows.items()},
        version=version,
    )
    for hall_id, summary in summaries.items():
        row = rows.get(hall_id)
        if row is None:
            continue
        row.served = summary.served
        row.counts = dict(zip(("green", "amber", "red"), summary.counts, strict=True))
        for code, (value, status, num, den) in summary.values.items():
            row.values[code] = KpiValue(kpis[code], value, status, num, den)

    run = latest_run(region=region, month=period.month)
    if run is not None:
        for hall_id, pool, headcount, attainment in HallPool.objects.filter(
            run=run, hall__in=halls_qs.order_by().values("pk")
        ).values_list("hall_id", "pool", "headcount", "attainment"):
            if hall_id in rows:
                rows[hall_id].pool, rows[hall_id].headcount, rows[hall_id].attainment = pool, headcount, attainment

    name = sort.lstrip("-")
    if name == P90 and P90 in kpis:
        add_p90(list(rows.values()), kpis[P90], period, targets, region=region, version=version)
    ordered = sort_rows(list(rows.values()), sort)
    return Dashboard(
        region=region,
        period=period,
        hall_kind=hall_kind,
        kpis=kpis,
        rows=ordered,
        sort=sort,
        run=run,
        totals=totals,
        targets=targets,
        wheel_counts=wheel_counts,
    )


def sort_value(row: LeagueRow, name: str) -> Any:
    """The value a column sorts by (None: no value; such halls go last in both directions)."""
    if name in ("code", "name", "kind"):
        return getattr(row, name)
    if name in ("red", "green"):
        return row.counts[name]
    if name in ("served", "pool", "pool_per_person", "attainment"):
        return getattr(row, name)
    cell = row.values.get(name)
    return cell.value if cell else None


def sort_rows(rows: list[LeagueRow], sort: str) -> list[LeagueRow]:
    name = sort.lstrip("-")
    present = [row for row in rows if sort_value(row, name) is not None]
    missing = sorted((row for row in rows if sort_value(row, name) is None), key=lambda row: row.code)
    present.sort(key=lambda row: row.code)
    present.sort(key=lambda row: sort_value(row, name), reverse=sort.startswith("-"))
    return present + missing


def region_sums(
    *, region: Region, period: Period, kpi_ids: list[int], version: str
) -> list[tuple[int, int, Decimal, Decimal]]:
    """(hall id, KPI id, sum of numerators, sum of denominators) over the period for every hall of the region:
    one grouped query (period_facts(): monthly rows for whole months); the daily facts' sums of a custom range are
    cached under the facts' version (callers keep only the halls the user sees)."""
    key = _cache_key("sums", region.pk, period.start, period.end, ",".join(map(str, kpi_ids)), version)
    if not period.whole_months:
        cached = cache.get(key)
        if cached is not None:
            return cached
    sums = (
        period_facts(period)
        .filter(hall__region=region, kpi__in=kpi_ids)
        .values_list("hall_id", "kpi_id")
        .annotate(num=Sum("numerator"), den=Sum("denominator"))
        .order_by()
    )
    if connection.vendor == "postgresql":  # psycopg gives Decimals already: skip the ORM's converters (40,000 rows)
        sql, params = sums.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    else:
        rows = list(sums)
    result = [(hall_id, kpi_id, num or Decimal(0), den or Decimal(0)) for hall_id, kpi_id, num, den in rows]
    if not period.whole_months:  # the roll-up answers in tens of ms: only the daily facts' sums are worth a copy
        cache.set(key, result, CACHE_SECONDS)
    return result


def p90_minutes(histograms: Iterable[dict | None]) -> Decimal | None:
    """The nearest-rank 90th percentile of merged {seconds: tickets} histograms, in minutes (one decimal, half
    up), as value_of() gives it; merged with string keys first, so thousands of histograms stay cheap."""
    merged: dict[str, int] = defaultdict(int)
    for histogram in histograms:
        for value, count in (histogram or {}).items():
            merged[value] += count
    pairs = sorted((int(value), int(count)) for value, count in merged.items() if int(count) > 0)
    total = sum(count for _value, count in pairs)
    if not total:
        return None
    rank, seen = -(-9 * total // 10), 0
    for value, count in pairs:
        seen += count
        if seen >= rank:
            return value_of(P90, Decimal(0), Decimal(0), [{value: 1}])
    return None  # pragma: no cover


def add_p90(
    rows: list[LeagueRow],
    kpi: KpiDefinition,
    period: Period,
    targets: dict,
    *,
    region: Region | None = None,
    version: str | None = None,
) -> None:
    """The 90th-percentile wait of the given halls: one query; for one month the percentile the monthly roll-up
    stored (MonthlyFact.p90_seconds), else their histograms (monthly for whole months, else daily) merged per hall.
    With a region (the table sorted by the wait: every hall), cached under the facts' version."""
    wanted = {row.pk: row for row in rows if P90 not in row.values}
    if not wanted:
        return
    values: dict[int, tuple[Decimal | None, Decimal]] | None = None
    key = ""
    if region is not None and version is not None:
        key = _cache_key("p90", region.pk, kpi.pk, period.start, period.end, version)
        values = cache.get(key)
    if values is None:
        facts = period_facts(period).filter(kpi=kpi)
        facts = facts.filter(hall__region=region) if key else facts.filter(hall_id__in=list(wanted))
        if period.whole_months and period.start == period.month:  # one month: the roll-up stored its percentile
            tenth = _QUANTA[kpi.formula]
            values = {
                hall_id: (
                    None if seconds is None else (Decimal(seconds) / 60).quantize(tenth, rounding=ROUND_HALF_UP),
                    den or Decimal(0),
                )
                for hall_id, seconds, den in facts.values_list("hall_id", "p90_seconds", "denominator").order_by()
            }
        else:
            by_hall: dict[int, list[dict]] = defaultdict(list)
            counts: dict[int, Decimal] = defaultdict(Decimal)
            for hall_id, histogram, den in facts.values_list("hall_id", "histogram", "denominator").order_by():
                by_hall[hall_id].append(histogram)
                counts[hall_id] += den or 0
            values = {hall_id: (p90_minutes(histograms), counts[hall_id]) for hall_id, histograms in by_hall.items()}
        if key:
            cache.set(key, values, CACHE_SECONDS)
    for hall_id, row in wanted.items():
        if hall_id in values:
            value, count = values[hall_id]
            status = _status(kpi, value, targets.get((row.kind, kpi.pk)))
            row.values[P90] = KpiValue(kpi, value, status, Decimal(0), count)


def latest_run(*, region: Region, month: dt.date) -> IncentiveRun | None:
    """The month's latest incentive run of the region (a correction supersedes the run it corrects)."""
    return IncentiveRun.objects.filter(region=region, month=month).order_by("-pk").first()


# --- panels ---------------------------------------------------------------------------------------------


def warm(*, region: Region, month: dt.date | None = None) -> None:
    """Fill the caches the dashboard's default view reads (this month, all kinds, its trends), so that the
    first HQ request after the nightly facts rebuild does not pay for the region-wide sums."""
    period = month_period(month or region_today(region).replace(day=1))
    kpis = _kpis()
    version = facts_version()
    halls = dict(Hall.objects.filter(region=region).values_list("pk", "kind"))
    hall_summaries(
        region=region, period=period, kpis=kpis, targets=_targets(period.month), halls=halls, version=version
    )
    chosen = KpiDefinition.objects.filter(active=True, code__in=TREND_KPIS)
    months = [period.month]
    while len(months) < TREND_MONTHS:
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    from .region_panels import trend_rows

    trend_rows(region=region, months=months, kpi_ids=sorted(kpi.pk for kpi in chosen), version=version)
