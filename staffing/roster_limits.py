"""Which rules hold a roster back when demand goes unmet, in words a hall manager can act on.

A rule "binds" when people sit exactly at its limit: at their weekly hours cap, at the most days a week,
at the longest run of days, at the minimum rest. The list is a diagnosis of the roster found, not a proof
(the proof of how little unmet demand is possible is the solver's bound).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from staffing.roster_format import Problem, Shift
from staffing.roster_rules import Coverage, rest_allowed, week_days, weekly_cap_slots


def binding_rules(problem: Problem, shifts: list[Shift], covered: Coverage) -> list[str]:
    """Sentences such as "max 44 h/week for 9 of 12 staff", the most widespread first."""
    by_person: dict[str, dict[int, Shift]] = defaultdict(dict)
    for shift in shifts:
        by_person[shift.staff][shift.day] = shift
    findings: list[tuple[int, str]] = []
    findings += _weekly_hours(problem, by_person)
    findings += _days_per_week(problem, by_person)
    findings += _days_in_a_row(problem, by_person)
    findings += _rest(problem, by_person)
    findings += _shift_length(problem, shifts)
    findings += _unavailable_at_gaps(problem, covered)
    findings += _too_few_qualified(problem, covered)
    findings.sort(key=lambda finding: -finding[0])
    return [sentence for _, sentence in findings]


def _weekly_hours(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[int, str]]:
    at_cap: Counter[float] = Counter()
    with_cap: Counter[float] = Counter(member.max_hours_week for member in problem.staff)
    for member in problem.staff:
        days = by_person.get(member.id, {})
        cap = weekly_cap_slots(problem, member)
        for week in range(problem.weeks):
            if sum(days[d].slots for d in week_days(problem, week) if d in days) >= cap:
                at_cap[member.max_hours_week] += 1
                break
    return [
        (count, f"max {_plain(hours)} h/week for {count} of {with_cap[hours]} staff")
        for hours, count in sorted(at_cap.items(), key=lambda item: -item[1])
    ]


def _days_per_week(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[int, str]]:
    limit = problem.rules.max_days_per_week
    count = sum(
        1
        for member in problem.staff
        if any(
            sum(1 for d in week_days(problem, week) if d in by_person.get(member.id, {})) >= limit
            for week in range(problem.weeks)
        )
    )
    if not count:
        return []
    return [(count, f"max {limit} days/week for {count} of {len(problem.staff)} staff")]


def _days_in_a_row(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[int, str]]:
    limit = problem.rules.max_consecutive_days
    if limit >= problem.days:
        return []
    count = 0
    for member in problem.staff:
        days = by_person.get(member.id, {})
        run = longest = 0
        for d in range(problem.days):
            run = run + 1 if d in days else 0
            longest = max(longest, run)
        count += longest >= limit
    if not count:
        return []
    return [(count, f"max {limit} days in a row for {count} of {len(problem.staff)} staff")]


def _rest(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[int, str]]:
    """People whose rest somewhere is so close to the minimum that neither shift could stretch by a slot."""
    count = 0
    for days in by_person.values():
        count += any(d + 1 in days and not rest_allowed(problem, days[d].end + 1, days[d + 1].start) for d in days)
    if not count:
        return []
    return [(count, f"min {_plain(problem.rules.min_rest_hours)} h rest for {count} of {len(problem.staff)} staff")]


def _shift_length(problem: Problem, shifts: list[Shift]) -> list[tuple[int, str]]:
    longest = max(
        (
            length
            for length in range(1, problem.slots_per_day + 1)
            if length * problem.slot_minutes <= problem.rules.max_shift_hours * 60 + 1e-6
        ),
        default=0,
    )
    count = sum(1 for shift in shifts if shift.slots >= longest)
    if not count:
        return []
    return [(count, f"max {_plain(problem.rules.max_shift_hours)} h shifts for {count} of {len(shifts)} shifts")]


def _unavailable_at_gaps(problem: Problem, covered: Coverage) -> list[tuple[int, str]]:
    short_days = {(gap.role, gap.day) for gap in covered.gaps}
    count = sum(
        1
        for member in problem.staff
        if any((role, entry.day) in short_days for entry in member.unavailable for role in member.roles)
    )
    if not count:
        return []
    return [(count, f"unavailability of {count} of {len(problem.staff)} staff on days with gaps in their roles")]


def _too_few_qualified(problem: Problem, covered: Coverage) -> list[tuple[int, str]]:
    findings = []
    short_roles = {gap.role for gap in covered.gaps}
    for role in problem.roles:
        if role not in short_roles:
            continue
        qualified = sum(1 for member in problem.staff if role in member.roles)
        peak = max(max(row) for row in problem.demand[role])
        if qualified < peak:
            findings.append((peak - qualified, f"only {qualified} staff can work {role}; demand reaches {peak}"))
    return findings


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
