"""The roster local search (staffing/roster_repair.py): each kind of move closes a gap on a problem built so
that it is the one move that can; no move ever breaks a rule or adds unmet demand."""

from __future__ import annotations

import dataclasses
import random
import time

import pytest

from staffing import solver
from staffing.roster_format import PriorWork, parse_problem
from staffing.roster_greedy import greedy_roster
from staffing.roster_repair import repair_roster
from staffing.roster_rules import coverage, validate_roster
from staffing.tests.roster_builders import make_problem, person, problem_dict, shift

# Hourly slots from 08:00 to 22:00 (slot t starts at 08:00 + t h); shifts of 4-9 h, 11 h rest.
SLOTS = 14


def rows(days: int, wanted: dict[int, range | list[int]]) -> list[list[int]]:
    """One row per day; `wanted[day]` lists the slots where one person is needed."""
    return [[1 if t in wanted.get(day, ()) else 0 for t in range(SLOTS)] for day in range(days)]


def repaired(problem, shifts, seconds: float = 5.0):
    assert validate_roster(problem, shifts) == []
    result = repair_roster(problem, shifts, time.perf_counter() + seconds)
    assert validate_roster(problem, result) == []
    assert coverage(problem, result).unmet <= coverage(problem, shifts).unmet
    return result


def test_extends_a_shift_by_the_short_hour():
    problem = make_problem(days=1, demand={"counter": rows(1, {0: range(0, 5)})}, staff=[person("S01")])
    result = repaired(problem, [shift("S01", 0, 0, 4)])
    assert coverage(problem, result).unmet == 0
    assert result == [shift("S01", 0, 0, 5)]


def test_moves_a_shift_later_when_it_cannot_grow():
    problem = make_problem(
        days=1, demand={"counter": rows(1, {0: range(2, 6)})}, staff=[person("S01")], max_shift_hours=4
    )
    result = repaired(problem, [shift("S01", 0, 0, 4)])
    assert result == [shift("S01", 0, 2, 6)]
    assert coverage(problem, result).unmet == 0


def test_adds_a_shift_for_someone_with_hours_to_spare():
    problem = make_problem(
        days=1, demand={"counter": rows(1, {0: range(0, 8)})}, staff=[person("S01"), person("S02")], max_shift_hours=4
    )
    result = repaired(problem, [shift("S01", 0, 0, 4)])
    assert coverage(problem, result).unmet == 0
    assert shift("S01", 0, 0, 4) in result and [s.staff for s in result] == ["S01", "S02"]


def test_moves_a_shift_from_a_day_without_demand_when_the_days_a_week_are_used_up():
    # At most one working day a week: the shift on day 0 (nobody needed) moves to day 1 (short).
    problem = make_problem(
        days=2, demand={"counter": rows(2, {1: range(3, 7)})}, staff=[person("S01")], max_days_per_week=1
    )
    shifts = [shift("S01", 0, 3, 7)]
    assert validate_roster(problem, [*shifts, shift("S01", 1, 3, 7)]) != []  # adding it would break rule 4
    result = repaired(problem, shifts)
    assert result == [shift("S01", 1, 3, 7)]
    assert coverage(problem, result).unmet == 0


def test_trims_an_over_covered_day_to_free_weekly_hours():
    # 8 h a week: day 0 is over-covered in its last four hours, day 1 is four hours short.
    problem = make_problem(
        days=2,
        demand={"counter": rows(2, {0: range(0, 4), 1: range(0, 4)})},
        staff=[person("S01", max_hours=8)],
    )
    result = repaired(problem, [shift("S01", 0, 0, 8)])
    assert coverage(problem, result).unmet == 0
    assert result == [shift("S01", 0, 0, 4), shift("S01", 1, 0, 4)]


def test_changes_the_role_of_a_shift_whose_role_is_over_covered():
    demand = {"counter": rows(1, {0: range(0, 4)}), "greeter": rows(1, {0: range(0, 4)})}
    problem = make_problem(
        days=1,
        roles=("counter", "greeter"),
        demand=demand,
        staff=[person("S01", "counter"), person("S02", "counter", "greeter")],
    )
    shifts = [shift("S01", 0, 0, 4), shift("S02", 0, 0, 4)]  # two on the counter, nobody at the door
    result = repaired(problem, shifts)
    assert result == [shift("S01", 0, 0, 4), shift("S02", 0, 0, 4, "greeter")]
    assert coverage(problem, result).unmet == 0


def test_a_chain_of_two_people_when_no_single_change_helps():
    # Only S02 can work the counter, and is at the door; moving S02 to the counter alone gains nothing,
    # but S03 (greeter only, free) can then take the door.
    demand = {"counter": rows(1, {0: range(0, 4)}), "greeter": rows(1, {0: range(0, 4)})}
    problem = make_problem(
        days=1,
        roles=("counter", "greeter"),
        demand=demand,
        staff=[
            person("S02", "counter", "greeter"),
            person("S03", "greeter", unavailable=[{"day": 0, "from": "12:00", "to": "22:00"}]),
        ],
    )
    shifts = [shift("S02", 0, 0, 4, "greeter")]
    result = repaired(problem, shifts)
    assert coverage(problem, result).unmet == 0
    assert result == [shift("S02", 0, 0, 4, "counter"), shift("S03", 0, 0, 4, "greeter")]


