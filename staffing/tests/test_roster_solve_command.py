"""`manage.py roster_solve`: a solution on stdout or in a file, exit 0; a broken problem exits 2 in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from staffing.roster_format import loads_problem, loads_solution
from staffing.roster_rules import validate_roster
from staffing.tests.roster_builders import person, problem_dict

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    """Two people, one day, counter demand 08:00-16:00 and a gap nobody can fill after 20:00."""
    data = problem_dict(days=1, staff=[person("S01", star=3), person("S02")], max_shift_hours=8)
    data["demand"]["counter"][0] = [1] * 8 + [0] * 4 + [2, 2]
    data["staff"][1]["unavailable"] = [{"day": 0, "from": "16:00", "to": "22:00"}]
    data["staff"][0]["unavailable"] = [{"day": 0, "from": "16:00", "to": "20:00"}]
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data))
    return path


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py, arguments from the test
        [sys.executable, "manage.py", "roster_solve", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_writes_a_valid_solution_to_stdout(problem_file, capsys):
    call_command("roster_solve", str(problem_file), "--time-limit", "3")
    out = capsys.readouterr()
    document = json.loads(out.out)
    problem = loads_problem(problem_file.read_text())
    shifts = loads_solution(out.out, problem)
    assert document["format"] == "hallops-roster-solution/1"
    assert document["problem"] == "test hall"
    assert validate_roster(problem, shifts) == []
    # S01 covers 08:00-16:00; 20:00-22:00 needs two people and only S01 could come back: nobody can, one shift a day.
    assert (document["unmet_staff_slots"], document["status"], document["bound"]) == (4, "optimal", 4)
    assert "unmet 4 staff-slots (bound 4, optimal)" in out.err
    assert "short: counter day 0 20:00-22:00 (4 staff-slots)" in out.err


def test_it_writes_the_solution_to_the_output_file_and_nothing_to_stdout(problem_file, tmp_path, capsys):
    target = tmp_path / "solution.json"
    call_command("roster_solve", str(problem_file), "--time-limit", "3", "--output", str(target), verbosity=0)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    assert json.loads(target.read_text())["shifts"][0]["staff"] in ("S01", "S02")


def test_a_malformed_problem_is_refused_with_exit_status_2_naming_the_field(problem_file):
    data = json.loads(problem_file.read_text())
    data["demand"]["counter"][0].pop()
    problem_file.write_text(json.dumps(data))
    with pytest.raises(CommandError) as caught:
        call_command("roster_solve", str(problem_file))
    assert caught.value.returncode == 2
    assert str(caught.value) == f"{problem_file}: demand.counter[0]: expected 14 slots, got 13"


def test_invalid_json_is_refused_with_its_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "hallops-roster-problem/1",\n "days": 7,,\n}')
    with pytest.raises(CommandError) as caught:
        call_command("roster_solve", str(path))
    assert caught.value.returncode == 2
    assert (
        str(caught.value)
        == f"{path}: invalid JSON at line 2, column 12: Expecting property name enclosed in double quotes"
    )


def test_a_missing_file_or_a_nonsense_time_limit_exit_2(tmp_path, problem_file):
    with pytest.raises(CommandError, match="cannot read the file") as caught:
        call_command("roster_solve", str(tmp_path / "nope.json"))
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="--time-limit: must be a positive number of seconds"):
        call_command("roster_solve", str(problem_file), "--time-limit", "0")


def test_from_the_shell_a_good_file_exits_0_with_json_on_stdout(problem_file):
    completed = run(str(problem_file), "--time-limit", "2", "-v", "0")
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["format"] == "hallops-roster-solution/1"
    assert completed.stderr == ""


def test_from_the_shell_a_broken_file_exits_2_with_one_line_on_stderr(problem_file):
    data = json.loads(problem_file.read_text())
    data["staff"][1]["roles"] = ["counter", "cashier"]
    problem_file.write_text(json.dumps(data))
    completed = run(str(problem_file))
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith('staff[1].roles[1]: unknown role "cashier" (roles are counter)')
