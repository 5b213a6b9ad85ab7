"""Roster problem and solution files, format 1: parse and check a problem, read and write a solution.

The format is specified in `../shared/ROSTER_FORMAT.md` and summarised for users in `docs/roster-format.md`.
Every check raises one error whose text is a single line naming the field at fault, because that line is
what `manage.py roster_solve` prints and what a person fixing the file by hand reads.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PROBLEM_FORMAT = "hallops-roster-problem/1"
SOLUTION_FORMAT = "hallops-roster-solution/1"
MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^(\d\d):(\d\d)$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


class RosterFormatError(ValueError):
    """A roster file breaks the format; `str()` is one line: `field.path: what is wrong`."""

    def __init__(self, field_path: str, message: str) -> None:
        self.field_path = field_path
        self.message = message
        super().__init__(f"{field_path}: {message}" if field_path else message)


class ProblemFormatError(RosterFormatError):
    """A problem file breaks `hallops-roster-problem/1`."""


class SolutionFormatError(RosterFormatError):
    """A solution file breaks `hallops-roster-solution/1`."""


@dataclass(frozen=True)
class Rules:
    """The labour rules every shift of the roster must respect (hard rules 2-6)."""

    min_shift_hours: float
    max_shift_hours: float
    min_rest_hours: float
    max_days_per_week: int
    max_consecutive_days: int


@dataclass(frozen=True)
class Unavailability:
    """A day, or a window [start, end) in minutes after midnight on that day, that no shift may overlap."""

    day: int
    start_minute: int | None = None
    end_minute: int | None = None

    @property
    def whole_day(self) -> bool:
        return self.start_minute is None


@dataclass(frozen=True)
class StaffMember:
    """One person who can be rostered: the roles they may work, their weekly cap and when they cannot work."""

    id: str
    roles: tuple[str, ...]
    max_hours_week: float
    unavailable: tuple[Unavailability, ...] = ()
    star: int | None = None


@dataclass(frozen=True)
class PriorWork:
    """What a person worked just before the horizon, from published rosters (not part of format 1).

    `last_end` is the end of their latest earlier shift in minutes relative to midnight starting day 0
    (so -120 is 22:00 the evening before); `days_in_a_row` counts their working days in a row ending the
    day before day 0 (0 when they were off that day). Rules 5 and 6 carry across the boundary with them.
    """

    last_end: int | None = None
    days_in_a_row: int = 0


@dataclass(frozen=True)
class LaterWork:
    """What a person is rostered for just after the horizon, from published rosters (not part of format 1).

    `first_start` is the start of their first later shift in minutes after midnight starting the day after
    the horizon (so 480 is 08:00 that day, 1920 is 08:00 the day after); `days_in_a_row` counts their working
    days in a row from that day on (0 when they are off that day). Rules 5 and 6 carry across the end with it.
    """

    first_start: int | None = None
    days_in_a_row: int = 0


@dataclass(frozen=True)
class Problem:
    """A roster problem: the horizon, the slot grid, demand per role and slot, the staff and the rules.

    `history` (by staff id) is what the web UI knows about the days before the horizon, `later` about the days
    after it (a roster already published for the following weeks). `capacity` (by role)
    is the most people who can work a role at one time: the hall's service counters for the counter role.
    Format 1 has no field for any of them, so a problem read from a file has none and `problem_to_dict`
    writes none.
    """

    name: str
    start_date: datetime.date | None
    days: int
    day_start_minute: int
    slot_minutes: int
    slots_per_day: int
    roles: tuple[str, ...]
    demand: Mapping[str, tuple[tuple[int, ...], ...]]
    staff: tuple[StaffMember, ...]
    rules: Rules
    history: Mapping[str, PriorWork] = field(default_factory=dict)
    later: Mapping[str, LaterWork] = field(default_factory=dict)
    capacity: Mapping[str, int] = field(default_factory=dict)

    def slot_clock(self, slot: int) -> str:
        """Clock time (HH:MM, up to 24:00) at which slot `slot` of a day begins."""
        return format_clock(self.day_start_minute + slot * self.slot_minutes)

    def slot_of_clock(self, minute: int) -> float:
        """Slot index (fractional when between boundaries) of a clock time in minutes after midnight."""
        return (minute - self.day_start_minute) / self.slot_minutes

    @property
    def weeks(self) -> int:
        return -(-self.days // 7)


@dataclass(frozen=True, order=True)
class Shift:
    """One person working one role on one day, from slot `start` up to (not including) slot `end`."""

    day: int
    staff: str
    start: int
    end: int
    role: str

    @property
    def slots(self) -> int:
        return self.end - self.start


def format_clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


# ---------------------------------------------------------------------------------------------- problem


def loads_problem(text: str) -> Problem:
    """Parse the text of a problem file; invalid JSON is reported with its line and column."""
    return parse_problem(_loads_json(text, ProblemFormatError))


def parse_problem(data: Any) -> Problem:
    """Check decoded JSON against format 1 and build the Problem, or raise ProblemFormatError."""
    fields = _object(
        data,
        "",
        required={"format", "days", "day_start", "slot_minutes", "slots_per_day", "roles", "demand", "staff", "rules"},
        optional={"name", "start_date"},
        what="problem",
    )
    if fields["format"] != PROBLEM_FORMAT:
        raise ProblemFormatError("format", f'expected "{PROBLEM_FORMAT}", got {json.dumps(fields["format"])}')
    name = _string(fields.get("name", ""), "name", allow_empty=True)
    start_date = _date(fields["start_date"], "start_date") if "start_date" in fields else None
    days = _integer(fields["days"], "days", minimum=1)
    day_start = _clock(fields["day_start"], "day_start")
    slot_minutes = _integer(fields["slot_minutes"], "slot_minutes", minimum=1)
    slots_per_day = _integer(fields["slots_per_day"], "slots_per_day", minimum=1)
    if day_start + slots_per_day * slot_minutes > MINUTES_PER_DAY:
        raise ProblemFormatError(
            "slots_per_day",
            f"{slots_per_day} slots of {slot_minutes} minutes from {format_clock(day_start)} run past midnight",
        )
    roles = _roles(fields["roles"])
    demand = _demand(fields["demand"], roles, days, slots_per_day)
    staff = _staff(fields["staff"], roles, days)
    rules = _rules(fields["rules"])
    return Problem(
        name=name,
        start_date=start_date,
        days=days,
        day_start_minute=day_start,
        slot_minutes=slot_minutes,
        slots_per_day=slots_per_day,
        roles=roles,
        demand=demand,
        staff=staff,
        rules=rules,
    )


def _roles(value: Any) -> tuple[str, ...]:
    items = _list(value, "roles")
    if not items:
        raise ProblemFormatError("roles", "must name at least one role")
    roles: list[str] = []
    for index, item in enumerate(items):
        role = _string(item, f"roles[{index}]")
        if role in roles:
            raise ProblemFormatError(f"roles[{index}]", f'role "{role}" is listed twice')
        roles.append(role)
    return tuple(roles)


def _demand(value: Any, roles: tuple[str, ...], days: int, slots: int) -> dict[str, tuple[tuple[int, ...], ...]]:
    fields = _object(value, "demand", required=set(roles), optional=set(), what="demand", key_kind="role")
    demand: dict[str, tuple[tuple[int, ...], ...]] = {}
    for role in roles:
        path = f"demand.{role}"
        rows = _list(fields[role], path)
        if len(rows) != days:
            raise ProblemFormatError(path, f"expected {days} days, got {len(rows)}")
        parsed = []
        for day, row in enumerate(rows):
            row_path = f"{path}[{day}]"
            cells = _list(row, row_path)
            if len(cells) != slots:
                raise ProblemFormatError(row_path, f"expected {slots} slots, got {len(cells)}")
            parsed.append(tuple(_integer(cell, f"{row_path}[{slot}]", minimum=0) for slot, cell in enumerate(cells)))
        demand[role] = tuple(parsed)
    return demand


def _staff(value: Any, roles: tuple[str, ...], days: int) -> tuple[StaffMember, ...]:
    members: list[StaffMember] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(_list(value, "staff")):
        path = f"staff[{index}]"
        fields = _object(item, path, required={"id", "roles", "max_hours_week"}, optional={"unavailable", "star"})
        staff_id = _string(fields["id"], f"{path}.id")
        if staff_id in seen:
            raise ProblemFormatError(f"{path}.id", f'"{staff_id}" is already the id of staff[{seen[staff_id]}]')
        seen[staff_id] = index
        member_roles = _list(fields["roles"], f"{path}.roles")
        if not member_roles:
            raise ProblemFormatError(f"{path}.roles", "must name at least one role")
        checked: list[str] = []
        for role_index, role_value in enumerate(member_roles):
            role_path = f"{path}.roles[{role_index}]"
            role = _string(role_value, role_path)
            if role not in roles:
                raise ProblemFormatError(role_path, f'unknown role "{role}" (roles are {", ".join(roles)})')
            if role in checked:
                raise ProblemFormatError(role_path, f'role "{role}" is listed twice')
            checked.append(role)
        max_hours = _number(fields["max_hours_week"], f"{path}.max_hours_week", positive=True)
        unavailable = tuple(
            _unavailability(entry, f"{path}.unavailable[{u}]", days)
            for u, entry in enumerate(_list(fields.get("unavailable", []), f"{path}.unavailable"))
        )
        star = None
        if "star" in fields:
            star = _integer(fields["star"], f"{path}.star", minimum=1)
            if star > 5:
                raise ProblemFormatError(f"{path}.star", f"must be 1 to 5, got {star}")
        members.append(StaffMember(staff_id, tuple(checked), max_hours, unavailable, star))
    return tuple(members)


def _unavailability(value: Any, path: str, days: int) -> Unavailability:
    fields = _object(value, path, required={"day"}, optional={"from", "to"})
    day = _integer(fields["day"], f"{path}.day", minimum=0)
    if day >= days:
        raise ProblemFormatError(f"{path}.day", f"must be below days ({days}), got {day}")
    if "from" not in fields and "to" not in fields:
        return Unavailability(day)
    for key, other in (("from", "to"), ("to", "from")):
        if key not in fields:
            raise ProblemFormatError(f"{path}.{key}", f'required when "{other}" is given')
    start = _clock(fields["from"], f"{path}.from")
    end = _clock(fields["to"], f"{path}.to", allow_midnight_end=True)
    if start >= end:
        raise ProblemFormatError(f"{path}.to", f"must be after from ({fields['from']}), got {fields['to']}")
    return Unavailability(day, start, end)


def _rules(value: Any) -> Rules:
    names = {"min_shift_hours", "max_shift_hours", "min_rest_hours", "max_days_per_week", "max_consecutive_days"}
    fields = _object(value, "rules", required=names, optional=set())
    min_shift = _number(fields["min_shift_hours"], "rules.min_shift_hours", positive=True)
    max_shift = _number(fields["max_shift_hours"], "rules.max_shift_hours", positive=True)
    if max_shift < min_shift:
        raise ProblemFormatError(
            "rules.max_shift_hours", f"must be at least min_shift_hours ({_plain(min_shift)}), got {_plain(max_shift)}"
        )
    if max_shift > 24:
        raise ProblemFormatError("rules.max_shift_hours", f"must be at most 24, got {_plain(max_shift)}")
    # Zero rest is a real rule ("no minimum"), so only negative values are refused here.
    min_rest = _number(fields["min_rest_hours"], "rules.min_rest_hours", positive=False)
    max_days = _integer(fields["max_days_per_week"], "rules.max_days_per_week", minimum=1)
    if max_days > 7:
        raise ProblemFormatError("rules.max_days_per_week", f"must be 1 to 7, got {max_days}")
    max_consecutive = _integer(fields["max_consecutive_days"], "rules.max_consecutive_days", minimum=1)
    return Rules(min_shift, max_shift, min_rest, max_days, max_consecutive)


# --------------------------------------------------------------------------------------------- solution


def solution_to_dict(
    problem: Problem,
    shifts: list[Shift],
    *,
    unmet_staff_slots: int,
    over_staff_slots: int,
    status: str,
    bound: int | None,
    solve_seconds: float,
) -> dict[str, Any]:
    """The solution document of format 1, shifts ordered by day, staff order in the problem, then start."""
    order = {member.id: index for index, member in enumerate(problem.staff)}
    ordered = sorted(shifts, key=lambda s: (s.day, order.get(s.staff, len(order)), s.start, s.role))
    return {
        "format": SOLUTION_FORMAT,
        "problem": problem.name,
        "shifts": [
            {
                "staff": shift.staff,
                "day": shift.day,
                "start": problem.slot_clock(shift.start),
                "end": problem.slot_clock(shift.end),
                "role": shift.role,
            }
            for shift in ordered
        ],
        "unmet_staff_slots": unmet_staff_slots,
        "over_staff_slots": over_staff_slots,
        "status": status,
        "bound": bound,
        "solve_seconds": round(solve_seconds, 2),
    }


def dumps_solution(document: dict[str, Any]) -> str:
    """The solution as JSON text with one shift per line, so that two rosters diff line by line."""
    shifts = ",\n".join(f"    {json.dumps(shift, ensure_ascii=False)}" for shift in document["shifts"])
    lines = []
    for key, value in document.items():
        if key == "shifts":
            lines.append(f'  "shifts": [\n{shifts}\n  ]' if shifts else '  "shifts": []')
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def loads_solution(text: str, problem: Problem) -> list[Shift]:
    """Read back the shifts of a solution file written for `problem` (for importing into the UI)."""
    return parse_solution(_loads_json(text, SolutionFormatError), problem)


def parse_solution(data: Any, problem: Problem) -> list[Shift]:
    """Shifts of a decoded solution; the rules are not checked here (`roster_rules.validate_roster` does)."""
    fields = _object(
        data,
        "",
        required={"format", "shifts"},
        optional={"problem", "unmet_staff_slots", "over_staff_slots", "status", "bound", "solve_seconds"},
        what="solution",
        error=SolutionFormatError,
    )
    if fields["format"] != SOLUTION_FORMAT:
        raise SolutionFormatError("format", f'expected "{SOLUTION_FORMAT}", got {json.dumps(fields["format"])}')
    shifts = []
    for index, item in enumerate(_list(fields["shifts"], "shifts", error=SolutionFormatError)):
        path = f"shifts[{index}]"
        entry = _object(
            item, path, required={"staff", "day", "start", "end", "role"}, optional=set(), error=SolutionFormatError
        )
        staff = _string(entry["staff"], f"{path}.staff", error=SolutionFormatError)
        day = _integer(entry["day"], f"{path}.day", minimum=0, error=SolutionFormatError)
        start = _slot_boundary(problem, entry["start"], f"{path}.start")
        end = _slot_boundary(problem, entry["end"], f"{path}.end")
        role = _string(entry["role"], f"{path}.role", error=SolutionFormatError)
        shifts.append(Shift(day=day, staff=staff, start=start, end=end, role=role))
    return shifts


def _slot_boundary(problem: Problem, value: Any, path: str) -> int:
    minute = _clock(value, path, allow_midnight_end=True, error=SolutionFormatError)
    slot = problem.slot_of_clock(minute)
    if slot != int(slot):
        raise SolutionFormatError(path, f"{value} is not on a {problem.slot_minutes}-minute slot boundary")
    return int(slot)


# ------------------------------------------------------------------------------------------ field checks


class _CheckedDict(dict):
    """A JSON object that remembers the keys it saw twice (plain `json` keeps the last one silently)."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _CheckedDict:
    result = _CheckedDict()
    seen: list[str] = []
    for key, value in pairs:
        if key in result:
            seen.append(key)
        result[key] = value
    result.duplicates = tuple(seen)
    return result


