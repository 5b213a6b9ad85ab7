"""Findings and their corrective actions, made from an inspection's failed items (closed-loop management).

Each failed item becomes a finding (touchpoint, severity, later its photo, gap and root cause) with one
corrective action owned by the hall's manager (see `hall_owner`), due in 1, 3, 7 or 14 days by severity.
The same item failing for the third time within 30 days in one hall marks the finding recurring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.roles import Role
from halls.models import Hall
from staffing.choices import Position
from staffing.models import StaffMember

from .. import scoring
from ..choices import DAYS_TO_FIX, Severity
from ..models import Answer, CorrectiveAction, Finding, Inspection, Item

RECURRING_WINDOW = dt.timedelta(days=30)
RECURRING_COUNT = 3  # this failure included


def hall_manager(hall: Hall) -> Any | None:
    """The hall's manager (the first active one when there are several), the default owner of its actions."""
    return (
        get_user_model()
        .objects.filter(role_assignments__role=Role.MANAGER, role_assignments__halls=hall, is_active=True)
        .order_by("pk")
        .first()
    )


def hall_owner(hall: Hall) -> tuple[Any | None, StaffMember | None]:
    """Who owns a hall's corrective actions by default: its manager's user account; in a hall whose manager
    has none, the staff member who is its hall manager (or else its duty manager)."""
    user = hall_manager(hall)
    if user is not None:
        return user, None
    managers = StaffMember.objects.filter(
        hall=hall, active=True, position__in=[Position.HALL_MANAGER, Position.DUTY_MANAGER]
    ).order_by("pk")
    ranked = sorted(managers, key=lambda member: member.position != Position.HALL_MANAGER)
    return None, (ranked[0] if ranked else None)


def due_date(severity: str, found_at: dt.datetime, hall: Hall) -> dt.date:
    """The hall's local date of the finding plus 1 (critical), 3 (high), 7 (medium) or 14 (low) days."""
    return found_at.astimezone(hall.tzinfo).date() + dt.timedelta(days=DAYS_TO_FIX[Severity(severity)])


def severity_of(item: Item) -> str:
    return Severity.CRITICAL if item.critical else item.severity


def answer_summary(item: Item, answer: Answer | None) -> str:
    if answer is None:
        return _("not answered")
    value = answer.value
    if item.answer_type == scoring.SCALE:
        return _("%(value)s of 5") % {"value": value}
    if item.answer_type == scoring.DURATION:
        return _("%(value)s s (at most %(max)s s)") % {"value": value, "max": item.max_seconds}
    if item.answer_type == scoring.NUMBER:
        return f"{value} {item.unit}".strip()
    if item.answer_type == scoring.YES_NO:
        return {"yes": _("yes"), "no": _("no")}.get(value, str(value))
    return _("not given") if not value else str(value)


def _recurring_item_codes(inspection: Inspection, codes: Iterable[str]) -> set[str]:
    """Codes of items that failed at least twice before in this hall in the 30 days up to this inspection."""
    since = inspection.submitted_at - RECURRING_WINDOW
    earlier = (
        Finding.objects.filter(
            hall=inspection.hall_id,
            item_code__in=sorted(set(codes)),
            item__version__template_id=inspection.template_version.template_id,
            found_at__gte=since,
            found_at__lte=inspection.submitted_at,
        )
        .exclude(inspection=inspection)
        .values("item_code")
        .annotate(times=Count("pk"))
    )
    return {row["item_code"] for row in earlier if row["times"] + 1 >= RECURRING_COUNT}


def findings_create(
    *,
    inspection: Inspection,
    items: Mapping[int, Item],
    answers: Mapping[int, Answer],
    failed: Iterable[scoring.ItemScore],
    by: Any,
) -> list[Finding]:
    """One finding and one corrective action per failed item, in five queries whatever their number (six in a
    hall whose manager has no user account)."""
    failed = list(failed)
    if not failed:
        return []
    hall = inspection.hall
    recurring = _recurring_item_codes(inspection, (items[f.item].code for f in failed))
    owner, owner_staff = hall_owner(hall)
    findings = []
    for result in failed:
        item, answer = items[result.item], answers.get(result.item)
        description = _("%(item)s: %(answer)s.") % {"item": item.text, "answer": answer_summary(item, answer)}
        if answer is not None and answer.comment:
            description += "\n" + answer.comment
        findings.append(
            Finding(
                inspection=inspection,
                hall=hall,
                item=item,
                answer=answer,
                item_code=item.code,
                touchpoint=item.touchpoint,
                severity=severity_of(item),
                description=description,
                recurring=item.code in recurring,
                found_at=inspection.submitted_at,
            )
        )
    Finding.objects.bulk_create(findings)
    actions = [
        CorrectiveAction(
            finding=finding,
            hall=hall,
            description=_("Put right: %(item)s") % {"item": finding.item.text},
            owner=owner,
            owner_staff=owner_staff,
            due_date=due_date(finding.severity, finding.found_at, hall),
        )
        for finding in findings
    ]
    bulk_create_with_history(actions, CorrectiveAction, default_user=by, default_change_reason=_("Found in inspection"))
    return findings


def finding_classify(
    *, finding: Finding, by: Any, quality_gap: str | None = None, root_cause: str | None = None
) -> Finding:
    """Record which service-quality gap a finding shows and its fishbone root cause (the issue log)."""
    from django.core.exceptions import PermissionDenied

    if not by.has_perm("inspections.classify_finding", finding):
        raise PermissionDenied(_("The hall's manager, an inspector of the hall or HQ classifies findings."))
    changed = []
    if quality_gap is not None:
        finding.quality_gap = quality_gap
        changed.append("quality_gap")
    if root_cause is not None:
        finding.root_cause = root_cause
        changed.append("root_cause")
    if changed:
        finding.full_clean()
        finding.save(update_fields=[*changed, "updated_at"])
    return finding
