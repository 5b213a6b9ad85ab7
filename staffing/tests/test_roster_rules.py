"""Every hard rule of ROSTER_FORMAT.md is caught with a message naming the person, the day and the rule."""

from __future__ import annotations

from staffing.roster_rules import Gap, coverage, max_overnight_span, validate_roster, weekly_cap_slots
from staffing.tests.roster_builders import make_problem, person, shift

# Hourly slots from 08:00 to 22:00 unless a test says otherwise: slot t starts at 08:00 + t hours.


def rules_broken(problem, shifts) -> list[tuple[int, str, int]]:
    return [(v.rule, v.staff, v.day) for v in validate_roster(problem, shifts)]


def test_a_roster_within_every_rule_has_no_violations():
    problem = make_problem(staff=[person("S01"), person("S02", "counter", "greeter")], roles=("counter", "greeter"))
    shifts = [shift("S01", day, 0, 8) for day in range(5)] + [shift("S02", 1, 6, 14, "greeter")]
    assert validate_roster(problem, shifts) == []


def test_rule_1_a_role_the_person_cannot_work_is_named():
    problem = make_problem(roles=("counter", "greeter"), staff=[person("S01", "counter")])
    [violation] = validate_roster(problem, [shift("S01", 2, 0, 8, "greeter")])
    assert (violation.rule, violation.staff, violation.day) == (1, "S01", 2)
    assert violation.message == "S01 on day 2: cannot work as greeter (roles: counter)"


def test_rule_1_a_role_outside_the_roster_an_unknown_person_and_a_day_past_the_horizon_are_named():
    problem = make_problem()
    messages = [str(v) for v in validate_roster(problem, [shift("S01", 0, 0, 8, "cashier"), shift("X9", 1, 0, 8)])]
    assert messages == [
        'S01 on day 0: "cashier" is not a role of this roster',
        "X9 on day 1: X9 is not on the staff list",
    ]
    [late] = validate_roster(problem, [shift("S01", 7, 0, 8)])
    assert late.message == "S01 on day 7: the roster has days 0 to 6 only"


def test_rule_1_a_shift_must_be_whole_slots_inside_the_day():
    problem = make_problem()
    outside, backwards = validate_roster(problem, [shift("S01", 0, 8, 15), shift("S01", 1, 6, 6)])
    assert outside.message == "S01 on day 0: shift 16:00-23:00 runs outside the day (08:00-22:00)"
    assert backwards.message == "S01 on day 1: shift 14:00-14:00 does not end after it starts"
    assert (outside.rule, backwards.rule) == (1, 1)


def test_rule_2_shifts_shorter_or_longer_than_allowed_are_named_with_their_length():
    problem = make_problem(slot_minutes=30, slots_per_day=28)
    short, long = validate_roster(problem, [shift("S01", 0, 0, 7), shift("S01", 1, 0, 19)])
    assert short.message == "S01 on day 0: shift 08:00-11:30 lasts 3.5 h, below the 4 h minimum"
    assert long.message == "S01 on day 1: shift 08:00-17:30 lasts 9.5 h, above the 9 h maximum"
    assert validate_roster(problem, [shift("S01", 0, 0, 8), shift("S01", 1, 0, 18)]) == []


def test_rule_2_fractional_hour_limits_compare_without_rounding_trouble():
    problem = make_problem(slot_minutes=6, slots_per_day=140, min_shift_hours=4.1, max_shift_hours=4.1)
    assert validate_roster(problem, [shift("S01", 0, 0, 41)]) == []


def test_rule_3_two_shifts_on_one_day_are_refused():
    problem = make_problem()
    assert rules_broken(problem, [shift("S01", 3, 0, 4), shift("S01", 3, 8, 12)]) == [(3, "S01", 3)]
    [violation] = validate_roster(problem, [shift("S01", 3, 8, 12), shift("S01", 3, 0, 4)])
    assert violation.message == "S01 on day 3: 2 shifts (08:00-12:00, 16:00-20:00); at most one a day"


def test_rule_3_a_shift_inside_a_whole_day_or_a_window_of_unavailability_is_refused():
    unavailable = [{"day": 1}, {"day": 2, "from": "12:00", "to": "13:30"}]
    problem = make_problem(staff=[person("S01", unavailable=unavailable)])
    day_off, window = validate_roster(problem, [shift("S01", 1, 0, 8), shift("S01", 2, 5, 10)])
    assert day_off.message == "S01 on day 1: shift 08:00-16:00 on a day they are unavailable"
    assert window.message == "S01 on day 2: shift 13:00-18:00 overlaps their unavailability 12:00-13:30"
    # The window is half-open: a shift may end exactly when it starts, or start exactly when it ends.
    assert validate_roster(problem, [shift("S01", 2, 0, 4), shift("S01", 3, 6, 12)]) == []
    assert validate_roster(problem, [shift("S01", 2, 0, 4)]) == []


