"""Give the counter shifts of a draft roster counter numbers, so that queue tickets and satisfaction presses at a
counter can be attributed to the person working it (docs/rosters.md, "Counters").

Day by day, the shifts of counter roles get a counter from 1 to the hall's number of counters such that no two
shifts that overlap in time share one. Shifts are taken in order of their start: a counter is free for a shift
when no shift holding it overlaps it, and the person's usual counter (the one they hold most often in this
roster, counters set by hand included) is taken when free; otherwise the lowest free counter that nobody else
working that day holds most often. Taken in start order, this never needs more counters than the most counter
shifts overlapping at one moment, so a shift goes without only when that many exceed the hall's counters (or
when counters set by hand are in the way). A counter already set is never changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ..choices import RosterStatus, WorkRole
from ..models import Roster, Shift
from .rosters import _bump, _check_version

# The work roles done at a service counter; greeters, consultants and self-service assistants work the floor.
COUNTER_ROLES = frozenset({WorkRole.COUNTER.value})


@dataclass
class CounterReport:
    """What an assignment did: the shifts that got a counter and those that could not get one."""

    assigned: list[Shift] = field(default_factory=list)
    unassigned: list[Shift] = field(default_factory=list)


def _overlaps(shift: Shift, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    return shift.starts_at < ends_at and starts_at < shift.ends_at


def assign_counters(roster: Roster) -> CounterReport:
    """Fill the empty counters of `roster`'s counter shifts (see the module docstring); no locking, no version.

    Callers hold the roster: `roster_assign_counters` below, and the solver run right after it writes a roster.
    """
    hall = roster.hall
    shifts = list(roster.shifts.select_related("staff").order_by("day", "starts_at", "ends_at", "staff__name"))
    report = CounterReport()
    if not shifts:
        return report
    # Counters set on the same days in another roster of the hall are taken too (rosters do not overlap in
    # days today, but the counter guard in shift_save looks hall-wide, so this does as well).
    days = sorted({shift.day for shift in shifts})
    outside = Shift.objects.filter(roster__hall=hall, day__in=days, counter__isnull=False).exclude(roster=roster)
    held: dict[dt.date, list[Shift]] = defaultdict(list)
    for shift in [*shifts, *outside]:
        if shift.counter is not None:
            held[shift.day].append(shift)
    usual: dict[int, Counter[int]] = defaultdict(Counter)
    for shift in shifts:
        if shift.counter is not None:
            usual[shift.staff_id][shift.counter] += 1
    counters = range(1, hall.counters + 1)
    for day in days:
        todo = [s for s in shifts if s.day == day and s.counter is None and s.role in COUNTER_ROLES]
        working = {s.staff_id for s in shifts if s.day == day}
        for shift in todo:
            busy = {other.counter for other in held[day] if _overlaps(other, shift.starts_at, shift.ends_at)}
            free = [counter for counter in counters if counter not in busy]
            if not free:
                report.unassigned.append(shift)
                continue
            shift.counter = _choose(free, usual[shift.staff_id], [usual[other] for other in working - {shift.staff_id}])
            held[day].append(shift)
            usual[shift.staff_id][shift.counter] += 1
            report.assigned.append(shift)
    if report.assigned:
        bulk_update_with_history(
            report.assigned, Shift, ["counter"], default_change_reason=_("Counter assigned automatically")
        )
    return report


def _choose(free: list[int], mine: Counter[int], others: list[Counter[int]]) -> int:
    """The person's most used free counter; else the lowest free one no colleague that day mostly holds."""
    for counter, _times in mine.most_common():
        if counter in free:
            return counter
    theirs = {usual.most_common(1)[0][0] for usual in others if usual}
    return next((counter for counter in free if counter not in theirs), free[0])


@transaction.atomic
def roster_assign_counters(*, roster: Roster, version: int | None) -> CounterReport:
    """The manager's "Assign counters" on a draft roster; a stale version is refused like any other edit."""
    roster = _check_version(roster, version)
    if roster.status != RosterStatus.DRAFT:
        raise ValidationError(_("Counters are assigned on a draft roster; this one is published."))
    report = assign_counters(roster)
    if report.assigned:
        _bump(roster)
    return report


def describe_shift(shift: Shift) -> dict[str, Any]:
    """A shift without a counter, for a message or the API: who, which day, from when to when (hall time)."""
    tz = shift.roster.hall.tzinfo
    return {
        "shift": shift.pk,
        "staff": shift.staff.name,
        "day": f"{shift.day:%Y-%m-%d}",
        "start": f"{shift.starts_at.astimezone(tz):%H:%M}",
        "end": f"{shift.ends_at.astimezone(tz):%H:%M}",
    }
