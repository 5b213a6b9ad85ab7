"""The hall manager's "today": the queue now and today's waits against the hall's target, who is on the floor
against demand, today's satisfaction presses, due and overdue inspections and corrective actions, the latest
published mystery shop and this month's pool so far (docs/dashboards.md).

"Today" is the hall's local date and every time is shown in the hall's time zone. Everything is read through
`visible_to(user)`; the number of queries is fixed (about a dozen), whatever the number of tickets, shifts,
presses or assignments: rows are fetched as plain values in one query per kind and counted in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from halls.models import Hall, QueueHour, QueueTicket, SpecialDay
from halls.queue import DEFAULT_TARGET_WAIT_SECONDS, nearest_rank_p90
from inspections.anonymity import inspector_name
from inspections.choices import ActionStatus, AssignmentStatus, Escalation, InspectionKind, InspectionStatus
from inspections.models import Assignment, CorrectiveAction, Inspection
from staffing.choices import RosterStatus, WorkRole
from staffing.demand import day_demand
from staffing.models import DemandProfile, Shift
from touchpoints.choices import Rating
from touchpoints.models import DevicePress

# Open assignments listed on the panel (the counts cover all of them; the list page has the rest).
ASSIGNMENTS_SHOWN = 8
OPEN_ASSIGNMENTS = (AssignmentStatus.SCHEDULED, AssignmentStatus.OVERDUE)
RATINGS = (Rating.SATISFIED.value, Rating.NEUTRAL.value, Rating.DISSATISFIED.value)
ONE_DECIMAL = Decimal("0.1")


def hall_for_today(*, user: Any, pk: int) -> Hall:
    """The hall (404 outside the user's scope) with its hours and the special days around today."""
    today = timezone.localdate()
    special = SpecialDay.objects.filter(date__range=(today - dt.timedelta(days=2), today + dt.timedelta(days=2)))
    queryset = (
        Hall.objects.visible_to(user)
        .select_related("region")
        .prefetch_related("opening_hours", Prefetch("special_days", queryset=special))
    )
    return get_object_or_404(queryset, pk=pk)


def _tenths(value: Decimal | float | None) -> float | None:
    if value is None:
        return None
    return float(Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


def _percent(part: int, whole: int) -> float | None:
    return _tenths(Decimal(100 * part) / whole) if whole else None


def _clock(moment: dt.datetime | None, tz: Any) -> str:
    return moment.astimezone(tz).strftime("%H:%M") if moment else ""


def wait_status(mean: float | None, p90: int | None, target: int) -> str:
    """green: 90 % of today's customers waited no longer than the target; amber: the mean is within it;
    red: the mean is over it; none: nobody served with a measured wait yet."""
    if mean is None or p90 is None:
        return "none"
    if p90 <= target:
        return "green"
    return "amber" if mean <= target else "red"


@dataclass(frozen=True)
class Day:
    """The hall's local today and the bounds of it."""

    date: dt.date
    now: dt.datetime  # aware, in the hall's time zone
    start: dt.datetime
    end: dt.datetime
    hours: tuple[dt.time, dt.time] | None

    @classmethod
    def of(cls, hall: Hall, now: dt.datetime | None = None) -> Day:
        local = (now or timezone.now()).astimezone(hall.tzinfo)
        date = local.date()
        start = dt.datetime.combine(date, dt.time.min, tzinfo=hall.tzinfo)
        return cls(date=date, now=local, start=start, end=start + dt.timedelta(days=1), hours=hall.hours_on(date))


def _profile(hall: Hall) -> DemandProfile:
    """The hall's demand settings, without creating them on a read (an unsaved default when there are none)."""
    profile = DemandProfile.objects.filter(hall=hall).first() or DemandProfile(hall=hall)
    hall._demand_profile_cache = profile  # staffing.demand.profile_for reads this instead of get_or_create
    return profile


# --- the queue ---


def queue_panel(*, user: Any, hall: Hall, day: Day, target: int) -> dict[str, Any]:
    """Waiting now and the longest wait now (tickets issued and not yet called, served or gone), today's mean
    and 90th-percentile wait against the target, walk-outs, and the same by hour (the hourly roll-up). Two
    queries."""
    tickets = (
        QueueTicket.objects.visible_to(user)
        .filter(hall=hall, day=day.date)
        .values_list("issued_at", "called_at", "started_at", "served_at", "left_at", "wait_seconds")
    )
    waiting_since: list[dt.datetime] = []
    waits: list[int] = []
    count = served = walk_outs = 0
    for issued, called, started, done, left, wait in tickets:
        count += 1
        if issued is not None and called is None and started is None and done is None and left is None:
            waiting_since.append(issued)
        if done is not None:
            served += 1
            if wait is not None:
                waits.append(wait)
        elif left is not None:
            walk_outs += 1
    longest = None
    if waiting_since:
        longest = max(0, round((day.now - min(waiting_since)).total_seconds()))
    mean = _tenths(Decimal(sum(waits)) / len(waits)) if waits else None
    p90 = nearest_rank_p90(waits)
    within = sum(1 for wait in waits if wait <= target)
    hours = []
    for row in QueueHour.objects.visible_to(user).filter(hall=hall, day=day.date).order_by("hour"):
        hours.append(
            {
                "hour": row.hour,
                "label": f"{row.hour:02d}:00",
                "tickets": row.tickets,
                "served": row.served,
                "walk_outs": row.walk_outs,
                "mean_wait_seconds": _tenths(row.mean_wait_seconds),
                "p90_wait_seconds": row.p90_wait_seconds,
                "target_wait_seconds": row.target_wait_seconds,
                "within_target_percent": _percent(row.served_within_target, row.waits_measured),
            }
        )
    return {
        "waiting_now": len(waiting_since),
        "longest_wait_now_seconds": longest,
        "tickets": count,
        "served": served,
        "walk_outs": walk_outs,
        "walk_out_percent": _percent(walk_outs, count),
        "mean_wait_seconds": mean,
        "p90_wait_seconds": p90,
        "target_wait_seconds": target,
        "within_target_percent": _percent(within, len(waits)),
        "status": wait_status(mean, p90, target),
        "hours": hours,
    }


# --- the floor ---


def _published_shifts(user: Any, hall: Hall, day: Day) -> QuerySet[Shift]:
    return (
        Shift.objects.visible_to(user)
        .filter(roster__hall=hall, roster__status=RosterStatus.PUBLISHED, day=day.date)
        .select_related("staff")
        .order_by("starts_at", "staff__name")
    )


def floor_panel(*, user: Any, hall: Hall, day: Day) -> dict[str, Any]:
    """Who is on the floor now (their shift on a published roster covers now), and per 30-minute slot of
    today the people needed (staffing's demand: Erlang C at the counters plus the floor roles) against the
    people rostered, by role. Two queries (shifts, and the arrivals history behind demand)."""
    shifts = list(_published_shifts(user, hall, day))
    roles = dict(WorkRole.choices)
    tz = hall.tzinfo
    now_rows = [
        {
            "name": shift.staff.name,
            "staff_id": shift.staff_id,
            "role": shift.role,
            "role_label": str(roles.get(shift.role, shift.role)),
            "counter": shift.counter,
            "start": _clock(shift.starts_at, tz),
            "end": _clock(shift.ends_at, tz),
        }
        for shift in shifts
        if shift.starts_at <= day.now < shift.ends_at
    ]
    demand = day_demand(hall, day.date)
    slots = []
    for slot in demand.slots:
        moment = dt.datetime.combine(day.date, slot.start, tzinfo=tz)
        scheduled: Counter[str] = Counter(s.role for s in shifts if s.starts_at <= moment < s.ends_at)
        needed = sum(slot.required.values())
        have = sum(scheduled.values())
        slots.append(
            {
                "start": slot.start.strftime("%H:%M"),
                "period": slot.period,
                "needed": needed,
                "scheduled": have,
                "short": max(0, needed - have),
                "is_now": moment <= day.now < moment + dt.timedelta(minutes=30),
                "by_role": {
                    role: {"needed": slot.required.get(role, 0), "scheduled": scheduled.get(role, 0)}
                    for role in sorted(set(slot.required) | set(scheduled))
                },
            }
        )
    current = next((slot for slot in slots if slot["is_now"]), None)
    return {
        "on_floor_now": now_rows,
        "on_floor_count": len(now_rows),
        "needed_now": current["needed"] if current else None,
        "shifts_today": len(shifts),
        "people_today": len({shift.staff_id for shift in shifts}),
        "slots": slots,
        "short_slots": sum(1 for slot in slots if slot["short"]),
        "short_staff_slots": sum(slot["short"] for slot in slots),
        "demand_source": demand.source,
        "roles": {role: str(label) for role, label in WorkRole.choices},
    }


# --- satisfaction presses ---


def satisfaction_panel(*, user: Any, hall: Hall, day: Day) -> dict[str, Any]:
    """Today's presses: totals, by local hour and by counter. One query."""
    presses = (
        DevicePress.objects.visible_to(user)
        .filter(hall=hall, service_day=day.date)
        .values_list("occurred_at", "rating", "counter")
    )
    by_hour: dict[int, Counter[str]] = defaultdict(Counter)
    by_counter: dict[int, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    tz = hall.tzinfo
    for occurred_at, rating, counter in presses:
        by_hour[occurred_at.astimezone(tz).hour][rating] += 1
        by_counter[counter][rating] += 1
        totals[rating] += 1

    def row(counts: Counter[str]) -> dict[str, Any]:
        total = sum(counts[rating] for rating in RATINGS)
        return {
            **{rating: counts[rating] for rating in RATINGS},
            "total": total,
            "satisfied_percent": _percent(counts[Rating.SATISFIED], total),
        }

    return {
        **row(totals),
        "hours": [{"hour": hour, "label": f"{hour:02d}:00", **row(by_hour[hour])} for hour in sorted(by_hour)],
        "counters": [{"counter": counter, **row(by_counter[counter])} for counter in sorted(by_counter)],
    }


# --- inspections and corrective actions ---


def follow_up_panel(*, user: Any, hall: Hall, day: Day) -> dict[str, Any]:
    """Open assignments due by the end of today (overdue first) and the corrective actions due today, overdue
    or escalated. Three queries."""
    now = day.now
    assignments = Assignment.objects.visible_to(user).filter(hall=hall, status__in=OPEN_ASSIGNMENTS)
    counts = assignments.aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=day.end)),
    )
    listed = (
        assignments.filter(due_at__lt=day.end)
        .select_related("template", "assignee")
        .order_by("due_at", "pk")[:ASSIGNMENTS_SHOWN]
    )
    kinds = dict(InspectionKind.choices)
    rows = [
        {
            "id": assignment.pk,
            "kind": assignment.kind,
            "kind_label": str(kinds.get(assignment.kind, assignment.kind)),
            "checklist": assignment.template.name,
            "due": assignment.due_at.astimezone(hall.tzinfo).strftime("%Y-%m-%d %H:%M"),
            "assignee": (assignment.assignee.get_full_name() or assignment.assignee.username)
            if assignment.assignee
            else _("The hall's team"),
            "overdue": assignment.due_at < now,
        }
        for assignment in listed
    ]
    actions = (
        CorrectiveAction.objects.visible_to(user)
        .filter(hall=hall, status__in=ActionStatus.active())
        .aggregate(
            open=Count("pk"),
            due_today=Count("pk", filter=Q(due_date=day.date)),
            overdue=Count("pk", filter=Q(due_date__lt=day.date)),
            escalated=Count("pk", filter=Q(escalation_level__gt=Escalation.NONE)),
        )
    )
    return {
        "inspections_overdue": counts["overdue"],
        "inspections_due_today": counts["due_today"],
        "assignments": rows,
        "actions_open": actions["open"],
        "actions_due_today": actions["due_today"],
        "actions_overdue": actions["overdue"],
        "actions_escalated": actions["escalated"],
    }


