"""HTML views of the mystery-shop review and appeals: HQ's review queue and a visit's review page (correct an
answer with a reason, record the staff observed, publish), the hall manager's appeal form, the appeals list and an
appeal's page where HQ upholds or rejects. Parse, call inspections/services/reviews.py, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.pagination import paginate
from core.views import require_perm

from .. import reviews, selectors
from ..choices import AppealStatus, InspectionKind, InspectionStatus
from ..models import Appeal, Inspection
from ..review_forms import AppealForm, DecisionForm, ObservedStaffForm
from ..services import reviews as services


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


# --- HQ review ----------------------------------------------------------------------------------------------

# A visit waiting longer than this is shown in red in the queue: the hall should hear about it while it remembers.
LONG_WAIT = dt.timedelta(days=3)


def _waited(delta: dt.timedelta) -> str:
    if delta.days >= 1:
        return ngettext("%(count)s day", "%(count)s days", delta.days) % {"count": delta.days}
    hours = int(delta.total_seconds() // 3600)
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Mystery shops awaiting review in the user's regions, oldest first."""
    require_perm(request.user, "inspections.review_inspection")
    page = paginate(request, reviews.review_queue(user=request.user))
    now = timezone.now()
    for inspection in page:
        inspection.waited = _waited(now - inspection.submitted_at)
        inspection.long_wait = now - inspection.submitted_at > LONG_WAIT
    context = {"page_obj": page, "pending_appeals": reviews.pending_appeal_count(user=request.user)}
    return render(request, "inspections/reviews/queue.html", context)


def _reviewed(request: HttpRequest, pk: int) -> Inspection:
    inspection = get_object_or_404(reviews.review_detail_list(user=request.user), pk=pk)
    require_perm(request.user, "inspections.review_inspection", inspection)
    return inspection


