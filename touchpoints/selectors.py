"""Reads of touchpoints, standards, blueprints and halls' touchpoint maps.

Touchpoints, standards and blueprints are the company's method, the same for every hall: they are not
scoped (the rules decide who may read them at all). Halls' maps are hall data and go through visible_to.

For scoring (inspections, performance): `touchpoint_ids_in_order`, `touchpoint_weights`,
`applicable_touchpoint_ids(hall)` / `applicable_touchpoint_ids_by_hall(halls)` and
`current_standard_versions()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.roles import Role
from core.scoping import get_scope
from halls.models import Hall, IngestBatch, QueueHour

from .choices import LINE_BELOW_LANE, BlueprintLane
from .models import (
    BlueprintStep,
    Complaint,
    ComplaintStep,
    DevicePress,
    HallTouchpoint,
    ServiceStandard,
    ServiceStandardVersion,
    Touchpoint,
    applies_by_default,
)

# --- touchpoints ---------------------------------------------------------------------------------------


def touchpoint_list() -> QuerySet[Touchpoint]:
    """The 16 in the customer's order, with how many standards are in use at each."""
    return Touchpoint.objects.order_by("order").annotate(
        standard_count=Count("standards", filter=Q(standards__active=True))
    )


def touchpoint_ids_in_order() -> list[int]:
    """Primary keys of the 16 touchpoints, TP01 first."""
    return list(Touchpoint.objects.order_by("order").values_list("pk", flat=True))


def touchpoint_weights() -> dict[int, Decimal]:
    """Each touchpoint's weight in a hall score (1.0; 1.5 for the result and leaving, the peak-end rule)."""
    return dict(Touchpoint.objects.values_list("pk", "weight"))


def touchpoint_get(*, code: str) -> Touchpoint:
    return get_object_or_404(Touchpoint, code=code.upper())


# --- standards -----------------------------------------------------------------------------------------


def _current_versions() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=ServiceStandardVersion.objects.filter(is_current=True).select_related("created_by"),
    )


def standard_list(*, touchpoint: Touchpoint | None = None, active_only: bool = True) -> QuerySet[ServiceStandard]:
    """Standards with their current version prefetched (`standard.current_version` costs no query)."""
    queryset = ServiceStandard.objects.select_related("touchpoint").prefetch_related(_current_versions())
    if touchpoint is not None:
        queryset = queryset.filter(touchpoint=touchpoint)
    if active_only:
        queryset = queryset.filter(active=True)
    return queryset.order_by("touchpoint__order", "order", "pk")


def standard_get(*, pk: int) -> ServiceStandard:
    """One standard with all its versions, newest first, and who wrote each."""
    queryset = ServiceStandard.objects.select_related("touchpoint").prefetch_related(
        Prefetch("versions", queryset=ServiceStandardVersion.objects.select_related("created_by").order_by("-number"))
    )
    return get_object_or_404(queryset, pk=pk)


def current_standard_versions(*, touchpoint: Touchpoint | None = None) -> QuerySet[ServiceStandardVersion]:
    """The version in force of every standard in use, in touchpoint order: what a new checklist or an
    inspection should point at. Store the version's id; later edits add versions and never change it."""
    queryset = ServiceStandardVersion.objects.filter(is_current=True, standard__active=True).select_related(
        "standard__touchpoint"
    )
    if touchpoint is not None:
        queryset = queryset.filter(standard__touchpoint=touchpoint)
    return queryset.order_by("standard__touchpoint__order", "standard__order", "standard__pk")


def standard_version_list() -> QuerySet[ServiceStandardVersion]:
    return ServiceStandardVersion.objects.select_related("standard__touchpoint", "created_by").order_by(
        "standard__touchpoint__order", "standard__order", "standard__pk", "-number"
    )


# --- blueprints ----------------------------------------------------------------------------------------


@dataclass
class BlueprintLaneRow:
    lane: str
    label: str
    line_below: str | None
    cells: list[BlueprintStep | None] = field(default_factory=list)