def test_rule_4_more_hours_in_a_calendar_week_than_the_persons_maximum():
    problem = make_problem(days=14, staff=[person("S01", max_hours=20)])
    # 24 h over days 5-9 is fine: the horizon's weeks are days 0-6 and 7-13, 16 h and 8 h.
    assert validate_roster(problem, [shift("S01", 5, 0, 8), shift("S01", 6, 0, 8), shift("S01", 7, 0, 8)]) == []
    [violation] = validate_roster(problem, [shift("S01", day, 0, 7) for day in (7, 8, 9)])
    assert violation.rule == 4 and violation.day == 7
    assert violation.message == "S01 in week 2 (days 7-13): 21.0 h, above their 20 h weekly maximum"


def test_rule_4_more_working_days_in_a_week_than_allowed():
    problem = make_problem(max_days_per_week=5)
    [violation] = validate_roster(problem, [shift("S01", day, 0, 4) for day in range(6)])
    assert violation.rule == 4
    assert violation.message == "S01 in week 1 (days 0-6): 6 working days, above the maximum of 5"


def test_rule_5_too_many_working_days_in_a_row_across_a_week_boundary():
    problem = make_problem(days=14, max_consecutive_days=6)
    shifts = [shift("S01", day, 0, 4) for day in range(3, 10)]
    [violation] = validate_roster(problem, shifts)
    assert (violation.rule, violation.day) == (5, 3)
    assert violation.message == "S01 on days 3-9: 7 working days in a row, above the maximum of 6"
    assert validate_roster(problem, shifts[:-1]) == []


def test_rule_6_short_rest_between_a_late_shift_and_an_early_one():
    problem = make_problem(slot_minutes=30, slots_per_day=28, min_rest_hours=11)
    # Ends 22:00 on day 1: starting 08:00 on day 2 leaves 10 h, starting 09:00 leaves exactly 11 h.
    late_then_early = [shift("S01", 1, 12, 28), shift("S01", 2, 0, 8)]
    [violation] = validate_roster(problem, late_then_early)
    assert (violation.rule, violation.staff, violation.day) == (6, "S01", 2)
    assert violation.message == "S01 on day 2: rest 10.0 h after day 1's shift, below the 11 h minimum"
    assert validate_roster(problem, [shift("S01", 1, 12, 28), shift("S01", 2, 2, 10)]) == []


def test_rule_6_the_documented_example_reads_as_specified():
    problem = make_problem(
        slot_minutes=30, slots_per_day=30, day_start="07:00", min_rest_hours=11, staff=[person("S03")]
    )
    # 13:00-22:00 on day 1, then 07:00-11:00 on day 2: 9 hours of rest.
    [violation] = validate_roster(problem, [shift("S03", 1, 12, 30), shift("S03", 2, 0, 8)])
    assert violation.message == "S03 on day 2: rest 9.0 h after day 1's shift, below the 11 h minimum"


def test_violations_are_ordered_by_staff_list_then_day():
    problem = make_problem(staff=[person("S02"), person("S01")])
    shifts = [shift("S01", 0, 0, 2), shift("S02", 4, 0, 2), shift("S02", 1, 0, 2)]
    assert rules_broken(problem, shifts) == [(2, "S02", 1), (2, "S02", 4), (2, "S01", 0)]


def test_helpers_turn_hours_into_whole_slots():
    problem = make_problem(slot_minutes=30, slots_per_day=28, staff=[person("S01", max_hours=43.9)])
    assert weekly_cap_slots(problem, problem.staff[0]) == 87
    assert max_overnight_span(problem) == 26  # 24 h - 26 * 30 min = 11 h rest


def test_coverage_counts_people_per_role_and_slot_and_totals_short_and_over():
    demand = {"counter": [[2, 2, 1, 0]], "greeter": [[1, 1, 1, 1]]}
    problem = make_problem(
        days=1,
        slots_per_day=4,
        roles=("counter", "greeter"),
        demand=demand,
        min_shift_hours=1,
        staff=[person("A"), person("B"), person("C", "greeter")],
    )
    result = coverage(problem, [shift("A", 0, 0, 4), shift("B", 0, 1, 3), shift("C", 0, 2, 4, "greeter")])
    assert result.scheduled["counter"] == [[1, 2, 2, 1]]
    assert result.scheduled["greeter"] == [[0, 0, 1, 1]]
    assert result.unmet == 1 + 1 + 1  # counter slot 0, greeter slots 0 and 1
    assert result.over == 1 + 1  # counter slots 2 and 3
    assert result.gaps == (Gap("counter", 0, 0, 1), Gap("greeter", 0, 0, 1), Gap("greeter", 0, 1, 1))
