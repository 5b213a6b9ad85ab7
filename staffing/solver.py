"""The roster solver: a CP-SAT model that first minimises unmet demand, then the hall's secondary goals.

`docs/solver.md` describes the model. In short: one boolean per person, day and candidate shift (every
start slot, every length the rules allow, none overlapping unavailability), a role per working day, and
per-slot slack for unmet demand. Phase 1 minimises total unmet demand and yields its proven lower bound;
phase 2 keeps unmet demand at the best value found and minimises a weighted sum of secondary goals.
Every roster returned has passed `validate_roster`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from staffing.roster_format import Problem, Shift
from staffing.roster_greedy import greedy_roster
from staffing.roster_limits import binding_rules
from staffing.roster_model import RosterModel
from staffing.roster_rules import Gap, coverage, validate_roster

ProgressCallback = Callable[[float, int, "int | None"], None]

# Share of the time left after building the model that phase 1 (unmet demand) may use when it cannot
# prove optimality earlier; phase 2 polishes the secondary goals in the rest.
UNMET_PHASE_SHARE = 0.75
# Below this, a phase 2 cannot even load the model and hint, so it is skipped.
_MIN_PHASE_SECONDS = 0.3


@dataclass(frozen=True)
class RosterResult:
    """A valid roster and how good it is: unmet demand, its proven lower bound and whether it is optimal."""

    shifts: list[Shift]
    unmet_staff_slots: int
    over_staff_slots: int
    status: str
    bound: int | None
    solve_seconds: float
    gaps: tuple[Gap, ...]
    binding_rules: tuple[str, ...]


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports every improving roster of phase 1, and every better bound, as (seconds, unmet, bound)."""

    def __init__(self, started: float, report: ProgressCallback | None) -> None:
        super().__init__()
        self.started = started
        self.report = report
        self.best: int | None = None
        self.bound: int | None = None

    def on_solution_callback(self) -> None:
        self.best = round(self.objective_value)
        self.bound = _ceil(self.best_objective_bound)
        self._emit()

    def on_bound(self, bound: float) -> None:
        self.bound = _ceil(bound)
        if self.best is not None:
            self._emit()

    def _emit(self) -> None:
        if self.report is not None and self.best is not None:
            self.report(time.perf_counter() - self.started, self.best, self.bound)


def solve_roster(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    progress: ProgressCallback | None = None,
) -> RosterResult:
    """Best roster found within `time_limit` seconds (model building included) on `workers` threads."""
    started = time.perf_counter()
    first = greedy_roster(problem)
    model = RosterModel(problem)
    model.hint(first)

    phase1, tracker = _solve_phase(model, started, time_limit, workers, progress, share=UNMET_PHASE_SHARE)
    found = phase1.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    shifts = model.decode(phase1.solver) if found else first
    bound = tracker.bound
    if phase1.status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        bound = _ceil(phase1.solver.best_objective_bound)
    optimal = phase1.status == cp_model.OPTIMAL

    if found and time_limit - (time.perf_counter() - started) > _MIN_PHASE_SECONDS:
        best_unmet = round(phase1.solver.objective_value)
        model.fix_unmet_at_most(best_unmet)
        model.use_secondary_objective()
        model.hint(shifts)
        phase2, _ = _solve_phase(model, started, time_limit, workers, None, share=1.0)
        if phase2.status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            shifts = model.decode(phase2.solver)

    return _result(problem, shifts, optimal=optimal, bound=bound, started=started)


@dataclass
class _Phase:
    solver: cp_model.CpSolver
    status: int


def _solve_phase(
    model: RosterModel,
    started: float,
    time_limit: float,
    workers: int,
    progress: ProgressCallback | None,
    *,
    share: float,
) -> tuple[_Phase, _Progress]:
    solver = cp_model.CpSolver()
    left = max(0.05, time_limit - (time.perf_counter() - started))
    solver.parameters.max_time_in_seconds = left * share if share < 1 else left
    solver.parameters.num_workers = workers
    # The objective is a count of staff-slots: stop as soon as the bound meets the best roster.
    solver.parameters.absolute_gap_limit = 0.5
    tracker = _Progress(started, progress)
    solver.best_bound_callback = tracker.on_bound
    status = solver.solve(model.cp, tracker)
    return _Phase(solver, status), tracker


def _result(problem: Problem, shifts: list[Shift], *, optimal: bool, bound: int | None, started: float) -> RosterResult:
    violations = validate_roster(problem, shifts)
    if violations:
        # A broken model must never reach a hall as a valid roster; fail loudly instead.
        raise RuntimeError(f"solver produced an invalid roster: {violations[0]}")
    covered = coverage(problem, shifts)
    if bound is not None:
        bound = max(0, min(bound, covered.unmet))
    return RosterResult(
        shifts=sorted(shifts),
        unmet_staff_slots=covered.unmet,
        over_staff_slots=covered.over,
        status="optimal" if optimal or (bound is not None and bound == covered.unmet) else "feasible",
        bound=bound,
        solve_seconds=time.perf_counter() - started,
        gaps=covered.gaps,
        binding_rules=tuple(binding_rules(problem, shifts, covered)) if covered.unmet else (),
    )


def _ceil(value: float) -> int:
    """Round a bound up to the next staff-slot, ignoring float noise (12.0000001 stays 12)."""
    return math.ceil(value - 1e-6)