@dataclass
class BlueprintGrid:
    columns: list[int]
    lanes: list[BlueprintLaneRow]
    fail_points: list[BlueprintStep]

    @property
    def is_empty(self) -> bool:
        return not self.columns


def blueprint_steps(*, touchpoint: Touchpoint | None = None) -> QuerySet[BlueprintStep]:
    queryset = BlueprintStep.objects.select_related("touchpoint")
    if touchpoint is not None:
        queryset = queryset.filter(touchpoint=touchpoint)
    return queryset.order_by("touchpoint__order", "column", "lane")


def blueprint_grid(*, touchpoint: Touchpoint) -> BlueprintGrid:
    """The blueprint as lanes (top to bottom) by columns (left to right), empty cells as None."""
    steps = list(BlueprintStep.objects.filter(touchpoint=touchpoint))
    last = max((step.column for step in steps), default=0)
    columns = list(range(1, last + 1))
    cells = {(step.lane, step.column): step for step in steps}
    lanes = [
        BlueprintLaneRow(
            lane=lane.value,
            label=str(lane.label),
            line_below=str(LINE_BELOW_LANE[lane]) if lane in LINE_BELOW_LANE else None,
            cells=[cells.get((lane.value, column)) for column in columns],
        )
        for lane in BlueprintLane
    ]
    lane_order = {lane.value: index for index, lane in enumerate(BlueprintLane)}
    fail_points = sorted((s for s in steps if s.fail_point), key=lambda s: (s.column, lane_order[s.lane]))
    return BlueprintGrid(columns=columns, lanes=lanes, fail_points=fail_points)


# --- halls' touchpoint maps ----------------------------------------------------------------------------


def map_halls(*, user: Any) -> QuerySet[Hall]:
    """The halls whose touchpoint map the user may open, with their region."""
    return Hall.objects.visible_to(user).select_related("region").order_by("code")


def map_hall_get(*, user: Any, pk: int) -> Hall:
    return get_object_or_404(map_halls(user=user), pk=pk)


def hall_touchpoint_list(*, user: Any) -> QuerySet[HallTouchpoint]:
    return (
        HallTouchpoint.objects.visible_to(user)
        .select_related("hall", "touchpoint", "zone", "updated_by")
        .order_by("hall__code", "touchpoint__order")
    )


def applicable_touchpoint_ids_by_hall(halls: Iterable[Hall], hall_ids: Any = None) -> dict[int, frozenset[int]]:
    """For each hall, the ids of the touchpoints that apply there. Two queries for any number of halls.

    A touchpoint applies unless the hall's map says it does not, or (while nobody has set it) the default
    says so: self-service (TP09) does not apply in a hall without kiosks. Scores must leave out the others.
    `hall_ids`: the same halls' ids as a subquery (a region's thousands of halls: no list of ids in the SQL).
    """
    halls = list(halls)
    touchpoints = list(Touchpoint.objects.values_list("pk", "code"))
    overrides: dict[int, dict[int, bool]] = defaultdict(dict)
    rows = HallTouchpoint.objects.filter(
        hall_id__in=[hall.pk for hall in halls] if hall_ids is None else hall_ids, customised=True
    ).values_list("hall_id", "touchpoint_id", "applies")
    for hall_id, touchpoint_id, applies in rows:
        overrides[hall_id][touchpoint_id] = applies
    result = {}
    for hall in halls:
        hall_overrides = overrides.get(hall.pk, {})
        result[hall.pk] = frozenset(
            pk for pk, code in touchpoints if hall_overrides.get(pk, applies_by_default(kiosks=hall.kiosks, code=code))
        )
    return result


def applicable_touchpoint_ids(hall: Hall) -> frozenset[int]:
    """The ids of the touchpoints that apply in one hall (see `applicable_touchpoint_ids_by_hall`)."""
    return applicable_touchpoint_ids_by_hall([hall])[hall.pk]


# --- the customer's voice: complaints, queue figures, deliveries ------------------------------------------


