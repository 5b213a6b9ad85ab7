"""HTML pages of the closed loop (闭环管理): the issue log of findings, each role's list of corrective actions,
and an action's page where the hall starts it and marks it done with evidence, an inspector verifies or
reopens it, and the finding gets its service-quality gap and root cause. Parse, call a service, render.

Out of scope answers 404 (the object does not exist for the user), a step the role lacks answers 403; bad
input comes back with what was typed and the field named (400), and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import paginate
from core.views import require_perm

from .. import closed_loop, services
from ..action_forms import ActionDoneForm, ActionReopenForm, FindingClassifyForm, add_service_errors
from ..filters import CorrectiveActionFilter, FindingFilter
from ..models import CorrectiveAction, Finding
from ..services.actions import PERMISSION
from ..services.findings import answer_summary

# The marker the action list's filter form sends: without it the list shows the user's default view.
FILTERED = "f"


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    """The issue log: every finding the user sees, filtered, sorted and paginated on the server."""
    require_perm(request.user, "inspections.view_finding")
    filterset = FindingFilter(request.GET, queryset=closed_loop.finding_log(user=request.user), request=request)
    page = paginate(request, filterset.qs)
    findings = closed_loop.describe(list(page))
    closed_loop.mark_due([action for finding in findings for action in finding.actions.all()])
    return render(request, "inspections/finding_list.html", {"filter": filterset, "page_obj": page})


def _action_filter_data(request: HttpRequest) -> tuple[Any, closed_loop.DefaultView | None]:
    """The query, with the user's default view filled in until they use the filter form themselves."""
    data = request.GET.copy()
    if FILTERED in data:
        return data, None
    default = closed_loop.default_view(request.user)
    for key, value in default.data.items():
        if key not in data:
            data.setlist(key, value if isinstance(value, list) else [value])
    data.setdefault("ordering", default.ordering)
    return data, default


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Corrective actions: by default the user's own work (see closed_loop.default_view)."""
    require_perm(request.user, "inspections.view_correctiveaction")
    data, default = _action_filter_data(request)
    filterset = CorrectiveActionFilter(data, queryset=closed_loop.action_worklist(user=request.user), request=request)
    page = paginate(request, filterset.qs)
    closed_loop.mark_due(list(page))
    context = {"filter": filterset, "page_obj": page, "default": default, "filtered_marker": FILTERED}
    return render(request, "inspections/action_list.html", context)


def _action(request: HttpRequest, pk: int, perm: str = "inspections.view_correctiveaction") -> CorrectiveAction:
    action = closed_loop.action_get(user=request.user, pk=pk)
    if action is None:
        raise Http404
    require_perm(request.user, perm, action)
    return action


def _render_action(
    request: HttpRequest,
    action: CorrectiveAction,
    *,
    status: int = 200,
    errors: list[str] | None = None,
    done_form: ActionDoneForm | None = None,
    reopen_form: ActionReopenForm | None = None,
    classify_form: FindingClassifyForm | None = None,
) -> HttpResponse:
    user = request.user
    finding = action.finding
    finding_visible = Finding.objects.visible_to(user).filter(pk=finding.pk).exists()
    answer = finding.answer
    answer_photos = list(answer.photos.order_by("pk")) if answer is not None else []
    visible = closed_loop.visible_photo_ids(user, [*answer_photos, finding.photo, action.evidence_photo])
    photos = [photo for photo in answer_photos if photo.pk in visible]
    if finding.photo is not None and finding.photo.pk in visible and finding.photo not in photos:
        photos.insert(0, finding.photo)
    closed_loop.mark_due([action])
    timeline, told_from_dates = closed_loop.timeline(action)
    context = {
        "action": action,
        "finding": finding,
        "answer": answer,
        "answer_text": answer_summary(finding.item, answer),
        "photos": photos,
        "hidden_photos": bool(answer_photos or finding.photo) and not photos,
        "evidence_photo_visible": action.evidence_photo_id in visible,
        "finding_visible": finding_visible,
        "owner": closed_loop.owner_name(action),
        "timeline": timeline,
        "timeline_told_from_dates": told_from_dates,
        "steps": closed_loop.steps_allowed(action, user),
        "own_fix": action.done_by_id is not None and action.done_by_id == user.pk,
        "can_classify": finding_visible and user.has_perm("inspections.classify_finding", finding),
        "errors": errors or [],
        "done_form": done_form or ActionDoneForm(),
        "reopen_form": reopen_form or ActionReopenForm(),
        "classify_form": classify_form
        or FindingClassifyForm(initial={"quality_gap": finding.quality_gap, "root_cause": finding.root_cause}),
    }
    return render(request, "inspections/action_detail.html", context, status=status)


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_action(request, _action(request, pk))


