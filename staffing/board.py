"""The roster page's data: the week grid (staff x days with shift bars) and coverage per slot against
demand, built once per request from the plan, the shifts and the rule check."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .choices import Period
from .models import Shift, StaffMember
from .roster_rules import Violation, coverage
from .rostering import RosterPlan

ROLE_COLOURS = {"counter": "#0d6efd", "greeter": "#198754", "consultant": "#6f42c1", "self_service": "#fd7e14"}


@dataclass
class Bar:
    shift: Shift
    start: str
    end: str
    left: float  # percent of the day's grid
    width: float
    colour: str
    flagged: bool


@dataclass
class GridRow:
    member: StaffMember
    cells: list[list[Bar]]
    hours: float
    flagged: bool


@dataclass
class CoverageCell:
    needed: int
    scheduled: int
    period: str

    @property
    def short(self) -> int:
        return max(0, self.needed - self.scheduled)


@dataclass
class Board:
    days: list[dt.date]
    rows: list[GridRow]
    slot_labels: list[str]
    coverage: list[list[CoverageCell]]  # [slot][day]
    unmet: int
    over: int
    violations: list[Violation]
    chart: dict[str, Any] = field(default_factory=dict)


def build_board(
    plan: RosterPlan,
    shifts: list[Shift],
    staff: list[StaffMember],
    violations: list[Violation],
    week: int,
    chart_day: int,
) -> Board:
    problem = plan.problem
    first = week * 7
    days = list(range(first, min(first + 7, problem.days)))
    dates = [plan.date_of(d) for d in days]
    flagged = {(v.staff, v.day) for v in violations}
    by_member: dict[int, dict[dt.date, list[Shift]]] = defaultdict(lambda: defaultdict(list))
    for shift in shifts:
        by_member[shift.staff_id][shift.day].append(shift)
    span = problem.slots_per_day * problem.slot_minutes
    tz = plan.hall.tzinfo
    rows = []
    for member in staff:
        cells, hours, any_flag = [], 0.0, False
        for day, date in zip(days, dates, strict=True):
            bars = []
            for shift in by_member[member.pk].get(date, []):
                start, end = shift.starts_at.astimezone(tz), shift.ends_at.astimezone(tz)
                offset = start.hour * 60 + start.minute - problem.day_start_minute
                length = (shift.ends_at - shift.starts_at).total_seconds() / 60
                bad = (member.employee_number, day) in flagged
                any_flag |= bad
                hours += length / 60
                bars.append(
                    Bar(
                        shift=shift,
                        start=f"{start:%H:%M}",
                        end=f"{end:%H:%M}",
                        left=max(0.0, 100 * offset / span),
                        width=min(100.0, 100 * length / span),
                        colour=ROLE_COLOURS.get(shift.role, "#6c757d"),
                        flagged=bad,
                    )
                )
            cells.append(bars)
        rows.append(GridRow(member=member, cells=cells, hours=round(hours, 1), flagged=any_flag))
    cover = coverage(problem, plan.plan_shifts(s for s in shifts if s.staff.employee_number in plan.members))
    table = []
    for slot in range(problem.slots_per_day):
        table.append(
            [
                CoverageCell(
                    needed=sum(problem.demand[role][day][slot] for role in problem.roles),
                    scheduled=sum(cover.scheduled[role][day][slot] for role in problem.roles),
                    period=plan.periods[day][slot],
                )
                for day in days
            ]
        )
    labels = [problem.slot_clock(slot) for slot in range(problem.slots_per_day)]
    chart_day = chart_day if chart_day in days else days[0]
    chart = {
        "labels": labels,
        "date": f"{plan.date_of(chart_day):%Y-%m-%d}",
        "roles": list(problem.roles),
        "demand": {role: list(problem.demand[role][chart_day]) for role in problem.roles},
        "scheduled": {role: cover.scheduled[role][chart_day] for role in problem.roles},
        "period": plan.periods[chart_day],
        "colours": {"peak": "#084298", "mid": "#3d8bfd", "low": "#9ec5fe", "closed": "#adb5bd"},
    }
    return Board(
        days=dates,
        rows=rows,
        slot_labels=labels,
        coverage=table,
        unmet=cover.unmet,
        over=cover.over,
        violations=violations,
        chart=chart,
    )


PERIOD_CLASSES = {Period.PEAK: "peak", Period.MID: "mid", Period.LOW: "low"}
