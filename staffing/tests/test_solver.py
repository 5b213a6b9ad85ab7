"""The solver on problems small enough to solve by hand: each hard rule bites, and the answer is the known optimum."""

from __future__ import annotations

import pytest

from staffing.roster_limits import unmet_lower_bound
from staffing.roster_rules import coverage, validate_roster
from staffing.solver import RosterResult, solve_roster
from staffing.tests.roster_builders import make_problem, person

# Hourly slots from 08:00 to 22:00 (slot t starts at 08:00 + t h) unless a test says otherwise.
SLOTS = 14


def solve(problem, time_limit: float = 5.0, **kwargs) -> RosterResult:
    result = solve_roster(problem, time_limit=time_limit, **kwargs)
    assert validate_roster(problem, result.shifts) == []
    covered = coverage(problem, result.shifts)
    assert (result.unmet_staff_slots, result.over_staff_slots) == (covered.unmet, covered.over)
    assert result.bound is None or result.bound <= result.unmet_staff_slots
    if result.status == "optimal":
        assert result.bound == result.unmet_staff_slots
    return result


def demand_rows(days: int, wanted: dict[int, list[int]]) -> list[list[int]]:
    """One counter row per day; `wanted[day]` lists the slots where one person is needed."""
    return [[1 if t in wanted.get(day, []) else 0 for t in range(SLOTS)] for day in range(days)]


def one_role(days: int, wanted: dict[int, list[int]], staff, **rules):
    return make_problem(days=days, demand={"counter": demand_rows(days, wanted)}, staff=staff, **rules)


def test_one_person_covers_six_of_eight_hours_when_shifts_last_at_most_six():
    problem = one_role(1, {0: list(range(8))}, [person("S01")], max_shift_hours=6)
    result = solve(problem)
    assert (result.unmet_staff_slots, result.status, result.bound) == (2, "optimal", 2)
    [shift] = result.shifts
    assert shift.slots == 6 and 0 <= shift.start and shift.end <= 8
    assert [(gap.day, gap.short) for gap in result.gaps] == [(0, 1), (0, 1)]


def test_demand_met_exactly_leaves_nothing_short_and_nobody_spare():
    problem = one_role(1, {0: [2, 3, 4, 5]}, [person("S01"), person("S02")])
    result = solve(problem)
    assert (result.unmet_staff_slots, result.over_staff_slots, result.status) == (0, 0, "optimal")
    assert [(s.staff, s.start, s.end) for s in result.shifts] in ([("S01", 2, 6)], [("S02", 2, 6)])
    assert result.binding_rules == ()


def test_rule_1_a_person_only_works_their_own_roles():
    demand = {"counter": [[0] * SLOTS], "greeter": [[1] * 4 + [0] * 10]}
    problem = make_problem(days=1, roles=("counter", "greeter"), demand=demand, staff=[person("S01", "counter")])
    result = solve(problem)
    assert result.shifts == [] and result.unmet_staff_slots == 4
    assert "only 0 staff can work greeter; demand reaches 1" in result.binding_rules


def test_rule_1_a_person_with_two_roles_works_the_one_in_demand():
    demand = {"counter": [[0] * SLOTS], "greeter": [[1] * 4 + [0] * 10]}
    problem = make_problem(
        days=1, roles=("counter", "greeter"), demand=demand, staff=[person("S01", "counter", "greeter")]
    )
    result = solve(problem)
    assert [(s.role, s.start, s.end) for s in result.shifts] == [("greeter", 0, 4)]


def test_rule_2_a_two_hour_need_still_gets_a_four_hour_shift():
    problem = one_role(1, {0: [6, 7]}, [person("S01")], min_shift_hours=4)
    result = solve(problem)
    assert result.unmet_staff_slots == 0 and result.over_staff_slots == 2
    assert result.shifts[0].slots == 4


def test_rule_3_one_shift_a_day_leaves_the_evening_block_uncovered():
    problem = one_role(1, {0: [0, 1, 2, 3, 10, 11, 12, 13]}, [person("S01")], max_shift_hours=4)
    result = solve(problem)
    assert (result.unmet_staff_slots, result.status) == (4, "optimal")
    assert len(result.shifts) == 1