def _done(request: HttpRequest, action: CorrectiveAction, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("inspections:action_detail", pk=action.pk)


def _state_errors(error: ValidationError) -> list[str]:
    """A refused step (e.g. verifying an action nobody marked done yet): the message for the top of the page."""
    return list(error.messages)


@login_required
@require_POST
def action_start(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, PERMISSION["start"])
    try:
        services.action_start(action=action, by=request.user)
    except ValidationError as error:
        return _render_action(request, action, status=400, errors=_state_errors(error))
    return _done(request, action, _("Started: the corrective action is in progress."))


@login_required
@require_POST
def action_mark_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, PERMISSION["done"])
    form = ActionDoneForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.action_done(
                action=action,
                by=request.user,
                evidence_text=form.cleaned_data["evidence_text"],
                evidence_photo=form.cleaned_data["evidence_photo"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, action, _("Marked done: an inspector will verify the fix."))
    return _render_action(request, action, status=400, done_form=form)


@login_required
@require_POST
def action_verify(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, PERMISSION["verify"])
    try:
        services.action_verify(action=action, by=request.user)
    except ValidationError as error:
        return _render_action(request, action, status=400, errors=_state_errors(error))
    return _done(request, action, _("Verified: the fix held."))


@login_required
@require_POST
def action_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, PERMISSION["reopen"])
    form = ActionReopenForm(request.POST)
    if form.is_valid():
        try:
            services.action_reopen(action=action, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, action, _("Reopened: the action is back with the hall."))
    return _render_action(request, action, status=400, reopen_form=form)


@login_required
@require_POST
def finding_classify(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a finding's service-quality gap and root cause, from its action's page."""
    finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    require_perm(request.user, "inspections.classify_finding", finding)
    action = closed_loop.action_worklist(user=request.user).filter(finding=finding).order_by("pk").first()
    form = FindingClassifyForm(request.POST)
    if form.is_valid():
        try:
            services.finding_classify(
                finding=finding,
                by=request.user,
                quality_gap=form.cleaned_data["quality_gap"],
                root_cause=form.cleaned_data["root_cause"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Finding classified."))
            if action is None:
                return redirect(_findings_of_hall(finding))
            return redirect("inspections:action_detail", pk=action.pk)
    if action is None:
        # A finding without an action the user sees: no page to show the form on again.
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(_findings_of_hall(finding))
    action = closed_loop.action_get(user=request.user, pk=action.pk)
    return _render_action(request, action, status=400, classify_form=form)


def _findings_of_hall(finding: Finding) -> str:
    return f"{reverse('inspections:finding_list')}?hall={finding.hall_id}"


urlpatterns = [
    path("inspections/findings/", finding_list, name="finding_list"),
    path("inspections/findings/<int:pk>/classify/", finding_classify, name="finding_classify"),
    path("inspections/actions/", action_list, name="action_list"),
    path("inspections/actions/<int:pk>/", action_detail, name="action_detail"),
    path("inspections/actions/<int:pk>/start/", action_start, name="action_start"),
    path("inspections/actions/<int:pk>/done/", action_mark_done, name="action_done"),
    path("inspections/actions/<int:pk>/verify/", action_verify, name="action_verify"),
    path("inspections/actions/<int:pk>/reopen/", action_reopen, name="action_reopen"),
]