# --- the latest published mystery shop ---


def mystery_shop_panel(*, user: Any, hall: Hall) -> dict[str, Any] | None:
    """The hall's latest published mystery shop, the shopper named only to those who may know
    (inspections/anonymity.py). One query."""
    shop = (
        Inspection.objects.visible_to(user)
        .filter(hall=hall, kind=InspectionKind.MYSTERY_SHOP, status=InspectionStatus.PUBLISHED)
        .select_related("inspector", "hall")
        .order_by("-published_at", "-submitted_at", "-pk")
        .first()
    )
    if shop is None:
        return None
    tz = hall.tzinfo
    visited = shop.arrived_at or shop.submitted_at
    return {
        "id": shop.pk,
        "overall": _tenths(shop.overall),
        "visited": visited.astimezone(tz).strftime("%Y-%m-%d") if visited else "",
        "published": shop.published_at.astimezone(tz).strftime("%Y-%m-%d") if shop.published_at else "",
        "shopper": inspector_name(shop, user),
    }


# --- this month's pool so far ---

POOL_FIELDS = ("base", "attainment", "factor", "pool_before_gates", "gate_cut", "pool", "headcount", "frozen")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


def pool_panel(*, hall: Hall, month: dt.date) -> dict[str, Any]:
    """performance.incentives.breakdown.preview_pool(hall=..., month=...): the pool the month would pay if it
    ended today. state "none" when the hall has no incentive scheme, "unavailable" while the preview is not
    there (the incentive engine is built in its own step)."""
    try:
        from performance.incentives.breakdown import preview_pool
    except ImportError:
        return {"state": "unavailable", "month": f"{month:%Y-%m}"}
    result = preview_pool(hall=hall, month=month)
    if result is None:
        return {"state": "none", "month": f"{month:%Y-%m}"}
    values = {}
    for name in POOL_FIELDS:
        value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
        if value is not None:
            values[name] = _plain(value)
    return {"state": "ok", "month": f"{month:%Y-%m}", **values}


