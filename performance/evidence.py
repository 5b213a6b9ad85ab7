"""The figures behind star grades and honours, per person and period, read in one query per kind of figure
for a whole hall: published mystery shops where the person was observed, satisfaction-device presses
attributed to them, complaints against them (docs/star-ladder.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from inspections.choices import InspectionKind, InspectionStatus
from inspections.models import Inspection
from staffing.models import GradeChange, MentoringPair, StaffMember
from touchpoints.choices import ComplaintOutcome, Rating
from touchpoints.models import Complaint, DevicePress

from .models import Ladder, TrainingRecord

# Under this many presses in a period a satisfaction rate says too little to count (promotion: not met;
# demotion and honours: ignored).
MIN_PRESSES_FOR_RATE = 20
ONE_DECIMAL = Decimal("0.1")

# Complaints found groundless (or withdrawn) do not count against anyone; open ones and upheld ones do.
NOT_COUNTED = (ComplaintOutcome.NOT_UPHELD, ComplaintOutcome.WITHDRAWN)


@dataclass
class Figures:
    """One person's figures over one period."""

    shop_scores: list[tuple[int, Decimal]] = field(default_factory=list)  # (inspection id, overall)
    presses: int = 0
    satisfied: int = 0
    complaints: list[int] = field(default_factory=list)  # complaint ids

    @property
    def shop_mean(self) -> Decimal | None:
        if not self.shop_scores:
            return None
        total = sum((score for _, score in self.shop_scores), Decimal("0"))
        return (total / len(self.shop_scores)).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def satisfaction(self) -> Decimal | None:
        """Satisfied presses as a percentage of all presses, one decimal; None under MIN_PRESSES_FOR_RATE."""
        if self.presses < MIN_PRESSES_FOR_RATE:
            return None
        return (Decimal(100 * self.satisfied) / self.presses).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    def as_json(self) -> dict:
        return {
            "mystery_shop": str(self.shop_mean) if self.shop_mean is not None else None,
            "mystery_shops": len(self.shop_scores),
            "satisfaction": str(self.satisfaction) if self.satisfaction is not None else None,
            "presses": self.presses,
            "complaints": len(self.complaints),
        }


def period_bounds(start: dt.date, end: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The local days start..end (inclusive) as an aware [from, to) range."""
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return first, after


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, _add_months(first, 3) - dt.timedelta(days=1)


def previous_quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    first, _ = quarter_of(day)
    return quarter_of(first - dt.timedelta(days=1))


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    return first, _add_months(first, 1) - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(since: dt.date, until: dt.date) -> int:
    """Whole months from `since` to `until` (1 March to 31 May is 2; to 1 June is 3)."""
    months = (until.year - since.year) * 12 + until.month - since.month
    if until.day < since.day:
        months -= 1
    return max(0, months)


def published_shops(**filters: Any):
    """Published mystery shops with a score (what a person's mystery-shop figure is made of), filtered further."""
    return Inspection.objects.filter(
        kind=InspectionKind.MYSTERY_SHOP, status=InspectionStatus.PUBLISHED, overall__isnull=False, **filters
    )


def figures_for(staff_ids: Iterable[int], start: dt.date, end: dt.date, tz: ZoneInfo) -> dict[int, Figures]:
    """Every person's figures over start..end (local days): three queries whatever the number of people."""
    ids = sorted(set(staff_ids))
    result: dict[int, Figures] = defaultdict(Figures)
    if not ids:
        return result
    first, after = period_bounds(start, end, tz)
    shops = (
        published_shops(submitted_at__gte=first, submitted_at__lt=after, observed_staff__in=ids)
        .order_by("submitted_at", "pk")
        .values_list("observed_staff", "pk", "overall")
    )
    for staff_id, pk, overall in shops:
        result[staff_id].shop_scores.append((pk, overall))
    presses = (
        DevicePress.objects.filter(staff_id__in=ids, occurred_at__gte=first, occurred_at__lt=after)
        .values("staff_id")
        .annotate(total=Count("pk"), satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)))
        .order_by()
    )
    for row in presses:
        result[row["staff_id"]].presses = row["total"]
        result[row["staff_id"]].satisfied = row["satisfied"]
    complaints = (
        Complaint.objects.filter(staff_id__in=ids, occurred_at__gte=first, occurred_at__lt=after)
        .exclude(outcome__in=NOT_COUNTED)
        .order_by("occurred_at", "pk")
        .values_list("staff_id", "pk")
    )
    for staff_id, pk in complaints:
        result[staff_id].complaints.append(pk)
    return result


@dataclass
class Person:
    """What the rules need to know about one person at the end of the evaluated quarter."""

    grade: int
    months_at_grade: int
    grade_since: dt.date
    courses: dict[str, dt.date]  # course name (lower case) -> passed on
    signed_off: bool
    quarters: list[tuple[str, dt.date, dt.date, Figures]]  # newest first: label, from, to, figures


def people_for(
    hall: Any, members: list[StaffMember], ladder: Ladder, start: dt.date, end: dt.date
) -> dict[int, Person]:
    """What the ladder needs to know about each person at `end`: grade and since when, courses passed,
    a mentor's sign-off, and figures for as many quarters back from `start` as the demotion rule looks at."""
    ids = [member.pk for member in members]
    since: dict[int, dt.date] = {}
    grade_of = {member.pk: member.star_grade for member in members}
    changes = GradeChange.objects.filter(staff__in=ids, effective_on__lte=end).order_by("effective_on", "pk")
    for staff_id, to_grade, effective_on in changes.values_list("staff_id", "to_grade", "effective_on"):
        if to_grade == grade_of[staff_id]:
            since[staff_id] = effective_on
    courses: dict[int, dict[str, dt.date]] = {pk: {} for pk in ids}
    records = TrainingRecord.objects.filter(staff__in=ids, passed_on__lte=end).order_by("passed_on")
    for staff_id, course, passed_on in records.values_list("staff_id", "course", "passed_on"):
        courses[staff_id].setdefault(course.strip().lower(), passed_on)
    pairs = MentoringPair.objects.filter(mentee__in=ids, mentor_signed_off=True, started_on__lte=end)
    signed: dict[int, list[dt.date | None]] = {}
    for staff_id, ended_on in pairs.values_list("mentee_id", "ended_on"):
        signed.setdefault(staff_id, []).append(ended_on)
    quarters = []
    first = start
    for _index in range(max(1, ladder.demotion_quarters)):
        q_start, q_end = quarter_of(first)
        label = f"{q_start.year} Q{(q_start.month - 1) // 3 + 1}"
        quarters.append((label, q_start, q_end, figures_for(ids, q_start, q_end, hall.tzinfo)))
        first = q_start - dt.timedelta(days=1)
    people = {}
    for member in members:
        grade_since = since.get(member.pk) or timezone.localtime(member.created_at, hall.tzinfo).date()
        people[member.pk] = Person(
            grade=member.star_grade,
            months_at_grade=months_between(grade_since, end),
            grade_since=grade_since,
            courses=courses[member.pk],
            # A sign-off counts from a pair that ran during the current grade.
            signed_off=any(ended is None or ended >= grade_since for ended in signed.get(member.pk, [])),
            quarters=[(label, s, e, figs[member.pk]) for label, s, e, figs in quarters],
        )
    return people
