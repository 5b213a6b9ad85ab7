"""Leave: a staff member asks, the hall manager approves or refuses; approved leave blocks rostering."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import LeaveStatus
from ..models import LeaveRequest, Shift, StaffMember


@transaction.atomic
def leave_request(
    *, staff: StaffMember, first_day: dt.date, last_day: dt.date, kind: str, reason: str = ""
) -> LeaveRequest:
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day cannot come before the first day.")})
    leave = LeaveRequest(staff=staff, first_day=first_day, last_day=last_day, kind=kind, reason=reason)
    leave.full_clean()
    leave.save()
    return leave


@transaction.atomic
def leave_decide(*, leave: LeaveRequest, approve: bool, by: Any, note: str = "") -> LeaveRequest:
    """Approve or refuse; approving is refused while the person has shifts inside the leave."""
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    if leave.status != LeaveStatus.REQUESTED:
        raise ValidationError(_("This request was already decided."))
    if approve:
        clashes = Shift.objects.filter(staff=leave.staff, day__range=(leave.first_day, leave.last_day))
        if clashes.exists():
            days = ", ".join(f"{shift.day:%Y-%m-%d}" for shift in clashes)
            raise ValidationError(
                _("%(name)s already has shifts on %(days)s; move them before approving the leave.")
                % {"name": leave.staff.name, "days": days}
            )
    leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
    leave.decided_by = by
    leave.decided_at = timezone.now()
    leave.decision_note = note
    leave.save()
    return leave
