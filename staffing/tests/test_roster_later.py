"""Rules 5 and 6 across the end of a roster: what the person is rostered for just after it, in a roster already
published for the following weeks (Problem.later), counts in the validator, the CP-SAT model, the greedy start,
the repair, the binding rules, and on the roster page (editing, publishing, the solver run).

The mirror of test_roster_boundary.py (the previous roster).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from staffing.choices import RosterStatus
from staffing.models import Roster
from staffing.roster_format import LaterWork, PriorWork
from staffing.roster_greedy import greedy_roster
from staffing.roster_limits import DAYS_IN_A_ROW, REST, binding_findings
from staffing.roster_model import RosterModel
from staffing.roster_repair import repair_roster
from staffing.roster_rules import DAYS_IN_A_ROW_LATER, REST_BEFORE_LATER, coverage, validate_roster
from staffing.rostering import build_plan, problem_to_dict
from staffing.services import rosters as services
from staffing.solver import solve_roster
from staffing.tests import test_rosters as base
from staffing.tests.roster_builders import make_problem, person, shift
from staffing.tests.test_roster_gaps import published_week
from staffing.tests.test_rosters import MONDAY, T, shift_input

# Hourly slots from 08:00 to 22:00: slot t starts at 08:00 + t hours. Rest 11 h, at most 6 days in a row.
EARLY_NEXT_DAY = LaterWork(first_start=8 * 60, days_in_a_row=1)  # 08:00 on the day after the roster


def with_later(problem, **later: LaterWork):
    return dataclasses.replace(problem, later=later)


# ------------------------------------------------------------------------------- the rules


def test_rest_before_the_first_shift_after_the_roster_is_checked_on_the_last_shift():
    problem = with_later(make_problem(), S01=EARLY_NEXT_DAY)
    [violation] = validate_roster(problem, [shift("S01", 6, 6, 14)])  # 14:00-22:00 on day 6: 10 h before 08:00
    assert (violation.rule, violation.staff, violation.day, violation.code) == (6, "S01", 6, REST_BEFORE_LATER)
    assert violation.message == (
        "S01 on day 6: rest 10.0 h before their first shift after this roster, below the 11 h minimum"
    )
    assert validate_roster(problem, [shift("S01", 6, 5, 13)]) == []  # until 21:00: exactly 11 h
    assert validate_roster(problem, [shift("S01", 5, 6, 14)]) == []  # the day before: 34 h
    assert validate_roster(make_problem(), [shift("S01", 6, 6, 14)]) == []  # nothing after, no boundary


def test_days_in_a_row_carried_out_to_the_next_roster_count():
    problem = with_later(make_problem(max_consecutive_days=6), S01=LaterWork(first_start=9 * 60, days_in_a_row=3))
    assert validate_roster(problem, [shift("S01", day, 2, 10) for day in (4, 5, 6)]) == []  # 3 + 3 = 6
    [violation] = validate_roster(problem, [shift("S01", day, 2, 10) for day in (3, 4, 5, 6)])
    assert (violation.rule, violation.day, violation.code) == (5, 3, DAYS_IN_A_ROW_LATER)
    assert violation.message == (
        "S01 on days 3-6: 7 working days in a row with the 3 after this roster, above the maximum of 6"
    )
    # A day off on the last day ends the run before the next roster.
    assert validate_roster(problem, [shift("S01", day, 2, 8) for day in range(6)]) == []


def test_a_short_roster_between_two_published_ones_counts_both_sides():
    problem = dataclasses.replace(
        make_problem(days=3, max_consecutive_days=6),
        history={"S01": PriorWork(last_end=-10 * 60, days_in_a_row=2)},
        later={"S01": LaterWork(first_start=10 * 60, days_in_a_row=2)},
    )
    [violation] = validate_roster(problem, [shift("S01", day, 2, 10) for day in range(3)])
    assert violation.code == DAYS_IN_A_ROW_LATER
    assert violation.params == {"first_day": 0, "last_day": 2, "count": 7, "limit": 6, "before": 2, "after": 2}
    assert violation.message == (
        "S01 on days 0-2: 7 working days in a row with the 2 before and the 2 after this roster, above the maximum of 6"
    )


# ------------------------------------------------------------------------------- the solver


def test_the_model_forbids_a_last_day_shift_ending_too_late_before_the_next_roster():
    problem = with_later(make_problem(), S01=EARLY_NEXT_DAY)
    model = RosterModel(problem)
    ends = {candidate.end for candidate in model.take[0][6]}
    assert ends and max(ends) == 13  # 21:00 at the latest: 11 h before 08:00
    assert max(candidate.end for candidate in model.take[0][5]) == 14  # day 5 is unaffected
    assert max(c.end for c in RosterModel(make_problem()).take[0][6]) == 14


def test_the_solver_leaves_a_late_gap_rather_than_break_rest_before_the_next_roster():
    demand = [[0] * 14 for _ in range(6)] + [[0] * 10 + [1] * 4]  # someone needed 18:00-22:00 on day 6
    problem = make_problem(demand={"counter": demand})
    assert solve_roster(problem, time_limit=5).unmet_staff_slots == 0
    result = solve_roster(with_later(problem, S01=EARLY_NEXT_DAY), time_limit=5)
    assert result.unmet_staff_slots == 1 and result.status == "optimal"  # 21:00-22:00 cannot be covered
    assert [(s.day, s.end) for s in result.shifts] == [(6, 13)]
    assert ("rest", 1, 1) in [(rule.kind, rule.count, rule.total) for rule in result.binding]


def test_the_solver_counts_the_days_in_a_row_carried_out():
    demand = [[1] * 8 + [0] * 6 for _ in range(3)]
    problem = make_problem(days=3, demand={"counter": demand}, max_consecutive_days=6)
    tired = with_later(problem, S01=LaterWork(first_start=8 * 60, days_in_a_row=5))
    result = solve_roster(tired, time_limit=5)
    # Not all three days (3 + 5 after = 8), nor days 1 and 2 (2 + 5 = 7); day 2 alone + 5 = 6 is fine.
    assert sorted(s.day for s in result.shifts) in ([0, 1], [0, 2])
    assert result.unmet_staff_slots == 8 and result.status == "optimal"
    assert validate_roster(tired, result.shifts) == []


def test_a_run_after_the_roster_longer_than_the_limit_keeps_the_person_off_on_the_last_day_only():
    demand = [[1] * 8 + [0] * 6 for _ in range(2)]
    problem = with_later(
        make_problem(days=2, demand={"counter": demand}, max_consecutive_days=6),
        S01=LaterWork(first_start=8 * 60, days_in_a_row=9),  # published with an override
    )
    result = solve_roster(problem, time_limit=5)
    assert [s.day for s in result.shifts] == [0]


def test_the_greedy_start_and_the_repair_respect_the_end_too():
    demand = [[1] * 14 for _ in range(7)]
    problem = with_later(
        make_problem(demand={"counter": demand}, staff=[person("S01"), person("S02")]),
        S01=EARLY_NEXT_DAY,
        S02=LaterWork(first_start=8 * 60, days_in_a_row=6),
    )
    roster = greedy_roster(problem)
    assert roster and validate_roster(problem, roster) == []
    assert all(s.end <= 13 for s in roster if s.staff == "S01" and s.day == 6)
    assert all(s.day != 6 for s in roster if s.staff == "S02")
    # The repair never closes the last evening hour with S01 (the only one who could) against the rest.
    late = with_later(
        make_problem(demand={"counter": [[0] * 14 for _ in range(6)] + [[0] * 13 + [1]]}), S01=EARLY_NEXT_DAY
    )
    result = repair_roster(late, [], time.perf_counter() + 5)
    assert validate_roster(late, result) == [] and coverage(late, result).unmet == 1


def test_identical_people_with_different_later_work_are_not_interchangeable():
    problem = make_problem(staff=[person("S01"), person("S02")], fill=1)
    assert RosterModel(problem).groups == [[0, 1]]
    assert RosterModel(with_later(problem, S01=EARLY_NEXT_DAY)).groups == []


def test_binding_rest_and_days_in_a_row_count_the_end():
    problem = with_later(
        make_problem(days=3, fill=1, max_consecutive_days=3), S01=LaterWork(first_start=8 * 60, days_in_a_row=2)
    )
    shifts = [shift("S01", 2, 5, 13)]  # until 21:00, exactly 11 h before 08:00; run of 3 = the limit
    kinds = {rule.kind for rule in binding_findings(problem, shifts, coverage(problem, shifts))}
    assert {REST, DAYS_IN_A_ROW} <= kinds


# ------------------------------------------------------------------------------- the roster page

hall, people, roster = base.hall, base.people, base.roster
NEXT_MONDAY = MONDAY + dt.timedelta(days=7)
SUNDAY = MONDAY + dt.timedelta(days=6)


def published_week_after(hall, shifts) -> Roster:
    """A published roster for the week after MONDAY's."""
    return published_week(hall, NEXT_MONDAY, shifts)


