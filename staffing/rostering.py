"""A hall's roster as a roster problem (ROSTER_FORMAT.md) and back: the bridge between the database and
the solver and validator, which only know format-1 problems and shifts.

Staff are identified in the problem by employee number. Slot times are the hall's local time; shifts are
stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from halls.models import Hall

from .choices import LeaveStatus, RosterStatus, WorkRole
from .demand import SLOT_MINUTES, DayDemand, period_demand
from .models import DatedUnavailability, LeaveRequest, Roster, Shift, StaffMember, WeeklyUnavailability
from .roster_format import PROBLEM_FORMAT, LaterWork, PriorWork, Problem, Rules, Unavailability, format_clock
from .roster_format import Shift as PlanShift
from .roster_format import StaffMember as PlanMember
from .roster_rules import coverage
from .services.rules import effective_rules


@dataclass
class RosterPlan:
    """The problem for a roster plus what is needed to map its answers back to rows."""

    roster: Roster
    problem: Problem
    members: dict[str, StaffMember]
    demand: dict[dt.date, DayDemand]
    periods: list[list[str]] = field(default_factory=list)

    @property
    def hall(self) -> Hall:
        return self.roster.hall

    def date_of(self, day: int) -> dt.date:
        return self.roster.start_date + dt.timedelta(days=day)

    def local_time(self, slot: int) -> dt.time:
        minutes = self.problem.day_start_minute + slot * self.problem.slot_minutes
        return dt.time(minutes // 60, minutes % 60) if minutes < 24 * 60 else dt.time(23, 59)

    def slot_of(self, moment: dt.datetime) -> int:
        """Slot index of a UTC moment on its local day (may be fractional boundaries rounded down)."""
        return _slot_of(moment, self.hall, self.problem.day_start_minute)

    def moment(self, day: int, slot: int) -> dt.datetime:
        minutes = self.problem.day_start_minute + slot * self.problem.slot_minutes
        local = dt.datetime.combine(self.date_of(day), dt.time(0), tzinfo=self.hall.tzinfo)
        return (local + dt.timedelta(minutes=minutes)).astimezone(dt.UTC)

    def to_plan_shift(self, shift: Shift) -> PlanShift:
        return PlanShift(
            day=(shift.day - self.roster.start_date).days,
            staff=shift.staff.employee_number,
            start=self.slot_of(shift.starts_at),
            end=self.slot_of(shift.ends_at),
            role=shift.role,
        )

    def plan_shifts(self, shifts: Iterable[Shift]) -> list[PlanShift]:
        return [self.to_plan_shift(shift) for shift in shifts]


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _slot_of(moment: dt.datetime, hall: Hall, day_start_minute: int) -> int:
    """Slot index of a UTC moment on its local day in a grid starting at `day_start_minute` (rounded down)."""
    local = moment.astimezone(hall.tzinfo)
    return (_minutes(local) - day_start_minute) // SLOT_MINUTES


def _grid(demands: dict[dt.date, DayDemand]) -> tuple[int, int]:
    """Day start (minutes) and number of slots covering every open hour of the horizon."""
    opens = [_minutes(d.opens) for d in demands.values() if d.opens]
    closes = [_minutes(d.closes) for d in demands.values() if d.closes]
    if not opens:
        return 9 * 60, 18
    start, end = min(opens), max(closes)
    start -= start % SLOT_MINUTES
    return start, -(-(end - start) // SLOT_MINUTES)


def _unavailability(member: StaffMember, dates: list[dt.date], weekly, dated, leave) -> tuple[Unavailability, ...]:
    out: list[Unavailability] = []
    for day, date in enumerate(dates):
        if any(row.first_day <= date <= row.last_day for row in leave.get(member.pk, ())):
            out.append(Unavailability(day=day))
            continue
        rows = [r for r in weekly.get(member.pk, ()) if r.weekday == date.weekday()]
        rows += [r for r in dated.get(member.pk, ()) if r.date == date]
        if any(r.start is None for r in rows):
            out.append(Unavailability(day=day))
            continue
        out.extend(Unavailability(day=day, start_minute=_minutes(r.start), end_minute=_minutes(r.end)) for r in rows)
    return tuple(out)


def _group(rows: Iterable, key: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def _demand_grid(
    demands: dict[dt.date, DayDemand], dates: list[dt.date], roles: list[str], day_start: int, slots_per_day: int
) -> tuple[dict[str, list[list[int]]], list[list[str]]]:
    """People needed per role, day (index in `dates`) and slot of the grid, and each slot's period."""
    demand = {role: [[0] * slots_per_day for _ in dates] for role in roles}
    periods = [["closed"] * slots_per_day for _ in dates]
    for day, date in enumerate(dates):
        for slot in demands[date].slots:
            index = (_minutes(slot.start) - day_start) // SLOT_MINUTES
            if 0 <= index < slots_per_day:
                periods[day][index] = slot.period
                for role in roles:
                    demand[role][day][index] = slot.required.get(role, 0)
    return demand, periods


