"""The CP-SAT model of a roster problem: variables, hard rules 1-6 as constraints, and the two objectives.

Built for the whole horizon, or for a window of days with the shifts of the other days fixed (the solver
warms up long horizons week by week). Variable names follow the hall: `take[p][d]` the candidate shifts
of person p on day d, `works` whether they work that day, `busy` whether they work a slot, `on` per role
for people with several roles, `unmet` the staff short per role and slot. See `docs/solver.md`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from staffing.roster_format import Problem, Shift
from staffing.roster_rules import (
    allowed_lengths,
    blocking_unavailability,
    later_rest_allowed,
    max_overnight_span,
    prior_rest_allowed,
    week_days,
    weekly_cap_slots,
)

# Secondary goals of phase 2 (unmet demand is already fixed at its best), in thousandths of a staff-slot of
# over-staffing: a peak slot without a senior is worth two staff-slots, one more weekend day for the person
# with the most is worth four, and the load spread (at most 1000 permille) only breaks ties between rosters
# that are otherwise equal, so fairness never buys over-staffing.
WEIGHT_OVER_STAFFING = 1000  # per staff-slot above demand
WEIGHT_SENIOR_AT_PEAK = 2000  # per peak slot without a 3-star-or-better person on the floor
WEIGHT_WEEKEND = 4000  # per weekend day worked by the person with the most weekend days
WEIGHT_LOAD_SPREAD = 1  # per permille between the most and the least loaded person
SENIOR_STAR = 3
PEAK_SHARE = 0.25  # the busiest quarter of each day's slots is "peak"


@dataclass(frozen=True)
class _Candidate:
    var: cp_model.IntVar
    start: int
    end: int


class RosterModel:
    """CP-SAT variables and constraints for one problem; the phase 1 objective (unmet demand) is set on creation.

    `days` limits the decisions to a window; `fixed` gives the shifts of the days outside it, which then
    count as constants in the weekly caps, runs of days and rest (their demand is not modelled).
    """

    def __init__(self, problem: Problem, *, days: range | None = None, fixed: Iterable[Shift] = ()) -> None:
        self.problem = problem
        self.cp = cp_model.CpModel()
        self.lengths = allowed_lengths(problem)
        self.span = max_overnight_span(problem)
        self.active = days if days is not None else range(problem.days)
        self.index = {member.id: p for p, member in enumerate(problem.staff)}
        self.fixed: dict[tuple[int, int], Shift] = {
            (self.index[s.staff], s.day): s for s in fixed if s.day not in self.active
        }
        people = range(len(problem.staff))
        self.take = [[self._candidates(p, d) if d in self.active else [] for d in range(problem.days)] for p in people]
        self.works = [[self._works(p, d) for d in range(problem.days)] for p in people]
        self.role_of: dict[tuple[int, int], dict[str, cp_model.IntVar]] = {}
        self.on: dict[tuple[int, int, str], list] = {}
        self.busy: list[list[list]] = [[[None] * problem.slots_per_day for _ in range(problem.days)] for _ in people]
        self.week_hours: dict[tuple[int, int], cp_model.IntVar] = {}
        self.day_hours: dict[tuple[int, int], cp_model.IntVar] = {}
        # Phase 2 variables, kept so that a hint can give them values too.
        self.senior_at: dict[tuple[int, int], tuple[cp_model.IntVar, list[int]]] = {}
        self.weekend: tuple[cp_model.IntVar, list[int]] | None = None
        self.spread: tuple[cp_model.IntVar, cp_model.IntVar] | None = None
        self.capacity: dict[int, int] = {}
        for p in people:
            for d in self.active:
                self._slots_and_roles(p, d)
            self._weekly_caps(p)
            self._consecutive_days(p)
            self._rest(p)
        self.unmet: list[cp_model.IntVar] = []
        self.unmet_at: dict[tuple[str, int, int], cp_model.IntVar] = {}
        self._coverage()
        self._capacity_cuts()
        self.groups = self._identical_people()
        self._break_symmetry()
        self.cp.minimize(sum(self.unmet))

    # ------------------------------------------------------------------------------------ variables

    def _candidates(self, p: int, d: int) -> list[_Candidate]:
        """Every shift rule 2 allows on day d that overlaps no unavailability and keeps rest from fixed days."""
        member = self.problem.staff[p]
        before, after = self.fixed.get((p, d - 1)), self.fixed.get((p, d + 1))
        # Rule 6 across the start of the horizon: no shift too soon after their last published one.
        prior = self.problem.history.get(member.id)
        # ... and across its end: no shift ending too soon before their first published one after it.
        later = self.problem.later.get(member.id)
        out = []
        for length in self.lengths:
            for start in range(self.problem.slots_per_day - length + 1):
                end = start + length
                if before is not None and before.end - start > self.span:
                    continue
                if prior is not None and not prior_rest_allowed(self.problem, prior, d, start):
                    continue
                if later is not None and not later_rest_allowed(self.problem, later, d, end):
                    continue
                if after is not None and end - after.start > self.span:
                    continue
                if blocking_unavailability(self.problem, member, d, start, end) is None:
                    out.append(_Candidate(self.cp.new_bool_var(f"take_{p}_{d}_{start}_{length}"), start, end))
        return out

    def _works(self, p: int, d: int):
        if d not in self.active:
            return 1 if (p, d) in self.fixed else 0
        candidates = self.take[p][d]
        if not candidates:
            return 0
        works = self.cp.new_bool_var(f"works_{p}_{d}")
        # Exactly one of "a shift" or "no shift": at most one shift a day (rule 3), and works = any shift.
        self.cp.add_exactly_one([c.var for c in candidates] + [works.Not()])
        return works

    def _slots_and_roles(self, p: int, d: int) -> None:
        """`busy[p][d][t]`: p works slot t; `on[p, d, role]`: p works `role` then (rule 1: their own roles)."""
        member = self.problem.staff[p]
        candidates = self.take[p][d]
        slots = self.problem.slots_per_day
        if not candidates:
            return
        covered = [False] * slots
        starts: list[list] = [[] for _ in range(slots + 1)]
        ends: list[list] = [[] for _ in range(slots + 1)]
        for c in candidates:
            starts[c.start].append(c.var)
            ends[c.end].append(c.var)
            for t in range(c.start, c.end):
                covered[t] = True
        busy = [self.cp.new_bool_var(f"busy_{p}_{d}_{t}") if covered[t] else None for t in range(slots)]
        # busy[t] = busy[t-1] + (a shift starts at t) - (a shift ends at t): each candidate appears in two
        # constraints instead of one per slot it covers, with the same linear relaxation.
        for t in range(slots):
            before = busy[t - 1] if t > 0 else None
            if busy[t] is None and before is None and not starts[t] and not ends[t]:
                continue
            terms = sum(starts[t]) - sum(ends[t]) + (before if before is not None else 0)
            self.cp.add((busy[t] if busy[t] is not None else 0) == terms)
        self.busy[p][d] = busy
        if len(member.roles) == 1:
            self.on[(p, d, member.roles[0])] = busy
            return
        roles = {role: self.cp.new_bool_var(f"role_{p}_{d}_{role}") for role in member.roles}
        self.role_of[(p, d)] = roles
        self.cp.add_exactly_one(list(roles.values()) + [self.works[p][d].Not()])
        per_role: dict[str, list] = {role: [None] * slots for role in member.roles}
        for t, here in enumerate(busy):
            if here is None:
                continue
            split = []
            for role, chosen in roles.items():
                working = self.cp.new_bool_var(f"on_{p}_{d}_{t}_{role}")
                self.cp.add_implication(working, chosen)
                per_role[role][t] = working
                split.append(working)
            self.cp.add(sum(split) == here)
        for role, per_slot in per_role.items():
            self.on[(p, d, role)] = per_slot

    # ------------------------------------------------------------------------------------ hard rules

    def _hours(self, p: int, d: int):
        """Slots worked by p on day d: a linear expression, or a constant outside the window."""
        if d not in self.active:
            shift = self.fixed.get((p, d))
            return shift.slots if shift is not None else 0
        return sum(busy for busy in self.busy[p][d] if busy is not None)

    def _touches_window(self, days: range) -> bool:
        return days.start < self.active.stop and self.active.start < days.stop

    def _weekly_caps(self, p: int) -> None:
        """Rule 4: hours and working days per calendar week of the horizon, as the domain of `week_hours`.

        The domain is also cut down to what the person's days allow (the longest shift on each of their
        best `max_days_per_week` days), which is implied by the other rules but lets CP-SAT see it at once.
        """
        problem = self.problem
        for week in range(problem.weeks):
            span = week_days(problem, week)
            if not self._touches_window(span):
                continue
            hours = self.cp.new_int_var(0, self._week_limit(p, week), f"week_hours_{p}_{week}")
            self.cp.add(hours == sum(self._hours(p, d) for d in span))
            self.week_hours[(p, week)] = hours
            if len(span) > problem.rules.max_days_per_week:
                self.cp.add(sum(self.works[p][d] for d in span) <= problem.rules.max_days_per_week)

    def _week_limit(self, p: int, week: int) -> int:
        """Most slots p can work in a week: their cap, or the longest shifts of their best allowed days if less."""
        problem = self.problem
        longest = sorted((self._longest(p, d) for d in week_days(problem, week)), reverse=True)
        return min(weekly_cap_slots(problem, problem.staff[p]), sum(longest[: problem.rules.max_days_per_week]))

    def _longest(self, p: int, d: int) -> int:
        """The most slots p can work on day d: their fixed shift, or their longest candidate."""
        if d not in self.active:
            return self._hours(p, d)
        return max((c.end - c.start for c in self.take[p][d]), default=0)

    def _consecutive_days(self, p: int) -> None:
        """Rule 5: every window of max+1 consecutive days has a day off.

        The days worked in a row just before the horizon (`Problem.history`) count as working days at
        negative indices, and those just after it (`Problem.later`) as working days from `days` on, so a run
        carried in or out is limited too.
        """
        problem = self.problem
        length = problem.rules.max_consecutive_days + 1
        prior = problem.history.get(problem.staff[p].id)
        later = problem.later.get(problem.staff[p].id)
        carried = min(prior.days_in_a_row, length - 1) if prior is not None else 0
        after = min(later.days_in_a_row, length - 1) if later is not None else 0
        for first in range(-carried, problem.days + after - length + 1):
            span = range(first, first + length)
            inside = [d for d in span if 0 <= d < problem.days]
            if inside and self._touches_window(span):
                outside = length - len(inside)
                self.cp.add(sum(self.works[p][d] for d in inside) <= max(0, length - 1 - outside))

    def _rest(self, p: int) -> None:
        """Rule 6: no pair (shift ending at e on day d, shift starting at s on d+1) with e - s > span.

        For each end value e, "a shift ending at e or later today" and "a shift starting at e - span - 1
        or earlier tomorrow" exclude each other; that covers every forbidden pair with one constraint per e.
        (Pairs with a fixed day were already removed from the candidates.)
        """
        for d in range(self.problem.days - 1):
            today, tomorrow = self.take[p][d], self.take[p][d + 1]
            if not today or not tomorrow:
                continue
            for end in sorted({c.end for c in today}):
                latest_start = end - self.span - 1
                early = [c.var for c in tomorrow if c.start <= latest_start]
                if not early:
                    continue
                late = [c.var for c in today if c.end >= end]
                self.cp.add_at_most_one(late + early)

    def _coverage(self) -> None:
        problem = self.problem
        scheduled: dict[tuple[str, int, int], list] = defaultdict(list)
        for (_, d, role), slots in self.on.items():
            for t, busy in enumerate(slots):
                if busy is not None:
                    scheduled[(role, d, t)].append(busy)
        for role in problem.roles:
            for d in self.active:
                for t, wanted in enumerate(problem.demand[role][d]):
                    if wanted == 0:
                        continue
                    short = self.cp.new_int_var(0, wanted, f"unmet_{role}_{d}_{t}")
                    self.cp.add(sum(scheduled[(role, d, t)]) + short >= wanted)
                    self.unmet.append(short)
                    self.unmet_at[(role, d, t)] = short
        # Never more people on a role at once than it has places (the hall's counters).
        for role, places in problem.capacity.items():
            for d in self.active:
                for t in range(problem.slots_per_day):
                    working = scheduled.get((role, d, t), [])
                    if len(working) > places:
                        self.cp.add(sum(working) <= places)

    def _capacity_cuts(self) -> None:
        """Unmet demand is at least what a group of roles asks for minus what the people who can work them can give.

        For every set of roles and every day and week of the window: unmet(roles) + hours of the people
        with one of those roles >= demand(roles). These are sums of the coverage constraints, so they
        change no answer, but they hand CP-SAT a bound on unmet demand before its linear relaxation has
        converged, which on a busy two-core machine can take longer than the whole time limit.
        """
        problem = self.problem
        roles = problem.roles
        groups = [
            frozenset(r for i, r in enumerate(roles) if mask >> i & 1)
            for mask in range(1, 2 ** len(roles))
            if len(roles) <= 4 or bin(mask).count("1") in (1, len(roles))
        ]
        periods = [[d] for d in self.active] + [
            [d for d in week_days(problem, week) if d in self.active]
            for week in range(problem.weeks)
            if self._touches_window(week_days(problem, week))
        ]
        by_role_day: dict[tuple[str, int], list] = defaultdict(list)
        for (role, d, _), short in self.unmet_at.items():
            by_role_day[(role, d)].append(short)
        for group in groups:
            people = [p for p, member in enumerate(problem.staff) if group & set(member.roles)]
            for days in periods:
                wanted = sum(sum(problem.demand[role][d]) for role in group for d in days)
                if wanted == 0:
                    continue
                short = [var for role in group for d in days for var in by_role_day[(role, d)]]
                if len(days) == 1:
                    given = [self._day_hours(p, days[0]) for p in people]
                else:
                    given = [self.week_hours[(p, days[0] // 7)] for p in people]
                self.cp.add(sum(short) + sum(given) >= wanted)

    def _day_hours(self, p: int, d: int):
        """Slots p works on day d as one integer variable (created on first use), 0 when they cannot work."""
        if not self.take[p][d]:
            return 0
        if (p, d) not in self.day_hours:
            hours = self.cp.new_int_var(0, self._longest(p, d), f"day_hours_{p}_{d}")
            self.cp.add(hours == self._hours(p, d))
            self.day_hours[(p, d)] = hours
        return self.day_hours[(p, d)]

    def _identical_people(self) -> list[list[int]]:
        """Groups of people with the same roles, cap, unavailability and star, and nothing fixed."""
        if self.fixed:
            return []
        groups: dict[tuple, list[int]] = defaultdict(list)
        for p, member in enumerate(self.problem.staff):
            prior, later = self.problem.history.get(member.id), self.problem.later.get(member.id)
            groups[(member.roles, member.max_hours_week, member.unavailable, member.star, prior, later)].append(p)
        return [members for members in groups.values() if len(members) > 1]

    def _break_symmetry(self) -> None:
        """Identical people are interchangeable: order them by total hours so the search sees one of each."""
        for members in self.groups:
            for first, second in zip(members, members[1:], strict=False):
                total = sum(self._hours(first, d) for d in self.active)
                self.cp.add(total >= sum(self._hours(second, d) for d in self.active))

    # ------------------------------------------------------------------------------------ objectives

    def fix_unmet_at_most(self, value: int) -> None:
        self.cp.add(sum(self.unmet) <= value)

    def use_secondary_objective(self) -> None:
        """Phase 2: seniors at peak, over-staffing, weekend fairness and load spread, weighted (docs/solver.md)."""
        self.cp.minimize(
            WEIGHT_SENIOR_AT_PEAK * self._peaks_without_senior()
            + WEIGHT_OVER_STAFFING * self._over_staffing()
            + WEIGHT_WEEKEND * self._most_weekend_days()
            + WEIGHT_LOAD_SPREAD * self._load_spread()
        )

    def _over_staffing(self):
        # Sum over slots of max(0, scheduled - demand) = scheduled - demand + unmet, since every working
        # slot counts in exactly one role: no per-slot variables needed.
        scheduled = sum(self._hours(p, d) for p in range(len(self.problem.staff)) for d in self.active)
        demand = sum(sum(self.problem.demand[role][d]) for role in self.problem.roles for d in self.active)
        return scheduled + sum(self.unmet) - demand

    def _peaks_without_senior(self):
        problem = self.problem
        seniors = [p for p, m in enumerate(problem.staff) if (m.star or 0) >= SENIOR_STAR]
        if not seniors:
            return 0
        missing = []
        for d in self.active:
            totals = [sum(problem.demand[role][d][t] for role in problem.roles) for t in range(problem.slots_per_day)]
            for t in peak_slots(totals):
                present = [self.busy[p][d][t] for p in seniors if self.busy[p][d][t] is not None]
                if not present:
                    missing.append(1)
                    continue
                covered = self.cp.new_bool_var(f"senior_{d}_{t}")
                self.cp.add(covered <= sum(present))
                self.senior_at[(d, t)] = (covered, seniors)
                missing.append(1 - covered)
        return sum(missing)

    def _most_weekend_days(self):
        weekend = [d for d in range(self.problem.days) if is_weekend(self.problem, d)]
        if not weekend:
            return 0
        most = self.cp.new_int_var(0, len(weekend), "most_weekend_days")
        for p in range(len(self.problem.staff)):
            self.cp.add(most >= sum(self.works[p][d] for d in weekend))
        self.weekend = (most, weekend)
        return most

    def _load_spread(self):
        """Highest minus lowest load, where load is hours over what the person could work, in permille."""
        highest = self.cp.new_int_var(0, 1000, "highest_load")
        lowest = self.cp.new_int_var(0, 1000, "lowest_load")
        for p in range(len(self.problem.staff)):
            capacity = self._capacity(p)
            if capacity == 0:
                continue
            self.capacity[p] = capacity
            hours = sum(self._hours(p, d) for d in range(self.problem.days))
            self.cp.add(1000 * hours <= highest * capacity)
            self.cp.add(1000 * hours >= lowest * capacity)
        self.spread = (highest, lowest)
        return highest - lowest

    def _capacity(self, p: int) -> int:
        """Slots a person could work over the horizon: the sum of their weekly limits (see `_week_limit`)."""
        return sum(self._week_limit(p, week) for week in range(self.problem.weeks))

    # ------------------------------------------------------------------------------------ hints, decoding

    def hint(self, shifts: Iterable[Shift]) -> None:
        """Start the search from `shifts` (a valid roster): every decision variable gets a hinted value."""
        self.cp.clear_hints()
        chosen = self._canonical({(self.index[s.staff], s.day): s for s in shifts if s.day in self.active})
        for p in range(len(self.problem.staff)):
            for d in self.active:
                shift = chosen.get((p, d))
                for c in self.take[p][d]:
                    self.cp.add_hint(c.var, shift is not None and (c.start, c.end) == (shift.start, shift.end))
                if not isinstance(self.works[p][d], int):
                    self.cp.add_hint(self.works[p][d], shift is not None)
                for role, var in self.role_of.get((p, d), {}).items():
                    self.cp.add_hint(var, shift is not None and shift.role == role)
                for t, busy in enumerate(self.busy[p][d]):
                    if busy is not None:
                        self.cp.add_hint(busy, shift is not None and shift.start <= t < shift.end)
                if (p, d) not in self.role_of:
                    continue
                for role in self.problem.staff[p].roles:
                    for t, working in enumerate(self.on[(p, d, role)]):
                        if working is not None:
                            value = shift is not None and shift.role == role and shift.start <= t < shift.end
                            self.cp.add_hint(working, value)
        for (p, d), hours in self.day_hours.items():
            shift = chosen.get((p, d))
            self.cp.add_hint(hours, shift.slots if shift is not None else 0)
        for (p, week), hours in self.week_hours.items():
            worked = [
                chosen.get((p, d)) if d in self.active else self.fixed.get((p, d))
                for d in week_days(self.problem, week)
            ]
            self.cp.add_hint(hours, sum(shift.slots for shift in worked if shift is not None))
        self._hint_secondary(chosen)
        scheduled: dict[tuple[str, int, int], int] = defaultdict(int)
        for shift in chosen.values():
            for t in range(shift.start, shift.end):
                scheduled[(shift.role, shift.day, t)] += 1
        for (role, d, t), short in self.unmet_at.items():
            self.cp.add_hint(short, max(0, self.problem.demand[role][d][t] - scheduled[(role, d, t)]))

    def _hint_secondary(self, chosen: dict[tuple[int, int], Shift]) -> None:
        """Values of the phase 2 variables for the hinted roster: without them CP-SAT may never use the hint."""

        def worked(p: int, d: int) -> Shift | None:
            return chosen.get((p, d)) if d in self.active else self.fixed.get((p, d))

        for (d, t), (covered, seniors) in self.senior_at.items():
            present = any((shift := worked(p, d)) is not None and shift.start <= t < shift.end for p in seniors)
            self.cp.add_hint(covered, present)
        if self.weekend is not None:
            most, weekend = self.weekend
            people = range(len(self.problem.staff))
            self.cp.add_hint(most, max((sum(worked(p, d) is not None for d in weekend) for p in people), default=0))
        if self.spread is not None and self.capacity:
            loads = []
            for p, capacity in self.capacity.items():
                hours = sum(shift.slots for d in range(self.problem.days) if (shift := worked(p, d)) is not None)
                loads.append((1000 * hours, capacity))
            highest, lowest = self.spread
            self.cp.add_hint(highest, max(-(-load // capacity) for load, capacity in loads))
            self.cp.add_hint(lowest, min(load // capacity for load, capacity in loads))

    def _canonical(self, chosen: dict[tuple[int, int], Shift]) -> dict[tuple[int, int], Shift]:
        """Swap whole rosters between identical people so the hint obeys the symmetry-breaking order."""
        for members in self.groups:
            rosters = [[chosen[(p, d)] for d in self.active if (p, d) in chosen] for p in members]
            rosters.sort(key=lambda roster: -sum(shift.slots for shift in roster))
            for p in members:
                for d in self.active:
                    chosen.pop((p, d), None)
            for p, roster in zip(members, rosters, strict=True):
                for shift in roster:
                    chosen[(p, shift.day)] = Shift(
                        shift.day, self.problem.staff[p].id, shift.start, shift.end, shift.role
                    )
        return chosen

    def decode(self, solver: cp_model.CpSolver) -> list[Shift]:
        """The shifts of the window in the solver's current solution."""
        shifts = []
        for p, member in enumerate(self.problem.staff):
            for d in self.active:
                for c in self.take[p][d]:
                    if solver.boolean_value(c.var):
                        role = self._role(solver, p, d)
                        shifts.append(Shift(day=d, staff=member.id, start=c.start, end=c.end, role=role))
        return shifts

    def _role(self, solver: cp_model.CpSolver, p: int, d: int) -> str:
        roles = self.role_of.get((p, d))
        if roles is None:
            return self.problem.staff[p].roles[0]
        return next(role for role, var in roles.items() if solver.boolean_value(var))


def peak_slots(totals: list[int]) -> list[int]:
    """The busiest quarter of a day's slots by total demand (ties included), ignoring slots nobody needs."""
    busy = sorted((total for total in totals if total > 0), reverse=True)
    if not busy:
        return []
    threshold = busy[min(len(busy), max(1, round(len(totals) * PEAK_SHARE))) - 1]
    return [t for t, total in enumerate(totals) if total >= threshold]


def is_weekend(problem: Problem, day: int) -> bool:
    """Saturday or Sunday by the start date; without one, day 0 is taken to be a Monday."""
    if problem.start_date is None:
        return day % 7 >= 5
    return (problem.start_date + datetime.timedelta(days=day)).weekday() >= 5