def test_rule_3_two_people_with_unavailability_cover_twelve_of_fourteen_hours():
    # S01 cannot work from 12:00; S02 cannot work before 12:00 and shifts last at most 8 h.
    staff = [
        person("S01", unavailable=[{"day": 0, "from": "12:00", "to": "22:00"}]),
        person("S02", unavailable=[{"day": 0, "from": "08:00", "to": "12:00"}]),
    ]
    problem = one_role(1, {0: list(range(SLOTS))}, staff, max_shift_hours=8)
    result = solve(problem)
    assert (result.unmet_staff_slots, result.status) == (2, "optimal")
    by_staff = {s.staff: (s.start, s.end) for s in result.shifts}
    assert by_staff["S01"] == (0, 4)
    assert by_staff["S02"][0] >= 4 and by_staff["S02"][1] - by_staff["S02"][0] == 8


def test_rule_3_a_whole_day_off_is_respected():
    staff = [person("S01", unavailable=[{"day": 1}])]
    problem = one_role(2, {0: [0, 1, 2, 3], 1: [0, 1, 2, 3]}, staff)
    result = solve(problem)
    assert result.unmet_staff_slots == 4
    assert [s.day for s in result.shifts] == [0]


def test_rule_4_the_weekly_hours_cap_leaves_a_day_short_and_is_named():
    staff = [person("S01", max_hours=10)]
    problem = one_role(3, {day: [0, 1, 2, 3] for day in range(3)}, staff)
    result = solve(problem)
    assert (result.unmet_staff_slots, result.status) == (4, "optimal")
    assert sum(s.slots for s in result.shifts) == 8
    assert "max 10 h/week for 1 of 1 staff" in result.binding_rules


def test_rule_4_the_weekly_days_cap_leaves_a_day_short():
    problem = one_role(3, {day: [0, 1, 2, 3] for day in range(3)}, [person("S01")], max_days_per_week=2)
    result = solve(problem)
    assert result.unmet_staff_slots == 4 and len(result.shifts) == 2
    assert "max 2 days/week for 1 of 1 staff" in result.binding_rules


def test_rule_5_a_day_off_after_every_three_in_a_row_over_two_weeks():
    # 14 days, at most 3 in a row: the best pattern works 11 days and rests 3 (days 3, 7, 11 for example).
    problem = one_role(
        14,
        {day: [0, 1, 2, 3] for day in range(14)},
        [person("S01", max_hours=60)],
        max_consecutive_days=3,
        max_days_per_week=7,
    )
    result = solve(problem, time_limit=8.0)
    assert (result.unmet_staff_slots, result.status) == (12, "optimal")
    assert len(result.shifts) == 11


def test_rule_6_rest_between_a_late_and_an_early_shift_costs_one_slot():
    # Need 18:00-22:00 on day 0 and 08:00-12:00 on day 1. Covering both ends leaves 10 h of rest, so the best
    # roster gives up one end hour: 17:00-21:00 then 08:00-12:00 rests exactly 11 h.
    wanted = {0: [10, 11, 12, 13], 1: [0, 1, 2, 3]}
    with_rest = solve(one_role(2, wanted, [person("S01")], min_rest_hours=11))
    assert (with_rest.unmet_staff_slots, with_rest.status) == (1, "optimal")
    assert "min 11 h rest for 1 of 1 staff" in with_rest.binding_rules
    without_rest = solve(one_role(2, wanted, [person("S01")], min_rest_hours=10))
    assert without_rest.unmet_staff_slots == 0 and len(without_rest.shifts) == 2


def test_more_demand_than_staff_returns_the_best_roster_with_its_gaps_and_the_rules_that_bind():
    staff = [person(f"S0{i}", max_hours=20) for i in range(1, 4)]
    problem = one_role(7, {day: list(range(SLOTS)) for day in range(7)}, staff)
    result = solve(problem, time_limit=8.0)
    # 98 staff-hours wanted, 3 x 20 h available.
    assert (result.unmet_staff_slots, result.status, result.bound) == (38, "optimal", 38)
    assert sum(gap.short for gap in result.gaps) == 38
    assert result.binding_rules[0] == "max 20 h/week for 3 of 3 staff"


def test_a_senior_takes_the_peak_when_either_person_could():
    staff = [person("S01", star=1), person("S02", star=4)]
    problem = one_role(1, {0: [2, 3, 4, 5]}, staff)
    result = solve(problem)
    assert [s.staff for s in result.shifts] == ["S02"]


