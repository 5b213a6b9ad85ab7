"""The hard rules of a roster (ROSTER_FORMAT.md, rules 1-6) checked in words, and coverage against demand.

`validate_roster` answers a manager's edit, so it must stay fast: one pass over the shifts, grouped by
person, with no per-slot work except for unavailability windows. The arithmetic helpers here (shift
length, weekly cap, rest) are shared with the solver so that the model and the check cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from staffing.roster_format import (
    MINUTES_PER_DAY,
    LaterWork,
    PriorWork,
    Problem,
    Shift,
    StaffMember,
    Unavailability,
    format_clock,
)

# Hours in a file are decimals (4.5, 10.25); comparing minutes with a small tolerance keeps 4.1 h * 60
# = 245.99999999999997 from refusing a 246-minute shift.
_EPSILON_MINUTES = 1e-6


# What broke, as data (`Violation.code`); `staffing.violation_text` renders each in the reader's language.
UNKNOWN_STAFF = "unknown_staff"  # no params
DAY_OUTSIDE = "day_outside"  # last_day
ROLE_NOT_HELD = "role_not_held"  # role, roles
UNKNOWN_ROLE = "unknown_role"  # role
SHIFT_BACKWARDS = "shift_backwards"  # start, end (clock times)
SHIFT_OUTSIDE_DAY = "shift_outside_day"  # start, end, day_start, day_end
SHIFT_TOO_SHORT = "shift_too_short"  # start, end, hours, limit
SHIFT_TOO_LONG = "shift_too_long"  # start, end, hours, limit
SEVERAL_SHIFTS = "several_shifts"  # count, spans
UNAVAILABLE_DAY = "unavailable_day"  # start, end
UNAVAILABLE_WINDOW = "unavailable_window"  # start, end, from, to
WEEKLY_HOURS = "weekly_hours"  # week (1-based), first_day, last_day, hours, limit
WEEKLY_DAYS = "weekly_days"  # week (1-based), first_day, last_day, count, limit
DAYS_IN_A_ROW = "days_in_a_row"  # first_day, last_day, count, limit
DAYS_IN_A_ROW_CARRIED = "days_in_a_row_carried"  # first_day, last_day, count, before, limit
DAYS_IN_A_ROW_LATER = "days_in_a_row_later"  # first_day, last_day, count, before, after, limit
REST_AFTER_PRIOR = "rest_after_prior"  # rest, limit
REST_BEFORE_LATER = "rest_before_later"  # rest, limit
REST = "rest"  # previous_day, rest, limit


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, in words a hall manager can act on.

    `message` is the English sentence of the file format (ROSTER_FORMAT.md, the command line); `code` and
    `params` (days as day numbers, times as "HH:MM", hours as numbers) say the same as data, so that a page
    can render it in the reader's language with names and dates (`staffing.violation_text`).
    """

    rule: int
    staff: str
    day: int
    message: str
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

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
    # Staff-slots above a capped role's places (`Problem.capacity`: more people at counters than counters).
    over_capacity: int = 0


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


def prior_rest_minutes(problem: Problem, prior: PriorWork, day: int, start_slot: int) -> float | None:
    """Rule 6 across the horizon's start: minutes from `prior`'s last shift to a shift starting at
    `start_slot` on `day` (None when nothing was worked before the horizon)."""
    if prior.last_end is None:
        return None
    return day * MINUTES_PER_DAY + problem.day_start_minute + start_slot * problem.slot_minutes - prior.last_end


def prior_rest_allowed(problem: Problem, prior: PriorWork | None, day: int, start_slot: int) -> bool:
    """May a person's first shift of the horizon start at `start_slot` on `day`, given what they worked before?"""
    rest = None if prior is None else prior_rest_minutes(problem, prior, day, start_slot)
    return rest is None or rest >= problem.rules.min_rest_hours * 60 - _EPSILON_MINUTES


def later_rest_minutes(problem: Problem, later: LaterWork, day: int, end_slot: int) -> float | None:
    """Rule 6 across the horizon's end: minutes from a shift ending at `end_slot` on `day` to the person's
    first shift after the horizon (None when nothing is rostered after it)."""
    if later.first_start is None:
        return None
    end = day * MINUTES_PER_DAY + problem.day_start_minute + end_slot * problem.slot_minutes
    return problem.days * MINUTES_PER_DAY + later.first_start - end


