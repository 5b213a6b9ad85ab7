"""Problem files of format 1 are read exactly as specified, and a broken one is refused in one line naming the field."""

from __future__ import annotations

import datetime
import json

import pytest

from staffing.roster_format import (
    ProblemFormatError,
    Shift,
    SolutionFormatError,
    Unavailability,
    dumps_solution,
    loads_problem,
    loads_solution,
    parse_problem,
    solution_to_dict,
)
from staffing.tests.roster_builders import person, problem_dict

ROLES = ("counter", "greeter", "consultant")


def hall() -> dict:
    """Three days, 28 half-hour slots from 08:00, three roles, two people: the shape of the spec's example."""
    return problem_dict(
        days=3,
        slot_minutes=30,
        slots_per_day=28,
        roles=ROLES,
        fill=1,
        staff=[
            person(
                "S01", "counter", "consultant", unavailable=[{"day": 2}, {"day": 1, "from": "08:00", "to": "12:00"}]
            ),
            person("S02", "greeter", max_hours=20.5, star=3),
        ],
    )


def test_the_example_of_the_spec_is_read_into_its_parts():
    problem = parse_problem(hall())
    assert problem.name == "test hall"
    assert problem.start_date == datetime.date(2026, 12, 7)
    assert (problem.days, problem.slot_minutes, problem.slots_per_day) == (3, 30, 28)
    assert problem.day_start_minute == 8 * 60
    assert problem.roles == ROLES
    assert problem.demand["greeter"][2] == (1,) * 28
    first, second = problem.staff
    assert first.roles == ("counter", "consultant")
    assert first.unavailable == (Unavailability(2), Unavailability(1, 480, 720))
    assert first.unavailable[0].whole_day and not first.unavailable[1].whole_day
    assert first.star is None
    assert (second.max_hours_week, second.star) == (20.5, 3)
    assert problem.rules.min_rest_hours == 11
    assert problem.slot_clock(0) == "08:00" and problem.slot_clock(28) == "22:00"


def test_name_start_date_unavailable_and_star_are_optional():
    data = hall()
    del data["name"], data["start_date"]
    del data["staff"][0]["unavailable"]
    problem = parse_problem(data)
    assert problem.name == "" and problem.start_date is None
    assert problem.staff[0].unavailable == ()


def _set(path: str, value):
    """A mutation of the example: set the value at a dotted path (list indexes as numbers)."""

    def mutate(data: dict) -> None:
        *parents, last = path.split(".")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        elif value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return mutate


_DELETE = object()


def _drop_last_slot(data: dict) -> None:
    data["demand"]["counter"][2].pop()


