"""A role with a fixed number of places (the hall's service counters, `Problem.capacity`): the solver, its greedy
start and its repair never put more people on it at once, even when more would cover more demand.

The problem is built so that the cap bites: one day of six hourly slots, shifts of exactly four hours, two
people wanted in the first two and the last two hours. Every four-hour shift covers hours 3 and 4, so four
shifts (two early, two late) cover everything but put four people at two counters there. With two counters
at most two shifts fit: the best is one early and one late, covering 4 of the 8 staff-slots wanted.
"""

from __future__ import annotations

import dataclasses
import time

from django.utils import translation

from staffing import solver
from staffing.binding_text import binding_sentence
from staffing.roster_greedy import greedy_roster
from staffing.roster_repair import repair_roster
from staffing.roster_rules import coverage, validate_roster
from staffing.tests.roster_builders import make_problem, person, shift

WANTED = [2, 2, 0, 0, 2, 2]


def problem(places: int | None):
    base = make_problem(
        days=1,
        slots_per_day=len(WANTED),
        demand={"counter": [WANTED]},
        staff=[person(f"S0{n}") for n in range(1, 5)],
        min_shift_hours=4,
        max_shift_hours=4,
    )
    return base if places is None else dataclasses.replace(base, capacity={"counter": places})


def most_at_once(problem, shifts) -> int:
    return max(max(row) for row in coverage(problem, shifts).scheduled["counter"])


def test_without_a_cap_the_solver_covers_everything_with_four_at_once():
    free = problem(None)
    result = solver.solve_roster(free, time_limit=10)
    assert result.unmet_staff_slots == 0 and result.status == "optimal"
    assert most_at_once(free, result.shifts) == 4


def test_with_two_counters_the_solver_keeps_two_at_once_and_proves_four_short_is_best():
    capped = problem(2)
    result = solver.solve_roster(capped, time_limit=10)
    assert validate_roster(capped, result.shifts) == []
    assert most_at_once(capped, result.shifts) == 2
    assert coverage(capped, result.shifts).over_capacity == 0
    assert result.unmet_staff_slots == 4 and result.status == "optimal" and result.bound == 4


def test_the_greedy_start_respects_the_cap():
    capped = problem(2)
    shifts = greedy_roster(capped)
    assert validate_roster(capped, shifts) == []
    assert most_at_once(capped, shifts) <= 2
    assert shifts, "the greedy still rosters what fits"


def test_the_repair_does_not_add_a_third_person_at_two_counters():
    early = [shift("S01", 0, 0, 4), shift("S02", 0, 0, 4)]
    capped = problem(2)
    assert coverage(capped, early).unmet == 4
    assert repair_roster(capped, early, time.perf_counter() + 5) == early
    # Without the cap the same repair closes the late gap with the other two people.
    free = problem(None)
    repaired = repair_roster(free, early, time.perf_counter() + 5)
    assert coverage(free, repaired).unmet == 0 and most_at_once(free, repaired) == 4


def test_the_repair_may_move_a_person_within_the_cap():
    # One early shift and one more early shift: moving the second one late covers more without a third person.
    capped = problem(2)
    start = [shift("S01", 0, 0, 4), shift("S02", 0, 0, 4)]
    wanted_one = dataclasses.replace(capped, demand={"counter": ((1, 1, 0, 0, 1, 1),)})
    result = repair_roster(wanted_one, start, time.perf_counter() + 5)
    assert coverage(wanted_one, result).unmet == 0 and most_at_once(wanted_one, result) <= 2


def test_coverage_counts_staff_slots_above_the_places():
    capped = problem(2)
    three = [shift("S01", 0, 0, 4), shift("S02", 0, 0, 4), shift("S03", 0, 2, 6)]
    assert coverage(capped, three).over_capacity == 2  # hours 3 and 4 have three people at two counters
    assert coverage(problem(None), three).over_capacity == 0


def test_full_counters_are_named_among_the_rules_that_bind():
    capped = problem(2)
    result = solver.solve_roster(capped, time_limit=10)
    # Hours 3 and 4 are always full; an early shift starting later fills more (either roster is optimal).
    full = sum(1 for got in coverage(capped, result.shifts).scheduled["counter"][0] if got == 2)
    assert full >= 2
    assert f"all 2 places for counter in use in {full} of 6 slots on days with gaps" in result.binding_rules
    [finding] = [rule for rule in result.binding if rule.kind == "places"]
    with translation.override("en"):
        assert binding_sentence(finding.as_dict()) == f"all 2 counters in use in {full} of 6 slots on days with gaps"
    with translation.override("zh-hans"):
        assert "2" in binding_sentence(finding.as_dict()) and "柜台" in binding_sentence(finding.as_dict())
    # Without the cap nothing is short, so nothing binds on places.
    assert not [rule for rule in solver.solve_roster(problem(None), time_limit=10).binding if rule.kind == "places"]
