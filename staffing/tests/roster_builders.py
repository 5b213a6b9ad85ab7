"""Small roster problems for tests, written as the JSON a file would hold so the parser is always in the loop."""

from __future__ import annotations

import copy
from typing import Any

from staffing.roster_format import Problem, Shift, parse_problem

RULES = {
    "min_shift_hours": 4,
    "max_shift_hours": 9,
    "min_rest_hours": 11,
    "max_days_per_week": 6,
    "max_consecutive_days": 6,
}


def person(staff_id: str, *roles: str, max_hours: float = 44, unavailable=(), star: int | None = None) -> dict:
    entry: dict[str, Any] = {
        "id": staff_id,
        "roles": list(roles or ("counter",)),
        "max_hours_week": max_hours,
        "unavailable": list(unavailable),
    }
    if star is not None:
        entry["star"] = star
    return entry


def problem_dict(
    *,
    days: int = 7,
    day_start: str = "08:00",
    slot_minutes: int = 60,
    slots_per_day: int = 14,
    roles: tuple[str, ...] = ("counter",),
    demand: dict[str, list[list[int]]] | None = None,
    fill: int = 0,
    staff: list[dict] | None = None,
    **rules: float,
) -> dict[str, Any]:
    """A problem document; demand defaults to `fill` people in every slot of every role."""
    if demand is None:
        demand = {role: [[fill] * slots_per_day for _ in range(days)] for role in roles}
    return {
        "format": "hallops-roster-problem/1",
        "name": "test hall",
        "start_date": "2026-12-07",
        "days": days,
        "day_start": day_start,
        "slot_minutes": slot_minutes,
        "slots_per_day": slots_per_day,
        "roles": list(roles),
        "demand": copy.deepcopy(demand),
        "staff": staff if staff is not None else [person("S01")],
        "rules": {**RULES, **rules},
    }


def make_problem(**kwargs: Any) -> Problem:
    return parse_problem(problem_dict(**kwargs))


def shift(staff: str, day: int, start: int, end: int, role: str = "counter") -> Shift:
    return Shift(day=day, staff=staff, start=start, end=end, role=role)
