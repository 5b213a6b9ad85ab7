"""Everything the incentive arithmetic needs for one region and month, gathered in a fixed number of queries
(neither per hall nor per person): about fifteen, whatever the size of the region.

Months are the halls' local calendars: rows with a local date (facts, shifts, presses, touchpoint scores) are
filtered on it; rows with a timestamp (inspections, complaints) are read over a window a day wider than the
month on both sides and kept when their local date, in their hall's time zone, falls in the month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum

from halls.choices import HallStatus
from halls.models import Hall
from inspections.choices import AppealStatus, InspectionKind, InspectionStatus
from inspections.models import Answer, Appeal, Inspection, TouchpointScore
from staffing.choices import RosterStatus
from staffing.models import GradeChange, Shift, StaffMember
from touchpoints.choices import ComplaintOutcome, ComplaintSeverity, Rating
from touchpoints.models import Complaint, DevicePress, Touchpoint

from ..incentive_models import IncentiveScheme, SchemeKpi
from ..kpi_models import DailyFact, KpiDefinition, KpiTarget
from ..kpis.definitions import FORMULAS, value_of
from .schemes import schemes_in_force

CENT = Decimal("0.01")
CRITICAL_FAIL = "critical_fail"
SERIOUS_COMPLAINT = "serious_complaint"
# A pending appeal on a mystery shop freezes the whole hall when the scheme counts one of these formulas.
SHOP_FORMULAS = frozenset({"mystery_shop", "touchpoint_score"})


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


@dataclass
class KpiInput:
    kpi: KpiDefinition
    weight: Decimal
    value: Decimal | None
    target: Decimal | None
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)


@dataclass
class Shop:
    inspection_id: int
    hall_id: int
    day: dt.date
    overall: Decimal
    by_touchpoint: dict[str, Any]


@dataclass
class Person:
    """One person's month, whatever hall they worked in."""

    staff_id: int
    name: str
    number: str
    grade: int
    shops: list[Shop] = field(default_factory=list)
    presses: int = 0
    satisfied: int = 0

    @property
    def mystery_score(self) -> Decimal | None:
        """Mean overall score of the month's published shops where observed, 2 decimals half up."""
        if not self.shops:
            return None
        return (sum((s.overall for s in self.shops), Decimal(0)) / len(self.shops)).quantize(CENT, ROUND_HALF_UP)

    @property
    def satisfaction(self) -> Decimal | None:
        """Satisfied presses / all presses attributed × 100, 2 decimals half up."""
        if not self.presses:
            return None
        return (Decimal(100 * self.satisfied) / self.presses).quantize(CENT, ROUND_HALF_UP)


@dataclass
class GateEvent:
    kind: str  # CRITICAL_FAIL or SERIOUS_COMPLAINT
    ref_id: int  # inspection id or complaint id
    hall_id: int
    day: dt.date
    staff_ids: tuple[int, ...]
    detail: str = ""  # inspection kind or complaint severity


@dataclass
class PendingAppeal:
    appeal_id: int
    inspection_id: int
    hall_id: int
    day: dt.date
    staff_ids: tuple[int, ...]


@dataclass
class HallInput:
    hall: Hall
    scheme: IncentiveScheme
    kpis: list[KpiInput]
    hours: dict[int, Decimal]  # staff id -> hours rostered in this hall
    gates: list[GateEvent]
    appeals: list[PendingAppeal]  # pending appeals on the month's shops of this hall
    touchpoints: list[dict[str, Any]]  # {"code", "name", "score", "count"}


@dataclass
class MonthInputs:
    region_id: int
    month: dt.date
    halls: list[HallInput]
    no_scheme: list[Hall]
    people: dict[int, Person]
    person_appeals: dict[int, list[PendingAppeal]]  # staff id -> pending appeals of shops observing them


def _local_day(moment: dt.datetime, tz_name: str, cache: dict[str, ZoneInfo]) -> dt.date:
    tz = cache.get(tz_name)
    if tz is None:
        tz = cache[tz_name] = ZoneInfo(tz_name)
    return moment.astimezone(tz).date()


def _hours(duration: Any) -> Decimal:
    if duration is None:
        return Decimal(0)
    if isinstance(duration, dt.timedelta):
        seconds = Decimal(duration.days * 86400 + duration.seconds) + Decimal(duration.microseconds) / 1000000
    else:  # some backends hand back microseconds
        seconds = Decimal(duration) / 1000000
    return (seconds / 3600).quantize(CENT, ROUND_HALF_UP)