def test_the_plan_carries_the_first_published_shift_and_the_run_of_days_after_the_roster(roster, people, hall):
    published_week_after(
        hall,
        [
            *[(people[0], NEXT_MONDAY + dt.timedelta(days=n), T(9), T(17)) for n in range(3)],
            (people[1], NEXT_MONDAY + dt.timedelta(days=1), T(8), T(16)),
        ],
    )
    later = build_plan(roster).problem.later
    assert later[people[0].employee_number] == LaterWork(first_start=9 * 60, days_in_a_row=3)
    # Off on the Monday: no run carried out, but the rest still counts from Tuesday 08:00.
    assert later[people[1].employee_number] == LaterWork(first_start=(24 + 8) * 60, days_in_a_row=0)
    assert people[2].employee_number not in later
    assert "later" not in problem_to_dict(build_plan(roster).problem)  # not part of format 1


def test_a_draft_roster_after_does_not_count(roster, people, hall):
    after = published_week_after(hall, [(people[0], NEXT_MONDAY, T(8), T(16))])
    Roster.objects.filter(pk=after.pk).update(status=RosterStatus.DRAFT)
    assert build_plan(roster).problem.later == {}


def test_an_edit_too_late_before_the_next_roster_breaks_the_rest_rule_and_blocks_publishing(roster, people, hall, cast):
    published_week_after(hall, [(people[0], NEXT_MONDAY, T(8), T(16))])
    shift_, violations = services.shift_save(
        roster=roster, data=shift_input(people[0], day=SUNDAY, start=T(14), end=T(22)), version=1
    )
    [violation] = violations
    assert violation.rule == 6
    assert "rest 10.0 h before their first shift after this roster" in violation.message
    assert people[0].name in violation.message and "2027-03-07" in violation.message
    with pytest.raises(ValidationError):
        services.roster_publish(roster=roster, by=cast.users["manager"])
    _shift, violations = services.shift_save(
        roster=roster, shift=shift_, data=shift_input(people[0], day=SUNDAY, start=T(13), end=T(21)), version=2
    )
    assert violations == []


