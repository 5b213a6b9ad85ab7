"""The hard rules of a roster (ROSTER_FORMAT.md, rules 1-6) checked in words, and coverage against demand.

`validate_roster` answers a manager's edit, so it must stay fast: one pass over the shifts, grouped by
person, with no per-slot work except for unavailability windows. The arithmetic helpers here (shift
length, weekly cap, rest) are shared with the solver so that the model and the check cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from staffing.roster_format import MINUTES_PER_DAY, Problem, Shift, StaffMember, Unavailability, format_clock

# Hours in a file are decimals (4.5, 10.25); comparing minutes with a small tolerance keeps 4.1 h * 60
# = 245.99999999999997 from refusing a 246-minute shift.
_EPSILON_MINUTES = 1e-6


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, in words a hall manager can act on."""

    rule: int
    staff: str
    day: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Gap:
    """A slot where fewer people work a role than demand asks for."""

    role: str
    day: int
    slot: int
    short: int


@dataclass(frozen=True)
class Coverage:
    """People scheduled per role, day and slot, and the totals short of and above demand."""

    scheduled: dict[str, list[list[int]]]
    unmet: int
    over: int
    gaps: tuple[Gap, ...]


# ------------------------------------------------------------------------------------ shared arithmetic


def length_allowed(problem: Problem, slots: int) -> bool:
    """Rule 2: a shift of `slots` slots lasts between the minimum and maximum shift hours."""
    minutes = slots * problem.slot_minutes
    rules = problem.rules
    return rules.min_shift_hours * 60 - _EPSILON_MINUTES <= minutes <= rules.max_shift_hours * 60 + _EPSILON_MINUTES


def allowed_lengths(problem: Problem) -> list[int]:
    """Every shift length in slots that rule 2 allows inside one day."""
    return [slots for slots in range(1, problem.slots_per_day + 1) if length_allowed(problem, slots)]