def _published_near(
    roster: Roster, members: dict[str, StaffMember], since: dt.date, until: dt.date, *, latest_end: bool
) -> dict[str, tuple[set[dt.date], dt.datetime]]:
    """Per rostered person (by employee number), the days they work in published rosters other than `roster`
    from `since` up to (not including) `until`, with the end of their latest shift there (`latest_end`) or
    the start of their earliest. One query."""
    wanted = {member.pk: number for number, member in members.items()}
    moment = "ends_at" if latest_end else "starts_at"
    pick = max if latest_end else min
    rows = (
        Shift.objects.filter(
            staff_id__in=list(wanted), roster__status=RosterStatus.PUBLISHED, day__gte=since, day__lt=until
        )
        .exclude(roster=roster)
        .values_list("staff_id", "day", moment)
    )
    found: dict[int, tuple[set[dt.date], dt.datetime]] = {}
    for staff_id, day, at in rows:
        days, edge = found.get(staff_id, (set(), at))
        days.add(day)
        found[staff_id] = (days, pick(edge, at))
    return {wanted[staff_id]: value for staff_id, value in found.items()}


def _minutes_after(moment: dt.datetime, day: dt.date, roster: Roster) -> int:
    """Minutes from the hall's midnight starting `day` to `moment` (negative before it)."""
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=roster.hall.tzinfo)
    return int((moment - midnight).total_seconds() // 60)


def prior_work(roster: Roster, members: dict[str, StaffMember], max_consecutive_days: int) -> dict[str, PriorWork]:
    """What each rostered person worked just before the roster's first day, from published rosters (any hall):
    the end of their last shift and the days they worked in a row up to the day before. One query.

    The rest rule (6) and the most days in a row (5) carry across the boundary with it; the weekly rules
    (4) count calendar weeks of the roster only, as in ROSTER_FORMAT.md.
    """
    first = roster.start_date
    # Enough days back to count a run up to the limit, and at least two for the rest before day 0.
    since = first - dt.timedelta(days=max(max_consecutive_days, 2))
    history = {}
    for number, (worked, last_end) in _published_near(roster, members, since, first, latest_end=True).items():
        run = 0
        while first - dt.timedelta(days=run + 1) in worked:
            run += 1
        history[number] = PriorWork(last_end=_minutes_after(last_end, first, roster), days_in_a_row=run)
    return history


def later_work(roster: Roster, members: dict[str, StaffMember], max_consecutive_days: int) -> dict[str, LaterWork]:
    """What each rostered person works just after the roster's last day, from published rosters (any hall):
    the start of their first later shift and the days they work in a row from the day after. One query.

    The mirror of `prior_work`: editing or publishing a week must not break the rest or the run of days
    against a roster already published for the weeks after it.
    """
    end = roster.start_date + dt.timedelta(days=roster.weeks * 7)
    until = end + dt.timedelta(days=max(max_consecutive_days, 2))
    later = {}
    for number, (worked, first_start) in _published_near(roster, members, end, until, latest_end=False).items():
        run = 0
        while end + dt.timedelta(days=run) in worked:
            run += 1
        later[number] = LaterWork(first_start=_minutes_after(first_start, end, roster), days_in_a_row=run)
    return later


def build_plan(roster: Roster) -> RosterPlan:
    """The roster problem for a roster's hall and horizon, from demand, staff, availability and rules."""
    hall = Hall.objects.prefetch_related("opening_hours", "special_days").get(pk=roster.hall_id)
    roster.hall = hall
    dates = [roster.start_date + dt.timedelta(days=n) for n in range(roster.days)]
    demands = period_demand(hall, dates)
    day_start, slots_per_day = _grid(demands)
    staff = list(
        StaffMember.objects.filter(hall=hall, active=True).prefetch_related("skills").order_by("employee_number")
    )
    # Roles with demand, plus any role the staff can work: a shift in a role with no demand is still a shift.
    needed = {role for d in demands.values() for s in d.slots for role, count in s.required.items() if count}
    skills = {role for member in staff for role in member.roles}
    roles = [role.value for role in WorkRole if role.value in needed | skills] or [WorkRole.COUNTER.value]
    demand, periods = _demand_grid(demands, dates, roles, day_start, slots_per_day)
    ids = [m.pk for m in staff]
    weekly = _group(WeeklyUnavailability.objects.filter(staff_id__in=ids), "staff_id")
    dated = _group(DatedUnavailability.objects.filter(staff_id__in=ids, date__range=(dates[0], dates[-1])), "staff_id")
    leave = _group(
        LeaveRequest.objects.filter(
            staff_id__in=ids, status=LeaveStatus.APPROVED, first_day__lte=dates[-1], last_day__gte=dates[0]
        ),
        "staff_id",
    )
    rules = effective_rules(hall)
    members = {}
    plan_members = []
    for member in staff:
        member_roles = tuple(role for role in member.roles if role in roles)
        if not member_roles:
            continue
        members[member.employee_number] = member
        plan_members.append(
            PlanMember(
                id=member.employee_number,
                roles=member_roles,
                max_hours_week=float(min(member.max_hours_week, rules.max_hours_week)),
                unavailable=_unavailability(member, dates, weekly, dated, leave),
                star=member.star_grade,
            )
        )
    history = prior_work(roster, members, rules.max_consecutive_days)
    problem = Problem(
        name=f"Hall {hall.code}, {roster.start_date:%Y-%m-%d} (+{roster.weeks}w)",
        start_date=roster.start_date,
        days=len(dates),
        day_start_minute=day_start,
        slot_minutes=SLOT_MINUTES,
        slots_per_day=slots_per_day,
        roles=tuple(roles),
        demand={role: tuple(tuple(row) for row in rows) for role, rows in demand.items()},
        staff=tuple(plan_members),
        rules=Rules(
            min_shift_hours=float(rules.min_shift_hours),
            max_shift_hours=float(rules.longest_shift_hours),
            min_rest_hours=float(rules.min_rest_hours),
            max_days_per_week=rules.max_days_week,
            max_consecutive_days=rules.max_consecutive_days,
        ),
        history=history,
        later=later_work(roster, members, rules.max_consecutive_days),
        # Never more people at the counters than the hall has counters (demand is capped there already).
        capacity={WorkRole.COUNTER.value: hall.counters} if WorkRole.COUNTER.value in roles else {},
    )
    return RosterPlan(roster=roster, problem=problem, members=members, demand=demands, periods=periods)


def published_coverage(hall: Hall, first: dt.date, last: dt.date) -> dict[dt.date, tuple[int, int]]:
    """Roster coverage of demand on each local day first..last that a published roster spans:
    (staff-slots covered, staff-slots demanded), by role and 30-minute slot as the roster page counts them
    (roster_rules.coverage against the demand profile); a slot with more people than needed counts only up to
    its demand. Days no published roster spans, and days with no demand (closed), are left out.
    About seven queries whatever the range."""
    spans = Roster.objects.filter(hall=hall, status=RosterStatus.PUBLISHED, start_date__lte=last).values_list(
        "start_date", "weeks"
    )
    dates = sorted(
        {
            date
            for start, weeks in spans
            for n in range(weeks * 7)
            if first <= (date := start + dt.timedelta(days=n)) <= last
        }
    )
    if not dates:
        return {}
    hall = Hall.objects.prefetch_related("opening_hours", "special_days").get(pk=hall.pk)
    demands = period_demand(hall, dates)
    day_start, slots_per_day = _grid(demands)
    roles = [role.value for role in WorkRole]
    demand, _periods = _demand_grid(demands, dates, roles, day_start, slots_per_day)
    index = {date: n for n, date in enumerate(dates)}
    shifts = [
        PlanShift(
            day=index[day],
            staff=str(staff_id),
            start=_slot_of(starts_at, hall, day_start),
            end=_slot_of(ends_at, hall, day_start),
            role=role,
        )
        for staff_id, day, role, starts_at, ends_at in Shift.objects.filter(
            roster__hall=hall, roster__status=RosterStatus.PUBLISHED, day__in=dates
        ).values_list("staff_id", "day", "role", "starts_at", "ends_at")
    ]
    problem = Problem(
        name=f"Coverage of hall {hall.code}",
        start_date=dates[0],
        days=len(dates),
        day_start_minute=day_start,
        slot_minutes=SLOT_MINUTES,
        slots_per_day=slots_per_day,
        roles=tuple(roles),
        demand={role: tuple(tuple(row) for row in rows) for role, rows in demand.items()},
        staff=(),
        rules=Rules(
            min_shift_hours=0, max_shift_hours=24, min_rest_hours=0, max_days_per_week=7, max_consecutive_days=365
        ),
    )
    short: dict[int, int] = {}
    for gap in coverage(problem, shifts).gaps:
        short[gap.day] = short.get(gap.day, 0) + gap.short
    result = {}
    for n, date in enumerate(dates):
        demanded = sum(demand[role][n][slot] for role in roles for slot in range(slots_per_day))
        if demanded:
            result[date] = (demanded - short.get(n, 0), demanded)
    return result


def problem_to_dict(problem: Problem) -> dict:
    """The problem as a format-1 file, so a roster built in the UI can be solved or archived elsewhere."""

    def window(entry: Unavailability) -> dict:
        if entry.whole_day:
            return {"day": entry.day}
        return {"day": entry.day, "from": format_clock(entry.start_minute), "to": format_clock(entry.end_minute)}

    return {
        "format": PROBLEM_FORMAT,
        "name": problem.name,
        "start_date": f"{problem.start_date:%Y-%m-%d}" if problem.start_date else None,
        "days": problem.days,
        "day_start": format_clock(problem.day_start_minute),
        "slot_minutes": problem.slot_minutes,
        "slots_per_day": problem.slots_per_day,
        "roles": list(problem.roles),
        "demand": {role: [list(row) for row in rows] for role, rows in problem.demand.items()},
        "staff": [
            {
                "id": member.id,
                "roles": list(member.roles),
                "max_hours_week": member.max_hours_week,
                "unavailable": [window(entry) for entry in member.unavailable],
                **({"star": member.star} if member.star is not None else {}),
            }
            for member in problem.staff
        ],
        "rules": {
            "min_shift_hours": problem.rules.min_shift_hours,
            "max_shift_hours": problem.rules.max_shift_hours,
            "min_rest_hours": problem.rules.min_rest_hours,
            "max_days_per_week": problem.rules.max_days_per_week,
            "max_consecutive_days": problem.rules.max_consecutive_days,
        },
    }