# --- the whole page ---


def hall_today(*, user: Any, hall: Hall, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the page and its JSON show, as plain values."""
    day = Day.of(hall, now)
    profile = _profile(hall)
    target = round(profile.target_wait_minutes * 60) if profile.pk else DEFAULT_TARGET_WAIT_SECONDS
    hours = day.hours
    return {
        "hall": {"id": hall.pk, "code": hall.code, "name": hall.name, "time_zone": hall.time_zone},
        "today": day.date.isoformat(),
        "now": day.now.strftime("%H:%M"),
        "generated_at": day.now.isoformat(timespec="seconds"),
        "is_open_today": hours is not None,
        "opens": hours[0].strftime("%H:%M") if hours else None,
        "closes": hours[1].strftime("%H:%M") if hours else None,
        "is_open_now": hours is not None and hours[0] <= day.now.time() < hours[1],
        "queue": queue_panel(user=user, hall=hall, day=day, target=target),
        "floor": floor_panel(user=user, hall=hall, day=day),
        "satisfaction": satisfaction_panel(user=user, hall=hall, day=day),
        "follow_up": follow_up_panel(user=user, hall=hall, day=day),
        "mystery_shop": mystery_shop_panel(user=user, hall=hall),
        "pool": pool_panel(hall=hall, month=day.date.replace(day=1)),
    }