def _review_context(request: HttpRequest, inspection: Inspection, **extra: Any) -> dict[str, Any]:
    groups = reviews.answers_by_touchpoint(inspection)
    failed = extra.pop("failed_correction", None)
    if failed:
        for group in groups:
            for row in group.rows:
                if str(row.answer.pk) == str(failed["answer"]):
                    row.errors, row.open = failed["errors"], True
                    row.current = failed["value"] if not failed["na"] else row.current
                    row.posted_na, row.posted_reason = failed["na"], failed["reason"]
    under_review = inspection.status == InspectionStatus.UNDER_REVIEW
    return {
        "inspection": inspection,
        "groups": groups,
        "failed_rows": [row for group in groups for row in group.rows if row.answer.passed is False],
        "timeline": reviews.timeline(inspection),
        "changes": list(reviews.score_changes(user=request.user, inspection=inspection)),
        "staff_form": extra.pop("staff_form", None) or ObservedStaffForm(inspection=inspection),
        "can_correct": under_review,
        "can_publish": under_review and request.user.has_perm("inspections.publish_inspection", inspection),
        "finding_count": inspection.findings.count(),
        "yes_no_choices": [("yes", _("Yes")), ("no", _("No"))],
        "scale_values": [str(value) for value in range(6)],
        **extra,
    }


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit as HQ reviews it: the shopper's timeline and waits, every answer with its score (each one
    correctable with a reason), the staff observed, the score history, and Publish."""
    inspection = _reviewed(request, pk)
    return render(request, "inspections/reviews/review.html", _review_context(request, inspection))


@login_required
@require_POST
def review_correct(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _reviewed(request, pk)
    answer = request.POST.get("answer", "")
    value = request.POST.get("value")
    not_applicable = request.POST.get("not_applicable") == "on"
    reason = request.POST.get("reason", "")
    try:
        change = services.inspection_correct(
            inspection=inspection,
            by=request.user,
            answer=answer,
            value=value,
            not_applicable=not_applicable,
            reason=reason,
        )
    except ValidationError as error:
        failed = {"answer": answer, "errors": _messages_of(error), "value": value or "", "na": not_applicable}
        failed["reason"] = reason
        context = _review_context(request, inspection, failed_correction=failed, errors=_messages_of(error))
        return render(request, "inspections/reviews/review.html", context, status=400)
    messages.success(
        request,
        _("Item %(item)s corrected: overall score %(old)s → %(new)s.")
        % {
            "item": change.item_code,
            "old": change.old_scores.get("overall") or "–",
            "new": change.new_scores.get("overall") or "–",
        },
    )
    return redirect(reverse("inspections:review", args=[inspection.pk]) + f"#answer-{change.answer_id}")


@login_required
@require_POST
def review_staff(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _reviewed(request, pk)
    form = ObservedStaffForm(request.POST, inspection=inspection)
    if form.is_valid():
        try:
            services.inspection_observed_staff_set(
                inspection=inspection, by=request.user, staff=form.cleaned_data["observed_staff"]
            )
        except ValidationError as error:
            form.add_error("observed_staff", _messages_of(error))
        else:
            messages.success(request, _("Staff observed saved."))
            return redirect(reverse("inspections:review", args=[inspection.pk]) + "#observed-staff")
    context = _review_context(request, inspection, staff_form=form)
    return render(request, "inspections/reviews/review.html", context, status=400)


@login_required
@require_POST
def review_publish(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _reviewed(request, pk)
    require_perm(request.user, "inspections.publish_inspection", inspection)
    try:
        services.inspection_publish(inspection=inspection, by=request.user)
    except ValidationError as error:
        context = _review_context(request, inspection, errors=_messages_of(error))
        return render(request, "inspections/reviews/review.html", context, status=400)
    messages.success(request, _("Published: the hall sees the visit now and its managers were told."))
    return redirect("inspections:review_queue")


# --- appeals -----------------------------------------------------------------------------------------------------


@login_required
def appeal_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The hall manager's appeal of a published mystery shop, open until the end of the 7th day after publication."""
    inspection = get_object_or_404(selectors.inspection_list(user=request.user), pk=pk)
    if inspection.kind != InspectionKind.MYSTERY_SHOP:
        raise Http404
    require_perm(request.user, "inspections.add_appeal", inspection)
    pending = inspection.appeals.filter(status=AppealStatus.PENDING).first()
    status = 200
    form = AppealForm(inspection=inspection)
    if request.method == "POST":
        form = AppealForm(request.POST, request.FILES, inspection=inspection)
        if form.is_valid():
            try:
                appeal = services.appeal_file(
                    inspection=inspection,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    answers=form.cleaned_data["answers"],
                    evidence_text=form.cleaned_data["evidence_text"],
                    evidence_photo=form.cleaned_data.get("evidence_photo"),
                )
            except ValidationError as error:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(request, _("Your appeal was sent to HQ. You will be told of the decision."))
                return redirect("inspections:appeal_detail", pk=appeal.pk)
        status = 400
    context = {
        "inspection": inspection,
        "form": form,
        "window_open": services.appeal_window_open(inspection),
        "last_day": services.appeal_last_day(inspection),
        "pending": pending,
    }
    return render(request, "inspections/reviews/appeal_form.html", context, status=status)


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    """Appeals the user sees: HQ decides the pending ones; a manager follows their halls' appeals."""
    require_perm(request.user, "inspections.view_appeal")
    appeals = reviews.appeal_list(user=request.user)
    status = request.GET.get("status", "")
    if status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    else:
        status = ""
    context = {
        "page_obj": paginate(request, appeals),
        "status": status,
        "statuses": AppealStatus.choices,
        "can_review": request.user.has_perm("inspections.review_inspection"),
        "pending_appeals": reviews.pending_appeal_count(user=request.user),
    }
    return render(request, "inspections/reviews/appeal_list.html", context)


def _appeal(request: HttpRequest, pk: int) -> Appeal:
    appeal = get_object_or_404(reviews.appeal_detail_list(user=request.user), pk=pk)
    require_perm(request.user, "inspections.view_appeal", appeal)
    return appeal


