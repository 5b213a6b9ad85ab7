"""The CP-SAT model of a roster problem: variables, hard rules 1-6 as constraints, and the two objectives.

Built once per solve and reused by both phases (see `docs/solver.md`). Variable names follow the hall:
`take[p][d]` the candidate shifts of person p on day d, `works` whether they work that day, `on` whether
they work a slot (per role for people with several roles), `unmet` the staff short per role and slot.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from staffing.roster_format import Problem, Shift, StaffMember
from staffing.roster_rules import (
    allowed_lengths,
    blocking_unavailability,
    max_overnight_span,
    week_days,
    weekly_cap_slots,
)

# Secondary goals, weighed against each other in phase 2 (unmet demand is already fixed at its best).
WEIGHT_SENIOR_AT_PEAK = 20  # per peak slot without a 3-star-or-better person on the floor
WEIGHT_OVER_STAFFING = 4  # per staff-slot above demand
WEIGHT_WEEKEND = 20  # per weekend day worked by the person with the most weekend days
WEIGHT_LOAD_SPREAD = 1  # per 0.1 percentage point between the most and the least loaded person
SENIOR_STAR = 3
PEAK_SHARE = 0.25  # the busiest quarter of each day's slots is "peak"


@dataclass(frozen=True)
class _Candidate:
    var: cp_model.IntVar
    start: int
    end: int


class RosterModel:
    """CP-SAT variables and constraints for one problem; phase 1 objective (unmet demand) set on creation."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.cp = cp_model.CpModel()
        self.lengths = allowed_lengths(problem)
        self.span = max_overnight_span(problem)
        people = range(len(problem.staff))
        days = range(problem.days)
        self.take: list[list[list[_Candidate]]] = [[self._candidates(p, d) for d in days] for p in people]
        self.works = [[self._works(p, d) for d in days] for p in people]
        self.role_of: dict[tuple[int, int], dict[str, cp_model.IntVar]] = {}
        self.on: dict[tuple[int, int, str], list] = {}
        self.busy: list[list[list]] = [[[] for _ in days] for _ in people]
        for p in people:
            for d in days:
                self._slots_and_roles(p, d)
            self._weekly_caps(p)
            self._consecutive_days(p)
            self._rest(p)
        self.unmet: list[cp_model.IntVar] = []
        self.unmet_at: dict[tuple[str, int, int], cp_model.IntVar] = {}
        self._coverage()
        self._break_symmetry()
        self.cp.minimize(sum(self.unmet))

    # ------------------------------------------------------------------------------------ variables

    def _candidates(self, p: int, d: int) -> list[_Candidate]:
        member = self.problem.staff[p]
        out = []
        for length in self.lengths:
            for start in range(self.problem.slots_per_day - length + 1):
                if blocking_unavailability(self.problem, member, d, start, start + length) is None:
                    out.append(
                        _Candidate(self.cp.new_bool_var(f"take_{p}_{d}_{start}_{length}"), start, start + length)
                    )
        return out

    def _works(self, p: int, d: int):
        candidates = self.take[p][d]
        if not candidates:
            return None
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
            self.busy[p][d] = [None] * slots
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

    def _worked(self, p: int, d: int):
        works = self.works[p][d]
        return 0 if works is None else works

    def _hours(self, p: int, d: int):
        """Slots worked by p on day d, as a linear expression."""
        return sum(busy for busy in self.busy[p][d] if busy is not None)

    def _weekly_caps(self, p: int) -> None:
        """Rule 4: hours and working days per calendar week of the horizon."""
        member = self.problem.staff[p]
        cap = weekly_cap_slots(self.problem, member)
        for week in range(self.problem.weeks):
            span = week_days(self.problem, week)
            self.cp.add(sum(self._hours(p, d) for d in span) <= cap)
            if len(span) > self.problem.rules.max_days_per_week:
                self.cp.add(sum(self._worked(p, d) for d in span) <= self.problem.rules.max_days_per_week)

    def _consecutive_days(self, p: int) -> None:
        """Rule 5: every window of max+1 consecutive days has a day off."""
        window = self.problem.rules.max_consecutive_days + 1
        for first in range(self.problem.days - window + 1):
            self.cp.add(sum(self._worked(p, d) for d in range(first, first + window)) <= window - 1)

    def _rest(self, p: int) -> None:
        """Rule 6: no pair (shift ending at e on day d, shift starting at s on d+1) with e - s > span.

        For each end value e, "a shift ending at e or later today" and "a shift starting at e - span - 1
        or earlier tomorrow" exclude each other; that covers every forbidden pair with one constraint per e.
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
        self.scheduled: dict[tuple[str, int, int], list] = defaultdict(list)
        for (p, d, role), slots in self.on.items():
            for t, busy in enumerate(slots):
                if busy is not None:
                    self.scheduled[(role, d, t)].append(busy)
        for role in problem.roles:
            for d in range(problem.days):
                for t, wanted in enumerate(problem.demand[role][d]):
                    if wanted == 0:
                        continue
                    short = self.cp.new_int_var(0, wanted, f"unmet_{role}_{d}_{t}")
                    self.cp.add(sum(self.scheduled[(role, d, t)]) + short >= wanted)
                    self.unmet.append(short)
                    self.unmet_at[(role, d, t)] = short

    def _break_symmetry(self) -> None:
        """People with identical data are interchangeable: order them by hours so CP-SAT explores one of each."""
        groups: dict[tuple, list[int]] = defaultdict(list)
        for p, member in enumerate(self.problem.staff):
            groups[(member.roles, member.max_hours_week, member.unavailable, member.star)].append(p)
        for members in groups.values():
            for first, second in zip(members, members[1:], strict=False):
                total = sum(self._hours(first, d) for d in range(self.problem.days))
                self.cp.add(total >= sum(self._hours(second, d) for d in range(self.problem.days)))

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
        scheduled = sum(self._hours(p, d) for p in range(len(self.problem.staff)) for d in range(self.problem.days))
        demand = sum(sum(map(sum, rows)) for rows in self.problem.demand.values())
        return scheduled + sum(self.unmet) - demand

    def _peaks_without_senior(self):
        problem = self.problem
        seniors = [p for p, m in enumerate(problem.staff) if (m.star or 0) >= SENIOR_STAR]
        if not seniors:
            return 0
        missing = []
        for d in range(problem.days):
            totals = [sum(problem.demand[role][d][t] for role in problem.roles) for t in range(problem.slots_per_day)]
            for t in peak_slots(totals):
                present = [self.on[(p, d, role)][t] for p in seniors for role in problem.staff[p].roles]
                present = [busy for busy in present if busy is not None]
                if not present:
                    missing.append(1)
                    continue
                covered = self.cp.new_bool_var(f"senior_{d}_{t}")
                self.cp.add(covered <= sum(present))
                missing.append(1 - covered)
        return sum(missing)

    def _most_weekend_days(self):
        weekend = [d for d in range(self.problem.days) if is_weekend(self.problem, d)]
        if not weekend:
            return 0
        most = self.cp.new_int_var(0, len(weekend), "most_weekend_days")
        for p in range(len(self.problem.staff)):
            self.cp.add(most >= sum(self._worked(p, d) for d in weekend))
        return most

    def _load_spread(self):
        """Highest minus lowest load, where load is hours over what the person could work, in permille."""
        highest = self.cp.new_int_var(0, 1000, "highest_load")
        lowest = self.cp.new_int_var(0, 1000, "lowest_load")
        for p, member in enumerate(self.problem.staff):
            capacity = self._capacity(p, member)
            if capacity == 0:
                continue
            hours = sum(self._hours(p, d) for d in range(self.problem.days))
            self.cp.add(1000 * hours <= highest * capacity)
            self.cp.add(1000 * hours >= lowest * capacity)
        return highest - lowest

    def _capacity(self, p: int, member: StaffMember) -> int:
        """Slots a person could work over the horizon: their weekly cap, shortened by days they cannot work."""
        problem = self.problem
        longest = max(self.lengths, default=0)
        total = 0
        for week in range(problem.weeks):
            span = week_days(problem, week)
            free = sum(1 for d in span if self.take[p][d])
            days = min(free, problem.rules.max_days_per_week, problem.rules.max_consecutive_days)
            total += min(weekly_cap_slots(problem, member), days * longest)
        return total

    # ------------------------------------------------------------------------------------ hints, decoding

    def hint(self, shifts: list[Shift]) -> None:
        """Start the search from `shifts` (a valid roster): every decision variable gets a hinted value."""
        self.cp.clear_hints()
        index = {member.id: p for p, member in enumerate(self.problem.staff)}
        chosen = {(index[s.staff], s.day): s for s in shifts}
        for p in range(len(self.problem.staff)):
            for d in range(self.problem.days):
                shift = chosen.get((p, d))
                for c in self.take[p][d]:
                    self.cp.add_hint(c.var, shift is not None and (c.start, c.end) == (shift.start, shift.end))
                if self.works[p][d] is not None:
                    self.cp.add_hint(self.works[p][d], shift is not None)
                for role, var in self.role_of.get((p, d), {}).items():
                    self.cp.add_hint(var, shift is not None and shift.role == role)
                for t, busy in enumerate(self.busy[p][d]):
                    if busy is not None:
                        self.cp.add_hint(busy, shift is not None and shift.start <= t < shift.end)
        for (p, d, role), slots in self.on.items():
            if (p, d) not in self.role_of:
                continue
            shift = chosen.get((p, d))
            for t, working in enumerate(slots):
                if working is not None:
                    self.cp.add_hint(working, shift is not None and shift.role == role and shift.start <= t < shift.end)
        scheduled: dict[tuple[str, int, int], int] = defaultdict(int)
        for s in shifts:
            for t in range(s.start, s.end):
                scheduled[(s.role, s.day, t)] += 1
        for (role, d, t), short in self.unmet_at.items():
            self.cp.add_hint(short, max(0, self.problem.demand[role][d][t] - scheduled[(role, d, t)]))

    def decode(self, solver: cp_model.CpSolver) -> list[Shift]:
        shifts = []
        for p, member in enumerate(self.problem.staff):
            for d in range(self.problem.days):
                for c in self.take[p][d]:
                    if solver.boolean_value(c.var):
                        shifts.append(
                            Shift(day=d, staff=member.id, start=c.start, end=c.end, role=self._role(solver, p, d))
                        )
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
