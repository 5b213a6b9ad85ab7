"""Rules 5 and 6 across the start of a roster: what the person worked just before it (Problem.history) counts,
in the validator, in the CP-SAT model, in the greedy start and in the binding rules."""

from __future__ import annotations

import dataclasses

from staffing.roster_format import PriorWork
from staffing.roster_greedy import greedy_roster
from staffing.roster_limits import DAYS_IN_A_ROW, REST, binding_findings
from staffing.roster_model import RosterModel
from staffing.roster_rules import coverage, validate_roster
from staffing.solver import solve_roster
from staffing.tests.roster_builders import make_problem, person, shift

# Hourly slots from 08:00 to 22:00: slot t starts at 08:00 + t hours. Rest 11 h, at most 6 days in a row.
LATE_EVENING = PriorWork(last_end=-60, days_in_a_row=1)  # a shift ending 23:00 the day before day 0


def with_history(problem, **history: PriorWork):
    return dataclasses.replace(problem, history=history)


def test_rest_after_the_last_shift_before_the_roster_is_checked_on_the_first_shift():
    problem = with_history(make_problem(), S01=LATE_EVENING)
    [violation] = validate_roster(problem, [shift("S01", 0, 0, 8)])  # 08:00, 9 h after 23:00
    assert (violation.rule, violation.staff, violation.day) == (6, "S01", 0)
    assert violation.message == (
        "S01 on day 0: rest 9.0 h after their last shift before this roster, below the 11 h minimum"
    )
    assert validate_roster(problem, [shift("S01", 0, 2, 10)]) == []  # 10:00: exactly 11 h
    assert validate_roster(make_problem(), [shift("S01", 0, 0, 8)]) == []  # no history, no boundary


def test_rest_across_the_boundary_only_concerns_the_first_shift_of_the_roster():
    problem = with_history(make_problem(min_rest_hours=11), S01=PriorWork(last_end=0, days_in_a_row=1))
    # A shift ending at midnight: 08:00 on day 0 is 8 h later (broken); 08:00 on day 1 is 32 h later.
    assert [v.rule for v in validate_roster(problem, [shift("S01", 0, 0, 8)])] == [6]
    assert validate_roster(problem, [shift("S01", 1, 0, 8)]) == []


def test_days_in_a_row_carried_in_from_the_previous_roster_count():
    problem = with_history(make_problem(max_consecutive_days=6), S01=PriorWork(last_end=-8 * 60, days_in_a_row=4))
    assert validate_roster(problem, [shift("S01", day, 2, 10) for day in (0, 1)]) == []  # 4 + 2 = 6
    [violation] = validate_roster(problem, [shift("S01", day, 2, 10) for day in (0, 1, 2)])
    assert (violation.rule, violation.staff, violation.day) == (5, "S01", 0)
    assert violation.message == (
        "S01 on days 0-2: 7 working days in a row with the 4 before this roster, above the maximum of 6"
    )
    # A day off on day 0 ends the carried run.
    assert validate_roster(problem, [shift("S01", day, 2, 8) for day in range(1, 7)]) == []


def test_the_model_forbids_a_first_day_shift_too_soon_after_the_previous_shift():
    problem = with_history(make_problem(), S01=LATE_EVENING)
    model = RosterModel(problem)
    starts = {candidate.start for candidate in model.take[0][0]}
    assert starts and min(starts) == 2  # 10:00 at the earliest: 11 h after 23:00
    assert min(candidate.start for candidate in model.take[0][1]) == 0  # day 1 is unaffected
    assert min(c.start for c in RosterModel(make_problem()).take[0][0]) == 0


def test_the_solver_leaves_an_early_gap_rather_than_break_rest_across_the_boundary():
    demand = [[1] * 4 + [0] * 10] + [[0] * 14 for _ in range(6)]  # someone needed 08:00-12:00 on day 0
    problem = make_problem(demand={"counter": demand})
    assert solve_roster(problem, time_limit=5).unmet_staff_slots == 0
    result = solve_roster(with_history(problem, S01=LATE_EVENING), time_limit=5)
    assert result.unmet_staff_slots == 2 and result.status == "optimal"  # 08:00-10:00 cannot be covered
    assert [(s.day, s.start) for s in result.shifts] == [(0, 2)]
    assert ("rest", 1, 1) in [(rule.kind, rule.count, rule.total) for rule in result.binding]


def test_the_solver_counts_the_days_in_a_row_carried_in():
    demand = [[1] * 8 + [0] * 6 for _ in range(3)]
    problem = make_problem(days=3, demand={"counter": demand}, max_consecutive_days=6)
    assert len(solve_roster(problem, time_limit=5).shifts) == 3
    tired = with_history(problem, S01=PriorWork(last_end=-10 * 60, days_in_a_row=5))
    result = solve_roster(tired, time_limit=5)
    assert sorted(s.day for s in result.shifts) == [0, 2]  # 5 + day 0 = 6; day 1 off; day 2 starts a new run
    assert result.unmet_staff_slots == 8 and result.status == "optimal"
    assert validate_roster(tired, result.shifts) == []
    assert DAYS_IN_A_ROW in {rule.kind for rule in result.binding}


def test_a_run_longer_than_the_limit_before_the_roster_keeps_the_person_off_on_day_0_only():
    demand = [[1] * 8 + [0] * 6 for _ in range(2)]
    problem = with_history(
        make_problem(days=2, demand={"counter": demand}, max_consecutive_days=6),
        S01=PriorWork(last_end=-10 * 60, days_in_a_row=9),  # published with an override
    )
    result = solve_roster(problem, time_limit=5)
    assert [s.day for s in result.shifts] == [1]


def test_the_greedy_start_respects_the_boundary_too():
    demand = [[1] * 14 for _ in range(7)]
    problem = with_history(
        make_problem(demand={"counter": demand}, staff=[person("S01"), person("S02")]),
        S01=LATE_EVENING,
        S02=PriorWork(last_end=-14 * 60, days_in_a_row=6),
    )
    roster = greedy_roster(problem)
    assert roster and validate_roster(problem, roster) == []
    assert all(s.start >= 2 for s in roster if s.staff == "S01" and s.day == 0)
    assert all(s.day != 0 for s in roster if s.staff == "S02")


def test_identical_people_with_different_histories_are_not_interchangeable():
    staff = [person("S01"), person("S02")]
    problem = make_problem(staff=staff, fill=1)
    assert RosterModel(problem).groups == [[0, 1]]
    assert RosterModel(with_history(problem, S01=LATE_EVENING)).groups == []


def test_binding_rest_and_days_in_a_row_count_the_boundary():
    problem = with_history(
        make_problem(days=3, fill=1, max_consecutive_days=3), S01=PriorWork(last_end=-60, days_in_a_row=2)
    )
    shifts = [shift("S01", 0, 2, 10)]  # 10:00, exactly the 11 h after 23:00; run of 3 = the limit
    kinds = {rule.kind for rule in binding_findings(problem, shifts, coverage(problem, shifts))}
    assert {REST, DAYS_IN_A_ROW} <= kinds
