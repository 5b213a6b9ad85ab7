"""The window roll-up of touchpoint scores (`TouchpointWindow`, docs/performance.md "Touchpoint heatmap"): per hall
and touchpoint, the sums and counts of `TouchpointScore` over the 30 and 90 days ending on `as_of` (yesterday),
split into self-inspections, patrols, published and unpublished mystery shops. Reports add today from the raw
table (inspections/reports.py, `heatmap_cell_sums`).

- `touchpoint_windows_rebuild(as_of)`: nightly (Celery beat, `manage.py touchpoint_windows_rebuild`): one
  INSERT ... SELECT ... GROUP BY per window, plus a zero row for every other hall and touchpoint, replacing that
  as_of's rows and deleting older ones in one transaction.
- `touchpoint_windows_adjust(old, new)`: called by `touchpoint_scores_write` / `touchpoint_scores_rebuild` with an
  inspection's rows before and after, adds the difference to every window row whose days contain the rows' day,
  so a correction, a publication or an upheld appeal of an older inspection keeps the windows exact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..choices import InspectionKind
from ..models import TouchpointWindow

WINDOW_DAYS = (30, 90)
# The groups of a window row: column prefix -> SQL condition on the score row `s` (parameters in order).
GROUPS = ("self", "patrol", "shop", "hidden_shop")
SELF_KINDS = tuple(sorted(InspectionKind.self_inspections()))


class ScoreRow(NamedTuple):
    """What a window needs of one TouchpointScore row."""

    hall_id: int
    touchpoint_id: int
    day: dt.date
    kind: str
    visible_to_hall: bool
    score: Decimal


def group_of(kind: str, visible_to_hall: bool) -> str:
    if kind in SELF_KINDS:
        return "self"
    if kind == InspectionKind.PATROL:
        return "patrol"
    return "shop" if visible_to_hall else "hidden_shop"


def _group_sql() -> tuple[str, list]:
    """The select list of the sums per group, portable (SUM(CASE ...) works on SQLite and PostgreSQL)."""
    marks = ", ".join(["%s"] * len(SELF_KINDS))
    conditions = {
        "self": (f"s.kind IN ({marks})", list(SELF_KINDS)),
        "patrol": ("s.kind = %s", [InspectionKind.PATROL.value]),
        "shop": ("s.kind = %s AND s.visible_to_hall", [InspectionKind.MYSTERY_SHOP.value]),
        "hidden_shop": ("s.kind = %s AND NOT s.visible_to_hall", [InspectionKind.MYSTERY_SHOP.value]),
    }
    parts, params = [], []
    for group in GROUPS:
        condition, values = conditions[group]
        parts.append(f"COALESCE(SUM(CASE WHEN {condition} THEN s.score END), 0)")
        parts.append(f"COUNT(CASE WHEN {condition} THEN 1 END)")
        params += values * 2
    return ", ".join(parts), params


def touchpoint_windows_rebuild(as_of: dt.date | None = None, days: Iterable[int] = WINDOW_DAYS) -> dict[int, int]:
    """Build the windows ending on `as_of` (default: yesterday, server time zone), replacing that as_of's rows and
    deleting older ones, in one transaction. Returns days -> rows written. A window of `days` days covers
    `as_of - days + 2 .. as_of` (the report's today, as_of + 1, comes from the raw table)."""
    today = timezone.localdate()
    as_of = as_of or today - dt.timedelta(days=1)
    days = tuple(sorted(set(days)))
    if as_of >= today:
        raise ValueError(f"as_of: {as_of} is not before today ({today}); today is always read from the raw table.")
    if not days or any(value not in WINDOW_DAYS for value in days):
        raise ValueError(f"days: {list(days)} must be among {list(WINDOW_DAYS)}.")
    table = TouchpointWindow._meta.db_table
    columns = ", ".join(f"{group}_total, {group}_count" for group in GROUPS)
    sums, sum_params = _group_sql()
    zeros = ", ".join("0, 0" for _ in GROUPS)
    written: dict[int, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Corrections (touchpoint_windows_adjust) wait until the new rows exist, so none falls between the
            # snapshot of the INSERT below and the commit. SQLite serialises writers anyway.
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        TouchpointWindow.objects.filter(Q(as_of__lt=as_of) | Q(as_of=as_of, days__in=days)).delete()
        for window in days:
            first = as_of - dt.timedelta(days=window - 2)
            cursor.execute(
                # Only the model's table and column names are formatted in; values are parameters.
                f"INSERT INTO {table} (as_of, days, hall_id, touchpoint_id, {columns}) "  # noqa: S608
                f"SELECT %s, %s, s.hall_id, s.touchpoint_id, {sums} FROM inspections_touchpointscore s "
                "WHERE s.day >= %s AND s.day <= %s GROUP BY s.hall_id, s.touchpoint_id",
                [as_of, window, *sum_params, first, as_of],
            )
            scored = cursor.rowcount
            # A zero row for every other hall and touchpoint: a later correction has a row to adjust, and a hall
            # without rows (created since) is read from the raw table.
            cursor.execute(
                f"INSERT INTO {table} (as_of, days, hall_id, touchpoint_id, {columns}) "  # noqa: S608
                f"SELECT %s, %s, h.id, t.id, {zeros} FROM halls_hall h CROSS JOIN touchpoints_touchpoint t "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} w WHERE w.as_of = %s AND w.days = %s "
                "AND w.hall_id = h.id AND w.touchpoint_id = t.id)",
                [as_of, window, as_of, window],
            )
            written[window] = scored + cursor.rowcount
    return written


def touchpoint_windows_adjust(old: Iterable[ScoreRow], new: Iterable[ScoreRow]) -> int:
    """Add the difference between an inspection's old and new score rows to the window rows whose days contain
    them: one UPDATE per hall, touchpoint and day that changed (all windows at once). Rows of today (or later)
    are in no window: nothing to do for a fresh submission. Returns the number of UPDATE statements."""
    first_open_day = timezone.localdate()  # windows end yesterday at the latest (touchpoint_windows_rebuild)
    deltas: dict[tuple[int, int, dt.date], dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [Decimal(0), 0]))
    for sign, rows in ((-1, old), (1, new)):
        for row in rows:
            if row.day >= first_open_day:
                continue
            delta = deltas[(row.hall_id, row.touchpoint_id, row.day)][group_of(row.kind, row.visible_to_hall)]
            delta[0] += sign * Decimal(str(row.score))
            delta[1] += sign
    updates = 0
    for (hall_id, touchpoint_id, day), groups in deltas.items():
        changes = {}
        for group, (total, count) in groups.items():
            if total or count:
                changes[f"{group}_total"] = F(f"{group}_total") + total
                changes[f"{group}_count"] = F(f"{group}_count") + count
        if not changes:
            continue
        windows = Q(pk__in=[])
        for window in WINDOW_DAYS:
            windows |= Q(days=window, as_of__gte=day, as_of__lte=day + dt.timedelta(days=window - 2))
        TouchpointWindow.objects.filter(windows, hall_id=hall_id, touchpoint_id=touchpoint_id).update(**changes)
        updates += 1
    return updates


__all__ = ["WINDOW_DAYS", "ScoreRow", "group_of", "touchpoint_windows_adjust", "touchpoint_windows_rebuild"]
