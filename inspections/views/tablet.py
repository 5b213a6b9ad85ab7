"""HTML views of inspections: the inspector's "today" list, the tablet checklist (one touchpoint per screen)
and an inspection's page with its scores, findings and corrective actions. Parse, call a service, render."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import require_perm
from halls.models import Hall

from .. import assignment_selectors, forms, selectors, services
from ..choices import InspectionKind
from ..models import CorrectiveAction, Finding, Inspection, TemplateVersion
from ..rules import SUBMIT_PERMISSION
from ..services.submission import SubmissionConflict
from . import assignments as assignment_views

# What the "today" list offers: the hall's own checks and a patrol (mystery shops are assigned, not chosen).
TODAY_KINDS = (InspectionKind.OPENING, InspectionKind.CLOSING, InspectionKind.FIVE_S, InspectionKind.PATROL)


def _current_versions(user: Any) -> list[TemplateVersion]:
    """The latest published version of each checklist in use that the user sees, of the kinds above."""
    latest: dict[int, TemplateVersion] = {}
    versions = (
        TemplateVersion.objects.visible_to(user)
        .filter(published_at__isnull=False, template__active=True, template__kind__in=TODAY_KINDS)
        .select_related("template")
        .order_by("template__kind", "template__name", "-number")
    )
    for version in versions:
        latest.setdefault(version.template_id, version)
    return list(latest.values())


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """Each hall the user inspects: today's checks (done, with their score, or to start)."""
    require_perm(request.user, "inspections.add_inspection")
    versions = _current_versions(request.user)
    halls = {hall.pk: hall for hall in Hall.objects.visible_to(request.user).select_related("region").order_by("code")}
    done = defaultdict(list)
    recent = (
        Inspection.objects.visible_to(request.user)
        .filter(hall__in=list(halls), submitted_at__gte=timezone.now() - dt.timedelta(hours=24), kind__in=TODAY_KINDS)
        .order_by("submitted_at")
    )
    for inspection in recent:
        hall = halls[inspection.hall_id]
        if inspection.submitted_at.astimezone(hall.tzinfo).date() == hall.local_now().date():
            done[hall.pk].append(inspection)
    rows = []
    for hall in halls.values():
        allowed = [
            version
            for version in versions
            if version.template.region_id in (None, hall.region_id)
            and request.user.has_perm(SUBMIT_PERMISSION[version.template.kind], hall)
        ]
        if allowed or done[hall.pk]:
            rows.append({"hall": hall, "versions": allowed, "done": done[hall.pk], "today": hall.local_now().date()})
    # Assignments due today (and missed ones) come first, each with the Start link that carries it.
    assigned = assignment_views.with_start_urls(request.user, assignment_selectors.assignments_to_do(user=request.user))
    context = {
        "rows": rows,
        "assigned": assigned,
        "can_see_assignments": request.user.has_perm("inspections.view_assignment"),
    }
    return render(request, "inspections/today.html", context)


def _form_context(version: TemplateVersion, hall: Hall, data: Any = None, errors: Any = None) -> dict[str, Any]:
    screens = forms.screens(version)
    for screen in screens:
        for item in screen.items:
            # What the inspector typed, to put back when the form comes back with errors.
            item.posted_value = (data or {}).get(f"item-{item.pk}", "")
            item.posted_na = (data or {}).get(f"na-{item.pk}") == "on"
            item.posted_comment = (data or {}).get(f"comment-{item.pk}", "")
    return {
        "hall": hall,
        "version": version,
        "screens": screens,
        "item_count": sum(len(screen.items) for screen in screens),
        "data": data or {},
        "errors": errors or [],
        "client_uuid": (data or {}).get("client_uuid") or uuid.uuid4(),
        "yes_no_choices": [("yes", _("Yes")), ("no", _("No")), ("na", _("N/A"))],
        "scale_values": [str(value) for value in range(6)],
    }


