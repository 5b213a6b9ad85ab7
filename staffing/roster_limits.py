"""Which rules hold a roster back when demand goes unmet, in words a hall manager can act on; capacity bounds.

A rule "binds" when people sit at its limit: too close to their weekly hours cap for another shift, at the
most days a week, at the longest run of days, at the minimum rest. The list is a diagnosis of the roster
found, not a proof (the proof of how little unmet demand is possible is the solver's bound).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace

from staffing.roster_format import Problem, Shift, StaffMember
from staffing.roster_rules import (
    Coverage,
    allowed_lengths,
    blocking_unavailability,
    later_rest_allowed,
    prior_rest_allowed,
    rest_allowed,
    week_days,
    weekly_cap_slots,
)

# The kinds of binding rule, each with its English sentence. The sentences are the command line's and the
# solve summary's (`str()`); the web UI renders the same finding translated (staffing/binding_text.py).
WEEKLY_HOURS = "weekly_hours"
DAYS_PER_WEEK = "days_per_week"
DAYS_IN_A_ROW = "days_in_a_row"
REST = "rest"
SHIFT_LENGTH = "shift_length"
UNAVAILABILITY = "unavailability"
TOO_FEW_QUALIFIED = "too_few_qualified"
PLACES = "places"

_ENGLISH = {
    WEEKLY_HOURS: "max {limit} h/week for {count} of {total} staff",
    DAYS_PER_WEEK: "max {limit} days/week for {count} of {total} staff",
    DAYS_IN_A_ROW: "max {limit} days in a row for {count} of {total} staff",
    REST: "min {limit} h rest for {count} of {total} staff",
    SHIFT_LENGTH: "max {limit} h shifts for {count} of {total} shifts",
    UNAVAILABILITY: "unavailability of {count} of {total} staff on days with gaps in their roles",
    TOO_FEW_QUALIFIED: "only {count} staff can work {role}; demand reaches {total}",
    PLACES: "all {limit} places for {role} in use in {count} of {total} slots on days with gaps",
}


@dataclass(frozen=True)
class BindingRule:
    """One rule people sit at the limit of: `count` of `total` (staff or shifts) at `limit`.

    For TOO_FEW_QUALIFIED, `count` people can work `role` and demand reaches `total`. `str()` is the
    English sentence ("max 44 h/week for 9 of 12 staff"); `as_dict()` is what a solve summary stores so
    that each reader can see it in their own language.
    """

    kind: str
    count: int
    total: int
    limit: str = ""
    role: str = ""

    def __str__(self) -> str:
        return _ENGLISH[self.kind].format(limit=self.limit, count=self.count, total=self.total, role=self.role)

    def as_dict(self) -> dict[str, str | int]:
        return asdict(self)


def binding_rules(problem: Problem, shifts: list[Shift], covered: Coverage) -> list[str]:
    """Sentences such as "max 44 h/week for 9 of 12 staff", the most widespread (largest share) first."""
    return [str(rule) for rule in binding_findings(problem, shifts, covered)]


def binding_findings(problem: Problem, shifts: list[Shift], covered: Coverage) -> list[BindingRule]:
    """The rules that bind, the most widespread (largest share) first."""
    by_person: dict[str, dict[int, Shift]] = defaultdict(dict)
    for shift in shifts:
        by_person[shift.staff][shift.day] = shift
    findings: list[tuple[float, BindingRule]] = []
    findings += _weekly_hours(problem, by_person)
    findings += _days_per_week(problem, by_person)
    findings += _days_in_a_row(problem, by_person)
    findings += _rest(problem, by_person)
    findings += _shift_length(problem, shifts)
    findings += _unavailable_at_gaps(problem, covered)
    findings += _too_few_qualified(problem, covered)
    findings += _places_full(problem, covered)
    findings.sort(key=lambda finding: -finding[0])  # stable: equal shares keep the order above
    return [rule for _, rule in findings]


def _weekly_hours(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[float, BindingRule]]:
    """People with less of their weekly cap left, in some week, than the shortest shift allowed."""
    shortest = min(allowed_lengths(problem), default=1)
    at_cap: Counter[float] = Counter()
    with_cap: Counter[float] = Counter(member.max_hours_week for member in problem.staff)
    for member in problem.staff:
        days = by_person.get(member.id, {})
        cap = weekly_cap_slots(problem, member)
        for week in range(problem.weeks):
            if cap - sum(days[d].slots for d in week_days(problem, week) if d in days) < shortest:
                at_cap[member.max_hours_week] += 1
                break
    return [
        (count / with_cap[hours], BindingRule(WEEKLY_HOURS, count, with_cap[hours], _plain(hours)))
        for hours, count in sorted(at_cap.items(), key=lambda item: -item[1])
    ]


def _days_per_week(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[float, BindingRule]]:
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
    staff = len(problem.staff)
    return [(count / staff, BindingRule(DAYS_PER_WEEK, count, staff, str(limit)))]


def _days_in_a_row(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[float, BindingRule]]:
    """People with a run of working days at the limit; a run carried in from before the horizon counts."""
    limit = problem.rules.max_consecutive_days
    carried_in = {member_id: prior.days_in_a_row for member_id, prior in problem.history.items()}
    carried_out = {member_id: later.days_in_a_row for member_id, later in problem.later.items()}
    if limit >= problem.days + max(carried_in.values(), default=0) + max(carried_out.values(), default=0):
        return []
    count = 0
    for member in problem.staff:
        days = by_person.get(member.id, {})
        run = longest = 0
        for d in range(problem.days):
            run = run + 1 if d in days else 0
            if d == 0 and run:
                run += carried_in.get(member.id, 0)
            if d == problem.days - 1 and run:
                run += carried_out.get(member.id, 0)
            longest = max(longest, run)
        count += longest >= limit
    if not count:
        return []
    staff = len(problem.staff)
    return [(count / staff, BindingRule(DAYS_IN_A_ROW, count, staff, str(limit)))]


def _rest(problem: Problem, by_person: dict[str, dict[int, Shift]]) -> list[tuple[float, BindingRule]]:
    """People whose rest somewhere is so close to the minimum that neither shift could stretch by a slot
    (the first one after their last shift before the horizon included)."""
    count = 0
    for staff_id, days in by_person.items():
        tight = any(d + 1 in days and not rest_allowed(problem, days[d].end + 1, days[d + 1].start) for d in days)
        prior, later = problem.history.get(staff_id), problem.later.get(staff_id)
        if prior is not None and days and not tight:
            first = min(days)
            tight = not prior_rest_allowed(problem, prior, first, days[first].start - 1)
        if later is not None and days and not tight:
            last = max(days)
            tight = not later_rest_allowed(problem, later, last, days[last].end + 1)
        count += tight
    if not count:
        return []
    staff = len(problem.staff)
    return [(count / staff, BindingRule(REST, count, staff, _plain(problem.rules.min_rest_hours)))]


def _shift_length(problem: Problem, shifts: list[Shift]) -> list[tuple[float, BindingRule]]:
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
    limit = _plain(problem.rules.max_shift_hours)
    return [(count / len(shifts), BindingRule(SHIFT_LENGTH, count, len(shifts), limit))]


def _unavailable_at_gaps(problem: Problem, covered: Coverage) -> list[tuple[float, BindingRule]]:
    short_days = {(gap.role, gap.day) for gap in covered.gaps}
    count = sum(
        1
        for member in problem.staff
        if any((role, entry.day) in short_days for entry in member.unavailable for role in member.roles)
    )
    if not count:
        return []
    staff = len(problem.staff)
    return [(count / staff, BindingRule(UNAVAILABILITY, count, staff))]


def _too_few_qualified(problem: Problem, covered: Coverage) -> list[tuple[float, BindingRule]]:
    findings = []
    short_roles = {gap.role for gap in covered.gaps}
    for role in problem.roles:
        if role not in short_roles:
            continue
        qualified = sum(1 for member in problem.staff if role in member.roles)
        peak = max(max(row) for row in problem.demand[role])
        if qualified < peak:
            # Too few qualified people caps coverage outright: always the first thing to say.
            findings.append((2.0, BindingRule(TOO_FEW_QUALIFIED, qualified, peak, role=role)))
    return findings


def _places_full(problem: Problem, covered: Coverage) -> list[tuple[float, BindingRule]]:
    """A capped role (the hall's counters) full in some slots of the days it is short: a shift through them
    would have covered a gap next to them but had no counter to work at."""
    findings = []
    for role, places in problem.capacity.items():
        short_days = sorted({gap.day for gap in covered.gaps if gap.role == role})
        if not short_days or role not in covered.scheduled:
            continue
        full = sum(1 for d in short_days for got in covered.scheduled[role][d] if got >= places)
        if full:
            total = len(short_days) * problem.slots_per_day
            findings.append((full / total, BindingRule(PLACES, full, total, str(places), role)))
    return findings


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def day_relaxation(problem: Problem, day: int) -> Problem:
    """Day `day` of `problem` alone: its demand, its unavailability, the places, the shift rules; no other day.

    Every roster of the whole horizon, cut to that day, is a roster of this one-day problem (the rules that
    link days, the weekly ones, the runs of days and the rest, are left out, and the boundary with other
    rosters too), so the least unmet demand of each day alone, summed over any set of days, is a lower
    bound for the whole horizon. CP-SAT proves a one-day optimum in about a second.
    """
    staff = tuple(
        replace(member, unavailable=tuple(replace(entry, day=0) for entry in member.unavailable if entry.day == day))
        for member in problem.staff
    )
    return replace(
        problem,
        name=f"{problem.name}, day {day} alone",
        start_date=None,
        days=1,
        demand={role: (rows[day],) for role, rows in problem.demand.items()},
        staff=staff,
        history={},
        later={},
    )


def unmet_lower_bound(problem: Problem) -> int:
    """A proven lower bound on unmet demand from capacity alone, computed in well under a second.

    For a set of roles, the people who can work one of them give at most their longest possible shift
    each day, and at most their weekly limit each week; demand above that cannot be met. Per week the
    larger of the weekly shortfall, the sum of the daily ones and the sum of the per-slot ones (demand in a
    slot above the number of those people free for that slot) counts; the best set of roles wins.
    """
    roles = problem.roles
    groups = [
        {role for i, role in enumerate(roles) if mask >> i & 1}
        for mask in range(1, 2 ** len(roles))
        if len(roles) <= 4 or bin(mask).count("1") in (1, len(roles))
    ]
    longest = {(m.id, d): longest_shift(problem, m, d) for m in problem.staff for d in range(problem.days)}
    free = _free_per_slot(problem, groups, longest)
    best = 0
    for group in groups:
        people = [member for member in problem.staff if group & set(member.roles)]
        total = 0
        for week in range(problem.weeks):
            days = week_days(problem, week)
            daily = 0
            per_slot = 0
            for d in days:
                wanted = sum(sum(problem.demand[role][d]) for role in group)
                daily += max(0, wanted - sum(longest[(m.id, d)] for m in people))
                per_slot += sum(
                    max(0, sum(problem.demand[role][d][t] for role in group) - free[(d, t)][frozenset(group)])
                    for t in range(problem.slots_per_day)
                )
            wanted = sum(sum(problem.demand[role][d]) for role in group for d in days)
            weekly = wanted - sum(week_limit(problem, m, week, longest) for m in people)
            total += max(daily, weekly, per_slot, 0)
        best = max(best, total)
    return best


def _free_per_slot(
    problem: Problem, groups: list[set[str]], longest: dict[tuple[str, int], int]
) -> dict[tuple[int, int], dict[frozenset, int]]:
    """For each day and slot, how many people with a role of each group could work that slot at all."""
    free: dict[tuple[int, int], dict[frozenset, int]] = {}
    for d in range(problem.days):
        working = [m for m in problem.staff if longest[(m.id, d)]]
        partly = {m.id for m in working if any(entry.day == d for entry in m.unavailable)}
        for t in range(problem.slots_per_day):
            here = [
                m for m in working if m.id not in partly or blocking_unavailability(problem, m, d, t, t + 1) is None
            ]
            free[(d, t)] = {frozenset(g): sum(1 for m in here if g & set(m.roles)) for g in groups}
    return free


def longest_shift(problem: Problem, member: StaffMember, day: int) -> int:
    """The longest shift (in slots) rule 2 allows `member` on `day` around their unavailability; 0 if none."""
    run = longest_run = 0
    for slot in range(problem.slots_per_day):
        free = blocking_unavailability(problem, member, day, slot, slot + 1) is None
        run = run + 1 if free else 0
        longest_run = max(longest_run, run)
    return max((length for length in allowed_lengths(problem) if length <= longest_run), default=0)


def week_limit(problem: Problem, member: StaffMember, week: int, longest: dict[tuple[str, int], int]) -> int:
    """The most slots `member` can work in a calendar week: their cap, or their best days' longest shifts."""
    best_days = sorted((longest[(member.id, d)] for d in week_days(problem, week)), reverse=True)
    return min(weekly_cap_slots(problem, member), sum(best_days[: problem.rules.max_days_per_week]))
