"""The last stages of a long horizon (too big for one model): each day still short gets its own least unmet
demand proven (`day_relaxation`), which raises the bound, and CP-SAT re-solves windows of days around the days
short of that least."""

from __future__ import annotations

import time

from staffing import solver
from staffing.roster_limits import day_relaxation, unmet_lower_bound
from staffing.roster_rules import coverage, validate_roster
from staffing.tests.roster_builders import make_problem, person, shift

# Hourly slots from 08:00 to 22:00: slot t starts at 08:00 + t hours; shifts of 4-9 h, 11 h rest.
SLOTS = 14


def both_ends_of_day_3(days: int = 14):
    """One person; on day 3 someone is wanted at 08:00 and at 21:00: no 9-hour shift reaches both."""
    demand = [[0] * SLOTS for _ in range(days)]
    demand[3][0] = demand[3][SLOTS - 1] = 1
    return make_problem(days=days, demand={"counter": demand}, staff=[person("S01")])


def test_a_day_alone_keeps_its_demand_unavailability_and_places_and_nothing_else():
    problem = make_problem(
        days=14,
        fill=1,
        staff=[person("S01", unavailable=[{"day": 3, "from": "08:00", "to": "12:00"}, {"day": 5}])],
    )
    alone = day_relaxation(problem, 3)
    assert alone.days == 1 and alone.demand["counter"] == (problem.demand["counter"][3],)
    [entry] = alone.staff[0].unavailable
    assert entry.day == 0 and (entry.start_minute, entry.end_minute) == (8 * 60, 12 * 60)
    assert day_relaxation(problem, 5).staff[0].unavailable[0].whole_day


def test_the_days_alone_prove_a_bound_the_capacity_bound_cannot(monkeypatch):
    problem = both_ends_of_day_3()
    assert unmet_lower_bound(problem) == 0  # enough hours and people in every slot, day and week
    monkeypatch.setattr(solver, "WHOLE_HORIZON_CANDIDATES", 0)  # two weeks take the long-horizon path
    result = solver.solve_roster(problem, time_limit=8)
    assert result.unmet_staff_slots == 1
    assert result.bound == 1 and result.status == "optimal"


def test_windows_close_what_they_can_and_keep_the_roster_valid():
    problem = make_problem(days=14, fill=1, staff=[person("S01"), person("S02"), person("S03")])
    start = [shift("S01", d, 0, 9) for d in range(6)]
    reporter = solver._Reporter(time.perf_counter(), None)
    result = solver._gap_windows(problem, start, {}, time.perf_counter() + 8, 8.0, 2, reporter)
    assert validate_roster(problem, result) == []
    assert coverage(problem, result).unmet < coverage(problem, start).unmet
    assert reporter.best == coverage(problem, result).unmet


def test_windows_leave_alone_the_days_already_at_their_own_least():
    problem = both_ends_of_day_3()
    start = [shift("S01", 3, 0, 9)]  # 08:00-17:00: 21:00 stays short, as it must
    floors = {3: 1}
    began = time.perf_counter()
    result = solver._gap_windows(problem, start, floors, time.perf_counter() + 8, 8.0, 2, solver._Reporter(began, None))
    assert result == start
    assert time.perf_counter() - began < 1  # nothing was solved


def test_a_one_week_solve_not_proven_by_its_search_is_proven_by_its_short_days(monkeypatch):
    problem = both_ends_of_day_3(days=7)
    # Phase 1 as if its search had stopped before proving anything: the greedy roster, no bound.
    monkeypatch.setattr(solver, "_least_unmet", lambda model, roster, until, workers, reporter: (roster, False))
    result = solver.solve_roster(problem, time_limit=8)
    assert result.unmet_staff_slots == 1
    assert result.bound == 1 and result.status == "optimal"
