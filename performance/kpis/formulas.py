"""The daily formulas: for one hall and a range of its local days, the numerator and denominator of every
KPI formula per day, read with a fixed number of grouped queries (about a dozen, whatever the range).

Each function returns {(day, formula key): (numerator, denominator, histogram or None)}. Definitions of
what counts are in docs/kpis.md; change both together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from halls.models import Hall, QueueHour, QueueTicket
from inspections.choices import AssignmentStatus, InspectionKind, InspectionStatus
from inspections.models import Assignment, CorrectiveAction, Inspection, TouchpointScore
from staffing.models import GradeChange, Honour, MentoringPair, StaffMember
from staffing.rostering import published_coverage
from touchpoints.choices import Rating
from touchpoints.models import Complaint, DevicePress

from ..kpi_models import SalesFigure

Facts = dict[tuple[dt.date, str], tuple[Decimal, Decimal, dict | None]]
TIERS = ("gold", "silver", "bronze", "ordinary")
# A star grade of at least this counts towards the star mix.
STAR_MIX_GRADE = 3


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def local_bounds(hall: Hall, first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of `first`, start of the day after `last`) in the hall's time zone, as aware datetimes."""
    zone = hall.tzinfo
    return (
        dt.datetime.combine(first, dt.time(), tzinfo=zone),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone),
    )


def _put(facts: Facts, day: dt.date, key: str, num: Any, den: Any, histogram: dict | None = None) -> None:
    facts[(day, key)] = (Decimal(num or 0), Decimal(den or 0), histogram)


def customer_voice(hall: Hall, first: dt.date, last: dt.date) -> Facts:
    """Satisfaction (satisfied presses / all presses, overall and by tier) and complaints per 1,000 served."""
    facts: Facts = {}
    presses = (
        DevicePress.objects.filter(hall=hall, service_day__range=(first, last))
        .order_by()
        .values("service_day", "tier")
        .annotate(total=Count("pk"), satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)))
    )
    overall: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for row in presses:
        day = row["service_day"]
        overall[day][0] += row["satisfied"]
        overall[day][1] += row["total"]
        if row["tier"] in TIERS:
            _put(facts, day, f"satisfaction_{row['tier']}", row["satisfied"], row["total"])
    for day, (satisfied, total) in overall.items():
        _put(facts, day, "satisfaction", satisfied, total)

    served = dict(
        QueueHour.objects.filter(hall=hall, day__range=(first, last))
        .order_by()
        .values("day")
        .annotate(served=Sum("served"))
        .values_list("day", "served")
    )
    start, end = local_bounds(hall, first, last)
    complaints: dict[dt.date, int] = defaultdict(int)
    for moment in Complaint.objects.filter(hall=hall, occurred_at__gte=start, occurred_at__lt=end).values_list(
        "occurred_at", flat=True
    ):
        complaints[moment.astimezone(hall.tzinfo).date()] += 1
    for day in set(served) | set(complaints):
        # Complaints / served; the formula's scale (1,000) makes it "per 1,000 served".
        _put(facts, day, "complaints_per_1000", complaints.get(day, 0), served.get(day, 0))
    return facts


def inspections(hall: Hall, first: dt.date, last: dt.date) -> Facts:
    """Mystery-shop score (published visits, by the day published), touchpoint score (every stored touchpoint
    score the hall may see, by the inspection's day), inspection completion (assignments due that day: done /
    done + overdue) and corrective actions closed on time (due that day: done by the end of the due day)."""
    facts: Facts = {}
    start, end = local_bounds(hall, first, last)
    shops: dict[dt.date, list[Decimal]] = defaultdict(list)
    for published_at, overall in Inspection.objects.filter(
        hall=hall,
        kind=InspectionKind.MYSTERY_SHOP,
        status=InspectionStatus.PUBLISHED,
        overall__isnull=False,
        published_at__gte=start,
        published_at__lt=end,
    ).values_list("published_at", "overall"):
        shops[published_at.astimezone(hall.tzinfo).date()].append(overall)
    for day, scores in shops.items():
        _put(facts, day, "mystery_shop", sum(scores), len(scores))

    for row in (
        TouchpointScore.objects.filter(hall=hall, day__range=(first, last), visible_to_hall=True)
        .order_by()
        .values("day")
        .annotate(total=Sum("score"), count=Count("pk"))
    ):
        _put(facts, row["day"], "touchpoint_score", row["total"], row["count"])

    completion: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for due_at, status in Assignment.objects.filter(
        hall=hall,
        due_at__gte=start,
        due_at__lt=end,
        status__in=[AssignmentStatus.DONE, AssignmentStatus.OVERDUE],
    ).values_list("due_at", "status"):
        counts = completion[due_at.astimezone(hall.tzinfo).date()]
        counts[0] += status == AssignmentStatus.DONE
        counts[1] += 1
    for day, (done, counted) in completion.items():
        _put(facts, day, "inspection_completion", done, counted)

    on_time: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for due_date, done_at in CorrectiveAction.objects.filter(hall=hall, due_date__range=(first, last)).values_list(
        "due_date", "done_at"
    ):
        counts = on_time[due_date]
        counts[0] += done_at is not None and done_at.astimezone(hall.tzinfo).date() <= due_date
        counts[1] += 1
    for day, (closed, due) in on_time.items():
        _put(facts, day, "actions_on_time", closed, due)
    return facts


