"""A quick greedy roster that respects every hard rule: the solver's starting hint and its fallback answer.

It fills each week's busiest days first, and in each day the slot with the most demand still uncovered, with the
shift that covers the most uncovered slots of that role and the least-loaded person who may legally take
it. It is not good, only valid and immediate, which is all the solver needs to start improving from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from staffing.roster_format import Problem, Shift, StaffMember
from staffing.roster_rules import (
    allowed_lengths,
    blocking_unavailability,
    later_rest_allowed,
    max_overnight_span,
    prior_rest_allowed,
    weekly_cap_slots,
)

# Covering an idle slot costs half of what covering a short one earns: a slightly longer shift that
# reaches one more short slot still wins, a shift that is mostly idle does not.
_IDLE_SLOT_COST = 0.5


@dataclass
class _Person:
    member: StaffMember
    cap_slots: int
    shifts: dict[int, Shift] = field(default_factory=dict)
    week_slots: dict[int, int] = field(default_factory=dict)
    week_days: dict[int, int] = field(default_factory=dict)

    def load(self) -> float:
        return sum(shift.slots for shift in self.shifts.values()) / max(self.cap_slots, 1)


def greedy_roster(
    problem: Problem, *, days: range | None = None, fixed: Iterable[Shift] = (), template: Iterable[Shift] = ()
) -> list[Shift]:
    """A valid roster built in one pass (see the module docstring); always valid, often far from optimal.

    With `days`, only those days are filled, around the `fixed` shifts of the other days (which must be
    valid themselves); the result holds the fixed shifts too. `template` shifts on those days are taken
    first wherever the rules still allow them ("copy last week"), and the greedy fills what they leave.
    """
    days = days if days is not None else range(problem.days)
    people = [_Person(member, weekly_cap_slots(problem, member)) for member in problem.staff]
    by_id = {person.member.id: person for person in people}
    for shift in fixed:
        if shift.day not in days:
            _assign(by_id[shift.staff], shift)
    lengths = allowed_lengths(problem)
    remaining = {role: [list(row) for row in problem.demand[role]] for role in problem.roles}
    # Places left per capped role, day and slot (problem.capacity: the hall's counters).
    room = {
        role: [[places] * problem.slots_per_day for _ in range(problem.days)]
        for role, places in problem.capacity.items()
    }
    for shift in sorted(template):
        person = by_id.get(shift.staff)
        if shift.day not in days or person is None or shift.role not in person.member.roles:
            continue
        if (
            shift.slots in lengths
            and _has_room(room, shift.role, shift.day, shift.start, shift.end)
            and _may_work(problem, person, shift.day, shift.start, shift.end)
        ):
            _assign(person, shift, room)
            row = remaining[shift.role][shift.day]
            for t in range(shift.start, shift.end):
                row[t] = max(0, row[t] - 1)
    # Week by week, the busiest days first: a weekend then gets people before the weekdays use up their days,
    # without next month's weekends taking this week's people.
    day_order = sorted(days, key=lambda d: (d // 7, -sum(sum(remaining[r][d]) for r in problem.roles)))
    for day in day_order if lengths else ():
        for role in _roles_by_scarcity(problem, people, day):
            _fill(problem, people, remaining[role][day], role, day, lengths, room)
    return sorted(shift for person in people for shift in person.shifts.values())


def _roles_by_scarcity(problem: Problem, people: list[_Person], day: int) -> list[str]:
    def pressure(role: str) -> float:
        qualified = sum(1 for person in people if role in person.member.roles)
        return sum(problem.demand[role][day]) / max(qualified, 1)

    return sorted(problem.roles, key=pressure, reverse=True)


def _fill(
    problem: Problem,
    people: list[_Person],
    row: list[int],
    role: str,
    day: int,
    lengths: list[int],
    room: dict[str, list[list[int]]],
) -> None:
    """Cover `row` (demand still open for `role` on `day`) shift by shift until nobody can add anything."""
    slots = problem.slots_per_day
    hopeless: set[int] = set()
    while True:
        open_slots = [t for t in range(slots) if row[t] > 0 and t not in hopeless]
        if not open_slots:
            return
        target = max(open_slots, key=lambda t: row[t])
        for start, end in _candidates_through(row, target, lengths, slots):
            if not _has_room(room, role, day, start, end):
                continue
            person = _best_person(problem, people, role, day, start, end)
            if person is not None:
                shift = Shift(day=day, staff=person.member.id, start=start, end=end, role=role)
                _assign(person, shift, room)
                for t in range(start, end):
                    row[t] = max(0, row[t] - 1)
                break
        else:
            hopeless.add(target)


def _candidates_through(row: list[int], target: int, lengths: list[int], slots: int) -> list[tuple[int, int]]:
    """Shifts containing slot `target`, best first: most uncovered slots, least idle time."""
    scored = []
    for length in lengths:
        for start in range(max(0, target - length + 1), min(target, slots - length) + 1):
            short = sum(1 for t in range(start, start + length) if row[t] > 0)
            scored.append((short - _IDLE_SLOT_COST * (length - short), length, start))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [(start, start + length) for _, length, start in scored]


def _best_person(problem: Problem, people: list[_Person], role: str, day: int, start: int, end: int) -> _Person | None:
    able = [person for person in people if role in person.member.roles and _may_work(problem, person, day, start, end)]
    # Least loaded first; among equals keep the versatile people for the roles only they can work.
    return min(able, key=lambda person: (person.load(), len(person.member.roles)), default=None)


def _may_work(problem: Problem, person: _Person, day: int, start: int, end: int) -> bool:
    rules = problem.rules
    week = day // 7
    if day in person.shifts:
        return False
    if person.week_slots.get(week, 0) + end - start > person.cap_slots:
        return False
    if person.week_days.get(week, 0) + 1 > rules.max_days_per_week:
        return False
    if blocking_unavailability(problem, person.member, day, start, end) is not None:
        return False
    span = max_overnight_span(problem)
    before, after = person.shifts.get(day - 1), person.shifts.get(day + 1)
    if before is not None and before.end - start > span:
        return False
    if after is not None and end - after.start > span:
        return False
    prior = problem.history.get(person.member.id)
    earlier = [d for d in person.shifts if d < day]
    if prior is not None and not earlier and not prior_rest_allowed(problem, prior, day, start):
        return False
    later = problem.later.get(person.member.id)
    if (
        later is not None
        and not any(d > day for d in person.shifts)
        and not later_rest_allowed(problem, later, day, end)
    ):
        return False
    run = 1
    for step in (-1, 1):
        other = day + step
        while other in person.shifts:
            run += 1
            other += step
        if step == -1 and other == -1 and prior is not None:
            # The run reaches the start of the horizon: the days worked just before it continue it.
            run += prior.days_in_a_row
        if step == 1 and other == problem.days and later is not None:
            run += later.days_in_a_row  # ... and so do the days rostered just after it
    return run <= rules.max_consecutive_days


def _has_room(room: dict[str, list[list[int]]], role: str, day: int, start: int, end: int) -> bool:
    """Is there a place for one more person on `role` in every slot of [start, end)? (Uncapped roles: yes.)"""
    places = room.get(role)
    return places is None or all(places[day][t] > 0 for t in range(start, end))


def _assign(person: _Person, shift: Shift, room: dict[str, list[list[int]]] | None = None) -> None:
    if room is not None and shift.role in room:
        places = room[shift.role][shift.day]
        for t in range(shift.start, shift.end):
            places[t] -= 1
    week = shift.day // 7
    person.shifts[shift.day] = shift
    person.week_slots[week] = person.week_slots.get(week, 0) + shift.slots
    person.week_days[week] = person.week_days.get(week, 0) + 1
