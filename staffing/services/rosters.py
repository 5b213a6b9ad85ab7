"""Rosters: create, solve (a Celery task), edit shifts with every rule re-checked, publish, copy a week,
import a solution file. Every change raises the roster's version: a stale edit is refused, not merged."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.notifications import notify
from halls.models import Hall

from ..choices import LeaveStatus, RosterStatus, SolveStatus
from ..models import LeaveRequest, Roster, Shift, SolveRun, StaffMember
from ..roster_format import Shift as PlanShift
from ..roster_rules import Violation, validate_roster
from ..rostering import RosterPlan, build_plan
from ..violation_text import NOT_ROSTERED, violation_sentence

MAX_WEEKS = 4


def progress_key(run_id: int) -> str:
    return f"hallops:solve-progress:{run_id}"


class StaleRoster(ValidationError):
    """Someone else changed the roster since this edit was started."""


def _check_version(roster: Roster, version: int | None) -> Roster:
    current = Roster.objects.select_for_update().get(pk=roster.pk)
    if version is not None and current.version != int(version):
        raise StaleRoster(
            _(
                "Someone else changed this roster (now version %(now)s, you edited version %(yours)s). "
                "Nothing was saved: reload to see their changes, then make yours again."
            )
            % {"now": current.version, "yours": version}
        )
    return current


def _bump(roster: Roster) -> None:
    Roster.objects.filter(pk=roster.pk).update(version=F("version") + 1, updated_at=timezone.now())
    roster.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def roster_create(*, hall: Hall, start_date: dt.date, weeks: int) -> Roster:
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError({"weeks": _("A roster covers one to four weeks.")})
    end = start_date + dt.timedelta(days=7 * weeks - 1)
    overlapping = [
        other
        for other in Roster.objects.filter(hall=hall, start_date__lte=end)
        if other.start_date + dt.timedelta(days=other.days - 1) >= start_date
    ]
    if overlapping:
        other = overlapping[0]
        raise ValidationError(
            {
                "start_date": _("This hall already has a roster from %(start)s for %(weeks)s week(s); open that one.")
                % {"start": f"{other.start_date:%Y-%m-%d}", "weeks": other.weeks}
            }
        )
    roster = Roster(hall=hall, start_date=start_date, weeks=weeks)
    roster.full_clean()
    roster.save()
    return roster


@transaction.atomic
def roster_request_solve(*, roster: Roster, by: Any, time_limit: int = 30) -> SolveRun:
    """Queue the solver for a draft roster; the task replaces its shifts with the best roster found."""
    if roster.status != RosterStatus.DRAFT:
        raise ValidationError(_("Only a draft roster can be generated; this one is published."))
    run = SolveRun.objects.create(roster=roster, requested_by=by, time_limit=max(5, min(int(time_limit), 600)))
    Roster.objects.filter(pk=roster.pk).update(solve_status=SolveStatus.QUEUED)
    from ..tasks import solve_roster_task

    transaction.on_commit(lambda: solve_roster_task.delay(run.pk))
    return run


def roster_solve(*, run: SolveRun) -> SolveRun:
    """Run the solver for a queued run (called by the Celery task) and apply its roster."""
    from ..solver import solve_roster

    run.status = SolveStatus.RUNNING
    run.save(update_fields=["status", "updated_at"])
    Roster.objects.filter(pk=run.roster_id).update(solve_status=SolveStatus.RUNNING)
    plan = build_plan(run.roster)
    progress: list[dict] = []

    def report(seconds: float, unmet: int, bound: int | None) -> None:
        # Called from the solver's threads: keep the database out of it (another thread would need its own
        # connection and could lock SQLite); the cache is enough for the page that polls.
        progress.append({"seconds": round(seconds, 2), "unmet": unmet, "bound": bound})
        cache.set(progress_key(run.pk), progress[-50:], timeout=3600)

    try:
        result = solve_roster(plan.problem, time_limit=run.time_limit, progress=report)
    except Exception as error:
        run.status, run.error = SolveStatus.FAILED, str(error)[:2000]
        run.save(update_fields=["status", "error", "updated_at"])
        Roster.objects.filter(pk=run.roster_id).update(solve_status=SolveStatus.FAILED)
        raise
    with transaction.atomic():
        roster = Roster.objects.select_for_update().select_related("hall").get(pk=run.roster_id)
        _replace_shifts(plan, roster, result.shifts)
        # The solver knows roles, not counters: give the counter shifts counters at once (docs/rosters.md).
        from .counters import assign_counters

        counters = assign_counters(roster)
        summary = {
            "unmet_staff_slots": result.unmet_staff_slots,
            "over_staff_slots": result.over_staff_slots,
            "status": result.status,
            "bound": result.bound,
            "solve_seconds": round(result.solve_seconds, 2),
            "shifts": len(result.shifts),
            "binding_rules": list(result.binding_rules),
            # The same findings as data, so that each reader sees them in their own language.
            "binding": [rule.as_dict() for rule in result.binding],
            "counters_assigned": len(counters.assigned),
            "counters_unassigned": len(counters.unassigned),
            "gaps": [
                {
                    "role": g.role,
                    "date": f"{plan.date_of(g.day):%Y-%m-%d}",
                    "time": plan.problem.slot_clock(g.slot),
                    "short": g.short,
                }
                for g in result.gaps
            ],
        }
        run.status, run.result, run.progress = SolveStatus.DONE, summary, progress
        run.save(update_fields=["status", "result", "progress", "updated_at"])
        roster.solve_status = SolveStatus.DONE
        roster.solve_progress = summary
        roster.save(update_fields=["solve_status", "solve_progress", "updated_at"])
        _bump(roster)
    return run


def _replace_shifts(plan: RosterPlan, roster: Roster, shifts: Iterable[PlanShift]) -> None:
    roster.shifts.all().delete()
    Shift.objects.bulk_create(
        Shift(
            roster=roster,
            staff=plan.members[shift.staff],
            day=plan.date_of(shift.day),
            role=shift.role,
            starts_at=plan.moment(shift.day, shift.start),
            ends_at=plan.moment(shift.day, shift.end),
        )
        for shift in shifts
    )


def violation_in_words(plan: RosterPlan, violation: Violation) -> Violation:
    """The validator speaks English, of staff ids and day numbers; a manager reads their own language, names
    and the hall's dates. `message` becomes that sentence; `code` and `params` stay as they are."""
    member = plan.members.get(violation.staff)
    message = violation_sentence(violation, name=member.name if member else None, date_of=plan.date_of)
    return dataclasses.replace(violation, message=message)


