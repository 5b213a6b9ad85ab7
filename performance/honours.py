"""The monthly honour rules (docs/star-ladder.md): service star of the month, zero-complaint streaks and the
best mystery-shop score, per hall. Idempotent: running a month again awards nothing twice."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from halls.models import Hall
from staffing.choices import HonourKind, RosterStatus
from staffing.models import Shift, StaffMember
from staffing.services import grades as staffing_grades

from .evidence import figures_for, month_of

SERVICE_STAR_MIN_PRESSES = 30  # presses in the month before someone can be service star
STREAK_MONTHS = 3  # a zero-complaint honour for every 3, 6, 9 ... months in a row
STREAK_LOOKBACK = 12  # months looked back to measure a streak


def _months_back(month_start: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """`count` months ending with the month of `month_start`, newest first."""
    months = []
    first = month_start
    for _index in range(count):
        months.append(month_of(first))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months


def service_star(figures: dict[int, Any]) -> int | None:
    """Best satisfaction rate with at least SERVICE_STAR_MIN_PRESSES presses and no complaint; ties go to
    more presses, then to the smaller staff id (stable)."""
    candidates = [
        (fig.satisfaction, fig.presses, -staff_id, staff_id)
        for staff_id, fig in figures.items()
        if fig.presses >= SERVICE_STAR_MIN_PRESSES and not fig.complaints and fig.satisfaction is not None
    ]
    return max(candidates)[3] if candidates else None


def best_mystery_shop(figures: dict[int, Any]) -> int | None:
    """Highest mean of the published mystery shops the person was observed in; ties: more visits, smaller id."""
    candidates = [
        (fig.shop_mean, len(fig.shop_scores), -staff_id, staff_id)
        for staff_id, fig in figures.items()
        if fig.shop_mean is not None
    ]
    return max(candidates)[3] if candidates else None


def complaint_streaks(hall: Hall, ids: list[int], month_start: dt.date) -> dict[int, int]:
    """For each person, how many months in a row up to this one they worked (a shift on a published roster
    or an attributed press) without a complaint."""
    months = _months_back(month_start, STREAK_LOOKBACK)
    oldest, newest = months[-1][0], months[0][1]
    by_month = {start: index for index, (start, _end) in enumerate(months)}
    worked: dict[int, set[int]] = defaultdict(set)
    shifts = Shift.objects.filter(
        staff__in=ids, day__gte=oldest, day__lte=newest, roster__status=RosterStatus.PUBLISHED
    ).values_list("staff_id", "day")
    for staff_id, day in shifts:
        worked[staff_id].add(by_month[day.replace(day=1)])
    complained: dict[int, set[int]] = defaultdict(set)
    for index, (start, end) in enumerate(months):
        for staff_id, fig in figures_for(ids, start, end, hall.tzinfo).items():
            if fig.presses:
                worked[staff_id].add(index)
            if fig.complaints:
                complained[staff_id].add(index)
    streaks = {}
    for staff_id in ids:
        length = 0
        while length < len(months) and length in worked[staff_id] and length not in complained[staff_id]:
            length += 1
        streaks[staff_id] = length
    return streaks


@transaction.atomic
def honours_run_month(*, hall: Hall, month_start: dt.date) -> list[Any]:
    """Award the month's honours in one hall; returns the honours newly awarded."""
    start, end = month_of(month_start)
    ids = list(StaffMember.objects.filter(hall=hall, active=True).values_list("pk", flat=True))
    figures = figures_for(ids, start, end, hall.tzinfo)
    awarded = []

    def award(staff_id: int, kind: str, rule: str, period_start: dt.date, title: str, reason: str) -> None:
        honour, created = staffing_grades.honour_award(
            staff=StaffMember.objects.get(pk=staff_id),
            kind=kind,
            period_start=period_start,
            period_end=end,
            title=title,
            reason=reason,
            rule=rule,
        )
        if created:
            awarded.append(honour)

    label = f"{start:%Y-%m}"
    star = service_star(figures)
    if star is not None:
        fig = figures[star]
        award(
            star,
            HonourKind.SERVICE_STAR,
            "service_star",
            start,
            _("Service star %(month)s") % {"month": label},
            _("%(rate)s%% satisfied over %(presses)s presses, no complaint.")
            % {"rate": fig.satisfaction, "presses": fig.presses},
        )
    for staff_id, length in complaint_streaks(hall, ids, start).items():
        if length and length % STREAK_MONTHS == 0:
            first = _months_back(start, length)[-1][0]
            # Each block of STREAK_MONTHS starts its own period, so 3, 6, 9 ... months are separate honours.
            block_start = _months_back(start, STREAK_MONTHS)[-1][0]
            award(
                staff_id,
                HonourKind.ZERO_COMPLAINTS,
                f"zero_complaints_{length}m",
                block_start,
                _("%(months)s months without a complaint") % {"months": length},
                _("No complaint from %(first)s to %(last)s.") % {"first": f"{first:%Y-%m}", "last": label},
            )
    best = best_mystery_shop(figures)
    if best is not None:
        fig = figures[best]
        award(
            best,
            HonourKind.MYSTERY_SHOP_TOP,
            "mystery_shop_top",
            start,
            _("Best mystery shop %(month)s") % {"month": label},
            _("Mean %(score)s over %(count)s published mystery shops.")
            % {"score": fig.shop_mean, "count": len(fig.shop_scores)},
        )
    return awarded