def targets_for(kinds: set[str], kpi_ids: set[int], month: dt.date) -> dict[tuple[str, int], Decimal]:
    """{(hall kind, kpi id): green threshold}, the month's own target first, else the default (one query)."""
    chosen: dict[tuple[str, int], KpiTarget] = {}
    rows = KpiTarget.objects.filter(hall_kind__in=sorted(kinds), kpi_id__in=sorted(kpi_ids)).filter(
        Q(month=month) | Q(month__isnull=True)
    )
    for target in rows:
        key = (target.hall_kind, target.kpi_id)
        if key not in chosen or target.month is not None:
            chosen[key] = target
    return {key: target.green for key, target in chosen.items()}


def kpi_month_values(
    hall_ids: list[int] | Any, kpis: list[KpiDefinition], month: dt.date
) -> dict[tuple[int, int], tuple[Decimal | None, Decimal, Decimal]]:
    """{(hall id, kpi id): (value, numerator, denominator)} over the month, the scorecard's numbers (two
    queries: summed facts, and the wait histograms of percentile KPIs)."""
    if not kpis:
        return {}
    start, after = month, next_month(month)
    by_id = {kpi.pk: kpi for kpi in kpis if kpi.formula in FORMULAS}
    facts = DailyFact.objects.filter(hall__in=hall_ids, day__gte=start, day__lt=after, kpi__in=sorted(by_id))
    sums = facts.order_by().values("hall_id", "kpi_id").annotate(num=Sum("numerator"), den=Sum("denominator"))
    histograms: dict[tuple[int, int], list[dict]] = defaultdict(list)
    p90 = [pk for pk, kpi in by_id.items() if FORMULAS[kpi.formula].aggregation == "p90"]
    if p90:
        for hall_id, kpi_id, histogram in facts.filter(kpi__in=p90).values_list("hall_id", "kpi_id", "histogram"):
            histograms[(hall_id, kpi_id)].append(histogram)
    result = {}
    for row in sums:
        key = (row["hall_id"], row["kpi_id"])
        if row["den"] is None:
            continue
        num, den = row["num"] or Decimal(0), row["den"] or Decimal(0)
        kpi = by_id[row["kpi_id"]]
        result[key] = (value_of(kpi.formula, num, den, histograms.get(key)), num, den)
    return result