def _appeal_context(request: HttpRequest, appeal: Appeal, **extra: Any) -> dict[str, Any]:
    posted = extra.pop("posted", None)
    rows = []
    for answer in appeal.answers.all():
        row = reviews.AnswerRow(
            answer=answer,
            shown=reviews.shown_value(answer),
            current=reviews.current_value(answer),
            correctable=answer.item.answer_type != "photo",
            posted_na=reviews.is_not_applicable(answer),
        )
        if posted is not None:
            row.current = posted.get(f"value-{answer.pk}", row.current)
            row.posted_na = posted.get(f"na-{answer.pk}") == "on"
        rows.append(row)
    return {
        "appeal": appeal,
        "inspection": appeal.inspection,
        "rows": rows,
        "changes": list(reviews.score_changes(user=request.user, inspection=appeal.inspection).filter(appeal=appeal)),
        "can_decide": appeal.status == AppealStatus.PENDING
        and request.user.has_perm("inspections.decide_appeal", appeal),
        "uphold_form": extra.pop("uphold_form", None) or DecisionForm(prefix="uphold"),
        "reject_form": extra.pop("reject_form", None) or DecisionForm(prefix="reject"),
        "yes_no_choices": [("yes", _("Yes")), ("no", _("No"))],
        "scale_values": [str(value) for value in range(6)],
        **extra,
    }


@login_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _appeal(request, pk)
    return render(request, "inspections/reviews/appeal_detail.html", _appeal_context(request, appeal))


def _decision(request: HttpRequest, pk: int) -> Appeal:
    appeal = _appeal(request, pk)
    require_perm(request.user, "inspections.decide_appeal", appeal)
    return appeal


@login_required
@require_POST
def appeal_uphold(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _decision(request, pk)
    form = DecisionForm(request.POST, prefix="uphold")
    corrections = [
        {
            "answer": answer.pk,
            "value": request.POST.get(f"value-{answer.pk}"),
            "not_applicable": request.POST.get(f"na-{answer.pk}") == "on",
        }
        for answer in appeal.answers.all()
        # An answer left as it was (or a field left empty) is not a correction.
        if request.POST.get(f"value-{answer.pk}", "").strip() or f"na-{answer.pk}" in request.POST
    ]
    errors: list[str] = []
    if form.is_valid():
        try:
            services.appeal_uphold(
                appeal=appeal, by=request.user, reason=form.cleaned_data["reason"], corrections=corrections
            )
        except ValidationError as error:
            errors = _messages_of(error)
        else:
            messages.success(request, _("Appeal upheld: the visit was re-scored and the hall manager told."))
            return redirect("inspections:appeal_detail", pk=appeal.pk)
    context = _appeal_context(request, appeal, uphold_form=form, posted=request.POST, errors=errors)
    return render(request, "inspections/reviews/appeal_detail.html", context, status=400)


@login_required
@require_POST
def appeal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = _decision(request, pk)
    form = DecisionForm(request.POST, prefix="reject")
    errors: list[str] = []
    if form.is_valid():
        try:
            services.appeal_reject(appeal=appeal, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            errors = _messages_of(error)
        else:
            messages.success(request, _("Appeal rejected; the hall manager was told why."))
            return redirect("inspections:appeal_detail", pk=appeal.pk)
    context = _appeal_context(request, appeal, reject_form=form, errors=errors)
    return render(request, "inspections/reviews/appeal_detail.html", context, status=400)


urlpatterns = [
    path("inspections/review/", review_queue, name="review_queue"),
    path("inspections/<int:pk>/review/", review_page, name="review"),
    path("inspections/<int:pk>/review/correct/", review_correct, name="review_correct"),
    path("inspections/<int:pk>/review/staff/", review_staff, name="review_staff"),
    path("inspections/<int:pk>/publish/", review_publish, name="review_publish"),
    path("inspections/<int:pk>/appeal/", appeal_create, name="appeal_create"),
    path("inspections/appeals/", appeal_list, name="appeal_list"),
    path("inspections/appeals/<int:pk>/", appeal_detail, name="appeal_detail"),
    path("inspections/appeals/<int:pk>/uphold/", appeal_uphold, name="appeal_uphold"),
    path("inspections/appeals/<int:pk>/reject/", appeal_reject, name="appeal_reject"),
]