def later_rest_allowed(problem: Problem, later: LaterWork | None, day: int, end_slot: int) -> bool:
    """May a person's last shift of the horizon end at `end_slot` on `day`, given what they work after it?"""
    rest = None if later is None else later_rest_minutes(problem, later, day, end_slot)
    return rest is None or rest >= problem.rules.min_rest_hours * 60 - _EPSILON_MINUTES


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
        message = f"{where}: {shift.staff} is not on the staff list"
        out.append(Violation(1, shift.staff, shift.day, message, UNKNOWN_STAFF))
        return False
    if not 0 <= shift.day < problem.days:
        message = f"{where}: the roster has days 0 to {problem.days - 1} only"
        out.append(Violation(1, shift.staff, shift.day, message, DAY_OUTSIDE, {"last_day": problem.days - 1}))
        return False
    if shift.role not in member.roles:
        if shift.role in problem.roles:
            message = f"{where}: cannot work as {shift.role} (roles: {', '.join(member.roles)})"
            params: dict[str, Any] = {"role": shift.role, "roles": list(member.roles)}
            out.append(Violation(1, shift.staff, shift.day, message, ROLE_NOT_HELD, params))
        else:
            message = f'{where}: "{shift.role}" is not a role of this roster'
            out.append(Violation(1, shift.staff, shift.day, message, UNKNOWN_ROLE, {"role": shift.role}))
    times = {"start": problem.slot_clock(shift.start), "end": problem.slot_clock(shift.end)}
    if not 0 <= shift.start < shift.end <= problem.slots_per_day:
        day_start, day_end = problem.slot_clock(0), problem.slot_clock(problem.slots_per_day)
        if shift.start >= shift.end:
            message = f"{where}: shift {_span(problem, shift)} does not end after it starts"
            out.append(Violation(1, shift.staff, shift.day, message, SHIFT_BACKWARDS, times))
        else:
            message = f"{where}: shift {_span(problem, shift)} runs outside the day ({day_start}-{day_end})"
            params = {**times, "day_start": day_start, "day_end": day_end}
            out.append(Violation(1, shift.staff, shift.day, message, SHIFT_OUTSIDE_DAY, params))
        return False
    if not length_allowed(problem, shift.slots):
        rules = problem.rules
        hours = shift.slots * problem.slot_minutes / 60
        if hours < rules.min_shift_hours:
            code, bound, limit = (
                SHIFT_TOO_SHORT,
                rules.min_shift_hours,
                f"below the {_hours(rules.min_shift_hours)} h minimum",
            )
        else:
            code, bound, limit = (
                SHIFT_TOO_LONG,
                rules.max_shift_hours,
                f"above the {_hours(rules.max_shift_hours)} h maximum",
            )
        message = f"{where}: shift {_span(problem, shift)} lasts {hours:.1f} h, {limit}"
        params = {**times, "hours": hours, "limit": bound}
        out.append(Violation(2, shift.staff, shift.day, message, code, params))
    return True


def _check_day(problem: Problem, member: StaffMember, day: int, shifts: list[Shift], out: list[Violation]) -> None:
    """Rule 3: one shift a day, none inside unavailability."""
    where = f"{member.id} on day {day}"
    if len(shifts) > 1:
        spans = [_span(problem, shift) for shift in sorted(shifts)]
        message = f"{where}: {len(shifts)} shifts ({', '.join(spans)}); at most one a day"
        out.append(Violation(3, member.id, day, message, SEVERAL_SHIFTS, {"count": len(shifts), "spans": spans}))
    for shift in shifts:
        entry = blocking_unavailability(problem, member, day, shift.start, shift.end)
        if entry is None:
            continue
        times = {"start": problem.slot_clock(shift.start), "end": problem.slot_clock(shift.end)}
        if entry.whole_day:
            message = f"{where}: shift {_span(problem, shift)} on a day they are unavailable"
            out.append(Violation(3, member.id, day, message, UNAVAILABLE_DAY, times))
        else:
            window = {"from": format_clock(entry.start_minute), "to": format_clock(entry.end_minute)}
            message = (
                f"{where}: shift {_span(problem, shift)} overlaps their unavailability {window['from']}-{window['to']}"
            )
            out.append(Violation(3, member.id, day, message, UNAVAILABLE_WINDOW, {**times, **window}))


