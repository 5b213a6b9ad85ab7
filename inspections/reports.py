"""Reads behind the touchpoint reports (docs/reports.md): a hall's scorecard (16 rows over 30 and 90 days, trend,
weekly series, open findings, the six experience dimensions) and the halls x touchpoints heatmap of a region.

Reads only. Scores come from the narrow TouchpointScore table, one aggregate query grouped by hall and
touchpoint (or touchpoint and day), always through `visible_to`: a hall manager never counts an unpublished
mystery shop. Means are exact decimals rounded once, half up, to one decimal (as in docs/scoring.md). A
touchpoint that does not apply to a hall (its touchpoint map) is "n/a": never 0, never in a mean.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models
from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Round
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import get_scope
from halls.models import Hall, Region
from touchpoints.choices import Dimension
from touchpoints.models import Touchpoint
from touchpoints.selectors import applicable_touchpoint_ids_by_hall

from .choices import ActionStatus, InspectionKind
from .models import CorrectiveAction, Finding, Inspection, TouchpointScore, TouchpointWindow
from .services.touchpoint_windows import WINDOW_DAYS

ONE_DECIMAL = Decimal("0.1")
# A trend smaller than this (in points, 30 days against the 30 before) is shown as steady, not as an arrow.
STEADY_WITHIN = Decimal("1.0")
SCORECARD_WEEKS = 13  # 90 days: twelve whole weeks and six days
HEATMAP_DAYS = (30, 90)
HEATMAP_PAGE_SIZE = 50
# How many of the weakest touchpoints the heatmap's summary names.
WEAKEST_SHOWN = 3


class ReportKind(models.TextChoices):
    """Which inspections a report counts."""

    ALL = "", _("All inspections")
    SELF = "self", _("Self-inspections")
    PATROL = "patrol", _("Patrols")
    MYSTERY_SHOP = "mystery_shop", _("Mystery shops")


KIND_VALUES: dict[str, tuple[str, ...]] = {
    ReportKind.SELF: tuple(sorted(InspectionKind.self_inspections())),
    ReportKind.PATROL: (InspectionKind.PATROL,),
    ReportKind.MYSTERY_SHOP: (InspectionKind.MYSTERY_SHOP,),
}


class HeatmapSort(models.TextChoices):
    OVERALL = "overall", _("Overall score, lowest first")
    OVERALL_DESC = "-overall", _("Overall score, highest first")
    WEAKEST = "weakest", _("Weakest touchpoint, lowest first")
    CODE = "code", _("Hall code")


@dataclass(frozen=True)
class Band:
    """A score band of the heatmap: the lowest score in it, a key for its colour (static/css/reports.css)."""

    key: str
    floor: Decimal
    label: Any


# Highest first. Colours (ColorBrewer RdYlBu, safe for the common colour-vision deficiencies) live in the CSS.
# Inspection scores sit high (a hall meeting its standards scores 90 or more), so the bands are narrow at the top:
# what HQ looks for is the difference between 92 and 84, not between 40 and 60.
BANDS = (
    Band("excellent", Decimal(95), _("95 and above")),
    Band("good", Decimal(90), _("90 to 94.9")),
    Band("fair", Decimal(85), _("85 to 89.9")),
    Band("poor", Decimal(80), _("80 to 84.9")),
    Band("critical", Decimal(0), _("below 80")),
)
# Below this, a hall is under standard on a touchpoint (the heatmap's weakest-touchpoints summary counts them).
ATTENTION_BELOW = Decimal(90)


def band_of(score: Decimal | None) -> str:
    if score is None:
        return ""
    return next(band.key for band in BANDS if score >= band.floor)


def mean(total: Any, count: int) -> Decimal | None:
    """An exact mean rounded once, half up, to one decimal; None for no scores."""
    if not count:
        return None
    return (Decimal(str(total)) / count).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def weighted_overall(means: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Touchpoint means combined with the touchpoints' weights (1.5 for the result and leaving), as an
    inspection's overall score is (docs/scoring.md section 5); touchpoints without a mean are left out."""
    total = weight_sum = Decimal(0)
    for value, weight in means:
        if value is not None:
            total += value * weight
            weight_sum += weight
    if not weight_sum:
        return None
    return (total / weight_sum).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def kind_filter(kind: str, prefix: str = "") -> Q:
    values = KIND_VALUES.get(kind)
    return Q(**{f"{prefix}kind__in": values}) if values else Q()