def gather(*, region_id: int, month: dt.date, hall_ids: list[int] | None = None) -> MonthInputs:
    """The month's inputs for every hall of the region in operation or renovating (or only `hall_ids`)."""
    month = month.replace(day=1)
    start, after = month, next_month(month)
    window = (
        dt.datetime.combine(start - dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC),
        dt.datetime.combine(after + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC),
    )
    tzs: dict[str, ZoneInfo] = {}

    def in_month(moment: dt.datetime | None, tz_name: str) -> dt.date | None:
        if moment is None:
            return None
        day = _local_day(moment, tz_name, tzs)
        return day if start <= day < after else None

    halls_qs = Hall.objects.filter(region_id=region_id).exclude(status=HallStatus.CLOSED).order_by("code")
    if hall_ids is not None:
        halls_qs = Hall.objects.filter(region_id=region_id, pk__in=hall_ids).order_by("code")
    halls = list(halls_qs)
    hall_by_id = {hall.pk: hall for hall in halls}
    ids = sorted(hall_by_id)
    schemes = schemes_in_force(region_id, month)
    scheme_kpis: dict[int, list[SchemeKpi]] = defaultdict(list)
    used = {schemes[h.kind].pk for h in halls if h.kind in schemes}
    for row in SchemeKpi.objects.filter(scheme__in=sorted(used)).select_related("kpi").order_by("kpi__order", "pk"):
        scheme_kpis[row.scheme_id].append(row)
    all_kpis = {row.kpi_id: row.kpi for rows in scheme_kpis.values() for row in rows}
    targets = targets_for({h.kind for h in halls}, set(all_kpis), month) if all_kpis else {}
    values = kpi_month_values(ids, list(all_kpis.values()), month)

    # Published-roster hours per (hall, staff).
    shifts = Shift.objects.filter(
        roster__hall__in=ids, roster__status=RosterStatus.PUBLISHED, day__gte=start, day__lt=after
    )
    hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
    duration = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    for row in shifts.order_by().values("roster__hall_id", "staff_id").annotate(total=Sum(duration)):
        hours[row["roster__hall_id"]][row["staff_id"]] = _hours(row["total"])
    people_ids = shifts.order_by().values("staff_id")

    # People: name, number, grade on the last day of the month.
    people: dict[int, Person] = {}
    for pk, name, number, grade in StaffMember.objects.filter(pk__in=people_ids).values_list(
        "pk", "name", "employee_number", "star_grade"
    ):
        people[pk] = Person(staff_id=pk, name=name, number=number, grade=grade)
    last_day = month_end(month)
    seen_before: set[int] = set()
    changes = GradeChange.objects.filter(staff__in=people_ids).order_by("staff_id", "effective_on", "pk")
    after_end: dict[int, int] = {}
    for staff_id, from_grade, to_grade, effective_on in changes.values_list(
        "staff_id", "from_grade", "to_grade", "effective_on"
    ):
        if staff_id not in people:
            continue
        if effective_on <= last_day:
            people[staff_id].grade = to_grade
            seen_before.add(staff_id)
        else:
            after_end.setdefault(staff_id, from_grade)
    for staff_id, from_grade in after_end.items():
        if staff_id not in seen_before:  # only later changes: the grade then was the first one's "from"
            people[staff_id].grade = from_grade

    # Mystery shops where each person was observed (published, in the month of the shop's hall).
    through = Inspection.observed_staff.through
    shop_rows = through.objects.filter(
        staffmember__in=people_ids,
        inspection__kind=InspectionKind.MYSTERY_SHOP,
        inspection__status=InspectionStatus.PUBLISHED,
        inspection__overall__isnull=False,
        inspection__submitted_at__gte=window[0],
        inspection__submitted_at__lt=window[1],
    ).values_list(
        "staffmember_id",
        "inspection_id",
        "inspection__hall_id",
        "inspection__submitted_at",
        "inspection__hall__time_zone",
        "inspection__overall",
        "inspection__by_touchpoint",
    )
    for staff_id, insp_id, hall_id, submitted, tz_name, overall, by_tp in shop_rows.order_by(
        "inspection__submitted_at", "inspection_id"
    ):
        day = in_month(submitted, tz_name)
        if day is not None and staff_id in people:
            people[staff_id].shops.append(Shop(insp_id, hall_id, day, overall, by_tp or {}))

    # Satisfaction presses attributed to each person in the month.
    presses = (
        DevicePress.objects.filter(staff__in=people_ids, service_day__gte=start, service_day__lt=after)
        .order_by()
        .values("staff_id")
        .annotate(total=Count("pk"), satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)))
    )
    for row in presses:
        if row["staff_id"] in people:
            people[row["staff_id"]].presses = row["total"]
            people[row["staff_id"]].satisfied = row["satisfied"]

    # Gates: inspections the hall can see with a failed critical answer; upheld serious complaints.
    visible = Q(inspection__kind=InspectionKind.MYSTERY_SHOP, inspection__status=InspectionStatus.PUBLISHED) | ~Q(
        inspection__kind=InspectionKind.MYSTERY_SHOP
    ) & ~Q(inspection__status=InspectionStatus.DRAFT)
    failed = (
        Answer.objects.filter(
            visible,
            inspection__hall__in=ids,
            item__critical=True,
            passed=False,
            not_applicable=False,
            inspection__submitted_at__gte=window[0],
            inspection__submitted_at__lt=window[1],
        )
        .order_by("inspection__submitted_at", "inspection_id")
        .values_list("inspection_id", "inspection__hall_id", "inspection__submitted_at", "inspection__kind")
        .distinct()
    )
    gate_inspections = []
    for insp_id, hall_id, submitted, kind in failed:
        day = in_month(submitted, hall_by_id[hall_id].time_zone)
        if day is not None:
            gate_inspections.append((insp_id, hall_id, day, kind))
    # Pending appeals on the month's published mystery shops of these halls.
    appeal_rows = []
    for appeal_id, insp_id, hall_id, submitted in Appeal.objects.filter(
        status=AppealStatus.PENDING,
        inspection__hall__in=ids,
        inspection__kind=InspectionKind.MYSTERY_SHOP,
        inspection__status=InspectionStatus.PUBLISHED,
        inspection__submitted_at__gte=window[0],
        inspection__submitted_at__lt=window[1],
    ).values_list("pk", "inspection_id", "inspection__hall_id", "inspection__submitted_at"):
        day = in_month(submitted, hall_by_id[hall_id].time_zone)
        if day is not None:
            appeal_rows.append((appeal_id, insp_id, hall_id, day))
    observed: dict[int, list[int]] = defaultdict(list)
    wanted = sorted({row[0] for row in gate_inspections} | {row[1] for row in appeal_rows})
    if wanted:
        for insp_id, staff_id in (
            through.objects.filter(inspection__in=wanted)
            .order_by("staffmember_id")
            .values_list("inspection_id", "staffmember_id")
        ):
            observed[insp_id].append(staff_id)
    gates: dict[int, list[GateEvent]] = defaultdict(list)
    for insp_id, hall_id, day, kind in gate_inspections:
        gates[hall_id].append(GateEvent(CRITICAL_FAIL, insp_id, hall_id, day, tuple(observed[insp_id]), kind))
    complaints = (
        Complaint.objects.filter(
            hall__in=ids,
            outcome=ComplaintOutcome.UPHELD,
            severity__in=[ComplaintSeverity.HIGH, ComplaintSeverity.CRITICAL],
            occurred_at__gte=window[0],
            occurred_at__lt=window[1],
        )
        .order_by("occurred_at", "pk")
        .values_list("pk", "hall_id", "occurred_at", "staff_id", "severity")
    )
    for pk, hall_id, occurred, staff_id, severity in complaints:
        day = in_month(occurred, hall_by_id[hall_id].time_zone)
        if day is not None:
            staff = (staff_id,) if staff_id else ()
            gates[hall_id].append(GateEvent(SERIOUS_COMPLAINT, pk, hall_id, day, staff, severity))
    appeals: dict[int, list[PendingAppeal]] = defaultdict(list)
    person_appeals: dict[int, list[PendingAppeal]] = defaultdict(list)
    for appeal_id, insp_id, hall_id, day in appeal_rows:
        pending = PendingAppeal(appeal_id, insp_id, hall_id, day, tuple(observed[insp_id]))
        appeals[hall_id].append(pending)
        for staff_id in pending.staff_ids:
            person_appeals[staff_id].append(pending)

    # Touchpoint scores of the month the hall can see, for the touchpoint-by-touchpoint breakdown.
    catalogue = {
        pk: (code, order, en, zh)
        for pk, code, order, en, zh in Touchpoint.objects.values_list("pk", "code", "order", "name_en", "name_zh")
    }
    touchpoints: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        TouchpointScore.objects.filter(hall__in=ids, visible_to_hall=True, day__gte=start, day__lt=after)
        .order_by()
        .values("hall_id", "touchpoint_id")
        .annotate(mean=Avg("score"), count=Count("pk"))
    ):
        code, order, name_en, name_zh = catalogue.get(row["touchpoint_id"], (str(row["touchpoint_id"]), 0, "", ""))
        mean = Decimal(str(row["mean"])).quantize(Decimal("0.1"), ROUND_HALF_UP)
        touchpoints[row["hall_id"]].append(
            {
                "code": code,
                "order": order,
                "name_en": name_en,
                "name_zh": name_zh,
                "score": str(mean),
                "count": row["count"],
            }
        )

    result, no_scheme = [], []
    for hall in halls:
        scheme = schemes.get(hall.kind)
        if scheme is None:
            no_scheme.append(hall)
            continue
        kpi_inputs = []
        for row in scheme_kpis.get(scheme.pk, []):
            value, num, den = values.get((hall.pk, row.kpi_id), (None, Decimal(0), Decimal(0)))
            kpi_inputs.append(KpiInput(row.kpi, row.weight, value, targets.get((hall.kind, row.kpi_id)), num, den))
        result.append(
            HallInput(
                hall=hall,
                scheme=scheme,
                kpis=kpi_inputs,
                hours=hours.get(hall.pk, {}),
                gates=gates.get(hall.pk, []),
                appeals=appeals.get(hall.pk, []),
                touchpoints=sorted(touchpoints.get(hall.pk, []), key=lambda t: (t["order"], t["code"])),
            )
        )
    return MonthInputs(region_id, month, result, no_scheme, people, person_appeals)
