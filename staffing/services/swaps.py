"""Shift swaps: the owner offers a shift, a qualified and available colleague takes it, the manager
approves. The rules are checked when the colleague takes it and again when the manager approves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications import notify

from ..choices import LeaveStatus, RosterStatus, SwapStatus
from ..models import LeaveRequest, Roster, Shift, ShiftSwap, StaffMember
from ..roster_format import Shift as PlanShift
from ..roster_rules import validate_roster
from ..rostering import build_plan
from .rosters import _bump, violation_in_words


def _taker_problems(shift: Shift, taker: StaffMember) -> list[str]:
    """Why `taker` could not work `shift`: qualification, a shift that day, leave, and the rules."""
    problems = []
    if taker.hall_id != shift.roster.hall_id or not taker.active:
        problems.append(_("%(name)s does not work in this hall.") % {"name": taker.name})
    if shift.role not in taker.roles:
        problems.append(
            _("%(name)s is not qualified as %(role)s.") % {"name": taker.name, "role": shift.get_role_display()}
        )
    if Shift.objects.filter(staff=taker, day=shift.day).exclude(pk=shift.pk).exists():
        problems.append(_("%(name)s already works on %(day)s.") % {"name": taker.name, "day": f"{shift.day:%Y-%m-%d}"})
    if LeaveRequest.objects.filter(
        staff=taker, status=LeaveStatus.APPROVED, first_day__lte=shift.day, last_day__gte=shift.day
    ).exists():
        problems.append(_("%(name)s is on leave that day.") % {"name": taker.name})
    if problems:
        return problems
    plan = build_plan(shift.roster)
    if taker.employee_number not in plan.members:
        return [_("%(name)s cannot be rostered in this hall.") % {"name": taker.name}]
    moved = plan.to_plan_shift(shift)
    moved = PlanShift(day=moved.day, staff=taker.employee_number, start=moved.start, end=moved.end, role=moved.role)
    theirs = [plan.to_plan_shift(s) for s in shift.roster.shifts.filter(staff=taker)]
    return [violation_in_words(plan, v).message for v in validate_roster(plan.problem, [*theirs, moved])]


@transaction.atomic
def swap_offer(*, shift: Shift, by: StaffMember, note: str = "") -> ShiftSwap:
    if shift.staff_id != by.pk:
        raise ValidationError(_("You can only offer your own shifts."))
    if not Roster.objects.filter(pk=shift.roster_id, status=RosterStatus.PUBLISHED).exists():
        raise ValidationError(_("Only shifts of a published roster can be swapped."))
    if shift.starts_at <= timezone.now():
        raise ValidationError(_("This shift has already started."))
    if shift.swaps.filter(status__in=[SwapStatus.OFFERED, SwapStatus.ACCEPTED]).exists():
        raise ValidationError(_("This shift is already on offer."))
    return ShiftSwap.objects.create(shift=shift, offered_by=by, note=note)


@transaction.atomic
def swap_take(*, swap: ShiftSwap, taker: StaffMember) -> ShiftSwap:
    swap = ShiftSwap.objects.select_for_update().select_related("shift__roster__hall").get(pk=swap.pk)
    if swap.status != SwapStatus.OFFERED:
        raise ValidationError(_("This shift is no longer on offer."))
    if taker.pk == swap.offered_by_id:
        raise ValidationError(_("You offered this shift yourself."))
    problems = _taker_problems(swap.shift, taker)
    if problems:
        raise ValidationError(problems)
    swap.taken_by, swap.status = taker, SwapStatus.ACCEPTED
    swap.save()
    managers = [a.user for a in swap.shift.roster.hall.role_assignments.filter(role="manager").select_related("user")]
    notify(
        users=managers,
        topic=f"swaps:{swap.shift.roster_id}",
        title=_("Shift swaps are waiting for your approval"),
        url=reverse("staffing:roster_detail", args=[swap.shift.roster_id]),
        time_zone=swap.shift.roster.hall.time_zone,
    )
    return swap


@transaction.atomic
def swap_decide(*, swap: ShiftSwap, approve: bool, by: Any, note: str = "") -> ShiftSwap:
    # of=("self",): taken_by is nullable, and PostgreSQL cannot lock the nullable side of an outer join.
    swap = (
        ShiftSwap.objects.select_for_update(of=("self",))
        .select_related("shift__roster__hall", "taken_by")
        .get(pk=swap.pk)
    )
    if swap.status != SwapStatus.ACCEPTED:
        raise ValidationError(_("Only a swap a colleague has taken can be approved or refused."))
    roster = Roster.objects.select_for_update().get(pk=swap.shift.roster_id)
    if approve:
        problems = _taker_problems(swap.shift, swap.taken_by)
        if problems:
            raise ValidationError(problems)
        shift = swap.shift
        shift.staff = swap.taken_by
        shift._change_reason = _("Swap approved")
        shift.save()
        _bump(roster)
    swap.status = SwapStatus.APPROVED if approve else SwapStatus.REFUSED
    swap.decided_by, swap.decided_at = by, timezone.now()
    if note:
        swap.note = note
    swap.save()
    people = [p.user for p in (swap.offered_by, swap.taken_by) if p and p.user_id]
    title = _("Your shift swap was approved") if approve else _("Your shift swap was refused")
    notify(
        users=people,
        topic=f"swap:{swap.pk}",
        title=title,
        url=reverse("staffing:my_shifts"),
        time_zone=roster.hall.time_zone,
    )
    return swap


@transaction.atomic
def swap_cancel(*, swap: ShiftSwap) -> ShiftSwap:
    if swap.status not in (SwapStatus.OFFERED, SwapStatus.ACCEPTED):
        raise ValidationError(_("This swap is already decided."))
    swap.status = SwapStatus.CANCELLED
    swap.save()
    return swap