@login_required
def inspect(request: HttpRequest, hall: int, version: int) -> HttpResponse:
    """The checklist on a tablet: one touchpoint per screen; posting submits it (idempotent by the form's
    client UUID, so a double tap or a resend on weak Wi-Fi does not make two inspections)."""
    # Opened from an assignment (?assignment=<id>): that assignment's hall and kind, and it is the one fulfilled.
    assignment = assignment_views.requested_assignment(request)
    hall_obj = get_object_or_404(assignment_views.halls_to_inspect(request.user, assignment), pk=hall)
    version_obj = get_object_or_404(
        assignment_views.versions_to_inspect(request.user, assignment)
        .filter(published_at__isnull=False)
        .select_related("template"),
        pk=version,
    )
    require_perm(request.user, SUBMIT_PERMISSION[version_obj.template.kind], hall_obj)
    if request.method != "POST":
        return render(
            request, "inspections/form.html", {**_form_context(version_obj, hall_obj), "assignment": assignment}
        )

    items = list(version_obj.items.select_related("touchpoint"))
    parsed = forms.parse(items, request.POST, request.FILES)
    errors = list(parsed.errors)
    if not errors:
        try:
            with transaction.atomic():
                inspection, created = services.inspection_submit(
                    hall=hall_obj,
                    template_version=version_obj,
                    by=request.user,
                    client_uuid=request.POST.get("client_uuid"),
                    answers=parsed.answers,
                    comment=request.POST.get("comment", ""),
                    assignment=assignment,
                )
                if created:
                    for key, upload, item in parsed.photos:
                        services.photo_upload(
                            inspection=inspection, by=request.user, upload=upload, client_uuid=key, item=item
                        )
        except SubmissionConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("inspections:inspection_detail", pk=conflict.inspection.pk)
        except ValidationError as error:
            errors = [message for messages_ in error.message_dict.values() for message in messages_]
        else:
            messages.success(
                request,
                _("Inspection submitted: %(score)s.")
                % {"score": inspection.overall if inspection.overall is not None else _("no scored item")}
                if created
                else _("This inspection was already submitted."),
            )
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    context = {**_form_context(version_obj, hall_obj, data=request.POST, errors=errors), "assignment": assignment}
    return render(request, "inspections/form.html", context, status=400)


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection as the hall sees it: the score by touchpoint and dimension, each finding with its
    corrective action, every answer."""
    inspection = get_object_or_404(selectors.inspection_detail_list(user=request.user), pk=pk)
    require_perm(request.user, "inspections.view_inspection", inspection)
    findings = list(
        Finding.objects.filter(inspection=inspection)
        .select_related("touchpoint", "item", "photo")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=CorrectiveAction.objects.visible_to(request.user).select_related("owner", "owner_staff"),
            )
        )
        .order_by("item__order")
    )
    touchpoints = {}
    for answer in inspection.answers.all():
        touchpoints.setdefault(answer.item.touchpoint.code, answer.item.touchpoint)
    by_touchpoint = [
        {"touchpoint": tp, "score": inspection.by_touchpoint.get(code)}
        for code, tp in sorted(touchpoints.items(), key=lambda pair: pair[1].order)
    ]
    photos = defaultdict(list)
    for photo in inspection.photos.all():
        photos[photo.answer_id].append(reverse("photo-file", kwargs={"pk": photo.pk}))
    answers = [{"answer": answer, "photos": photos.get(answer.pk, [])} for answer in inspection.answers.all()]
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "by_touchpoint": by_touchpoint,
            "by_dimension": sorted(inspection.by_dimension.items()),
            "findings": findings,
            "answers": answers,
            "can_add_photos": request.user.has_perm("inspections.add_photo", inspection),
        },
    )


urlpatterns = [
    path("inspections/today/", today, name="today"),
    path("inspections/new/<int:hall>/<int:version>/", inspect, name="inspect"),
    path("inspections/<int:pk>/", inspection_detail, name="inspection_detail"),
]