def test_leaves_a_gap_that_only_a_broken_rest_would_close():
    # S01 closes at 22:00 on day 0 (needed then); 08:00 on day 1 is 10 h later, below the 11 h rest.
    problem = make_problem(
        days=2, demand={"counter": rows(2, {0: range(10, 14), 1: range(0, 4)})}, staff=[person("S01")]
    )
    shifts = [shift("S01", 0, 10, 14), shift("S01", 1, 1, 5)]
    result = repaired(problem, shifts)
    assert result == shifts
    assert coverage(problem, result).unmet == 1


def test_moves_a_day_to_a_colleague_around_days_in_a_row_unavailability_and_prior_work():
    # S01 worked the five days before the roster (six in a row at most): day 0 or day 1, not both. S02 is
    # unavailable on the morning of day 1. S01 works day 0, day 1 is short: S01 moves to day 1 (a change
    # that gains nothing alone) and S02 takes day 0.
    staff = [person("S01"), person("S02", unavailable=[{"day": 1, "from": "08:00", "to": "12:00"}])]
    problem = make_problem(days=2, demand={"counter": rows(2, {0: range(0, 4), 1: range(0, 4)})}, staff=staff)
    problem = dataclasses.replace(problem, history={"S01": PriorWork(last_end=-12 * 60, days_in_a_row=5)})
    shifts = [shift("S01", 0, 0, 4)]
    assert validate_roster(problem, [*shifts, shift("S01", 1, 0, 4)]) != []
    result = repaired(problem, shifts)
    assert result == [shift("S02", 0, 0, 4), shift("S01", 1, 0, 4)]
    assert coverage(problem, result).unmet == 0


def test_a_roster_with_nothing_short_comes_back_unchanged():
    problem = make_problem(days=1, demand={"counter": rows(1, {0: range(0, 4)})}, staff=[person("S01")])
    shifts = [shift("S01", 0, 0, 4)]
    assert repair_roster(problem, shifts, time.perf_counter() + 5) is shifts


def test_stops_at_its_time_limit():
    problem = make_problem(days=1, demand={"counter": rows(1, {0: range(0, 5)})}, staff=[person("S01")])
    shifts = [shift("S01", 0, 0, 4)]
    assert repair_roster(problem, shifts, time.perf_counter() - 1) == shifts


@pytest.mark.parametrize("seed", range(8))
def test_random_rosters_stay_valid_and_never_get_worse(seed):
    rng = random.Random(seed)
    days = rng.choice([3, 7, 10])
    roles = ("counter", "greeter", "consultant")
    demand = {role: [[rng.choice([0, 0, 1, 1, 2, 3]) for _ in range(SLOTS)] for _ in range(days)] for role in roles}
    staff = []
    for index in range(rng.randint(3, 8)):
        held = rng.sample(roles, rng.randint(1, 3))
        unavailable = [
            {"day": rng.randrange(days), "from": "12:00", "to": "15:00"} for _ in range(rng.randint(0, 2))
        ] + [{"day": rng.randrange(days)} for _ in range(rng.randint(0, 1))]
        # Duplicate days are refused by the format: keep one entry per day.
        unavailable = list({entry["day"]: entry for entry in unavailable}.values())
        staff.append(person(f"S{index:02}", *held, max_hours=rng.choice([16, 20, 30, 44]), unavailable=unavailable))
    rules = {"max_days_per_week": rng.choice([3, 5, 6]), "max_consecutive_days": rng.choice([2, 4, 6])}
    problem = parse_problem(problem_dict(days=days, roles=roles, demand=demand, staff=staff, **rules))
    history = {
        m.id: PriorWork(last_end=-rng.choice([60, 180, 600]), days_in_a_row=rng.randint(0, 3))
        for m in problem.staff[:2]
    }
    problem = dataclasses.replace(problem, history=history)
    start = [s for s in greedy_roster(problem) if rng.random() < 0.6]  # still valid, with gaps to close
    result = repaired(problem, start, seconds=1.0)
    # Dropping 40 % of the greedy roster leaves gaps that simply putting the shifts back would close.
    assert coverage(problem, result).unmet < coverage(problem, start).unmet


def test_the_solver_hands_long_horizons_to_the_repair_and_keeps_what_it_gains(monkeypatch):
    calls = []

    def spy(problem, shifts, until, progress=None):
        result = repair_roster(problem, shifts, until, progress)
        calls.append((coverage(problem, shifts).unmet, coverage(problem, result).unmet))
        return result

    # A two-week problem counts as "too big for the whole horizon", so it takes the week-by-week path.
    monkeypatch.setattr(solver, "WHOLE_HORIZON_CANDIDATES", 0)
    monkeypatch.setattr(solver, "repair_roster", spy)
    demand = {"counter": [[2] * SLOTS for _ in range(14)]}
    problem = make_problem(days=14, demand=demand, staff=[person(f"S{i:02}") for i in range(6)])
    result = solver.solve_roster(problem, time_limit=6)
    # Once after the first pass, and again after each window of days that CP-SAT improved (_gap_windows).
    assert calls and all(after <= handed for handed, after in calls)
    assert validate_roster(problem, result.shifts) == []
    assert result.unmet_staff_slots <= calls[-1][1]  # the secondary goals never give back unmet demand
