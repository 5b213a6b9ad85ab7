"""Complaints: record, change and handle them (writes), with the staff member on duty from the published roster.

Attribution (docs/customer-voice.md): the person on the published roster at the complaint's counter and time,
found by staffing's `on_duty` rule. Leaving the staff field on "as on the roster" keeps it so (and a changed
counter or time looks again); choosing someone else records it as set by hand. Every change is kept in the
complaint's history (django-simple-history), with who made it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from halls.models import Hall
from staffing.attribution import OnDuty, on_duty_at
from staffing.choices import Attribution
from staffing.models import StaffMember

from .choices import ComplaintStatus, ComplaintStepKind
from .models import COMPLAINTS_TOUCHPOINT_CODE, Complaint, ComplaintStep, Touchpoint

# The fields a person edits; hall, staff attribution, resolved time and author are set by the service.
EDITABLE = (
    "channel",
    "touchpoint",
    "category",
    "severity",
    "quality_gap",
    "root_cause",
    "standard",
    "occurred_at",
    "counter",
    "customer_tier",
    "customer_ref",
    "summary",
    "details",
    "status",
    "outcome",
    "resolution",
)
CLOSING = (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED)


def default_touchpoint() -> Touchpoint | None:
    """Complaints and objections (TP15): where most complaints are recorded."""
    return Touchpoint.objects.filter(code=COMPLAINTS_TOUCHPOINT_CODE).first()


def staff_on_duty(*, hall: Hall, counter: int | None, at: dt.datetime) -> tuple[OnDuty, StaffMember | None]:
    """Who the published roster had at that counter then (the answer and the person)."""
    answer = on_duty_at(hall_id=hall.pk, counter=counter, at=at)
    member = StaffMember.objects.filter(pk=answer.staff_id).first() if answer.staff_id else None
    return answer, member


def _validate(complaint: Complaint, staff: StaffMember | None) -> None:
    errors: dict[str, list[str]] = {}
    hall = complaint.hall
    if complaint.occurred_at and complaint.occurred_at > timezone.now() + dt.timedelta(minutes=10):
        errors.setdefault("occurred_at", []).append(_("This is in the future."))
    if complaint.counter is not None and not 1 <= complaint.counter <= hall.counters:
        errors.setdefault("counter", []).append(
            _("Hall %(hall)s has counters 1 to %(count)s.") % {"hall": hall.code, "count": hall.counters}
        )
    if staff is not None and staff.hall_id != hall.pk:
        errors.setdefault("staff", []).append(_("%(name)s does not work in this hall.") % {"name": staff.name})
    if complaint.status in CLOSING and not complaint.outcome:
        errors.setdefault("outcome", []).append(_("Give the outcome before resolving or closing the complaint."))
    if errors:
        raise ValidationError(errors)


def _attribute(complaint: Complaint, staff: StaffMember | None, from_roster: bool) -> None:
    answer, rostered = staff_on_duty(hall=complaint.hall, counter=complaint.counter, at=complaint.occurred_at)
    if from_roster:
        complaint.staff, complaint.staff_basis = rostered, answer.basis
    elif staff is not None and rostered is not None and staff.pk == rostered.pk:
        complaint.staff, complaint.staff_basis = staff, Attribution.ROSTER
    else:
        complaint.staff, complaint.staff_basis = staff, Attribution.MANUAL


@transaction.atomic
def complaint_save(
    *,
    fields: Mapping[str, Any],
    by: Any,
    hall: Hall | None = None,
    complaint: Complaint | None = None,
    staff: StaffMember | None = None,
    staff_from_roster: bool = True,
) -> Complaint:
    """Create (with `hall`) or change a complaint. `staff_from_roster`: take the person on the published roster
    at the counter and time (also after they change); otherwise `staff` (None for nobody) is set by hand."""
    if complaint is None:
        complaint = Complaint(hall=hall, created_by=by, touchpoint=default_touchpoint())
    was_closed = complaint.status in CLOSING
    for name in EDITABLE:
        if name in fields:
            setattr(complaint, name, fields[name])
    if complaint.touchpoint_id is None:
        complaint.touchpoint = default_touchpoint()
    _validate(complaint, staff)
    _attribute(complaint, staff, staff_from_roster)
    if complaint.status in CLOSING and not was_closed:
        complaint.resolved_at = timezone.now()
    elif complaint.status not in CLOSING:
        complaint.resolved_at = None
    complaint._history_user = by
    complaint.full_clean(exclude=["staff_basis"])
    complaint.save()
    return complaint


@transaction.atomic
def complaint_step_add(*, complaint: Complaint, kind: str, at: dt.datetime, note: str, by: Any) -> ComplaintStep:
    """Record a handling step. The first step puts an open complaint "being handled"."""
    errors: dict[str, list[str]] = {}
    if at > timezone.now() + dt.timedelta(minutes=10):
        errors["at"] = [_("This is in the future.")]
    elif at < complaint.occurred_at - dt.timedelta(minutes=1):
        errors["at"] = [_("A step cannot come before the complaint itself.")]
    if kind == ComplaintStepKind.NOTE and not note.strip():
        errors["note"] = [_("Write the note.")]
    if errors:
        raise ValidationError(errors)
    step = ComplaintStep.objects.create(complaint=complaint, kind=kind, at=at, note=note.strip(), by=by)
    if complaint.status == ComplaintStatus.OPEN:
        complaint.status = ComplaintStatus.IN_PROGRESS
        complaint._history_user = by
        complaint._change_reason = _("First handling step")
        try:
            complaint.save(update_fields=["status", "updated_at"])
        finally:
            del complaint._change_reason  # the reason is this save's only
    return step
