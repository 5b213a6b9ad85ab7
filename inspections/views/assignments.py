"""HTML views of assignments and plans: the assignments page with completion (managers: their halls, never a
mystery visit; HQ: its regions, with filters), one assignment with HQ's actions (reassign, cancel), adding one
by hand, a completion export, and the inspection plan of each region. Also the helpers the tablet form uses to
start an assignment (`?assignment=<id>`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import csv_download
from core.pagination import paginate
from core.views import require_perm
from halls.models import Hall, Region

from .. import assignment_selectors as selectors
from ..assignment_filters import AssignmentFilter
from ..assignment_forms import AssignmentForm, CancelForm, PlanForm, ReassignForm
from ..choices import AssignmentStatus, InspectionKind
from ..models import Assignment, InspectionPlan, TemplateVersion
from ..services import assignments as services
from ..templatetags.assignment_tags import SHORT_KIND

# Columns of the completion summary, in the hall's order of the day.
COMPLETION_KINDS = (
    InspectionKind.OPENING,
    InspectionKind.CLOSING,
    InspectionKind.FIVE_S,
    InspectionKind.PATROL,
    InspectionKind.MYSTERY_SHOP,
)
WEAKEST_HALLS = 10
# Default order of the page: what needs attention first (missed, then coming up), then what is settled.
STATUS_RANK = Case(
    When(status=AssignmentStatus.OVERDUE, then=Value(0)),
    When(status=AssignmentStatus.SCHEDULED, then=Value(1)),
    When(status=AssignmentStatus.DONE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _month_param(request: HttpRequest) -> Any:
    """The query with the current month when none is given (an explicit empty month means every month)."""
    data = request.GET.copy()
    if "month" not in data:
        data["month"] = f"{timezone.localdate():%Y-%m}"
    return data


def _completion_rows(
    by_hall: dict[int, dict[str, selectors.Completion]], kinds: list[str], limit: int | None
) -> list[dict[str, Any]]:
    """Halls with their completion per kind, the weakest first."""
    totals = {hall_id: sum(cells.values(), selectors.Completion()) for hall_id, cells in by_hall.items()}
    order = sorted(
        (hall_id for hall_id in by_hall if totals[hall_id].counted),
        key=lambda hall_id: (totals[hall_id].rate, -totals[hall_id].counted, hall_id),
    )
    if limit is not None:
        order = order[:limit]
    halls = Hall.objects.in_bulk(order)
    return [
        {
            "hall": halls[hall_id],
            "cells": [by_hall[hall_id].get(kind, selectors.Completion()) for kind in kinds],
            "total": totals[hall_id],
        }
        for hall_id in order
    ]


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    """Assignments the user may see, filtered and paginated, with completion for the same filter."""
    require_perm(request.user, "inspections.view_assignment")
    data = _month_param(request)
    base = selectors.assignment_list(user=request.user).alias(rank=STATUS_RANK).order_by("rank", "due_at", "pk")
    filterset = AssignmentFilter(data, queryset=base, request=request)
    page = paginate(request, filterset.qs)
    # Completion counts done and overdue whatever the status filter says.
    counting = AssignmentFilter(
        {key: value for key, value in data.items() if key not in ("status", "ordering", "page")},
        queryset=Assignment.objects.visible_to(request.user),
        request=request,
    ).qs
    by_kind = selectors.completion_by_kind(counting)
    kinds = [kind for kind in COMPLETION_KINDS if kind in by_kind]
    context = {
        "filter": filterset,
        "page_obj": page,
        "now": timezone.now(),
        "completion": [(SHORT_KIND[kind], by_kind[kind]) for kind in kinds],
        "completion_total": sum(by_kind.values(), selectors.Completion()),
        "completion_kinds": [SHORT_KIND[kind] for kind in kinds],
        "weakest": _completion_rows(selectors.completion_by_hall(counting), kinds, WEAKEST_HALLS),
        "export_query": data.urlencode(),
        "can_add": request.user.has_perm("inspections.add_assignment"),
        "can_plan": request.user.has_perm("inspections.view_inspectionplan"),
    }
    return render(request, "inspections/assignments/list.html", context)


@login_required
def completion_export(request: HttpRequest) -> HttpResponse:
    """Completion per hall and kind for the page's filter, as CSV (every hall, not only the weakest)."""
    require_perm(request.user, "inspections.view_assignment")
    data = _month_param(request)
    filterset = AssignmentFilter(
        {key: value for key, value in data.items() if key not in ("status", "ordering", "page")},
        queryset=Assignment.objects.visible_to(request.user),
        request=request,
    )
    if not filterset.is_valid():
        return HttpResponse("\n".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()), status=400)
    by_hall = selectors.completion_by_hall(filterset.qs)
    kinds = [kind for kind in COMPLETION_KINDS if any(kind in cells for cells in by_hall.values())]
    rows = _completion_rows(by_hall, kinds, None)
    month = data.get("month") or "all"
    response, writer = csv_download(f"assignment-completion-{month}.csv")
    header = [_("Hall"), _("Name")]
    for kind in kinds:
        label = InspectionKind(kind).label
        header += [f"{label}: {_('done')}", f"{label}: {_('overdue')}", f"{label}: %"]
    writer.writerow([*header, _("All: done"), _("All: overdue"), _("All: %")])
    for row in rows:
        line = [row["hall"].code, row["hall"].name]
        for cell in [*row["cells"], row["total"]]:
            line += [cell.done, cell.overdue, "" if cell.rate is None else cell.rate]
        writer.writerow(line)
    return response


