"""The example problems shipped in bench/roster/ are valid format-1 files, and the generator still makes them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from staffing.roster_format import loads_problem
from staffing.roster_greedy import greedy_roster
from staffing.roster_rules import coverage, validate_roster

EXAMPLES = Path(__file__).resolve().parents[2] / "bench" / "roster"
NAMES = ["small", "hall15", "hall25", "hall25_4w", "hall40", "hall40_4w"]


def generator():
    spec = importlib.util.spec_from_file_location("make_problems", EXAMPLES / "make_problems.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_each_example_is_what_the_seeded_generator_writes(name):
    assert json.loads((EXAMPLES / f"{name}.json").read_text()) == generator().make_problem(name)


@pytest.mark.parametrize("name", NAMES)
def test_each_example_parses_and_a_greedy_roster_for_it_keeps_every_rule(name):
    problem = loads_problem((EXAMPLES / f"{name}.json").read_text())
    assert problem.roles[:2] == ("counter", "greeter")
    shifts = greedy_roster(problem)
    assert shifts and validate_roster(problem, shifts) == []
    assert 0 < coverage(problem, shifts).unmet < sum(sum(map(sum, rows)) for rows in problem.demand.values())


def test_the_25_person_hall_has_peaks_and_busier_weekends():
    problem = loads_problem((EXAMPLES / "hall25.json").read_text())
    monday, saturday = problem.demand["counter"][0], problem.demand["counter"][5]
    assert (len(problem.staff), problem.slots_per_day, problem.slot_minutes) == (25, 28, 30)
    assert sum(saturday) > 1.2 * sum(monday)
    # Morning peak (10:00-11:30) and afternoon peak (15:00-17:30) above the first and last hours.
    assert min(monday[4:8]) > max(monday[0:2]) and min(monday[14:19]) > max(monday[26:28])