BROKEN = [
    (
        _set("format", "hallops-roster-problem/2"),
        'format: expected "hallops-roster-problem/1", got "hallops-roster-problem/2"',
    ),
    (_set("days", _DELETE), "days: required field is missing"),
    (_set("days", 0), "days: must be at least 1, got 0"),
    (_set("days", 2.5), "days: must be an integer, got 2.5"),
    (_set("days", True), "days: must be an integer, got true"),
    (_set("start_date", "07/12/2026"), 'start_date: must be a date YYYY-MM-DD, got "07/12/2026"'),
    (_set("day_start", "8:00"), 'day_start: must be a time HH:MM from 00:00 to 23:59, got "8:00"'),
    (_set("day_start", "24:00"), 'day_start: must be a time HH:MM from 00:00 to 23:59, got "24:00"'),
    (_set("slot_minutes", 0), "slot_minutes: must be at least 1, got 0"),
    (_set("slots_per_day", 40), "slots_per_day: 40 slots of 30 minutes from 08:00 run past midnight"),
    (_set("roles", []), "roles: must name at least one role"),
    (_set("roles.2", "counter"), 'roles[2]: role "counter" is listed twice'),
    (_set("roles.1", ""), "roles[1]: must not be empty"),
    (_drop_last_slot, "demand.counter[2]: expected 28 slots, got 27"),
    (_set("demand.greeter", [[1] * 28] * 2), "demand.greeter: expected 3 days, got 2"),
    (_set("demand.consultant", _DELETE), "demand.consultant: required role is missing"),
    (_set("demand.cashier", [[1] * 28] * 3), "demand.cashier: unknown role"),
    (_set("demand.counter.1", "busy"), 'demand.counter[1]: must be a list, got "busy"'),
    (_set("demand.counter.0.5", -1), "demand.counter[0][5]: must be non-negative, got -1"),
    (_set("demand.counter.0.5", 1.5), "demand.counter[0][5]: must be an integer, got 1.5"),
    (_set("demand.counter.0.5", None), "demand.counter[0][5]: must be an integer, got null"),
    (_set("staff.1.id", "S01"), 'staff[1].id: "S01" is already the id of staff[0]'),
    (_set("staff.1.id", 7), "staff[1].id: must be a string, got 7"),
    (
        _set("staff.0.roles.1", "cashier"),
        'staff[0].roles[1]: unknown role "cashier" (roles are counter, greeter, consultant)',
    ),
    (_set("staff.0.roles", []), "staff[0].roles: must name at least one role"),
    (_set("staff.0.roles.1", "counter"), 'staff[0].roles[1]: role "counter" is listed twice'),
    (_set("staff.1.max_hours_week", 0), "staff[1].max_hours_week: must be positive, got 0"),
    (_set("staff.1.max_hours_week", "40"), 'staff[1].max_hours_week: must be a number, got "40"'),
    (_set("staff.0.unavailable.0.day", 3), "staff[0].unavailable[0].day: must be below days (3), got 3"),
    (_set("staff.0.unavailable.1.from", "13:00"), "staff[0].unavailable[1].to: must be after from (13:00), got 12:00"),
    (_set("staff.0.unavailable.1.to", _DELETE), 'staff[0].unavailable[1].to: required when "from" is given'),
    (
        _set("staff.0.unavailable.1.to", "12:60"),
        'staff[0].unavailable[1].to: must be a time HH:MM from 00:00 to 24:00, got "12:60"',
    ),
    (_set("staff.0.unavailble", []), "staff[0].unavailble: unknown field"),
    (_set("staff.1.star", 6), "staff[1].star: must be 1 to 5, got 6"),
    (_set("staff.1.star", 0), "staff[1].star: must be at least 1, got 0"),
    (_set("staff", {"S01": {}}), "staff: must be a list, got an object"),
    (_set("rules.min_shift_hours", "four"), 'rules.min_shift_hours: must be a number, got "four"'),
    (_set("rules.min_shift_hours", -4), "rules.min_shift_hours: must be positive, got -4"),
    (_set("rules.max_shift_hours", 3.5), "rules.max_shift_hours: must be at least min_shift_hours (4), got 3.5"),
    (_set("rules.min_rest_hours", -1), "rules.min_rest_hours: must not be negative, got -1"),
    (_set("rules.max_days_per_week", 8), "rules.max_days_per_week: must be 1 to 7, got 8"),
    (_set("rules.max_consecutive_days", 0), "rules.max_consecutive_days: must be at least 1, got 0"),
    (_set("rules.max_consecutive_days", _DELETE), "rules.max_consecutive_days: required field is missing"),
    (_set("rules.max_hours_day", 10), "rules.max_hours_day: unknown field"),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN, ids=[expected.split(":")[0] for _, expected in BROKEN])
def test_a_broken_problem_is_refused_in_one_line_naming_the_field(mutate, expected):
    data = hall()
    mutate(data)
    with pytest.raises(ProblemFormatError) as caught:
        parse_problem(data)
    assert str(caught.value) == expected
    assert "\n" not in str(caught.value)
    assert caught.value.field_path == expected.split(": ")[0]


def test_a_problem_that_is_not_an_object_is_refused():
    with pytest.raises(ProblemFormatError, match=r"^problem: must be a JSON object, got a list$"):
        parse_problem([1, 2])