def test_weekend_days_are_shared_rather_than_given_to_one_person():
    # Days 5 and 6 are Saturday and Sunday of the week starting Monday 7 Dec 2026.
    problem = one_role(7, {5: [0, 1, 2, 3], 6: [0, 1, 2, 3]}, [person("S01"), person("S02")])
    result = solve(problem)
    assert sorted((s.day, s.staff) for s in result.shifts) in ([(5, "S01"), (6, "S02")], [(5, "S02"), (6, "S01")])


def test_progress_reports_better_rosters_and_bounds_never_above_them():
    staff = [person(f"S0{i}", max_hours=20) for i in range(1, 4)]
    problem = one_role(7, {day: list(range(SLOTS)) for day in range(7)}, staff)
    events = []
    result = solve(problem, time_limit=8.0, progress=lambda *event: events.append(event))
    assert events, "the callback heard nothing"
    seconds = [event[0] for event in events]
    unmet = [event[1] for event in events]
    assert seconds == sorted(seconds) and unmet == sorted(unmet, reverse=True)
    assert all(bound is None or bound <= best for _, best, bound in events)
    assert unmet[-1] == result.unmet_staff_slots


def test_a_tiny_time_limit_still_returns_a_valid_roster():
    staff = [person(f"S{i:02d}", "counter", "greeter") for i in range(8)]
    demand = {role: [[2] * SLOTS for _ in range(7)] for role in ("counter", "greeter")}
    problem = make_problem(days=7, roles=("counter", "greeter"), demand=demand, staff=staff)
    result = solve(problem, time_limit=0.05)
    assert result.shifts
    assert result.status in ("optimal", "feasible")


@pytest.mark.parametrize("weeks", [2])
def test_a_multi_week_horizon_keeps_every_rule_across_week_boundaries(weeks):
    staff = [person(f"S0{i}", "counter", max_hours=30) for i in range(1, 5)]
    days = 7 * weeks
    wanted = {day: list(range(2, 12)) for day in range(days)}
    problem = one_role(days, wanted, staff, max_consecutive_days=4, max_days_per_week=5)
    result = solve(problem, time_limit=3.0)
    assert result.unmet_staff_slots < sum(len(slots) for slots in wanted.values())
    assert {s.day // 7 for s in result.shifts} == set(range(weeks))


def test_the_capacity_bound_is_known_before_any_search():
    staff = [person(f"S0{i}", max_hours=20) for i in range(1, 4)]
    problem = one_role(7, {day: list(range(SLOTS)) for day in range(7)}, staff)
    # 98 staff-slots wanted, 3 people x 20 slots a week available: at least 38 short whatever the roster.
    assert unmet_lower_bound(problem) == 38


def test_the_capacity_bound_counts_daily_shift_length_and_roles_nobody_has():
    # One person, 14 hours wanted each of 2 days, shifts of at most 9 h: 5 h short each day.
    assert unmet_lower_bound(one_role(2, {0: list(range(SLOTS)), 1: list(range(SLOTS))}, [person("S01")])) == 10
    demand = {"counter": [[0] * SLOTS], "greeter": [[2] * 3 + [0] * 11]}
    problem = make_problem(days=1, roles=("counter", "greeter"), demand=demand, staff=[person("S01", "counter")])
    assert unmet_lower_bound(problem) == 6


def test_a_horizon_too_big_for_one_model_is_solved_week_by_week_and_stays_valid(monkeypatch):
    monkeypatch.setattr("staffing.solver.WHOLE_HORIZON_CANDIDATES", 0)
    staff = [person(f"S0{i}", "counter", max_hours=30, star=3 if i == 1 else None) for i in range(1, 5)]
    wanted = {day: list(range(2, 12)) for day in range(14)}
    problem = one_role(14, wanted, staff, max_consecutive_days=4, max_days_per_week=5)
    events = []
    result = solve(problem, time_limit=3.0, progress=lambda *event: events.append(event))
    assert result.unmet_staff_slots <= events[0][1]
    # The capacity bound: 4 people x 30 h against 70 h a week, and nobody can work more than 9 h a day.
    assert result.bound == 0 and result.status in ("optimal", "feasible")
    assert {s.day // 7 for s in result.shifts} == {0, 1}