def _check_weeks(problem: Problem, member: StaffMember, days: dict[int, list[Shift]], out: list[Violation]) -> None:
    """Rule 4: hours and working days per calendar week of the horizon."""
    rules = problem.rules
    for week in range(problem.weeks):
        span = week_days(problem, week)
        worked = [day for day in span if days.get(day)]
        if not worked:
            continue
        where = f"{member.id} in week {week + 1} (days {span.start}-{span.stop - 1})"
        week_params = {"week": week + 1, "first_day": span.start, "last_day": span.stop - 1}
        slots = sum(shift.slots for day in worked for shift in days[day])
        if slots > weekly_cap_slots(problem, member):
            hours = slots * problem.slot_minutes / 60
            message = f"{where}: {hours:.1f} h, above their {_hours(member.max_hours_week)} h weekly maximum"
            params = {**week_params, "hours": hours, "limit": member.max_hours_week}
            out.append(Violation(4, member.id, span.start, message, WEEKLY_HOURS, params))
        if len(worked) > rules.max_days_per_week:
            message = f"{where}: {len(worked)} working days, above the maximum of {rules.max_days_per_week}"
            params = {**week_params, "count": len(worked), "limit": rules.max_days_per_week}
            out.append(Violation(4, member.id, span.start, message, WEEKLY_DAYS, params))


def _check_consecutive(
    problem: Problem, member: StaffMember, days: dict[int, list[Shift]], out: list[Violation]
) -> None:
    """Rule 5: runs of working days longer than the maximum, each reported once."""
    limit = problem.rules.max_consecutive_days
    # Days worked in a row just before the horizon (published rosters) start the first run.
    carried = problem.history[member.id].days_in_a_row if member.id in problem.history else 0
    # ... and the days worked in a row just after it (a published roster for the next weeks) end the last.
    after = problem.later[member.id].days_in_a_row if member.id in problem.later else 0
    run_start = None
    for day in range(problem.days + 1):
        if day < problem.days and days.get(day):
            if run_start is None:
                run_start = -carried if day == 0 else day
            continue
        later = after if day == problem.days else 0
        if run_start is not None and day + later - run_start > limit:
            count = day + later - run_start
            params = {"first_day": max(run_start, 0), "last_day": day - 1, "count": count, "limit": limit}
            if later:
                before = -min(run_start, 0)
                message = (
                    f"{member.id} on days {max(run_start, 0)}-{day - 1}: {count} working days in a row with the "
                    f"{before} before and the {later} after this roster, above the maximum of {limit}"
                    if before
                    else f"{member.id} on days {run_start}-{day - 1}: {count} working days in a row with the "
                    f"{later} after this roster, above the maximum of {limit}"
                )
                code, params["before"], params["after"] = DAYS_IN_A_ROW_LATER, before, later
            elif run_start < 0:
                message = (
                    f"{member.id} on days 0-{day - 1}: {day - run_start} working days in a row with the "
                    f"{-run_start} before this roster, above the maximum of {limit}"
                )
                code, params["before"] = DAYS_IN_A_ROW_CARRIED, -run_start
            else:
                message = (
                    f"{member.id} on days {run_start}-{day - 1}: {day - run_start} working days in a row, "
                    f"above the maximum of {limit}"
                )
                code = DAYS_IN_A_ROW
            out.append(Violation(5, member.id, max(run_start, 0), message, code, params))
        run_start = None


def _check_rest(problem: Problem, member: StaffMember, days: dict[int, list[Shift]], out: list[Violation]) -> None:
    """Rule 6: rest between the last shift of a day and the first of the next."""
    minimum = problem.rules.min_rest_hours
    prior = problem.history.get(member.id)
    worked = [day for day in sorted(days) if days[day]]
    if prior is not None and worked:
        first = worked[0]
        start = min(shift.start for shift in days[first])
        if not prior_rest_allowed(problem, prior, first, start):
            rest = prior_rest_minutes(problem, prior, first, start) / 60
            message = (
                f"{member.id} on day {first}: rest {rest:.1f} h after their last shift before this roster, "
                f"below the {_hours(minimum)} h minimum"
            )
            out.append(Violation(6, member.id, first, message, REST_AFTER_PRIOR, {"rest": rest, "limit": minimum}))
    later = problem.later.get(member.id)
    if later is not None and worked:
        last = worked[-1]
        end = max(shift.end for shift in days[last])
        if not later_rest_allowed(problem, later, last, end):
            rest = later_rest_minutes(problem, later, last, end) / 60
            message = (
                f"{member.id} on day {last}: rest {rest:.1f} h before their first shift after this roster, "
                f"below the {_hours(minimum)} h minimum"
            )
            out.append(Violation(6, member.id, last, message, REST_BEFORE_LATER, {"rest": rest, "limit": minimum}))
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
            params = {"previous_day": day, "rest": rest, "limit": minimum}
            out.append(Violation(6, member.id, day + 1, message, REST, params))


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
    over_capacity = sum(
        max(0, got - places)
        for role, places in problem.capacity.items()
        if role in scheduled
        for row in scheduled[role]
        for got in row
    )
    return Coverage(scheduled=scheduled, unmet=unmet, over=over, gaps=tuple(gaps), over_capacity=over_capacity)