def halls_run_by(*, user: Any) -> QuerySet[Hall]:
    """The halls where the user may record complaints and send data: as administrator, as the hall's manager,
    or as HQ of its region (inspectors see halls but do not run them)."""
    scope = get_scope(user)
    halls = Hall.objects.select_related("region").order_by("code")
    if scope.is_admin:
        return halls
    managed = [pk for pk, roles in scope.hall_roles.items() if Role.MANAGER in roles]
    governed = [pk for pk, roles in scope.region_roles.items() if Role.HQ in roles]
    return halls.filter(Q(pk__in=managed) | Q(region__in=governed))


def complaint_list(*, user: Any) -> QuerySet[Complaint]:
    """Complaints the user sees, with what a list row shows: four queries for a page, however long."""
    return (
        Complaint.objects.visible_to(user)
        .select_related("hall", "touchpoint", "staff")
        .annotate(step_count=Count("steps"))
        .order_by("-occurred_at", "-pk")
    )


def complaint_get(*, user: Any, pk: int) -> Complaint:
    queryset = (
        Complaint.objects.visible_to(user)
        .select_related("hall__region", "touchpoint", "staff", "standard__touchpoint", "created_by")
        .prefetch_related(Prefetch("steps", queryset=ComplaintStep.objects.select_related("by").order_by("at", "pk")))
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class HistoryEntry:
    when: Any
    who: str
    kind: str  # "+" created, "~" changed
    reason: str
    changes: list[tuple[str, str, str]]  # (field label, before, after)


# Fields not worth showing in a complaint's history.
_HISTORY_SKIP = {"updated_at", "created_at", "resolved_at", "staff_basis"}


def _show(record: Any, field: Any) -> str:
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        target = getattr(record, field.name, None)
        return str(target) if target is not None else "—"
    if hasattr(value, "astimezone"):
        return f"{timezone.localtime(value, record.hall.tzinfo):%Y-%m-%d %H:%M}"
    return str(value)


def complaint_history(*, complaint: Complaint) -> list[HistoryEntry]:
    """What changed, who changed it and when, newest first (from django-simple-history)."""
    records = list(
        complaint.history.select_related("history_user", "hall", "staff", "touchpoint", "standard").order_by(
            "history_date", "history_id"
        )
    )
    fields = [f for f in Complaint._meta.concrete_fields if f.name not in _HISTORY_SKIP and f.name != "id"]
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            for field in fields:
                if getattr(previous, field.attname) != getattr(record, field.attname):
                    changes.append((str(field.verbose_name), _show(previous, field), _show(record, field)))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "—",
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    return list(reversed(entries))


def queue_hours(*, user: Any, hall: Hall, day: Any) -> QuerySet[QueueHour]:
    return QueueHour.objects.visible_to(user).filter(hall=hall, day=day).order_by("hour")


def press_counts_by_hour(*, user: Any, hall: Hall, day: Any) -> dict[int, dict[str, int]]:
    """Device presses of one local day by local hour and rating (one query)."""
    presses = (
        DevicePress.objects.visible_to(user).filter(hall=hall, service_day=day).values_list("occurred_at", "rating")
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for occurred_at, rating in presses:
        counts[occurred_at.astimezone(hall.tzinfo).hour][rating] += 1
    return counts


def batch_list(*, user: Any, hall: Hall) -> QuerySet[IngestBatch]:
    return IngestBatch.objects.visible_to(user).filter(hall=hall).select_related("by").order_by("-created_at", "-pk")


def voice_days(*, user: Any, hall: Hall, limit: int = 31) -> list[Any]:
    """The latest local days that have queue figures or presses, newest first."""
    hours = QueueHour.objects.visible_to(user).filter(hall=hall)
    presses = DevicePress.objects.visible_to(user).filter(hall=hall)
    days = set(hours.order_by("-day").values_list("day", flat=True).distinct()[:limit])
    days |= set(presses.order_by("-service_day").values_list("service_day", flat=True).distinct()[:limit])
    return sorted(days, reverse=True)[:limit]
