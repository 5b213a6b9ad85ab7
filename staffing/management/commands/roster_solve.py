"""`manage.py roster_solve PROBLEM.json`: solve a roster problem file and write its solution (ROSTER_FORMAT.md).

Exit status 0 whenever a valid roster was produced, even one with unmet demand; 2 with one line naming the
field at fault when the problem file breaks the format. The solution goes to stdout or `--output`; a short
summary (and, with `-v 2`, the progress of the search) goes to stderr.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from staffing.roster_format import Problem, ProblemFormatError, dumps_solution, loads_problem, solution_to_dict
from staffing.roster_rules import Gap
from staffing.solver import RosterResult, solve_roster

FORMAT_ERROR = 2
_GAP_RUNS_SHOWN = 5


class Command(BaseCommand):
    help = "Solve a roster problem file (hallops-roster-problem/1) and write the solution JSON."
    # A file in, a file out: no database, so the project's system checks have nothing to say here.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("problem", help="path of the problem file")
        parser.add_argument("--time-limit", type=float, default=30.0, help="seconds to search (default 30)")
        parser.add_argument("--output", help="write the solution here instead of stdout")
        parser.add_argument("--workers", type=int, default=2, help="search threads (default 2)")

    def handle(self, *args, **options) -> None:
        path = Path(options["problem"])
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit: must be a positive number of seconds", returncode=FORMAT_ERROR)
        if options["workers"] < 1:
            raise CommandError("--workers: must be at least 1", returncode=FORMAT_ERROR)
        problem = self._read(path)
        verbose = options["verbosity"] >= 2
        result = solve_roster(
            problem,
            time_limit=options["time_limit"],
            workers=options["workers"],
            progress=self._progress if verbose else None,
        )
        document = solution_to_dict(
            problem,
            result.shifts,
            unmet_staff_slots=result.unmet_staff_slots,
            over_staff_slots=result.over_staff_slots,
            status=result.status,
            bound=result.bound,
            solve_seconds=result.solve_seconds,
        )
        text = dumps_solution(document)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        if options["verbosity"] >= 1:
            self._summarise(problem, result)

    def _read(self, path: Path) -> Problem:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file: {exc.strerror}", returncode=FORMAT_ERROR) from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text", returncode=FORMAT_ERROR) from None
        try:
            return loads_problem(text)
        except ProblemFormatError as exc:
            raise CommandError(f"{path}: {exc}", returncode=FORMAT_ERROR) from None

    def _progress(self, seconds: float, unmet: int, bound: int | None) -> None:
        shown = "-" if bound is None else bound
        self.stderr.write(f"{seconds:7.2f} s  unmet {unmet}  bound {shown}")

    def _summarise(self, problem: Problem, result: RosterResult) -> None:
        bound = "no bound" if result.bound is None else f"bound {result.bound}"
        self.stderr.write(
            f"{len(result.shifts)} shifts; unmet {result.unmet_staff_slots} staff-slots ({bound}, {result.status}); "
            f"over {result.over_staff_slots}; {result.solve_seconds:.1f} s"
        )
        if result.binding_rules:
            self.stderr.write("binding: " + "; ".join(result.binding_rules))
        runs = _gap_runs(problem, result.gaps)
        for run in runs[:_GAP_RUNS_SHOWN]:
            self.stderr.write(f"short: {run}")
        if len(runs) > _GAP_RUNS_SHOWN:
            self.stderr.write(f"short: ... and {len(runs) - _GAP_RUNS_SHOWN} more periods")


def _gap_runs(problem: Problem, gaps: tuple[Gap, ...]) -> list[str]:
    """Consecutive short slots of one role and day merged: "counter day 5 10:00-12:00 (3 staff-slots)"."""
    runs = []
    for (role, day), items in groupby(gaps, key=lambda gap: (gap.role, gap.day)):
        items = list(items)
        start = 0
        for index in range(1, len(items) + 1):
            if index == len(items) or items[index].slot != items[index - 1].slot + 1:
                chunk = items[start:index]
                span = f"{problem.slot_clock(chunk[0].slot)}-{problem.slot_clock(chunk[-1].slot + 1)}"
                short = sum(gap.short for gap in chunk)
                runs.append(f"{role} day {day} {span} ({short} staff-slot{'s' if short != 1 else ''})")
                start = index
    return runs