def queue(hall: Hall, first: dt.date, last: dt.date) -> Facts:
    """Mean wait and share within the target (from the hourly roll-up), walk-outs (share of tickets) and the
    90th-percentile wait (exact histogram of the served tickets' measured waits)."""
    facts: Facts = {}
    for row in (
        QueueHour.objects.filter(hall=hall, day__range=(first, last))
        .order_by()
        .values("day")
        .annotate(
            tickets=Sum("tickets"),
            walk_outs=Sum("walk_outs"),
            measured=Sum("waits_measured"),
            wait=Sum("wait_seconds_total"),
            within=Sum("served_within_target"),
        )
    ):
        day = row["day"]
        if row["measured"]:
            _put(facts, day, "wait_mean", row["wait"], row["measured"])
            _put(facts, day, "within_target", row["within"], row["measured"])
        if row["tickets"]:
            _put(facts, day, "walk_outs", row["walk_outs"], row["tickets"])
    histograms: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for row in (
        QueueTicket.objects.filter(
            hall=hall, day__range=(first, last), served_at__isnull=False, wait_seconds__isnull=False
        )
        .order_by()
        .values("day", "wait_seconds")
        .annotate(count=Count("pk"))
    ):
        histograms[row["day"]][str(row["wait_seconds"])] = row["count"]
    for day, histogram in histograms.items():
        _put(facts, day, "wait_p90", 0, sum(histogram.values()), histogram)
    return facts


def grades_by_day(hall: Hall, first: dt.date, last: dt.date) -> dict[int, list[int]]:
    """Each staff member's star grade in force on each day first..last, from the grade history (one query):
    the last change effective on or before the day, else the `from` grade of the first later change, else the
    current grade. {staff id: [grade on first, grade on first + 1, ...]}."""
    days = days_between(first, last)
    current = dict(StaffMember.objects.filter(hall=hall).values_list("pk", "star_grade"))
    changes: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    for staff_id, effective_on, from_grade, to_grade in (
        GradeChange.objects.filter(staff__hall=hall)
        .order_by("staff_id", "effective_on", "pk")
        .values_list("staff_id", "effective_on", "from_grade", "to_grade")
    ):
        changes[staff_id].append((effective_on, from_grade, to_grade))
    result: dict[int, list[int]] = {}
    for staff_id, grade_now in current.items():
        history = changes.get(staff_id, [])
        grades, position = [], 0
        for day in days:
            while position < len(history) and history[position][0] <= day:
                position += 1
            if position:
                grades.append(history[position - 1][2])
            elif history:
                grades.append(history[0][1])
            else:
                grades.append(grade_now)
        result[staff_id] = grades
    return result


def people(hall: Hall, first: dt.date, last: dt.date) -> Facts:
    """Star mix (staff on the books that day with 3+ stars, by the grade in force that day / staff on the
    books), active mentoring pairs (pair-days / days) and honours (awarded for a period ending that day)."""
    facts: Facts = {}
    staff = list(StaffMember.objects.filter(hall=hall).values_list("pk", "active", "left_on"))
    grades = grades_by_day(hall, first, last)
    pairs = list(
        MentoringPair.objects.filter(hall=hall, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .values_list("started_on", "ended_on")
    )
    honours = dict(
        Honour.objects.filter(staff__hall=hall, period_end__range=(first, last))
        .order_by()
        .values("period_end")
        .annotate(count=Count("pk"))
        .values_list("period_end", "count")
    )
    for n, day in enumerate(days_between(first, last)):
        on_books = [
            grades[pk][n]
            for pk, active, left_on in staff
            if (left_on is None and active) or (left_on and left_on > day)
        ]
        if on_books:
            _put(facts, day, "star_mix", sum(1 for grade in on_books if (grade or 0) >= STAR_MIX_GRADE), len(on_books))
        active = sum(1 for started, ended in pairs if started <= day and (ended is None or ended > day))
        _put(facts, day, "mentoring_pairs", active, 1)
        _put(facts, day, "honours", honours.get(day, 0), 1)
    return facts


def roster_coverage(hall: Hall, first: dt.date, last: dt.date) -> Facts:
    """Roster coverage of demand: staff-slots covered by published-roster shifts (each slot and role counted
    only up to its demand) / staff-slots the demand profile asks for, on days a published roster spans."""
    return {
        (day, "roster_coverage"): (Decimal(covered), Decimal(demanded), None)
        for day, (covered, demanded) in published_coverage(hall, first, last).items()
    }


def sales(hall: Hall, first: dt.date, last: dt.date) -> Facts:
    """Sales against target: each month's imported figure is one fact on the first day of its month."""
    facts: Facts = {}
    for figure in SalesFigure.objects.filter(hall=hall, month__range=(first, last)):
        for key in ("new_lines", "broadband", "devices"):
            target = getattr(figure, f"{key}_target")
            if target:
                _put(facts, figure.month, f"sales_{key}", getattr(figure, key), target)
    return facts


SOURCES = (customer_voice, inspections, queue, roster_coverage, people, sales)


def compute(hall: Hall, first: dt.date, last: dt.date) -> Facts:
    """Every formula's facts for the hall's days first..last (both included)."""
    facts: Facts = {}
    for source in SOURCES:
        facts.update(source(hall, first, last))
    return facts
