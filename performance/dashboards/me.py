"""A staff member's own dashboard: my shifts (the next 14 days, this week's hours), my scores by month (my
mystery-shop mean and my satisfaction, this month and the six before), my honours and my incentive lines.

The staff record is the user's own (selectors.own_member, through visible_to) and every read is narrowed to it,
so nobody else's numbers can show. Shifts and incentive lines go through `visible_to(user)` as well; a staff
member's scope holds no hall, so their scores are read as the star ladder reads them (evidence.figures_for):
published mystery shops where they were observed, presses attributed to them. The number of queries is fixed
whatever the number of shifts, presses or shops.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from staffing.models import Shift, StaffMember
from staffing.selectors import my_shifts
from touchpoints.choices import Rating
from touchpoints.models import DevicePress

from ..evidence import MIN_PRESSES_FOR_RATE, period_bounds, published_shops
from ..models import IncentiveLine

SHIFT_DAYS = 14
SCORE_MONTHS = 7  # this month and the six before
ONE_DECIMAL = Decimal("0.1")


def _hours(shift: Shift) -> Decimal:
    return (Decimal((shift.ends_at - shift.starts_at).total_seconds()) / 3600).quantize(Decimal("0.01"))


def shifts_of(*, user: Any, member: StaffMember, today: dt.date) -> dict[str, Any]:
    """The next SHIFT_DAYS days of published shifts (today first) and the hours of this week (Monday to
    Sunday, also counting the days already worked). Three queries (shifts, their swaps)."""
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    last = today + dt.timedelta(days=SHIFT_DAYS - 1)
    shifts = list(my_shifts(user=user, since=monday).filter(staff=member, day__lte=max(last, sunday)))
    upcoming = [shift for shift in shifts if today <= shift.day <= last]
    week = [shift for shift in shifts if monday <= shift.day <= sunday]
    tz = member.hall.tzinfo
    for shift in upcoming:
        shift.local_start = shift.starts_at.astimezone(tz)
        shift.local_end = shift.ends_at.astimezone(tz)
        shift.duration = _hours(shift)
    return {
        "upcoming": upcoming,
        "week_start": monday,
        "week_end": sunday,
        "week_hours": sum((_hours(shift) for shift in week), Decimal("0")),
        "week_shifts": len(week),
        "contracted": member.contracted_hours_week,
        "until": last,
    }


def _month_starts(today: dt.date, count: int) -> list[dt.date]:
    months = []
    first = today.replace(day=1)
    for _ in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def scores_of(*, user: Any, member: StaffMember, today: dt.date) -> list[dict[str, Any]]:
    """Per month, oldest first: my published mystery shops (count, mean overall) and my attributed presses
    (count, satisfied, rate). The rate is shown from MIN_PRESSES_FOR_RATE presses on, as the star ladder
    counts it. Two queries."""
    months = _month_starts(today, SCORE_MONTHS)
    first, after = period_bounds(months[0], today, member.hall.tzinfo)
    shops = published_shops(observed_staff=member, submitted_at__gte=first, submitted_at__lt=after).values_list(
        "submitted_at", "overall"
    )
    shop_scores: dict[dt.date, list[Decimal]] = defaultdict(list)
    tz = member.hall.tzinfo
    for submitted_at, overall in shops:
        shop_scores[submitted_at.astimezone(tz).date().replace(day=1)].append(overall)
    presses = (
        DevicePress.objects.filter(staff=member, service_day__gte=months[0], service_day__lte=today)
        .annotate(month=TruncMonth("service_day"))
        .values("month")
        .annotate(total=Count("pk"), satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)))
        .order_by("month")
    )
    press_counts = {}
    for row in presses:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        press_counts[month] = (row["total"], row["satisfied"])
    rows = []
    for month in months:
        scores = shop_scores.get(month, [])
        total, satisfied = press_counts.get(month, (0, 0))
        mean = None
        if scores:
            mean = (sum(scores, Decimal("0")) / len(scores)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
        rate = None
        if total >= MIN_PRESSES_FOR_RATE:
            rate = (Decimal(100 * satisfied) / total).quantize(ONE_DECIMAL, ROUND_HALF_UP)
        rows.append(
            {
                "month": month.strftime("%Y-%m"),
                "shops": len(scores),
                "mystery_shop": float(mean) if mean is not None else None,
                "presses": total,
                "satisfied": satisfied,
                "satisfaction": float(rate) if rate is not None else None,
            }
        )
    return rows


def incentive_lines_of(*, user: Any, member: StaffMember, limit: int = 6) -> QuerySet[IncentiveLine]:
    """My latest incentive lines (visible_to keeps everyone else's out; the filter keeps them to mine even for
    a user who also runs a hall)."""
    return (
        IncentiveLine.objects.visible_to(user)
        .filter(staff=member, staff__user=user)
        .select_related("pool__run", "pool__hall")
        .order_by("-pool__run__month", "-pk")[:limit]
    )