def roster_violations(*, roster: Roster, plan: RosterPlan | None = None) -> list[Violation]:
    """Every hard rule the roster's shifts break, in words (the active language, names and dates)."""
    plan = plan or build_plan(roster)
    shifts = roster.shifts.select_related("staff").all()
    outsiders = [s for s in shifts if s.staff.employee_number not in plan.members]
    found = validate_roster(plan.problem, plan.plan_shifts(s for s in shifts if s not in outsiders))
    for shift in outsiders:
        name = shift.staff.name
        english = f"{name} is not active in this hall or has none of the roles rostered here."
        day = (shift.day - roster.start_date).days
        found.append(Violation(1, shift.staff.employee_number, day, english, NOT_ROSTERED, {"name": name}))
    return [violation_in_words(plan, violation) for violation in found]


@dataclass
class ShiftInput:
    staff: StaffMember
    day: dt.date
    start: dt.time
    end: dt.time
    role: str
    # The counter worked (1..the hall's counters); customer feedback at that counter is attributed to the shift.
    counter: int | None = None


def _refuse_counter_clash(roster: Roster, data: ShiftInput, shift: Shift | None, errors: dict[str, list[str]]) -> None:
    """A counter exists in the hall and holds one person at a time: otherwise a press or a ticket there could
    not be attributed to anyone for sure."""
    if data.counter is None:
        return
    hall = roster.hall
    if not 1 <= data.counter <= hall.counters:
        errors.setdefault("counter", []).append(
            _("Hall %(hall)s has counters 1 to %(count)s.") % {"hall": hall.code, "count": hall.counters}
        )
        return
    if data.end <= data.start:
        return
    starts, ends = _localise(hall, data.day, data.start), _localise(hall, data.day, data.end)
    clash = (
        Shift.objects.filter(
            roster__hall=hall, counter=data.counter, starts_at__lt=ends, ends_at__gt=starts, day=data.day
        )
        .exclude(pk=getattr(shift, "pk", None))
        .exclude(staff=data.staff)
        .select_related("staff")
        .first()
    )
    if clash:
        local = clash.starts_at.astimezone(hall.tzinfo), clash.ends_at.astimezone(hall.tzinfo)
        errors.setdefault("counter", []).append(
            _("Counter %(counter)s is %(name)s's from %(start)s to %(end)s that day.")
            % {
                "counter": data.counter,
                "name": clash.staff.name,
                "start": f"{local[0]:%H:%M}",
                "end": f"{local[1]:%H:%M}",
            }
        )