def test_invalid_json_is_reported_with_its_line_and_column():
    text = '{\n  "format": "hallops-roster-problem/1",\n  "days" 7\n}'
    with pytest.raises(ProblemFormatError) as caught:
        loads_problem(text)
    assert str(caught.value) == "invalid JSON at line 3, column 10: Expecting ':' delimiter"


def test_a_field_given_twice_is_refused_rather_than_silently_overwritten():
    text = json.dumps(hall()).replace('"days": 3', '"days": 3, "days": 4')
    with pytest.raises(ProblemFormatError, match=r"^days: field appears twice$"):
        loads_problem(text)


def test_a_window_may_end_at_midnight_and_sit_outside_opening_hours():
    data = hall()
    data["staff"][1]["unavailable"] = [
        {"day": 0, "from": "22:00", "to": "24:00"},
        {"day": 1, "from": "06:00", "to": "07:00"},
    ]
    problem = parse_problem(data)
    assert problem.staff[1].unavailable[0] == Unavailability(0, 22 * 60, 24 * 60)


def test_a_day_that_ends_exactly_at_midnight_is_accepted_and_its_end_written_as_24_00():
    data = problem_dict(day_start="10:00", slot_minutes=30, slots_per_day=28, days=1)
    problem = parse_problem(data)
    document = solution_to_dict(
        problem,
        [Shift(0, "S01", 20, 28, "counter")],
        unmet_staff_slots=0,
        over_staff_slots=0,
        status="optimal",
        bound=0,
        solve_seconds=0.0,
    )
    assert document["shifts"][0]["end"] == "24:00"


def test_a_solution_is_written_exactly_in_format_1_and_reads_back():
    problem = parse_problem(hall())
    shifts = [Shift(1, "S02", 4, 12, "greeter"), Shift(0, "S01", 2, 18, "counter"), Shift(0, "S02", 0, 8, "greeter")]
    document = solution_to_dict(
        problem, shifts, unmet_staff_slots=12, over_staff_slots=3, status="feasible", bound=9, solve_seconds=3.14159
    )
    assert list(document) == [
        "format",
        "problem",
        "shifts",
        "unmet_staff_slots",
        "over_staff_slots",
        "status",
        "bound",
        "solve_seconds",
    ]
    assert document["format"] == "hallops-roster-solution/1"
    assert document["problem"] == "test hall"
    assert document["shifts"][0] == {"staff": "S01", "day": 0, "start": "09:00", "end": "17:00", "role": "counter"}
    assert [(s["staff"], s["day"]) for s in document["shifts"]] == [("S01", 0), ("S02", 0), ("S02", 1)]
    assert (document["status"], document["bound"], document["solve_seconds"]) == ("feasible", 9, 3.14)
    assert sorted(loads_solution(json.dumps(document), problem)) == sorted(shifts)


def test_a_solution_time_off_the_slot_grid_is_refused_naming_the_shift():
    problem = parse_problem(hall())
    document = {
        "format": "hallops-roster-solution/1",
        "shifts": [{"staff": "S01", "day": 0, "start": "09:10", "end": "17:00", "role": "counter"}],
    }
    with pytest.raises(SolutionFormatError, match=r"^shifts\[0\]\.start: 09:10 is not on a 30-minute slot boundary$"):
        loads_solution(json.dumps(document), problem)


def test_the_written_solution_text_holds_one_shift_per_line_and_reads_back_unchanged():
    problem = parse_problem(hall())
    shifts = [Shift(0, "S01", 2, 18, "counter"), Shift(1, "S02", 4, 12, "greeter")]
    document = solution_to_dict(
        problem, shifts, unmet_staff_slots=1, over_staff_slots=0, status="feasible", bound=None, solve_seconds=1
    )
    text = dumps_solution(document)
    assert json.loads(text) == document
    shift_lines = [line for line in text.splitlines() if line.strip().startswith('{"staff"')]
    assert len(shift_lines) == 2
    assert '"bound": null' in text
