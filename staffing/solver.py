"""The roster solver: a CP-SAT model that first minimises unmet demand, then the hall's secondary goals.

`docs/solver.md` describes the model and the search. In short: a greedy roster is valid at once; phase 1
minimises total unmet demand and yields its proven lower bound; phase 2 keeps unmet demand at the best
value found and minimises a weighted sum of secondary goals. Horizons of several weeks go through both
phases one week at a time. Every roster returned has passed `validate_roster`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ortools.sat.python import cp_model

from staffing.roster_format import Problem, Shift
from staffing.roster_greedy import greedy_roster
from staffing.roster_limits import BindingRule, binding_findings, day_relaxation, unmet_lower_bound
from staffing.roster_model import RosterModel
from staffing.roster_repair import repair_roster
from staffing.roster_rules import Gap, allowed_lengths, coverage, validate_roster, week_days

ProgressCallback = Callable[[float, int, "int | None"], None]

# How the time limit is shared out, as fractions of it measured from the start of the solve. One week: phase 1
# (unmet demand) ends at UNMET_UNTIL unless it proves optimality earlier, phase 2 (secondary goals) uses the
# rest. Several weeks: unmet demand week by week until WARM_UNTIL, then both phases on the whole horizon as
# for one week, or, when that model would be too big, the secondary goals week by week.
WARM_UNTIL = 0.85
UNMET_UNTIL = 0.9
# Several weeks too big for the whole-horizon model: CP-SAT week by week until FIRST_PASS_UNTIL, then the
# local search of `staffing/roster_repair.py` until WARM_UNTIL (docs/solver.md, docs/performance.md).
FIRST_PASS_UNTIL = 0.72
# Above this many candidate shifts (people x days x lengths x starts, an upper estimate) the whole horizon of a
# multi-week problem is not modelled at all: a 25-person week is about 54,000, four of them 216,000.
WHOLE_HORIZON_CANDIDATES = 60_000
# Kept free at the end of the time limit for stopping the search and checking its answer.
FINISH_SECONDS = 0.5
# ... or this share of the limit, when larger: on a loaded machine stopping a long search takes longer (60 s runs
# at 60 % CPU overran by up to 1.2 s with a flat 0.5 s).
FINISH_SHARE = 0.04
# After the repair (several weeks, too big a model): each day still short gets its own least unmet demand proven
# (`roster_limits.day_relaxation`, about a second each; at most DAY_BOUND_SHARE of the limit per day), which
# raises the bound; then CP-SAT re-solves a window of days around each day short of its own least, the rest
# fixed: first the day and its neighbours, then a whole week's width, each try at most WINDOW_SHARE of the
# limit (docs/solver.md, "Closing the last gaps").
DAY_BOUND_SHARE = 0.04
WINDOW_SHARE = 0.05
WINDOW_HALF_WIDTHS = (1, 3)
# A phase with less time than this left cannot even load its model, so it is skipped.
MIN_PHASE_SECONDS = 0.3

# CP-SAT settings (docs/solver.md has the measurements behind them). With two workers CP-SAT runs one full
# search and one thread of neighbourhood searches. In phase 1 the full search is "max_lp", the one with the
# strongest linear relaxation, because it proves the bound on unmet demand; phase 2 needs no bound, only good
# rosters fast, which the default search finds sooner. CP-SAT's presolve costs
# seconds on these models and bought nothing in our measurements, so it is off.
BOUND_PARAMETERS: dict[str, Any] = {"subsolvers": ["max_lp"], "cp_model_presolve": False}
ROSTER_PARAMETERS: dict[str, Any] = {"cp_model_presolve": False}
# The weeks of a long horizon's first pass search like phase 1 after all; the windows around the last gaps keep
# the default search. Three 60 s runs each (docs/performance.md, 2026-11-23): `hall40_4w` 7, 7, 9 unmet
# staff-slots, against 10-23 with the default search everywhere and 3-11 with max_lp everywhere (which left
# `hall25_4w` at 4-10 rather than 4-5).
WINDOW_PARAMETERS: dict[str, Any] = BOUND_PARAMETERS


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
    binding: tuple[BindingRule, ...] = ()

    @property
    def binding_rules(self) -> tuple[str, ...]:
        """The binding rules as English sentences ("max 44 h/week for 9 of 12 staff")."""
        return tuple(str(rule) for rule in self.binding)


class _Reporter:
    """Tells the caller about every better roster and every better bound as (seconds, unmet, bound)."""

    def __init__(self, started: float, callback: ProgressCallback | None) -> None:
        self.started = started
        self.callback = callback
        self.best: int | None = None
        self.bound: int | None = None
        # CP-SAT calls back from its worker threads: one lock keeps the reports in order and monotone.
        self.lock = threading.Lock()

    def roster(self, unmet: int) -> None:
        with self.lock:
            if self.best is None or unmet < self.best:
                self.best = unmet
                self._emit()

    def lower_bound(self, bound: int) -> None:
        with self.lock:
            if self.bound is None or bound > self.bound:
                self.bound = bound
                if self.best is not None:
                    self._emit()

    def _emit(self) -> None:
        if self.callback is not None and self.best is not None:
            bound = None if self.bound is None else min(self.bound, self.best)
            self.callback(time.perf_counter() - self.started, self.best, bound)


class _Phase1Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, reporter: _Reporter) -> None:
        super().__init__()
        self.reporter = reporter

    def on_solution_callback(self) -> None:
        self.reporter.lower_bound(_ceil(self.best_objective_bound))
        self.reporter.roster(round(self.objective_value))


class _Phase2Callback(cp_model.CpSolverSolutionCallback):
    """Phase 2 counts over-staffing as scheduled - demand + unmet, so it may still cut unmet demand: report it."""

    def __init__(self, reporter: _Reporter, model: RosterModel) -> None:
        super().__init__()
        self.reporter = reporter
        self.unmet = model.unmet

    def on_solution_callback(self) -> None:
        self.reporter.roster(sum(self.value(short) for short in self.unmet))


def solve_roster(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    progress: ProgressCallback | None = None,
) -> RosterResult:
    """Best roster found within `time_limit` seconds (model building included) on `workers` threads.

    `progress(seconds, unmet, bound)` hears of every better roster and every better bound on unmet demand;
    it is called from the search threads, so it must be quick and touch nothing thread-bound.
    """
    started = time.perf_counter()
    # Stopping CP-SAT's threads, decoding and validating the answer take a moment after the last search.
    finish = max(FINISH_SECONDS, time_limit * FINISH_SHARE)
    deadline = started + max(time_limit - finish, time_limit / 2)
    reporter = _Reporter(started, progress)
    roster = greedy_roster(problem)
    reporter.roster(coverage(problem, roster).unmet)
    reporter.lower_bound(unmet_lower_bound(problem))
    if problem.weeks > 1:
        warm = min(started + WARM_UNTIL * time_limit, deadline)
        if _candidate_estimate(problem) > WHOLE_HORIZON_CANDIDATES:
            # Too big a model to improve within minutes on two cores (docs/performance.md): CP-SAT week by
            # week, then the local search for the last short slots, then each short day's own least (a bound)
            # and CP-SAT windows on the days above it, then the secondary goals week by week too.
            roster = _week_by_week(
                problem, roster, min(started + FIRST_PASS_UNTIL * time_limit, warm), workers, reporter
            )
            roster = repair_roster(problem, roster, warm, reporter.roster)
            reporter.roster(coverage(problem, roster).unmet)
            floors = _day_floors(problem, roster, warm, time_limit, workers, reporter)
            roster = _gap_windows(problem, roster, floors, warm, time_limit, workers, reporter)
            roster = _secondary_goals_by_week(problem, roster, deadline, workers, reporter)
            return _result(problem, roster, optimal=False, bound=reporter.bound, started=started)
        roster = _week_by_week(problem, roster, warm, workers, reporter)
    model = RosterModel(problem)
    until = min(started + UNMET_UNTIL * time_limit, deadline)
    roster, optimal = _least_unmet(model, roster, until, workers, reporter)
    if not optimal and coverage(problem, roster).unmet > (reporter.bound or 0):
        # Not proven: the short days alone may prove it (the gaps of a day nobody can cover), at the cost of
        # a little of phase 2's time (at most DAY_BOUND_SHARE of the limit per day, 10 % in all).
        _day_floors(
            problem, roster, min(deadline, time.perf_counter() + 0.1 * time_limit), time_limit, workers, reporter
        )
    roster = _secondary_goals(model, roster, deadline, workers, reporter)
    return _result(problem, roster, optimal=optimal, bound=reporter.bound, started=started)


def _least_unmet(
    model: RosterModel, roster: list[Shift], until: float, workers: int, reporter: _Reporter
) -> tuple[list[Shift], bool]:
    """Phase 1: minimise unmet demand on the whole horizon from `roster`; also say whether it is proven least."""
    problem = model.problem
    if coverage(problem, roster).unmet == 0:
        # Nothing short: optimal without a search (the bound is 0), so the time goes to phase 2.
        reporter.lower_bound(0)
        return roster, True
    model.hint(roster)
    solver, status = _search(model, until, workers, _Phase1Callback(reporter), reporter, BOUND_PARAMETERS)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = model.decode(solver)
        if coverage(problem, found).unmet <= coverage(problem, roster).unmet:
            roster = found
    return roster, status == cp_model.OPTIMAL


def _secondary_goals(
    model: RosterModel, roster: list[Shift], until: float, workers: int, reporter: _Reporter
) -> list[Shift]:
    """Phase 2: keep unmet demand at most where it is and minimise the secondary goals in the time left."""
    if until - time.perf_counter() < MIN_PHASE_SECONDS:
        return roster
    model.fix_unmet_at_most(coverage(model.problem, roster).unmet)
    model.use_secondary_objective()
    model.hint(roster)
    solver, status = _search(model, until, workers, _Phase2Callback(reporter, model), None, ROSTER_PARAMETERS)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return model.decode(solver)
    return roster


def _secondary_goals_by_week(
    problem: Problem, roster: list[Shift], until: float, workers: int, reporter: _Reporter
) -> list[Shift]:
    """Phase 2 for a multi-week horizon: each week in turn, its unmet demand capped where it is."""
    weeks = [week_days(problem, week) for week in range(problem.weeks)]
    build = 0.0  # how long the last week's model took to build: no point starting one that cannot finish
    for index, days in enumerate(weeks):
        left = until - time.perf_counter()
        if left < MIN_PHASE_SECONDS + build:
            break
        started = time.perf_counter()
        others = [s for s in roster if s.day not in days]
        model = RosterModel(problem, days=days, fixed=others)
        model.fix_unmet_at_most(_unmet_in(problem, roster, days))
        model.use_secondary_objective()
        model.hint(roster)
        build = time.perf_counter() - started
        share = time.perf_counter() + left / (len(weeks) - index)
        solver, status = _search(model, share, workers, None, None, ROSTER_PARAMETERS)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            roster = others + model.decode(solver)
            reporter.roster(coverage(problem, roster).unmet)
    return roster


def _week_by_week(
    problem: Problem, roster: list[Shift], until: float, workers: int, reporter: _Reporter
) -> list[Shift]:
    """Improve a long roster one calendar week at a time (a much smaller model than the whole horizon).

    First pass, left to right: each week is solved with the weeks before it fixed, and the weeks after it are
    refilled from a copy of its answer, then greedily. Then, while time is left, each week still short of
    demand and not yet proven best next to its current neighbours is solved again with every other week
    fixed. Every step keeps the whole roster valid.
    """
    weeks = [week_days(problem, week) for week in range(problem.weeks)]
    build = 0.0
    for index, days in enumerate(weeks):
        left = until - time.perf_counter()
        if left < MIN_PHASE_SECONDS + build:
            return roster
        past = [s for s in roster if s.day < days.start]
        # Each week gets an equal share of what is left; a week solved early hands the rest of its share on.
        share = time.perf_counter() + left / (len(weeks) - index)
        solved, _, build = _solve_window(problem, days, past, roster, share, workers)
        if solved is not None:
            # Demand repeats by weekday, so the later weeks start from this week's answer copied forward
            # wherever the rules allow, the greedy filling the rest.
            later = range(days.stop, problem.days)
            copies = [replace(s, day=s.day + step) for step in range(7, problem.days, 7) for s in solved]
            roster = greedy_roster(problem, days=later, fixed=past + solved, template=copies)
            reporter.roster(coverage(problem, roster).unmet)
    proven: set[int] = set()
    while time.perf_counter() < until - MIN_PHASE_SECONDS - build:
        todo = [i for i, days in enumerate(weeks) if i not in proven and _unmet_in(problem, roster, days) > 0]
        if not todo:
            break
        for index in todo:
            days = weeks[index]
            others = [s for s in roster if s.day not in days]
            share = min(until, time.perf_counter() + (until - time.perf_counter()) / len(todo))
            if until - time.perf_counter() < MIN_PHASE_SECONDS + build:
                break
            solved, optimal, build = _solve_window(problem, days, others, roster, share, workers)
            if solved is None:
                continue
            if optimal:
                proven.add(index)
            if sorted(solved) != sorted(s for s in roster if s.day in days):
                # Its neighbours now live next to a different week: they may do better again.
                proven.difference_update({index - 1, index + 1})
            roster = others + solved
            reporter.roster(coverage(problem, roster).unmet)
    return roster


def _short_by_day(problem: Problem, roster: list[Shift]) -> dict[int, int]:
    short: dict[int, int] = {}
    for gap in coverage(problem, roster).gaps:
        short[gap.day] = short.get(gap.day, 0) + gap.short
    return short


def _day_floors(
    problem: Problem, roster: list[Shift], until: float, time_limit: float, workers: int, reporter: _Reporter
) -> dict[int, int]:
    """The least unmet demand each day still short could have on its own, proven by CP-SAT (a day not proven in
    its share of time gets its best bound). Their sum is a lower bound for the whole horizon (see
    `day_relaxation`), reported like any other bound."""
    floors: dict[int, int] = {}
    for day in sorted(_short_by_day(problem, roster)):
        if until - time.perf_counter() < MIN_PHASE_SECONDS:
            break
        model = RosterModel(day_relaxation(problem, day))
        share = min(until, time.perf_counter() + max(MIN_PHASE_SECONDS, DAY_BOUND_SHARE * time_limit))
        solver, status = _search(model, share, workers, None, None, BOUND_PARAMETERS)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            floors[day] = max(0, _ceil(solver.best_objective_bound))
    reporter.lower_bound(sum(floors.values()))
    return floors


def _gap_windows(
    problem: Problem,
    roster: list[Shift],
    floors: dict[int, int],
    until: float,
    time_limit: float,
    workers: int,
    reporter: _Reporter,
) -> list[Shift]:
    """CP-SAT on a window of days around each day short of its own least (`floors`), every other day fixed.

    The repair moves one or two people; a window lets CP-SAT rearrange everyone on those days at once. Windows
    of three days first; when a whole round of them finds nothing, a week's width. Any improvement goes
    through the repair again and starts over from three days. Every roster kept is valid (the window's model
    holds all the rules against the fixed days)."""
    level, tried, build = 0, set(), 0.0
    per_try = max(1.0, WINDOW_SHARE * time_limit)
    while level < len(WINDOW_HALF_WIDTHS):
        short = _short_by_day(problem, roster)
        todo = [day for day in sorted(short) if short[day] > floors.get(day, 0) and day not in tried]
        if not todo:
            level, tried = level + 1, set()
            continue
        for day in todo:
            if until - time.perf_counter() < MIN_PHASE_SECONDS + build:
                return roster
            tried.add(day)
            half = WINDOW_HALF_WIDTHS[level]
            days = range(max(0, day - half), min(problem.days, day + half + 1))
            others = [s for s in roster if s.day not in days]
            solved, _, build = _solve_window(
                problem, days, others, roster, min(until, time.perf_counter() + per_try), workers, ROSTER_PARAMETERS
            )
            if solved is None or _unmet_in(problem, others + solved, days) >= _unmet_in(problem, roster, days):
                continue
            roster = repair_roster(problem, others + solved, until, reporter.roster)
            reporter.roster(coverage(problem, roster).unmet)
            level, tried = 0, set()
            break
    return roster


def _solve_window(
    problem: Problem,
    days: range,
    fixed: list[Shift],
    hint: list[Shift],
    until: float,
    workers: int,
    parameters: dict[str, Any] | None = None,
) -> tuple[list[Shift] | None, bool, float]:
    """The best shifts found for `days` around the `fixed` ones (None when none), whether they are proven
    best, and how long the model took to build."""
    started = time.perf_counter()
    model = RosterModel(problem, days=days, fixed=fixed)
    model.hint(hint)
    build = time.perf_counter() - started
    solver, status = _search(model, until, workers, None, None, parameters or WINDOW_PARAMETERS)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False, build
    return model.decode(solver), status == cp_model.OPTIMAL, build


def _candidate_estimate(problem: Problem) -> int:
    return len(problem.staff) * problem.days * problem.slots_per_day * len(allowed_lengths(problem))


def _unmet_in(problem: Problem, roster: list[Shift], days: range) -> int:
    covered = coverage(problem, roster)
    return sum(gap.short for gap in covered.gaps if gap.day in days)


def _search(
    model: RosterModel,
    until: float,
    workers: int,
    callback: cp_model.CpSolverSolutionCallback | None,
    reporter: _Reporter | None,
    parameters: dict[str, Any],
) -> tuple[cp_model.CpSolver, int]:
    solver = cp_model.CpSolver()
    left = until - time.perf_counter()
    if left < MIN_PHASE_SECONDS / 3:
        return solver, cp_model.UNKNOWN
    for key, value in parameters.items():
        if isinstance(value, list):
            getattr(solver.parameters, key).extend(value)
        else:
            setattr(solver.parameters, key, value)
    solver.parameters.max_time_in_seconds = left
    solver.parameters.num_workers = workers
    if reporter is not None:
        solver.best_bound_callback = lambda bound: reporter.lower_bound(_ceil(bound))
    status = solver.solve(model.cp, callback)
    if reporter is not None and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        reporter.lower_bound(_ceil(solver.best_objective_bound))
    return solver, status


def _result(problem: Problem, shifts: list[Shift], *, optimal: bool, bound: int | None, started: float) -> RosterResult:
    violations = validate_roster(problem, shifts)
    if violations:
        # A broken model must never reach a hall as a valid roster; fail loudly instead.
        raise RuntimeError(f"solver produced an invalid roster: {violations[0]}")
    covered = coverage(problem, shifts)
    if bound is not None:
        bound = max(0, min(bound, covered.unmet))
    proven = optimal or (bound is not None and bound == covered.unmet)
    return RosterResult(
        shifts=sorted(shifts),
        unmet_staff_slots=covered.unmet,
        over_staff_slots=covered.over,
        status="optimal" if proven else "feasible",
        bound=bound,
        solve_seconds=time.perf_counter() - started,
        gaps=covered.gaps,
        binding=tuple(binding_findings(problem, shifts, covered)) if covered.unmet else (),
    )


def _ceil(value: float) -> int:
    """Round a bound up to the next staff-slot, ignoring float noise (12.0000001 stays 12)."""
    return math.ceil(value - 1e-6)
