"""Reads of incentive schemes, runs, hall pools and lines, already scoped to the user (visible_to), with
their related rows fetched in a fixed number of queries (the pages' query counts do not grow with halls or
lines)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from core.scoping import get_scope
from halls.choices import HallStatus
from halls.models import Hall, Region
from staffing.models import StaffMember

from .models import HallPool, IncentiveLine, IncentiveRun, IncentiveScheme, KpiDefinition, SchemeKpi


# --- schemes ---------------------------------------------------------------------------------------------
def _scheme_scope_q(user: Any) -> Q | None:
    """Managers read the schemes of their halls' regions and kinds (the scheme model is region-scoped)."""
    scope = get_scope(user)
    if scope.is_admin:
        return None
    q = Q(pk__in=IncentiveScheme.objects.visible_to(user).values("pk"))
    for region_id, kind in Hall.objects.visible_to(user).values_list("region_id", "kind").distinct():
        q |= Q(region_id=region_id, hall_kind=kind)
    return q


def scheme_list(*, user: Any) -> QuerySet[IncentiveScheme]:
    """Scheme versions the user may read, each marked `is_used` (a run has used it)."""
    queryset = IncentiveScheme.objects.all()
    q = _scheme_scope_q(user)
    if q is not None:
        queryset = queryset.filter(q)
    return (
        queryset.select_related("region", "created_by")
        .annotate(is_used=Exists(HallPool.objects.filter(scheme=OuterRef("pk"))), kpi_count=Count("kpis"))
        .order_by("region__code", "hall_kind", "-version")
    )


def scheme_get(*, user: Any, pk: int) -> IncentiveScheme:
    return get_object_or_404(scheme_list(user=user), pk=pk)


def scheme_kpis(scheme: IncentiveScheme) -> list[SchemeKpi]:
    return list(scheme.kpis.select_related("kpi").order_by("kpi__order", "kpi__code"))


def schemes_in_force(schemes: list[IncentiveScheme], month: Any) -> set[int]:
    """Ids of the versions in force in `month` among `schemes` (the highest version per region and kind whose
    in-force-from month is not after it)."""
    best: dict[tuple[int, str], IncentiveScheme] = {}
    for scheme in schemes:
        if scheme.effective_from > month:
            continue
        key = (scheme.region_id, scheme.hall_kind)
        if key not in best or scheme.version > best[key].version:
            best[key] = scheme
    return {scheme.pk for scheme in best.values()}


def regions_managed(*, user: Any) -> QuerySet[Region]:
    """Regions whose schemes and runs the user may manage (HQ's regions; all for administrators)."""
    regions = Region.objects.visible_to(user).order_by("code")
    return regions.filter(pk__in=[r.pk for r in regions if user.has_perm("performance.add_incentivescheme", r)])


def active_kpis() -> QuerySet[KpiDefinition]:
    return KpiDefinition.objects.filter(active=True).order_by("order", "code")


# --- runs ------------------------------------------------------------------------------------------------
def run_list(*, user: Any) -> QuerySet[IncentiveRun]:
    """Runs with their totals over the halls and the number of corrections: one query per page."""
    return (
        IncentiveRun.objects.visible_to(user)
        .select_related("region", "corrects")
        .annotate(
            hall_count=Count("pools", distinct=True),
            total_pool=Sum("pools__pool"),
            total_paid=Sum("pools__paid"),
            total_withheld=Sum("pools__withheld"),
            reviewed_count=Count("pools", filter=Q(pools__reviewed_at__isnull=False), distinct=True),
            correction_count=Count("corrections", distinct=True),
        )
        .order_by("-month", "region__code", "-pk")
    )


def run_get(*, user: Any, pk: int) -> IncentiveRun:
    return get_object_or_404(run_list(user=user), pk=pk)


