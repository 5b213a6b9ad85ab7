"""Demand: from a hall's arrivals per 30-minute slot to the people it needs in each slot, by work role.

Counter staff come from the Erlang C formula (docs/demand.md): the fewest agents such that the hall's
target share of customers waits no longer than its target wait. Floor roles are fixed per open slot: a
greeter at the door whenever the hall is open, consultants in the experience area at peak. Each slot is
classed peak, mid or low against the day's busiest slot.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from halls.models import Hall, TrafficCount

from .choices import Period, WorkRole
from .erlang import agents_needed
from .models import DemandProfile

SLOT_MINUTES = 30
# Share of the day's busiest slot at or above which a slot is peak, or mid.
PEAK_SHARE = 0.7
MID_SHARE = 0.4


@dataclass(frozen=True)
class SlotDemand:
    """One 30-minute slot of one day."""

    start: dt.time
    arrivals: float
    arrivals_per_hour: float
    erlang_c_staff: int
    required: dict[str, int]
    period: str


@dataclass
class DayDemand:
    """A hall's demand on one date: the slots between opening and closing."""

    hall: Hall
    date: dt.date
    opens: dt.time | None
    closes: dt.time | None
    aht_minutes: Decimal
    service_level_target: Decimal
    target_wait_minutes: Decimal
    source: str
    slots: list[SlotDemand] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.opens is not None


def profile_for(hall: Hall) -> DemandProfile:
    """The hall's demand settings, created with the defaults the first time they are needed."""
    profile = getattr(hall, "_demand_profile_cache", None)
    if profile is None:
        profile, _ = DemandProfile.objects.get_or_create(hall=hall)
        hall._demand_profile_cache = profile
    return profile


def slot_starts(opens: dt.time, closes: dt.time) -> list[dt.time]:
    """Start times of the 30-minute slots from opening to closing (a last partial slot counts)."""
    day = dt.date(2000, 1, 1)
    moment, end = dt.datetime.combine(day, opens), dt.datetime.combine(day, closes)
    starts = []
    while moment < end:
        starts.append(moment.time())
        moment += dt.timedelta(minutes=SLOT_MINUTES)
    return starts


def historical_arrivals(hall: Hall, date: dt.date, weeks: int) -> dict[dt.time, float]:
    """Mean arrivals per slot on the same weekday over the `weeks` weeks before `date`."""
    return historical_arrivals_many(hall, [date], weeks)[date]


def historical_arrivals_many(hall: Hall, dates: list[dt.date], weeks: int) -> dict[dt.date, dict[dt.time, float]]:
    """The same for several dates in one query (a four-week roster asks for 28 days)."""
    sources = {date: [date - dt.timedelta(weeks=n) for n in range(1, weeks + 1)] for date in dates}
    wanted = sorted({day for days in sources.values() for day in days})
    totals: dict[dt.date, dict[dt.time, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = TrafficCount.objects.filter(hall=hall, date__in=wanted).values_list("date", "slot_start", "arrivals")
    for day, start, count in rows:
        totals[day][start].append(count)
    result: dict[dt.date, dict[dt.time, float]] = {}
    for date, days in sources.items():
        per_slot: dict[dt.time, list[int]] = defaultdict(list)
        for day in days:
            for start, counts in totals.get(day, {}).items():
                per_slot[start].extend(counts)
        result[date] = {start: sum(counts) / len(counts) for start, counts in per_slot.items()}
    return result


def entered_arrivals(profile: DemandProfile, date: dt.date, starts: list[dt.time]) -> dict[dt.time, float]:
    """Arrivals typed in by the manager for this weekday, one number per slot from opening."""
    values = (profile.entered_arrivals or {}).get(str(date.weekday())) or []
    return {start: float(values[i]) for i, start in enumerate(starts) if i < len(values)}


def classify(arrivals: float, busiest: float) -> str:
    if busiest <= 0:
        return Period.LOW
    share = arrivals / busiest
    if share >= PEAK_SHARE:
        return Period.PEAK
    if share >= MID_SHARE:
        return Period.MID
    return Period.LOW


def floor_roles(profile: DemandProfile, hall: Hall, period: str) -> dict[str, int]:
    required = {
        WorkRole.GREETER.value: profile.greeters_when_open,
        WorkRole.CONSULTANT.value: profile.consultants_at_peak
        if period == Period.PEAK
        else profile.consultants_otherwise,
    }
    if hall.kiosks:
        # Someone helps at the kiosks when the hall is busy, so customers learn to serve themselves.
        required[WorkRole.SELF_SERVICE.value] = 1 if period == Period.PEAK else 0
    return required


def day_demand(hall: Hall, date: dt.date, history: dict[dt.time, float] | None = None) -> DayDemand:
    """Demand on one date; `history` may carry the date's averaged arrivals when already fetched."""
    profile = profile_for(hall)
    hours = hall.hours_on(date)
    demand = DayDemand(
        hall=hall,
        date=date,
        opens=hours[0] if hours else None,
        closes=hours[1] if hours else None,
        aht_minutes=profile.aht_minutes,
        service_level_target=profile.service_level_target,
        target_wait_minutes=profile.target_wait_minutes,
        source="closed",
    )
    if not hours:
        return demand
    starts = slot_starts(*hours)
    arrivals = history if history is not None else historical_arrivals(hall, date, profile.history_weeks)
    source = "history"
    if not arrivals:
        arrivals, source = entered_arrivals(profile, date, starts), "entered"
    if not arrivals:
        source = "none"
    demand.source = source
    busiest = max((arrivals.get(start, 0.0) for start in starts), default=0.0)
    for start in starts:
        count = arrivals.get(start, 0.0)
        per_hour = count * 60 / SLOT_MINUTES
        counter = agents_needed(
            per_hour,
            float(profile.aht_minutes),
            float(profile.service_level_target),
            float(profile.target_wait_minutes),
        )
        period = classify(count, busiest)
        required = {WorkRole.COUNTER.value: min(counter, hall.counters), **floor_roles(profile, hall, period)}
        demand.slots.append(
            SlotDemand(
                start=start,
                arrivals=round(count, 2),
                arrivals_per_hour=round(per_hour, 2),
                erlang_c_staff=counter,
                required=required,
                period=period,
            )
        )
    return demand


def period_demand(hall: Hall, dates: Iterable[dt.date]) -> dict[dt.date, DayDemand]:
    dates = list(dates)
    history = historical_arrivals_many(hall, dates, profile_for(hall).history_weeks)
    return {date: day_demand(hall, date, history[date]) for date in dates}


def role_totals(days: Iterable[DayDemand]) -> dict[str, int]:
    """Staff-slots needed per role over several days (for summaries)."""
    totals: dict[str, int] = defaultdict(int)
    for day in days:
        for slot in day.slots:
            for role, count in slot.required.items():
                totals[role] += count
    return dict(totals)
