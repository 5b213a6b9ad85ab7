"""Leave: a staff member asks, the hall manager approves or refuses; approved leave blocks rostering."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications import notify
from core.roles import Role

from ..choices import LeaveStatus
from ..models import LeaveRequest, Shift, StaffMember

OPEN_STATUSES = (LeaveStatus.REQUESTED, LeaveStatus.APPROVED)


@transaction.atomic
def leave_request(
    *, staff: StaffMember, first_day: dt.date, last_day: dt.date, kind: str, reason: str = ""
) -> LeaveRequest:
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day cannot come before the first day.")})
    overlapping = LeaveRequest.objects.filter(
        staff=staff, status__in=OPEN_STATUSES, first_day__lte=last_day, last_day__gte=first_day
    ).first()
    if overlapping:
        raise ValidationError(
            {
                "first_day": _("%(name)s already has leave from %(first)s to %(last)s (%(status)s).")
                % {
                    "name": staff.name,
                    "first": f"{overlapping.first_day:%Y-%m-%d}",
                    "last": f"{overlapping.last_day:%Y-%m-%d}",
                    "status": overlapping.get_status_display(),
                }
            }
        )
    leave = LeaveRequest(staff=staff, first_day=first_day, last_day=last_day, kind=kind, reason=reason)
    leave.full_clean()
    leave.save()
    _tell_managers(staff)
    return leave


def _tell_managers(staff: StaffMember) -> None:
    hall = staff.hall
    managers = [a.user for a in hall.role_assignments.filter(role=Role.MANAGER).select_related("user")]
    notify(
        users=managers,
        topic=f"leave:{hall.pk}",
        title=_("Leave requests are waiting for your decision"),
        url=f"{reverse('staffing:leave_list')}?hall={hall.pk}",
        time_zone=hall.time_zone,
    )


@transaction.atomic
def leave_decide(*, leave: LeaveRequest, approve: bool, by: Any, note: str = "") -> LeaveRequest:
    """Approve or refuse; approving is refused while the person has shifts inside the leave."""
    leave = LeaveRequest.objects.select_for_update().select_related("staff__hall").get(pk=leave.pk)
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
    if leave.staff.user_id:
        message = (
            _("Your leave from %(first)s to %(last)s was approved.")
            if approve
            else _("Your leave from %(first)s to %(last)s was refused.")
        )
        notify(
            users=[leave.staff.user],
            topic=f"leave-decided:{leave.pk}",
            title=message % {"first": f"{leave.first_day:%Y-%m-%d}", "last": f"{leave.last_day:%Y-%m-%d}"},
            body=note,
            url=reverse("staffing:leave_mine"),
            time_zone=leave.staff.hall.time_zone,
        )
    return leave


@transaction.atomic
def leave_cancel(*, leave: LeaveRequest) -> LeaveRequest:
    """Withdraw a request that has not been decided yet."""
    leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
    if leave.status != LeaveStatus.REQUESTED:
        raise ValidationError(_("Only a request that is still waiting can be withdrawn."))
    leave.status = LeaveStatus.CANCELLED
    leave.save()
    return leave
