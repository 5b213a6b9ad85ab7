"""Reads of assignments and plans, already narrowed to the user: the assignment list, what a user has to do
today, the checklist version each assignment starts with, and completion (done / (done + overdue)) per hall,
kind and period, which later KPIs use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from core.scoping import get_scope
from halls.models import Region

from .choices import AssignmentStatus, InspectionKind
from .models import Assignment, InspectionPlan, TemplateVersion

OPEN = (AssignmentStatus.SCHEDULED, AssignmentStatus.OVERDUE)
# The "today" list keeps a missed assignment this many days; older ones are on the assignments page.
OVERDUE_SHOWN_DAYS = 7


def assignment_list(*, user: Any) -> QuerySet[Assignment]:
    return (
        Assignment.objects.visible_to(user)
        .select_related("hall", "template", "assignee", "inspection")
        .order_by("due_at", "pk")
    )


def mine_q(user: Any) -> Q:
    """What is the user's to do: given to them, or a daily check of a hall they run or inspect."""
    halls = sorted(get_scope(user).hall_ids)
    own_checks = Q(assignee__isnull=True, hall__in=halls, kind__in=sorted(InspectionKind.self_inspections()))
    return Q(assignee=user) | own_checks


def assignments_to_do(*, user: Any, now: dt.datetime | None = None) -> list[Assignment]:
    """The user's open assignments that start by the end of the hall's today, missed ones of the last week
    first, then by start time."""
    now = now or timezone.now()
    rows = (
        assignment_list(user=user)
        .filter(mine_q(user), status__in=OPEN)
        .filter(due_at__gte=now - dt.timedelta(days=OVERDUE_SHOWN_DAYS), window_start__lt=now + dt.timedelta(days=2))
        .select_related("hall__region")
    )
    todo = []
    for assignment in rows:
        local_today = now.astimezone(assignment.hall.tzinfo).date()
        if assignment.window_start.astimezone(assignment.hall.tzinfo).date() <= local_today:
            assignment.is_late = assignment.due_at < now
            assignment.is_current = assignment.window_start <= now <= assignment.due_at
            todo.append(assignment)
    todo.sort(key=lambda a: (not a.is_late, a.window_start, a.pk))
    return todo


def start_versions(template_ids: Iterable[int]) -> dict[int, TemplateVersion]:
    """The version each template's assignments are filled in with: its latest published one (one query)."""
    latest: dict[int, TemplateVersion] = {}
    versions = TemplateVersion.objects.filter(
        template__in=sorted(set(template_ids)), published_at__isnull=False
    ).order_by("template", "-number")
    for version in versions:
        latest.setdefault(version.template_id, version)
    return latest


def published_versions_prefetch() -> Prefetch:
    """For lists that show each assignment's version to start with, without a query per row."""
    return Prefetch(
        "template__versions",
        queryset=TemplateVersion.objects.filter(published_at__isnull=False).order_by("-number"),
        to_attr="published_versions",
    )


# --- completion -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """Done against done + overdue. Scheduled (not yet due) and cancelled assignments do not count; one done
    late counts as done."""

    done: int = 0
    overdue: int = 0

    @property
    def counted(self) -> int:
        return self.done + self.overdue

    @property
    def rate(self) -> Decimal | None:
        """Percent with one decimal, rounded half up; None when nothing was due."""
        if not self.counted:
            return None
        return (Decimal(100) * self.done / self.counted).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __add__(self, other: Completion) -> Completion:
        return Completion(self.done + other.done, self.overdue + other.overdue)


def month_range(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month as aware datetimes in the project's time zone (the halls' usual one)."""
    first = month.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_default_timezone()
    return dt.datetime.combine(first, dt.time(), tzinfo=zone), dt.datetime.combine(after, dt.time(), tzinfo=zone)


def _counts(assignments: QuerySet[Assignment], *fields: str) -> QuerySet:
    return (
        assignments.order_by()
        .values(*fields)
        .annotate(
            done=Count("pk", filter=Q(status=AssignmentStatus.DONE)),
            overdue=Count("pk", filter=Q(status=AssignmentStatus.OVERDUE)),
        )
    )


def completion_by_hall(
    assignments: QuerySet[Assignment], *, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> dict[int, dict[str, Completion]]:
    """{hall id: {kind: Completion}} for the assignments due in [start, end) (one query). Pass a queryset
    already scoped to the user (assignment_list) or, for system jobs such as KPIs, Assignment.objects."""
    if start is not None:
        assignments = assignments.filter(due_at__gte=start)
    if end is not None:
        assignments = assignments.filter(due_at__lt=end)
    result: dict[int, dict[str, Completion]] = {}
    for row in _counts(assignments, "hall_id", "kind"):
        result.setdefault(row["hall_id"], {})[row["kind"]] = Completion(row["done"], row["overdue"])
    return result


def completion_by_kind(assignments: QuerySet[Assignment]) -> dict[str, Completion]:
    """{kind: Completion} over the given assignments (one query)."""
    return {row["kind"]: Completion(row["done"], row["overdue"]) for row in _counts(assignments, "kind")}


def hall_completion(
    *, user: Any, start: dt.datetime, end: dt.datetime, halls: Iterable[int] | None = None
) -> dict[int, dict[str, Completion]]:
    """Inspection completion per hall and kind over a period, as the user may see it (a hall's own people
    never count its mystery visits). The KPI of issue #5 ("inspection completion")."""
    assignments = Assignment.objects.visible_to(user)
    if halls is not None:
        assignments = assignments.filter(hall__in=list(halls))
    return completion_by_hall(assignments, start=start, end=end)


# --- plans ------------------------------------------------------------------------------------------------


def plan_regions(*, user: Any) -> list[tuple[Region, InspectionPlan | None]]:
    """The regions whose plan the user governs (HQ's regions; all for administrators), each with its own plan
    (None: it follows the default). Two queries."""
    scope = get_scope(user)
    regions = Region.objects.visible_to(user).order_by("code")
    if not scope.is_admin:
        regions = regions.filter(pk__in=sorted(scope.region_ids))
    regions = list(regions)
    plans = {plan.region_id: plan for plan in InspectionPlan.objects.filter(region__in=regions)}
    return [(region, plans.get(region.pk)) for region in regions]


def default_plan() -> InspectionPlan | None:
    return InspectionPlan.objects.filter(region__isnull=True).order_by("-active", "pk").first()
