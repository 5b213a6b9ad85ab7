"""Time-to-quality of the roster solver and the speed of the roster validator, on the example problems.

    .venv/bin/python bench/roster/bench_solver.py curves --problem hall25 --time-limit 30
    .venv/bin/python bench/roster/bench_solver.py curves --problem small hall15 hall25 hall40 --time-limit 30
    .venv/bin/python bench/roster/bench_solver.py curves --problem hall25_4w --time-limit 60
    .venv/bin/python bench/roster/bench_solver.py validate --problem hall40_4w --repeat 200
    /usr/bin/time -v .venv/bin/python bench/roster/bench_solver.py curves --problem hall40_4w --time-limit 60
    .venv/bin/python bench/roster/bench_solver.py report bench/roster/results/*.json

`curves` prints, per problem, every improvement of the best roster (seconds, unmet staff-slots, proven
bound) and a summary line; `--json FILE` also writes them (bench/roster/results/ holds the last recorded
ones), and `report FILE...` turns such files into the tables of docs/performance.md. `validate` times
`validate_roster` on a full roster of the problem (the solver's answer after `--solve-seconds`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from staffing import solver as roster_solver  # noqa: E402
from staffing.roster_format import Problem, loads_problem  # noqa: E402
from staffing.roster_greedy import greedy_roster  # noqa: E402
from staffing.roster_rules import coverage, validate_roster  # noqa: E402

HERE = Path(__file__).resolve().parent


def load(name: str) -> Problem:
    path = Path(name) if name.endswith(".json") else HERE / f"{name}.json"
    return loads_problem(path.read_text())


def gap_text(unmet: int, bound: int | None) -> str:
    if bound is None:
        return "no bound"
    if unmet == bound:
        return "0 (optimal)"
    share = (unmet - bound) / unmet
    return f"{unmet - bound} staff-slots ({share:.1%})"


def run_curve(name: str, time_limit: float, workers: int) -> dict:
    problem = load(name)
    events: list[tuple[float, int, int | None]] = []

    def progress(seconds: float, unmet: int, bound: int | None) -> None:
        events.append((round(seconds, 3), unmet, bound))
        print(f"  {seconds:7.2f} s  unmet {unmet:5d}  bound {bound if bound is not None else '-':>5}", flush=True)

    load_before = os.getloadavg()[0]
    print(
        f"{name}: {len(problem.staff)} staff, {problem.days} days, time limit {time_limit:g} s, load {load_before:.1f}",
        flush=True,
    )
    result = roster_solver.solve_roster(problem, time_limit=time_limit, workers=workers, progress=progress)
    assert not validate_roster(problem, result.shifts)
    total_demand = sum(sum(map(sum, rows)) for rows in problem.demand.values())
    summary = {
        "problem": name,
        "staff": len(problem.staff),
        "days": problem.days,
        "demand_staff_slots": total_demand,
        "time_limit": time_limit,
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "first_roster_seconds": events[0][0] if events else None,
        "unmet": result.unmet_staff_slots,
        "bound": result.bound,
        "status": result.status,
        "over": result.over_staff_slots,
        "solve_seconds": round(result.solve_seconds, 2),
        "final_improvement_seconds": events[-1][0] if events else None,
        "events": events,
        "binding_rules": list(result.binding_rules),
    }
    print(
        f"  => unmet {result.unmet_staff_slots} of {total_demand} demanded staff-slots, bound {result.bound}, "
        f"gap {gap_text(result.unmet_staff_slots, result.bound)}, status {result.status}, "
        f"over {result.over_staff_slots}, {result.solve_seconds:.1f} s",
        flush=True,
    )
    return summary


def curves(args: argparse.Namespace) -> None:
    for item in args.bound_param:
        key, _, value = item.partition("=")
        roster_solver.BOUND_PARAMETERS[key] = json.loads(value)
    for item in args.roster_param:
        key, _, value = item.partition("=")
        roster_solver.ROSTER_PARAMETERS[key] = json.loads(value)
    results = [run_curve(name, args.time_limit, args.workers) for name in args.problem]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")


def validate(args: argparse.Namespace) -> None:
    problem = load(args.problem[0])
    if args.solve_seconds > 0:
        shifts = roster_solver.solve_roster(problem, time_limit=args.solve_seconds).shifts
    else:
        shifts = greedy_roster(problem)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        violations = validate_roster(problem, shifts)
        coverage(problem, shifts)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{args.problem[0]}: {len(problem.staff)} staff, {problem.days} days, {len(shifts)} shifts, "
        f"{len(violations)} violations; validate_roster + coverage over {args.repeat} runs: "
        f"median {statistics.median(timings):.2f} ms, worst {max(timings):.2f} ms"
    )


def at(events: list, seconds: float) -> tuple[int | None, int | None]:
    """Best unmet and bound known `seconds` into a run, from its recorded events."""
    best = bound = None
    for when, unmet, known in events:
        if when > seconds:
            break
        best, bound = unmet, known
    return best, bound


def report(args: argparse.Namespace) -> None:
    """Markdown tables of recorded curves: unmet (bound) at fixed times, then the summary of each run."""
    runs = [run for path in args.results for run in json.loads(Path(path).read_text())]
    marks = [1, 2, 5, 10, 20, 30, 60]
    print("| problem | " + " | ".join(f"{mark} s" for mark in marks) + " |")
    print("|---" * (len(marks) + 1) + "|")
    for run in runs:
        cells = []
        for mark in marks:
            if mark > run["time_limit"]:
                cells.append("")
                continue
            unmet, bound = at(run["events"], mark)
            cells.append("-" if unmet is None else f"{unmet} ({'-' if bound is None else bound})")
        print(f"| {run['problem']} | " + " | ".join(cells) + " |")
    print()
    print("| problem | staff x days | demand | first roster | last improvement | unmet | bound | status | over |")
    print("|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        print(
            f"| {run['problem']} | {run['staff']} x {run['days']} | {run['demand_staff_slots']} | "
            f"{run['first_roster_seconds']:.2f} s | {run['final_improvement_seconds']:.2f} s | {run['unmet']} | "
            f"{run['bound']} | {run['status']} | {run['over']} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("curves", help="time-to-quality curves of the solver")
    run.add_argument("--problem", nargs="+", default=["small", "hall15", "hall25", "hall40"])
    run.add_argument("--time-limit", type=float, default=30.0)
    run.add_argument("--workers", type=int, default=2)
    run.add_argument("--json", help="also write the curves to this file")
    run.add_argument("--bound-param", action="append", default=[], help="phase 1 CP-SAT parameter: key=JSON value")
    run.add_argument("--roster-param", action="append", default=[], help="warm start and phase 2: key=JSON value")
    run.set_defaults(handler=curves)
    check = sub.add_parser("validate", help="speed of validate_roster on a full roster")
    check.add_argument("--problem", nargs=1, default=["hall40_4w"])
    check.add_argument("--repeat", type=int, default=200)
    check.add_argument("--solve-seconds", type=float, default=0.0, help="solve first instead of the greedy roster")
    check.set_defaults(handler=validate)
    table = sub.add_parser("report", help="markdown tables from curves written with --json")
    table.add_argument("results", nargs="+")
    table.set_defaults(handler=report)
    args = parser.parse_args()
    args.handler(args)


if __name__ == "__main__":
    main()