def test_the_violation_reads_in_chinese_too(roster, people, hall):
    published_week_after(hall, [(people[0], NEXT_MONDAY + dt.timedelta(days=n), T(9), T(13)) for n in range(5)])
    _shift, violations = services.shift_save(
        roster=roster, data=shift_input(people[0], day=SUNDAY - dt.timedelta(days=1)), version=1
    )
    assert violations == []  # Saturday, Sunday off, then five: fine
    with translation.override("en"):
        _shift, violations = services.shift_save(roster=roster, data=shift_input(people[0], day=SUNDAY), version=2)
    [violation] = violations
    assert "7 working days in a row with the 5 after this roster" in violation.message
    assert "Sat 2027-03-06 – Sun 2027-03-07" in violation.message
    with translation.override("zh-hans"):
        [violation] = services.roster_violations(roster=roster)
    assert "7" in violation.message and "5" in violation.message and "之后" in violation.message, violation.message


def test_the_solver_run_from_the_page_respects_the_end(roster, people, hall, cast, django_capture_on_commit_callbacks):
    published_week_after(
        hall, [(member, NEXT_MONDAY + dt.timedelta(days=n), T(8), T(16)) for member in people for n in range(6)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.roster_request_solve(roster=roster, by=cast.users["manager"], time_limit=5)
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert services.roster_violations(roster=roster) == []
    # Everyone works the six days after: nobody may work Sunday.
    assert not roster.shifts.filter(day=SUNDAY).exists()
    assert roster.shifts.filter(day=SUNDAY - dt.timedelta(days=1)).exists()
