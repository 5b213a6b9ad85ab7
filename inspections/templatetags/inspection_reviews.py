"""The review section of an inspection's page: review status, the score history and the appeals with their
decisions, and what the user may do next (review, appeal). `{% load inspection_reviews %}{% review_section
inspection %}` in templates/inspections/detail.html; nothing for inspections that are not mystery shops."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..choices import AppealStatus, InspectionKind, InspectionStatus
from ..reviews import appeals_of, score_changes
from ..services.reviews import appeal_last_day, appeal_window_open

register = template.Library()


@register.inclusion_tag("inspections/_review.html", takes_context=True)
def review_section(context: template.Context, inspection: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or inspection.kind != InspectionKind.MYSTERY_SHOP:
        return {"show": False}
    appeals = appeals_of(user=user, inspection=inspection) if user.has_perm("inspections.view_appeal") else []
    pending = any(appeal.status == AppealStatus.PENDING for appeal in appeals)
    may_appeal = user.has_perm("inspections.add_appeal", inspection)
    window_open = appeal_window_open(inspection, timezone.now())
    return {
        "show": True,
        "request": request,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "inspection": inspection,
        "changes": list(score_changes(user=user, inspection=inspection)),
        "appeals": appeals,
        "can_review": inspection.status == InspectionStatus.UNDER_REVIEW
        and user.has_perm("inspections.review_inspection", inspection),
        "can_appeal": may_appeal and not pending and window_open,
        "window_open": window_open,
        "last_day": appeal_last_day(inspection) if may_appeal else None,
    }