def _refuse_hard_conflicts(roster: Roster, data: ShiftInput, shift: Shift | None) -> None:
    """What the database refuses too: a second shift that day, a shift inside approved leave; and a counter
    that does not exist or is someone else's at that time."""
    errors: dict[str, list[str]] = {}
    _refuse_counter_clash(roster, data, shift, errors)
    if data.staff.hall_id != roster.hall_id:
        errors.setdefault("staff", []).append(_("%(name)s does not work in this hall.") % {"name": data.staff.name})
    if data.role not in data.staff.roles:
        errors.setdefault("role", []).append(_("%(name)s is not qualified for this role.") % {"name": data.staff.name})
    if not roster.start_date <= data.day < roster.start_date + dt.timedelta(days=roster.days):
        errors.setdefault("day", []).append(_("The day is outside this roster's weeks."))
    if data.end <= data.start:
        errors.setdefault("end", []).append(_("The shift must end after it starts."))
    other = Shift.objects.filter(staff=data.staff, day=data.day).exclude(pk=getattr(shift, "pk", None)).first()
    if other:
        local = other.starts_at.astimezone(roster.hall.tzinfo), other.ends_at.astimezone(roster.hall.tzinfo)
        errors.setdefault("staff", []).append(
            _("%(name)s already works %(start)s-%(end)s on %(day)s; one shift a day.")
            % {
                "name": data.staff.name,
                "start": f"{local[0]:%H:%M}",
                "end": f"{local[1]:%H:%M}",
                "day": f"{data.day:%Y-%m-%d}",
            }
        )
    leave = LeaveRequest.objects.filter(
        staff=data.staff, status=LeaveStatus.APPROVED, first_day__lte=data.day, last_day__gte=data.day
    ).first()
    if leave:
        errors.setdefault("day", []).append(
            _("%(name)s is on approved leave from %(first)s to %(last)s.")
            % {"name": data.staff.name, "first": f"{leave.first_day:%Y-%m-%d}", "last": f"{leave.last_day:%Y-%m-%d}"}
        )
    if errors:
        raise ValidationError(errors)


def _localise(hall: Hall, day: dt.date, value: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, value, tzinfo=hall.tzinfo).astimezone(dt.UTC)


@transaction.atomic
def shift_save(
    *, roster: Roster, data: ShiftInput, version: int | None, shift: Shift | None = None
) -> tuple[Shift, list[Violation]]:
    """Add or change a shift and return it with every rule the roster now breaks (for the manager to see)."""
    roster = _check_version(roster, version)
    _refuse_hard_conflicts(roster, data, shift)
    shift = shift or Shift(roster=roster)
    shift.staff, shift.day, shift.role, shift.counter = data.staff, data.day, data.role, data.counter
    shift.starts_at = _localise(roster.hall, data.day, data.start)
    shift.ends_at = _localise(roster.hall, data.day, data.end)
    try:
        with transaction.atomic():
            shift.save()
    except IntegrityError as error:
        # The database's own guard (one shift a day, never inside approved leave) caught a race.
        raise ValidationError({"staff": _("The database refused this shift: %(why)s") % {"why": error}}) from error
    _bump(roster)
    return shift, roster_violations(roster=roster)


@transaction.atomic
def shift_delete(*, roster: Roster, shift: Shift, version: int | None) -> list[Violation]:
    roster = _check_version(roster, version)
    shift.delete()
    _bump(roster)
    return roster_violations(roster=roster)