def _loads_json(text: str, error: type[RosterFormatError]) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise error("", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(
    value: Any,
    path: str,
    *,
    required: set[str],
    optional: set[str],
    what: str = "",
    key_kind: str = "field",
    error: type[RosterFormatError] = ProblemFormatError,
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise error(path or what, f"must be a JSON object, got {_kind(value)}")
    for key in getattr(value, "duplicates", ()):
        raise error(_join(path, key), f"{key_kind} appears twice")
    for key in sorted(required - value.keys()):
        raise error(_join(path, key), f"required {key_kind} is missing")
    # Refusing unknown keys catches a misspelt optional field ("unavailble"), which would otherwise be
    # ignored and put someone on the roster on a day they cannot work.
    for key in value:
        if key not in required and key not in optional:
            raise error(_join(path, key), f"unknown {key_kind}")
    return value


def _list(value: Any, path: str, *, error: type[RosterFormatError] = ProblemFormatError) -> list[Any]:
    if not isinstance(value, list):
        raise error(path, f"must be a list, got {_kind(value)}")
    return value


def _string(
    value: Any, path: str, *, allow_empty: bool = False, error: type[RosterFormatError] = ProblemFormatError
) -> str:
    if not isinstance(value, str):
        raise error(path, f"must be a string, got {_kind(value)}")
    if not allow_empty and not value.strip():
        raise error(path, "must not be empty")
    return value


def _integer(value: Any, path: str, *, minimum: int, error: type[RosterFormatError] = ProblemFormatError) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise error(path, f"must be an integer, got {_kind(value)}")
    if value < minimum:
        bound = "non-negative" if minimum == 0 else f"at least {minimum}"
        raise error(path, f"must be {bound}, got {value}")
    return value


def _number(value: Any, path: str, *, positive: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemFormatError(path, f"must be a number, got {_kind(value)}")
    if positive and value <= 0:
        raise ProblemFormatError(path, f"must be positive, got {_plain(value)}")
    if value < 0:
        raise ProblemFormatError(path, f"must not be negative, got {_plain(value)}")
    return value


def _clock(
    value: Any, path: str, *, allow_midnight_end: bool = False, error: type[RosterFormatError] = ProblemFormatError
) -> int:
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if (hours < 24 and minutes < 60) or (allow_midnight_end and hours == 24 and minutes == 0):
            return hours * 60 + minutes
    latest = "24:00" if allow_midnight_end else "23:59"
    raise error(path, f"must be a time HH:MM from 00:00 to {latest}, got {json.dumps(value)}")


def _date(value: Any, path: str) -> datetime.date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ProblemFormatError(path, f"must be a date YYYY-MM-DD, got {json.dumps(value)}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return json.dumps(value) if len(value) <= 30 else "a string"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return json.dumps(value)


def _plain(value: float) -> str:
    """44 rather than 44.0, 4.5 as 4.5: numbers as the file's author wrote them."""
    return str(int(value)) if float(value).is_integer() else str(value)
