"""A complaint that shows a standard was broken becomes a finding with a corrective action (issue #5).

The finding copies the complaint's hall, touchpoint, quality gap and root cause; its severity is chosen when it
is opened (the complaint's own by default). The action is due 1, 3, 7 or 14 days (by severity) after the day it
is opened, in the hall's time: the hall cannot fix a complaint before it has heard of it. One complaint makes
at most one finding: asking again returns the first one and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scoping import get_scope
from touchpoints.models import Complaint

from ..choices import Severity
from ..models import CorrectiveAction, Finding
from .findings import due_date, hall_owner

MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class ComplaintFinding:
    finding: Finding
    action: CorrectiveAction
    created: bool


def _check_owner(owner: Any, complaint: Complaint) -> None:
    scope = get_scope(owner)
    hall = complaint.hall
    if not (scope.is_admin or hall.pk in scope.hall_ids or hall.region_id in scope.region_ids):
        raise ValidationError(
            {"owner": _("%(name)s holds no role in hall %(hall)s.") % {"name": owner.username, "hall": hall.code}}
        )


@transaction.atomic
def finding_from_complaint(
    *,
    complaint: Complaint,
    by: Any,
    severity: str | None = None,
    description: str = "",
    owner: Any | None = None,
) -> ComplaintFinding:
    """The complaint's finding and its corrective action, made now or (when they exist) as they are."""
    if not by.has_perm("inspections.open_complaint_action", complaint):
        raise PermissionDenied(_("The hall's manager or HQ opens a corrective action for a complaint."))
    # Lock the complaint: two clicks at once make one finding.
    Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
    existing = Finding.objects.filter(complaint=complaint).first()
    if existing is not None:
        return ComplaintFinding(existing, existing.actions.order_by("pk").first(), created=False)

    severity = severity or complaint.severity
    errors: dict[str, str] = {}
    if severity not in Severity.values:
        errors["severity"] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(Severity.values)}
    description = (description or "").strip() or complaint.summary
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("At most %(count)s characters.") % {"count": MAX_DESCRIPTION}
    if owner is not None:
        if not getattr(owner, "is_active", False):
            errors["owner"] = _("This person's account is not active.")
        else:
            try:
                _check_owner(owner, complaint)
            except ValidationError as error:
                errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)

    hall = complaint.hall
    now = timezone.now()
    finding = Finding.objects.create(
        complaint=complaint,
        hall=hall,
        touchpoint_id=complaint.touchpoint_id,
        severity=severity,
        description=description,
        quality_gap=complaint.quality_gap,
        root_cause=complaint.root_cause,
        found_at=complaint.occurred_at,
    )
    owner_staff = None
    if owner is None:
        owner, owner_staff = hall_owner(hall)
    action = CorrectiveAction(
        finding=finding,
        hall=hall,
        description=_("Put right what complaint %(ref)s shows: %(summary)s")
        % {"ref": complaint.reference, "summary": complaint.summary},
        owner=owner,
        owner_staff=owner_staff,
        due_date=due_date(severity, now, hall),
    )
    action._history_user = by
    action._change_reason = _("Opened from a complaint")
    action.save()
    return ComplaintFinding(finding, action, created=True)