def local_midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def unverified_findings_q() -> Exists:
    """A finding whose corrective action is not verified yet (what the findings list calls `open=true`)."""
    return Exists(
        CorrectiveAction.objects.filter(finding=OuterRef("pk"), status__in=[*ActionStatus.active(), ActionStatus.DONE])
    )


# --- the hall scorecard ---------------------------------------------------------------------------------


def scorecard_hall_get(*, user: Any, pk: int) -> Hall:
    return get_object_or_404(Hall.objects.visible_to(user).select_related("region"), pk=pk)


@dataclass(slots=True)
class Week:
    start: dt.date
    end: dt.date
    mean: Decimal | None = None
    count: int = 0


@dataclass(slots=True)
class ScorecardRow:
    touchpoint: Touchpoint
    applies: bool
    mean_30: Decimal | None = None
    count_30: int = 0
    mean_90: Decimal | None = None
    count_90: int = 0
    mean_previous_30: Decimal | None = None
    count_previous_30: int = 0
    weeks: list[Week] = field(default_factory=list)
    open_findings: int = 0

    @property
    def band_30(self) -> str:
        return band_of(self.mean_30)

    @property
    def delta(self) -> Decimal | None:
        if self.mean_30 is None or self.mean_previous_30 is None:
            return None
        return self.mean_30 - self.mean_previous_30

    @property
    def trend(self) -> str:
        """up, down, steady, or "" when one of the two periods has no score."""
        delta = self.delta
        if delta is None:
            return ""
        if abs(delta) < STEADY_WITHIN:
            return "steady"
        return "up" if delta > 0 else "down"


@dataclass(slots=True)
class DimensionRow:
    dimension: str
    label: Any
    mean_30: Decimal | None
    count_30: int
    mean_90: Decimal | None
    count_90: int


@dataclass
class Scorecard:
    hall: Hall
    kind: str
    today: dt.date
    start_30: dt.date
    start_previous_30: dt.date
    start_90: dt.date
    rows: list[ScorecardRow]
    dimensions: list[DimensionRow]
    inspections_30: int
    inspections_90: int

    @property
    def overall_30(self) -> Decimal | None:
        return weighted_overall((row.mean_30, row.touchpoint.weight) for row in self.rows if row.applies)

    @property
    def overall_90(self) -> Decimal | None:
        return weighted_overall((row.mean_90, row.touchpoint.weight) for row in self.rows if row.applies)

    @property
    def overall_30_band(self) -> str:
        return band_of(self.overall_30)

    @property
    def overall_90_band(self) -> str:
        return band_of(self.overall_90)

    @property
    def open_findings(self) -> int:
        return sum(row.open_findings for row in self.rows)

    @property
    def weeks(self) -> list[Week]:
        """The weekly buckets (oldest first), without values: the columns of the weekly table."""
        return self.rows[0].weeks if self.rows else []


def _weeks(today: dt.date) -> list[Week]:
    weeks = []
    for index in range(SCORECARD_WEEKS - 1, -1, -1):
        end = today - dt.timedelta(days=7 * index)
        start = max(end - dt.timedelta(days=6), today - dt.timedelta(days=89))
        weeks.append(Week(start=start, end=end))
    return weeks