def weekly_cap_slots(problem: Problem, member: StaffMember) -> int:
    """Rule 4: the most slots `member` may work in one calendar week of the horizon."""
    return int((member.max_hours_week * 60 + _EPSILON_MINUTES) // problem.slot_minutes)


def rest_hours(problem: Problem, end_slot: int, next_start_slot: int) -> float:
    """Rule 6: hours between a shift ending at `end_slot` and one starting at `next_start_slot` the next day."""
    return (MINUTES_PER_DAY - (end_slot - next_start_slot) * problem.slot_minutes) / 60


def rest_allowed(problem: Problem, end_slot: int, next_start_slot: int) -> bool:
    rest_minutes = MINUTES_PER_DAY - (end_slot - next_start_slot) * problem.slot_minutes
    return rest_minutes >= problem.rules.min_rest_hours * 60 - _EPSILON_MINUTES


def max_overnight_span(problem: Problem) -> int:
    """Largest `end - next_start` (in slots) that rule 6 allows between consecutive days."""
    allowed_minutes = MINUTES_PER_DAY - problem.rules.min_rest_hours * 60 + _EPSILON_MINUTES
    return int(allowed_minutes // problem.slot_minutes)


def blocking_unavailability(
    problem: Problem, member: StaffMember, day: int, start: int, end: int
) -> Unavailability | None:
    """The first unavailability of `member` that a shift [start, end) on `day` would overlap, if any."""
    shift_from = problem.day_start_minute + start * problem.slot_minutes
    shift_to = problem.day_start_minute + end * problem.slot_minutes
    for entry in member.unavailable:
        if entry.day != day:
            continue
        if entry.whole_day or (shift_from < entry.end_minute and entry.start_minute < shift_to):
            return entry
    return None


def week_days(problem: Problem, week: int) -> range:
    return range(week * 7, min(problem.days, week * 7 + 7))


# ----------------------------------------------------------------------------------------- validation


def validate_roster(problem: Problem, shifts: Iterable[Shift]) -> list[Violation]:
    """Every hard rule 1-6 that `shifts` break, ordered by person, day and rule; empty when the roster is valid."""
    members = {member.id: member for member in problem.staff}
    violations: list[Violation] = []
    by_person: dict[str, dict[int, list[Shift]]] = defaultdict(lambda: defaultdict(list))
    for shift in shifts:
        if _check_shape(problem, members, shift, violations):
            by_person[shift.staff][shift.day].append(shift)
    for staff_id, days in by_person.items():
        member = members[staff_id]
        for day, day_shifts in days.items():
            _check_day(problem, member, day, day_shifts, violations)
        _check_weeks(problem, member, days, violations)
        _check_consecutive(problem, member, days, violations)
        _check_rest(problem, member, days, violations)
    order = {member.id: index for index, member in enumerate(problem.staff)}
    violations.sort(key=lambda v: (order.get(v.staff, len(order)), v.staff, v.day, v.rule))
    return violations


def _span(problem: Problem, shift: Shift) -> str:
    return f"{problem.slot_clock(shift.start)}-{problem.slot_clock(shift.end)}"


def _check_shape(problem: Problem, members: dict[str, StaffMember], shift: Shift, out: list[Violation]) -> bool:
    """Rules 1 and 2 for one shift; False when the shift is too broken to take part in the other rules."""
    where = f"{shift.staff} on day {shift.day}"
    member = members.get(shift.staff)
    if member is None:
        out.append(Violation(1, shift.staff, shift.day, f"{where}: {shift.staff} is not on the staff list"))
        return False
    if not 0 <= shift.day < problem.days:
        message = f"{where}: the roster has days 0 to {problem.days - 1} only"
        out.append(Violation(1, shift.staff, shift.day, message))
        return False
    if shift.role not in member.roles:
        if shift.role in problem.roles:
            message = f"{where}: cannot work as {shift.role} (roles: {', '.join(member.roles)})"
        else:
            message = f'{where}: "{shift.role}" is not a role of this roster'
        out.append(Violation(1, shift.staff, shift.day, message))
    if not 0 <= shift.start < shift.end <= problem.slots_per_day:
        day_span = f"{problem.slot_clock(0)}-{problem.slot_clock(problem.slots_per_day)}"
        if shift.start >= shift.end:
            message = f"{where}: shift {_span(problem, shift)} does not end after it starts"
        else:
            message = f"{where}: shift {_span(problem, shift)} runs outside the day ({day_span})"
        out.append(Violation(1, shift.staff, shift.day, message))
        return False
    if not length_allowed(problem, shift.slots):
        rules = problem.rules
        hours = shift.slots * problem.slot_minutes / 60
        if hours < rules.min_shift_hours:
            limit = f"below the {_hours(rules.min_shift_hours)} h minimum"
        else:
            limit = f"above the {_hours(rules.max_shift_hours)} h maximum"
        message = f"{where}: shift {_span(problem, shift)} lasts {hours:.1f} h, {limit}"
        out.append(Violation(2, shift.staff, shift.day, message))
    return True


def _check_day(problem: Problem, member: StaffMember, day: int, shifts: list[Shift], out: list[Violation]) -> None:
    """Rule 3: one shift a day, none inside unavailability."""
    where = f"{member.id} on day {day}"
    if len(shifts) > 1:
        spans = ", ".join(_span(problem, shift) for shift in sorted(shifts))
        out.append(Violation(3, member.id, day, f"{where}: {len(shifts)} shifts ({spans}); at most one a day"))
    for shift in shifts:
        entry = blocking_unavailability(problem, member, day, shift.start, shift.end)
        if entry is None:
            continue
        if entry.whole_day:
            message = f"{where}: shift {_span(problem, shift)} on a day they are unavailable"
        else:
            window = f"{format_clock(entry.start_minute)}-{format_clock(entry.end_minute)}"
            message = f"{where}: shift {_span(problem, shift)} overlaps their unavailability {window}"
        out.append(Violation(3, member.id, day, message))


def _check_weeks(problem: Problem, member: StaffMember, days: dict[int, list[Shift]], out: list[Violation]) -> None:
    """Rule 4: hours and working days per calendar week of the horizon."""
    rules = problem.rules
    for week in range(problem.weeks):
        span = week_days(problem, week)
        worked = [day for day in span if days.get(day)]
        if not worked:
            continue
        where = f"{member.id} in week {week + 1} (days {span.start}-{span.stop - 1})"
        slots = sum(shift.slots for day in worked for shift in days[day])
        if slots > weekly_cap_slots(problem, member):
            hours = slots * problem.slot_minutes / 60
            message = f"{where}: {hours:.1f} h, above their {_hours(member.max_hours_week)} h weekly maximum"
            out.append(Violation(4, member.id, span.start, message))
        if len(worked) > rules.max_days_per_week:
            message = f"{where}: {len(worked)} working days, above the maximum of {rules.max_days_per_week}"
            out.append(Violation(4, member.id, span.start, message))


def _check_consecutive(
    problem: Problem, member: StaffMember, days: dict[int, list[Shift]], out: list[Violation]
) -> None:
    """Rule 5: runs of working days longer than the maximum, each reported once."""
    limit = problem.rules.max_consecutive_days
    run_start = None
    for day in range(problem.days + 1):
        if day < problem.days and days.get(day):
            run_start = day if run_start is None else run_start
            continue
        if run_start is not None and day - run_start > limit:
            message = (
                f"{member.id} on days {run_start}-{day - 1}: {day - run_start} working days in a row, "
                f"above the maximum of {limit}"
            )
            out.append(Violation(5, member.id, run_start, message))
        run_start = None


def _check_rest(problem: Problem, member: StaffMember, days: dict[int, list[Shift]], out: list[Violation]) -> None:
    """Rule 6: rest between the last shift of a day and the first of the next."""
    minimum = problem.rules.min_rest_hours
    for day in sorted(days):
        today, tomorrow = days[day], days.get(day + 1)
        if not today or not tomorrow:
            continue
        end = max(shift.end for shift in today)
        start = min(shift.start for shift in tomorrow)
        if not rest_allowed(problem, end, start):
            rest = rest_hours(problem, end, start)
            message = (
                f"{member.id} on day {day + 1}: rest {rest:.1f} h after day {day}'s shift, "
                f"below the {_hours(minimum)} h minimum"
            )
            out.append(Violation(6, member.id, day + 1, message))


def _hours(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# ------------------------------------------------------------------------------------------- coverage


def coverage(problem: Problem, shifts: Iterable[Shift]) -> Coverage:
    """People scheduled per role, day and slot against demand (shifts outside the grid are ignored)."""
    scheduled = {role: [[0] * problem.slots_per_day for _ in range(problem.days)] for role in problem.roles}
    for shift in shifts:
        grid = scheduled.get(shift.role)
        if grid is None or not 0 <= shift.day < problem.days:
            continue
        row = grid[shift.day]
        for slot in range(max(shift.start, 0), min(shift.end, problem.slots_per_day)):
            row[slot] += 1
    unmet = over = 0
    gaps = []
    for role in problem.roles:
        for day, (wanted_row, got_row) in enumerate(zip(problem.demand[role], scheduled[role], strict=True)):
            for slot, (wanted, got) in enumerate(zip(wanted_row, got_row, strict=True)):
                if got < wanted:
                    unmet += wanted - got
                    gaps.append(Gap(role, day, slot, wanted - got))
                else:
                    over += got - wanted
    return Coverage(scheduled=scheduled, unmet=unmet, over=over, gaps=tuple(gaps))