@transaction.atomic
def roster_publish(*, roster: Roster, by: Any, override_reason: str = "") -> Roster:
    """Publish to staff. A roster that breaks a rule needs an override with a reason, kept in history."""
    roster = Roster.objects.select_for_update().select_related("hall").get(pk=roster.pk)
    violations = roster_violations(roster=roster)
    if violations and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": ngettext(
                    "This roster breaks %(count)s rule. Fix it, or give a reason to publish anyway.",
                    "This roster breaks %(count)s rules. Fix them, or give a reason to publish anyway.",
                    len(violations),
                )
                % {"count": len(violations)}
            }
        )
    first_publication = roster.status != RosterStatus.PUBLISHED
    roster.status = RosterStatus.PUBLISHED
    roster.published_at = timezone.now()
    roster.published_by = by
    roster.override_reason = override_reason.strip() if violations else ""
    roster.version += 1
    roster._change_reason = (
        _("Published with %(count)s violation(s): %(reason)s") % {"count": len(violations), "reason": override_reason}
        if violations
        else _("Published")
    )
    roster.save()
    users = [s.staff.user for s in roster.shifts.select_related("staff__user") if s.staff.user_id]
    url = reverse("staffing:my_shifts")
    title = (
        _("Your shifts from %(day)s are published") if first_publication else _("Your shifts from %(day)s changed")
    ) % {"day": f"{roster.start_date:%Y-%m-%d}"}
    notify(users=users, topic=f"roster:{roster.pk}", title=title, url=url, time_zone=roster.hall.time_zone)
    return roster


@transaction.atomic
def roster_copy_previous(*, roster: Roster, version: int | None) -> int:
    """Copy the week before's shifts onto each week of this draft, skipping people who cannot work then."""
    roster = _check_version(roster, version)
    if roster.status != RosterStatus.DRAFT:
        raise ValidationError(_("Only a draft roster can be filled from last week."))
    source_start = roster.start_date - dt.timedelta(days=7)
    source = list(
        Shift.objects.filter(roster__hall=roster.hall, day__gte=source_start, day__lt=roster.start_date).select_related(
            "staff"
        )
    )
    if not source:
        raise ValidationError(_("There are no shifts in the week before this roster to copy."))
    roster.shifts.all().delete()
    leave = LeaveRequest.objects.filter(
        staff__hall=roster.hall,
        status=LeaveStatus.APPROVED,
        first_day__lte=roster.start_date + dt.timedelta(days=roster.days),
        last_day__gte=roster.start_date,
    )
    created = []
    for week in range(roster.weeks):
        for shift in source:
            if not shift.staff.active:
                continue
            day = shift.day + dt.timedelta(days=7 * (week + 1))
            if any(off.staff_id == shift.staff_id and off.first_day <= day <= off.last_day for off in leave):
                continue
            delta = dt.timedelta(days=7 * (week + 1))
            created.append(
                Shift(
                    roster=roster,
                    staff=shift.staff,
                    day=day,
                    role=shift.role,
                    starts_at=shift.starts_at + delta,
                    ends_at=shift.ends_at + delta,
                    counter=shift.counter,
                )
            )
    Shift.objects.bulk_create(created)
    _bump(roster)
    return len(created)


@transaction.atomic
def roster_import_solution(*, roster: Roster, text: str, version: int | None) -> tuple[int, list[Violation]]:
    """Replace a draft's shifts with those of a format-1 solution file written for this roster's problem."""
    from ..roster_format import loads_solution

    roster = _check_version(roster, version)
    if roster.status != RosterStatus.DRAFT:
        raise ValidationError(_("Only a draft roster can take an imported solution."))
    plan = build_plan(roster)
    shifts = loads_solution(text, plan.problem)
    unknown = sorted({s.staff for s in shifts} - set(plan.members))
    if unknown:
        raise ValidationError({"file": _("Unknown staff in the file: %(ids)s.") % {"ids": ", ".join(unknown)}})
    _replace_shifts(plan, roster, shifts)
    _bump(roster)
    return len(shifts), roster_violations(roster=roster, plan=plan)