def _visible(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_object_or_404(selectors.assignment_list(user=request.user), pk=pk)
    require_perm(request.user, "inspections.view_assignment", assignment)
    return assignment


def _detail(request: HttpRequest, assignment: Assignment, **forms: Any) -> HttpResponse:
    can_change = request.user.has_perm("inspections.change_assignment", assignment) and assignment.is_open()
    can_reassign = can_change and assignment.kind not in InspectionKind.self_inspections()
    candidates = services.eligible_assignees(hall=assignment.hall, kind=assignment.kind)
    version = selectors.start_versions([assignment.template_id]).get(assignment.template_id)
    context = {
        "assignment": assignment,
        "now": timezone.now(),
        "can_change": can_change,
        "can_reassign": can_reassign,
        "reassign_form": forms.get("reassign_form")
        or ReassignForm(candidates=candidates, initial={"assignee": assignment.assignee_id}),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "start_url": _start_url(assignment, version) if version and _may_start(request.user, assignment) else "",
    }
    # What refused the request as a whole (a cancelled assignment cannot change), shown above the forms.
    context["errors"] = [error for form in forms.values() for error in form.non_field_errors()]
    status = 400 if forms else 200
    return render(request, "inspections/assignments/detail.html", context, status=status)


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@login_required
@require_POST
def assignment_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    require_perm(request.user, "inspections.change_assignment", assignment)
    form = ReassignForm(
        request.POST, candidates=services.eligible_assignees(hall=assignment.hall, kind=assignment.kind)
    )
    if form.is_valid():
        try:
            services.assignment_reassign(assignment=assignment, assignee=form.cleaned_data["assignee"], by=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Assignment given to %(user)s.") % {"user": form.cleaned_data["assignee"]})
            return redirect("inspections:assignment_detail", pk=assignment.pk)
    return _detail(request, assignment, reassign_form=form)


@login_required
@require_POST
def assignment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible(request, pk)
    require_perm(request.user, "inspections.change_assignment", assignment)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_cancel(assignment=assignment, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Assignment cancelled."))
            return redirect("inspections:assignment_detail", pk=assignment.pk)
    return _detail(request, assignment, cancel_form=form)


@login_required
def assignment_add(request: HttpRequest) -> HttpResponse:
    """HQ adds an assignment by hand (an extra patrol after complaints, a visit to follow up a finding)."""
    require_perm(request.user, "inspections.add_assignment")
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            start, due = form.window()
            try:
                assignment = services.assignment_add(
                    by=request.user,
                    hall=form.cleaned_data["hall"],
                    kind=form.cleaned_data["kind"],
                    window_start=start,
                    due_at=due,
                    assignee=form.cleaned_data["assignee"],
                    scenario=form.cleaned_data["scenario"],
                )
            except ValidationError as error:
                _apply_errors(form, _rename(error, {"due_at": "ends", "window_start": "starts"}))
            else:
                messages.success(request, _("Assignment added."))
                return redirect("inspections:assignment_detail", pk=assignment.pk)
        return render(request, "inspections/assignments/form.html", {"form": form}, status=400)
    return render(request, "inspections/assignments/form.html", {"form": form})


def _rename(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service names model fields; the form names what the user typed in."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(name, name): errors for name, errors in error.error_dict.items()})


# --- plans ----------------------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "inspections.view_inspectionplan")
    default = selectors.default_plan()
    context = {
        "regions": selectors.plan_regions(user=request.user),
        "default": default,
        "can_edit_default": default is not None and request.user.has_perm("inspections.change_inspectionplan", default),
    }
    return render(request, "inspections/assignments/plan_list.html", context)


def _plan_page(request: HttpRequest, plan: InspectionPlan, region: Region | None) -> HttpResponse:
    require_perm(request.user, "inspections.change_inspectionplan", plan)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.fields}
            try:
                services.plan_save(plan=plan, fields=fields, by=request.user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Inspection plan saved. It applies to assignments planned from now on."))
                return redirect("inspections:plan_list")
        return render(request, "inspections/assignments/plan_form.html", {"form": form, "region": region}, status=400)
    return render(request, "inspections/assignments/plan_form.html", {"form": form, "region": region})


@login_required
def plan_edit(request: HttpRequest, region: int) -> HttpResponse:
    """A region's plan; a region without one starts from the default and gets its own when saved."""
    region_obj = get_object_or_404(Region.objects.visible_to(request.user), pk=region)
    return _plan_page(request, services.plan_for_region(region_obj), region_obj)


@login_required
def plan_default_edit(request: HttpRequest) -> HttpResponse:
    plan = selectors.default_plan()
    if plan is None:
        raise Http404
    return _plan_page(request, plan, None)


# --- starting an assignment on the tablet ----------------------------------------------------------------------


def _may_start(user: Any, assignment: Assignment) -> bool:
    return assignment.is_open() and assignment.assignee_id in (None, user.pk)


def _start_url(assignment: Assignment, version: TemplateVersion) -> str:
    url = reverse("inspections:inspect", args=[assignment.hall_id, version.pk])
    return f"{url}?assignment={assignment.pk}"


def with_start_urls(user: Any, assignments: list[Assignment]) -> list[Assignment]:
    """Each assignment with `start_url` (empty when its checklist has no published version)."""
    versions = selectors.start_versions(a.template_id for a in assignments)
    for assignment in assignments:
        version = versions.get(assignment.template_id)
        assignment.start_version = version
        assignment.start_url = _start_url(assignment, version) if version and _may_start(user, assignment) else ""
    return assignments


def requested_assignment(request: HttpRequest) -> Assignment | None:
    """The assignment a tablet form was opened for (`?assignment=<id>`): 404 when the user cannot see it, 403
    when it is given to someone else."""
    raw = request.GET.get("assignment") or request.POST.get("assignment")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user).select_related("hall"), pk=pk)
    if assignment.assignee_id not in (None, request.user.pk):
        raise PermissionDenied
    return assignment


def halls_to_inspect(user: Any, assignment: Assignment | None) -> QuerySet[Hall]:
    """The halls a tablet form may be opened for: the user's, or the hall of the assignment (a shopper sees no
    hall data but visits the hall of their assignment)."""
    if assignment is None:
        return Hall.objects.visible_to(user)
    return Hall.objects.filter(pk=assignment.hall_id)


def versions_to_inspect(user: Any, assignment: Assignment | None) -> QuerySet[TemplateVersion]:
    """Checklist versions a form may be opened with: those the user sees or, for an assignment, its kind's."""
    visible = TemplateVersion.objects.visible_to(user)
    if assignment is None:
        return visible
    return (visible | TemplateVersion.objects.filter(template=assignment.template_id)).filter(
        template__kind=assignment.kind
    )


urlpatterns = [
    path("inspections/assignments/", assignment_list, name="assignment_list"),
    path("inspections/assignments/new/", assignment_add, name="assignment_add"),
    path("inspections/assignments/completion.csv", completion_export, name="assignment_completion_csv"),
    path("inspections/assignments/<int:pk>/", assignment_detail, name="assignment_detail"),
    path("inspections/assignments/<int:pk>/reassign/", assignment_reassign, name="assignment_reassign"),
    path("inspections/assignments/<int:pk>/cancel/", assignment_cancel, name="assignment_cancel"),
    path("inspections/plans/", plan_list, name="plan_list"),
    path("inspections/plans/default/", plan_default_edit, name="plan_default_edit"),
    path("inspections/plans/<int:region>/", plan_edit, name="plan_edit"),
]
