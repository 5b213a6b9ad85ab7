"""Schedules: when a hall is due which inspection. Pure planning, no writes.

Everything here is deterministic for its seed (hall, kind, day or month): planning the same hall and month
again gives the same windows, so a rerun finds them already stored (unique hall + kind + window start) and
creates nothing. `services/assignments.py` stores the plans and chooses the people; docs/schedules.md
explains the rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from halls.models import Hall
from staffing.choices import Period
from staffing.demand import SLOT_MINUTES, classify, entered_arrivals, historical_arrivals_many, slot_starts
from staffing.models import DemandProfile

from .choices import InspectionKind

# A mystery shopper gets an hour for the visit, and a visit needs at least half an hour before closing.
MYSTERY_WINDOW = dt.timedelta(minutes=60)
MYSTERY_MIN_STAY = dt.timedelta(minutes=30)
# Mystery visits start on a 5-minute grid inside their 30-minute slot.
MYSTERY_GRID_MINUTES = 5
# Arrivals of a typical telecom hall by hour (share of the busiest hour), for halls with no traffic counts and
# no entered profile yet: a late-morning and a late-afternoon peak.
TYPICAL_ARRIVALS = {
    8: 0.3,
    9: 0.55,
    10: 0.9,
    11: 1.0,
    12: 0.6,
    13: 0.5,
    14: 0.7,
    15: 0.85,
    16: 0.9,
    17: 0.75,
    18: 0.55,
    19: 0.45,
    20: 0.35,
    21: 0.25,
}
# What a shopper asks for, besides the checklist version's own scenario: (English, Chinese).
SCENARIO_VARIANTS: tuple[tuple[str, str], ...] = (
    (
        "Ask to move three phones of one family onto a shared family plan, and what it costs per month",
        "咨询三部手机合并办理家庭套餐,以及每月费用",
    ),
    (
        "Ask why this month's bill is higher than usual and how to avoid it next month",
        "询问本月话费为何比平时高,下个月如何避免",
    ),
    (
        "Ask to upgrade to a 5G plan while keeping the number and the contract discount",
        "咨询升级5G套餐,保留号码和合约优惠",
    ),
    (
        "Report a lost SIM card and ask for a replacement the same day",
        "挂失SIM卡并要求当天补卡",
    ),
    (
        "Ask for home broadband with mobile for a new flat: speeds, installation date, router",
        "为新房咨询宽带加手机融合业务:网速、安装时间、路由器",
    ),
    (
        "Ask for a simple plan and a large-font phone for an elderly parent",
        "为年迈父母咨询简单资费和大字体手机",
    ),
)
# How often the checklist's own scenario is chosen over a variant.
OWN_SCENARIO_SHARE = 0.4


@dataclass(frozen=True)
class PlannedVisit:
    """One assignment to store: the kind, its window (aware datetimes) and, for mystery shops, peak and scenario."""

    kind: str
    day: dt.date
    window_start: dt.datetime
    due_at: dt.datetime
    at_peak: bool = False
    scenario: str = ""


def seeded(hall: Hall, kind: str, key: str) -> random.Random:
    """The generator for one hall, kind and day or month: the same seed gives the same plan."""
    return random.Random(f"hallops-schedule:{hall.code}:{kind}:{key}")  # noqa: S311 - planning, not security


def month_days(month: dt.date) -> list[dt.date]:
    first = month.replace(day=1)
    count = calendar.monthrange(first.year, first.month)[1]
    return [first + dt.timedelta(days=n) for n in range(count)]


def next_month(month: dt.date) -> dt.date:
    first = month.replace(day=1)
    return (first + dt.timedelta(days=32)).replace(day=1)


def at(hall: Hall, day: dt.date, moment: dt.time) -> dt.datetime:
    """A hall-local wall time as an aware datetime."""
    return dt.datetime.combine(day, moment, tzinfo=hall.tzinfo)


def open_days(hall: Hall, days: Iterable[dt.date]) -> list[tuple[dt.date, tuple[dt.time, dt.time]]]:
    """The days the hall is open, with its hours (special days and the hall's status included)."""
    result = []
    for day in days:
        hours = hall.hours_on(day)
        if hours is not None:
            result.append((day, hours))
    return result


def daily_windows(
    hall: Hall, day: dt.date, hours: tuple[dt.time, dt.time], *, window_minutes: int, opening: bool, closing: bool
) -> list[PlannedVisit]:
    """The opening check from opening for `window_minutes`; the closing check for that long before closing.
    A day shorter than the window gives each check the whole day."""
    opens, closes = at(hall, day, hours[0]), at(hall, day, hours[1])
    window = dt.timedelta(minutes=window_minutes)
    planned = []
    if opening:
        planned.append(PlannedVisit(InspectionKind.OPENING, day, opens, min(opens + window, closes)))
    if closing:
        planned.append(PlannedVisit(InspectionKind.CLOSING, day, max(closes - window, opens), closes))
    return planned


def prorated(count: int, remaining: int, total: int) -> int:
    """A month's count for the part of the month still ahead (the first run after installation, mid-month)."""
    if total <= 0 or remaining <= 0:
        return 0
    if remaining >= total:
        return count
    return math.ceil(count * remaining / total)


def spread(days: Sequence[dt.date], count: int, rng: random.Random) -> list[dt.date]:
    """`count` days spread over `days`: the days are cut into `count` runs of nearly equal length and one day
    is drawn from each run. More visits than days go round the days again."""
    if count <= 0 or not days:
        return []
    chosen: list[dt.date] = []
    rounds, rest = divmod(count, len(days))
    chosen.extend(day for _ in range(rounds) for day in days)
    if rest:
        edges = [round(i * len(days) / rest) for i in range(rest + 1)]
        chosen.extend(days[rng.randrange(start, end)] for start, end in zip(edges, edges[1:], strict=False))
    return sorted(chosen)


def patrol_visits(
    hall: Hall, days: Sequence[tuple[dt.date, tuple[dt.time, dt.time]]], count: int, rng: random.Random
) -> list[PlannedVisit]:
    """Patrols on `count` different open days spread over the month, each due within that day's hours (at
    most one a day: the window is the day)."""
    hours = dict(days)
    chosen = spread([day for day, _ in days], min(count, len(days)), rng)
    return [
        PlannedVisit(InspectionKind.PATROL, day, at(hall, day, hours[day][0]), at(hall, day, hours[day][1]))
        for day in chosen
    ]


def slot_periods(
    hall: Hall, days: Sequence[tuple[dt.date, tuple[dt.time, dt.time]]], profile: DemandProfile | None
) -> dict[dt.date, list[tuple[dt.time, str]]]:
    """Each open day's 30-minute slots classed peak / mid / low the way staffing's demand does it (arrivals
    against the day's busiest slot): from the hall's traffic history, else the arrivals its manager entered,
    else a typical hall's day."""
    profile = profile or DemandProfile(hall=hall)
    history = historical_arrivals_many(hall, [day for day, _ in days], profile.history_weeks) if days else {}
    result = {}
    for day, (opens, closes) in days:
        starts = slot_starts(opens, closes)
        arrivals = history.get(day) or entered_arrivals(profile, day, starts)
        if not any(arrivals.get(start, 0) for start in starts):
            arrivals = {start: TYPICAL_ARRIVALS.get(start.hour, 0.2) for start in starts}
        busiest = max(arrivals.get(start, 0.0) for start in starts)
        result[day] = [(start, classify(arrivals.get(start, 0.0), busiest)) for start in starts]
    return result


def _visit_starts(
    hall: Hall, day: dt.date, closes: dt.time, slots: list[tuple[dt.time, str]]
) -> list[tuple[dt.datetime, bool]]:
    """Every start on the 5-minute grid of the day's slots that leaves a visit its half hour before closing."""
    last = at(hall, day, closes) - MYSTERY_MIN_STAY
    starts = []
    for start, period in slots:
        base = at(hall, day, start)
        for offset in range(0, SLOT_MINUTES, MYSTERY_GRID_MINUTES):
            moment = base + dt.timedelta(minutes=offset)
            if moment <= last:
                starts.append((moment, period == Period.PEAK))
    return starts


def scenario_text(english: str, chinese: str) -> str:
    return f"{english}\n{chinese}" if chinese else english


def scenarios_for(own: tuple[str, str] | None) -> list[tuple[str, str]]:
    """The checklist version's scenario first, then the variants (without repeating it)."""
    scenarios = [own] if own and own[0] else []
    return scenarios + [variant for variant in SCENARIO_VARIANTS if not own or variant[0] != own[0]]


def mystery_visits(
    hall: Hall,
    days: Sequence[tuple[dt.date, tuple[dt.time, dt.time]]],
    periods: Mapping[dt.date, list[tuple[dt.time, str]]],
    *,
    count: int,
    peak_percent: int,
    scenarios: Sequence[tuple[str, str]],
    rng: random.Random,
) -> list[PlannedVisit]:
    """`count` unannounced visits at random times within opening hours, spread over the month, `peak_percent`
    of them (rounded) in peak slots as far as the days have peak slots, each with a scenario."""
    hours = dict(days)
    chosen = spread([day for day, _ in days], count, rng)
    starts = {day: _visit_starts(hall, day, hours[day][1], periods.get(day, [])) for day in set(chosen)}
    chosen = [day for day in chosen if starts[day]]
    wanted_peaks = round(len(chosen) * peak_percent / 100)
    can_peak = [i for i, day in enumerate(chosen) if any(peak for _, peak in starts[day])]
    peak_indexes = set(rng.sample(can_peak, min(wanted_peaks, len(can_peak))))
    used: set[dt.datetime] = set()
    visits = []
    for index, day in enumerate(chosen):
        at_peak = index in peak_indexes
        options = [moment for moment, peak in starts[day] if peak == at_peak and moment not in used]
        options = options or [moment for moment, _ in starts[day] if moment not in used]
        if not options:
            continue
        moment = rng.choice(options)
        used.add(moment)
        closes = at(hall, day, hours[day][1])
        if scenarios and rng.random() < OWN_SCENARIO_SHARE:
            scenario = scenarios[0]
        else:
            scenario = rng.choice(scenarios[1:] or scenarios) if scenarios else ("", "")
        peak = dict(starts[day])[moment]
        visits.append(
            PlannedVisit(
                InspectionKind.MYSTERY_SHOP,
                day,
                moment,
                min(moment + MYSTERY_WINDOW, closes),
                at_peak=peak,
                scenario=scenario_text(*scenario),
            )
        )
    return visits