def hall_scorecard(*, user: Any, hall: Hall, kind: str = ReportKind.ALL, today: dt.date | None = None) -> Scorecard:
    """The hall's 16 touchpoints over the last 30 and 90 days (hall-local days, today included): four queries
    whatever the number of inspections (touchpoints, the hall's touchpoint map, scores by touchpoint and
    day, open findings by touchpoint) plus one for the dimensions."""
    today = today or hall.local_now().date()
    start_30 = today - dt.timedelta(days=29)
    start_previous_30 = today - dt.timedelta(days=59)
    start_90 = today - dt.timedelta(days=89)
    touchpoints = list(Touchpoint.objects.order_by("order"))
    applies = applicable_touchpoint_ids_by_hall([hall])[hall.pk]

    # Sums and counts per touchpoint and hall-local day; means are taken after adding the days up.
    daily = (
        TouchpointScore.objects.visible_to(user)
        .filter(kind_filter(kind), hall=hall, day__gte=start_90, day__lte=today)
        .values("touchpoint_id", "day")
        .annotate(total=Sum("score"), count=Count("pk"))
        .order_by()
    )
    sums: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), 0]))
    for row in daily:
        day, bucket = row["day"], sums[row["touchpoint_id"]]
        keys = ["90", f"week{(today - day).days // 7}"]
        keys.append("30" if day >= start_30 else "previous_30" if day >= start_previous_30 else "")
        for key in filter(None, keys):
            bucket[key][0] += row["total"]
            bucket[key][1] += row["count"]

    open_findings = dict(
        Finding.objects.visible_to(user)
        .filter(unverified_findings_q(), hall=hall)
        .values("touchpoint_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("touchpoint_id", "count")
    )

    rows = []
    for touchpoint in touchpoints:
        row = ScorecardRow(touchpoint=touchpoint, applies=touchpoint.pk in applies)
        row.open_findings = open_findings.get(touchpoint.pk, 0)
        row.weeks = _weeks(today)
        if row.applies:
            bucket = sums.get(touchpoint.pk, {})
            for key in ("30", "previous_30", "90"):
                total, count = bucket.get(key, (0, 0))
                setattr(row, f"mean_{key}", mean(total, count))
                setattr(row, f"count_{key}", count)
            for index, week in enumerate(reversed(row.weeks)):
                total, count = bucket.get(f"week{index}", (0, 0))
                week.mean, week.count = mean(total, count), count
        rows.append(row)

    dimensions, inspections_30, inspections_90 = _dimensions(user, hall, kind, start_30, start_90, today)
    return Scorecard(
        hall=hall,
        kind=kind,
        today=today,
        start_30=start_30,
        start_previous_30=start_previous_30,
        start_90=start_90,
        rows=rows,
        dimensions=dimensions,
        inspections_30=inspections_30,
        inspections_90=inspections_90,
    )


def _dimensions(
    user: Any, hall: Hall, kind: str, start_30: dt.date, start_90: dt.date, today: dt.date
) -> tuple[list[DimensionRow], int, int]:
    """Mean dimension scores of the inspections themselves (dimensions are stored per inspection, not per
    touchpoint), one query; the inspections are those submitted on the hall-local days of the windows."""
    tz = hall.tzinfo
    recent = Q(submitted_at__gte=local_midnight(start_30, tz))
    aggregates: dict[str, Any] = {"inspections_90": Count("pk"), "inspections_30": Count("pk", filter=recent)}
    for dimension in Dimension.values:
        value = Cast(KT(f"by_dimension__{dimension}"), DecimalField(max_digits=5, decimal_places=1))
        aggregates[f"{dimension}_total_90"] = Sum(value)
        aggregates[f"{dimension}_count_90"] = Count(value)
        aggregates[f"{dimension}_total_30"] = Sum(value, filter=recent)
        aggregates[f"{dimension}_count_30"] = Count(value, filter=recent)
    totals = (
        Inspection.objects.visible_to(user)
        .filter(
            kind_filter(kind),
            hall=hall,
            submitted_at__gte=local_midnight(start_90, tz),
            submitted_at__lt=local_midnight(today + dt.timedelta(days=1), tz),
        )
        .aggregate(**aggregates)
    )
    rows = [
        DimensionRow(
            dimension=dimension,
            label=Dimension(dimension).label,
            mean_30=mean(totals[f"{dimension}_total_30"], totals[f"{dimension}_count_30"]),
            count_30=totals[f"{dimension}_count_30"],
            mean_90=mean(totals[f"{dimension}_total_90"], totals[f"{dimension}_count_90"]),
            count_90=totals[f"{dimension}_count_90"],
        )
        for dimension in Dimension.values
    ]
    return rows, totals["inspections_30"], totals["inspections_90"]


# --- the region heatmap ---------------------------------------------------------------------------------
#
# Thousands of halls x 16 touchpoints: the arithmetic runs on integers (tenths of a point, exact for scores
# stored with one decimal) and cells become objects only for the rows somebody looks at.


def _from_tenths(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-1)


@dataclass(slots=True)
class HeatmapHall:
    """What the heatmap shows of a hall (read as plain values: thousands of them)."""

    pk: int
    code: str
    name: str
    kind: str
    kiosks: int
    region_code: str


@dataclass(slots=True)
class HeatmapCell:
    touchpoint: Touchpoint
    applies: bool
    mean: Decimal | None
    count: int

    @property
    def band(self) -> str:
        return band_of(self.mean)

    @property
    def text(self) -> str:
        """The mean as the page prints it (plain, not localised: 800 of them on a page)."""
        return "" if self.mean is None else str(self.mean)


@dataclass(slots=True)
class HeatmapRow:
    hall: HeatmapHall
    touchpoints: list[Touchpoint]
    means: list[int | None]  # tenths; None: no score (or the touchpoint does not apply)
    counts: list[int]
    applying: frozenset[int]  # ids of the touchpoints that apply in the hall
    overall_tenths: int | None
    weakest_index: int | None

    @property
    def overall(self) -> Decimal | None:
        return _from_tenths(self.overall_tenths)

    @property
    def weakest(self) -> HeatmapCell | None:
        if self.weakest_index is None:
            return None
        index = self.weakest_index
        return HeatmapCell(self.touchpoints[index], True, _from_tenths(self.means[index]), self.counts[index])

    @property
    def count(self) -> int:
        return sum(self.counts)

    @property
    def cells(self) -> list[HeatmapCell]:
        return [
            HeatmapCell(touchpoint, touchpoint.pk in self.applying, _from_tenths(value), count)
            for touchpoint, value, count in zip(self.touchpoints, self.means, self.counts, strict=True)
        ]


@dataclass(slots=True)
class ColumnSummary:
    touchpoint: Touchpoint
    mean: Decimal | None
    halls: int  # halls with a score at this touchpoint
    needing_attention: int  # of those, halls below ATTENTION_BELOW
    worst: HeatmapRow | None = None  # the hall with the lowest mean here
    worst_mean: Decimal | None = None

    @property
    def band(self) -> str:
        return band_of(self.mean)


@dataclass
class Heatmap:
    touchpoints: list[Touchpoint]
    rows: list[HeatmapRow]  # every hall, in the requested order
    columns: list[ColumnSummary]
    start: dt.date
    end: dt.date
    days: int
    kind: str
    sort: str

    @property
    def weakest(self) -> list[ColumnSummary]:
        scored = [column for column in self.columns if column.mean is not None]
        return sorted(scored, key=lambda column: (column.mean, column.touchpoint.order))[:WEAKEST_SHOWN]

    @property
    def overall(self) -> Decimal | None:
        return weighted_overall((column.mean, column.touchpoint.weight) for column in self.columns)

    @property
    def overall_band(self) -> str:
        return band_of(self.overall)


def heatmap_regions(*, user: Any) -> QuerySet[Region]:
    return Region.objects.visible_to(user).order_by("code")


def heatmap_today(region: Region | None) -> dt.date:
    """The report's today: the region's local date, or the server's when several regions are shown."""
    if region is None:
        return timezone.localdate()
    return timezone.now().astimezone(ZoneInfo(region.time_zone)).date()


def heatmap_halls(*, user: Any, region: Region | None = None, hall_kind: str = "") -> QuerySet[Hall]:
    halls = Hall.objects.visible_to(user)
    if region is not None:
        halls = halls.filter(region=region)
    if hall_kind:
        halls = halls.filter(kind=hall_kind)
    return halls


def heatmap_cell_queryset(
    *, user: Any, halls: QuerySet[Hall], start: dt.date, end: dt.date, kind: str = ReportKind.ALL
) -> QuerySet[TouchpointScore]:
    """Sum and number of scores per hall and touchpoint: one query grouped by hall and touchpoint over the
    narrow table (indexes on (day, hall, touchpoint) and (hall, touchpoint, day)). The sum comes in tenths of
    a point, as a whole number (scores have one decimal; rounding only guards SQLite's floating decimals)."""
    return (
        TouchpointScore.objects.visible_to(user)
        .filter(kind_filter(kind), hall__in=halls.order_by().values("pk"), day__gte=start, day__lte=end)
        .values_list("hall_id", "touchpoint_id")
        .annotate(total_tenths=Cast(Round(Sum("score") * 10), BigIntegerField()), count=Count("pk"))
        .order_by()
    )


def _plain_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list() of whole numbers (ids, sums in tenths, counts). On PostgreSQL read without the
    ORM's per-row converters (psycopg gives ints already; a region's tens of thousands of cells)."""
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def heatmap_cell_sums(
    *,
    user: Any,
    halls: QuerySet[Hall],
    start: dt.date,
    end: dt.date,
    kind: str = ReportKind.ALL,
    hall_ids: Collection[int] | None = None,
    touchpoint_count: int | None = None,
) -> dict[int, dict[int, tuple[int, int]]]:
    """hall id -> touchpoint id -> (sum of the scores in tenths, number of scores).

    For the halls of the user's whole regions (HQ, administrators) over 30 or 90 days, read from the nightly
    window roll-up ending yesterday plus today's raw rows (two queries); otherwise, or for halls without a
    full set of window rows, from the raw table (heatmap_cell_queryset). Both give the same numbers
    (inspections/tests/test_touchpoint_windows.py)."""
    sums: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    windowed = _window_cell_sums(user=user, halls=halls, start=start, end=end, kind=kind)
    if windowed is None:
        for hall_id, touchpoint_id, total, count in heatmap_cell_queryset(
            user=user, halls=halls, start=start, end=end, kind=kind
        ):
            sums[hall_id][touchpoint_id] = (total, count)
        return sums

    rows_per_hall, window_sums = windowed
    if touchpoint_count is None:
        touchpoint_count = Touchpoint.objects.count()
    if hall_ids is None:
        hall_ids = list(halls.order_by().values_list("pk", flat=True))
    complete = {hall_id for hall_id, rows in rows_per_hall.items() if rows >= touchpoint_count}
    for hall_id in complete:
        sums[hall_id] = window_sums[hall_id]
    for hall_id, touchpoint_id, total, count in _plain_rows(
        heatmap_cell_queryset(user=user, halls=halls, start=end, end=end, kind=kind)
    ):
        if hall_id in complete:
            before = sums[hall_id].get(touchpoint_id, (0, 0))
            sums[hall_id][touchpoint_id] = (before[0] + total, before[1] + count)
    missing = [hall_id for hall_id in hall_ids if hall_id not in complete]
    if missing:  # created since the last roll-up, or outside the user's whole regions
        raw_halls = halls.filter(pk__in=missing) if len(missing) <= 500 else halls.exclude(pk__in=complete)
        for hall_id, touchpoint_id, total, count in heatmap_cell_queryset(
            user=user, halls=raw_halls, start=start, end=end, kind=kind
        ):
            sums[hall_id][touchpoint_id] = (total, count)
    return sums


# Window columns (inspections.TouchpointWindow) behind each report kind.
WINDOW_GROUPS: dict[str, tuple[str, ...]] = {
    ReportKind.ALL: ("self", "patrol", "shop", "hidden_shop"),
    ReportKind.SELF: ("self",),
    ReportKind.PATROL: ("patrol",),
    ReportKind.MYSTERY_SHOP: ("shop", "hidden_shop"),
}


def _window_cell_sums(
    *, user: Any, halls: QuerySet[Hall], start: dt.date, end: dt.date, kind: str
) -> tuple[dict[int, int], dict[int, dict[int, tuple[int, int]]]] | None:
    """The roll-up's rows for the days before `end` (hall id -> number of rows, and the sums), or None when it
    cannot answer: a custom window, a user without whole regions (a hall's view must not count unpublished
    mystery shops, which the windows hold together with the rest), or no roll-up ending yesterday."""
    days = (end - start).days + 1
    scope = get_scope(user)
    if days not in WINDOW_DAYS or not (scope.is_admin or scope.region_ids):
        return None
    groups = WINDOW_GROUPS.get(kind, WINDOW_GROUPS[ReportKind.ALL])
    total = sum((F(f"{group}_total") for group in groups[1:]), F(f"{groups[0]}_total"))
    count = sum((F(f"{group}_count") for group in groups[1:]), F(f"{groups[0]}_count"))
    windows = TouchpointWindow.objects.visible_to(user).filter(
        as_of=end - dt.timedelta(days=1), days=days, hall__in=halls.order_by().values("pk")
    )
    if not scope.is_admin:  # only the halls of whole regions: a hall's view is read from the raw table
        windows = windows.filter(hall__region__in=sorted(scope.region_ids))
    rows_per_hall: dict[int, int] = defaultdict(int)
    sums: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for hall_id, touchpoint_id, tenths, number in _plain_rows(
        windows.values_list("hall_id", "touchpoint_id").annotate(
            tenths=Cast(Round(ExpressionWrapper(total * 10, output_field=DecimalField())), BigIntegerField()),
            number=ExpressionWrapper(count, output_field=BigIntegerField()),
        )
    ):
        rows_per_hall[hall_id] += 1
        if number:
            sums[hall_id][touchpoint_id] = (tenths, number)
    if not rows_per_hall:
        return None
    return rows_per_hall, sums


def _sort_key(sort: str):
    last = 10**6  # halls without any score go last in every order

    def weakest(row: HeatmapRow) -> int:
        return last if row.weakest_index is None else row.means[row.weakest_index]

    if sort == HeatmapSort.OVERALL_DESC:
        return lambda row: (row.overall_tenths is None, -(row.overall_tenths or 0), row.hall.code)
    if sort == HeatmapSort.WEAKEST:
        return lambda row: (weakest(row), last if row.overall_tenths is None else row.overall_tenths, row.hall.code)
    if sort == HeatmapSort.CODE:
        return lambda row: (row.hall.code,)
    return lambda row: (last if row.overall_tenths is None else row.overall_tenths, row.hall.code)


def region_heatmap(
    *,
    user: Any,
    region: Region | None = None,
    days: int = 30,
    kind: str = ReportKind.ALL,
    hall_kind: str = "",
    sort: str = HeatmapSort.OVERALL,
    today: dt.date | None = None,
) -> Heatmap:
    """Every hall the user sees (in the region, of the hall kind) x the 16 touchpoints over the last `days`
    days, ordered over all halls. Five queries whatever the number of halls: touchpoints, halls, the halls'
    touchpoint maps (two), and the scores grouped by hall and touchpoint; six for HQ and administrators over 30
    or 90 days (the window roll-up, then today's scores, or the raw table when there is no roll-up)."""
    end = today or heatmap_today(region)
    start = end - dt.timedelta(days=days - 1)
    touchpoints = list(Touchpoint.objects.order_by("order"))
    halls_qs = heatmap_halls(user=user, region=region, hall_kind=hall_kind)
    halls = [
        HeatmapHall(*values)
        for values in halls_qs.order_by("code").values_list("pk", "code", "name", "kind", "kiosks", "region__code")
    ]
    applies = applicable_touchpoint_ids_by_hall(halls, hall_ids=halls_qs.order_by().values("pk"))
    sums = heatmap_cell_sums(
        user=user,
        halls=halls_qs,
        start=start,
        end=end,
        kind=kind,
        hall_ids=[hall.pk for hall in halls],
        touchpoint_count=len(touchpoints),
    )
    # Weights in tenths (1.0 -> 10, 1.5 -> 15): overall = sum(mean x weight) / sum(weight), exact, half up.
    weights = [int(touchpoint.weight * 10) for touchpoint in touchpoints]
    position = {touchpoint.pk: index for index, touchpoint in enumerate(touchpoints)}
    size, nothing = len(touchpoints), {}

    rows = []
    for hall in halls:
        applying = applies[hall.pk]
        means: list[int | None] = [None] * size
        counts = [0] * size
        weighted = weight_sum = 0
        weakest: tuple[int, int] | None = None  # (mean, index): the lowest, then the earliest touchpoint
        for touchpoint_id, (total, count) in sums.get(hall.pk, nothing).items():
            if touchpoint_id not in applying:
                continue
            index = position[touchpoint_id]
            value = means[index] = (2 * total + count) // (2 * count)  # half up
            counts[index] = count
            weighted += value * weights[index]
            weight_sum += weights[index]
            if weakest is None or (value, index) < weakest:
                weakest = (value, index)
        overall = (2 * weighted + weight_sum) // (2 * weight_sum) if weight_sum else None
        rows.append(HeatmapRow(hall, touchpoints, means, counts, applying, overall, weakest and weakest[1]))
    rows.sort(key=_sort_key(sort))
    return Heatmap(
        touchpoints=touchpoints,
        rows=rows,
        columns=_columns(touchpoints, rows),
        start=start,
        end=end,
        days=days,
        kind=kind,
        sort=sort,
    )


def _columns(touchpoints: Sequence[Touchpoint], rows: Sequence[HeatmapRow]) -> list[ColumnSummary]:
    """Each touchpoint's mean over the halls (every hall counts once, however often it was inspected)."""
    attention = int(ATTENTION_BELOW * 10)
    columns = []
    for index, touchpoint in enumerate(touchpoints):
        total = halls = below = 0
        worst: HeatmapRow | None = None
        for row in rows:
            value = row.means[index]
            if value is None:
                continue
            total += value
            halls += 1
            below += value < attention
            if worst is None or (value, row.hall.code) < (worst.means[index], worst.hall.code):
                worst = row
        columns.append(
            ColumnSummary(
                touchpoint=touchpoint,
                mean=_from_tenths((2 * total + halls) // (2 * halls)) if halls else None,
                halls=halls,
                needing_attention=below,
                worst=worst,
                worst_mean=_from_tenths(worst.means[index]) if worst else None,
            )
        )
    return columns