def run_pools(*, user: Any, run: IncentiveRun) -> list[HallPool]:
    """The run's pools the user may see, each with `line_count` and `frozen_lines`."""
    return list(
        HallPool.objects.visible_to(user)
        .filter(run=run)
        .select_related("hall", "scheme", "reviewed_by")
        .annotate(
            line_count=Count("lines"),
            frozen_lines=Count("lines", filter=Q(lines__frozen=True)),
        )
        .order_by("hall__code")
    )


def run_halls_without_pool(run: IncentiveRun, pools: list[HallPool]) -> list[Hall]:
    """Open halls of the run's region that got no pool (no scheme in force for their kind)."""
    have = {pool.hall_id for pool in pools}
    halls = Hall.objects.filter(region_id=run.region_id, status__in=[HallStatus.OPEN, HallStatus.RENOVATING])
    return [hall for hall in halls.order_by("code") if hall.pk not in have]


def pool_list(*, user: Any) -> QuerySet[HallPool]:
    """Pools of the halls the user runs, newest month first (what a manager's incentive page lists)."""
    return (
        HallPool.objects.visible_to(user)
        .select_related("hall", "run__region", "reviewed_by")
        .annotate(line_count=Count("lines"))
        .order_by("-run__month", "hall__code", "-run__pk")
    )


def pool_get(*, user: Any, pk: int) -> HallPool:
    queryset = HallPool.objects.visible_to(user).select_related("hall__region", "run__region", "scheme", "reviewed_by")
    return get_object_or_404(queryset, pk=pk)


def pool_lines(pool: HallPool) -> list[IncentiveLine]:
    return list(pool.lines.select_related("staff").order_by("staff__name", "pk"))


def pool_history(pool: HallPool, lines: list[IncentiveLine], limit: int = 50) -> list[dict[str, Any]]:
    """Who changed what when, on the pool and its lines (simple-history), newest first, in two queries."""
    entries: list[dict[str, Any]] = []
    names = {line.pk: line.staff.name for line in lines}
    pool_rows = list(
        HallPool.history.filter(id=pool.pk).select_related("history_user").order_by("-history_date")[:limit]
    )
    line_rows = list(
        IncentiveLine.history.filter(pool_id=pool.pk).select_related("history_user").order_by("-history_date")[:limit]
    )
    for rows, kind in ((pool_rows, "pool"), (line_rows, "line")):
        previous: dict[int, Any] = {}
        for row in reversed(rows):  # oldest first, to diff each against the one before it
            before = previous.get(row.id)
            changes = []
            if before is not None:
                delta = row.diff_against(before)
                changes = [
                    {"field": change.field, "old": change.old, "new": change.new}
                    for change in delta.changes
                    if change.field not in ("explanation", "reviewed_by")
                ]
            previous[row.id] = row
            if kind == "line" and row.history_type == "+":
                continue  # every line is created by the computation: the pool's own entry says so
            entries.append(
                {
                    "when": row.history_date,
                    "who": row.history_user.get_username() if row.history_user else "",
                    "what": kind,
                    "name": names.get(row.id, "") if kind == "line" else pool.hall.code,
                    "type": row.history_type,
                    "changes": changes,
                }
            )
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries[:limit]


# --- lines -----------------------------------------------------------------------------------------------
def line_list(*, user: Any) -> QuerySet[IncentiveLine]:
    return (
        IncentiveLine.objects.visible_to(user)
        .select_related("staff", "pool__hall", "pool__run__region")
        .order_by("-pool__run__month", "pool__hall__code", "staff__name", "pk")
    )


def line_get(*, user: Any, pk: int) -> IncentiveLine:
    queryset = IncentiveLine.objects.visible_to(user).select_related(
        "staff", "pool__hall__region", "pool__run__region", "pool__scheme"
    )
    return get_object_or_404(queryset, pk=pk)


def own_lines(*, user: Any, member: StaffMember | None = None) -> QuerySet[IncentiveLine]:
    """The user's own lines (through their staff records), newest month first."""
    queryset = line_list(user=user).filter(staff__user=user)
    if member is not None:
        queryset = queryset.filter(staff=member)
    return queryset
