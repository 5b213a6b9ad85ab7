"""The inspection list (filter, sort, paginate on the server) and its exports: inspections as CSV or XLSX,
and the findings behind them as an issue log. The page and its exports share one filter, one sort and the
user's scope, so a download holds exactly the rows the page lists (all pages of them)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path, re_path
from django.views.decorators.http import require_GET

from core.pagination import paginate
from core.views import require_perm

from .. import exports, selectors
from ..filters import FindingFilter, InspectionFilter
from ..models import Finding

# ?ordering= value -> model field; a leading "-" sorts descending. The newest first by default.
SORTS = {
    "submitted": "submitted_at",
    "hall": "hall__code",
    "kind": "kind",
    "checklist": "template_version__template__name",
    "inspector": "inspector__username",
    "overall": "overall",
    "findings": "finding_count",
    "status": "status",
}
DEFAULT_SORT = "-submitted"
# Shown as date pickers on the page; the FilterSet also takes full ISO date-times, as the API does.
DATE_FIELDS = ("submitted_after", "submitted_before")


def _ordering(request: HttpRequest) -> list[Any]:
    requested = request.GET.get("ordering") or DEFAULT_SORT
    field = SORTS.get(requested.lstrip("-"))
    if field is None:
        requested, field = DEFAULT_SORT, SORTS[DEFAULT_SORT.lstrip("-")]
    descending = requested.startswith("-")
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return [expression, "-pk" if descending else "pk"]


def _filtered_inspections(request: HttpRequest) -> tuple[InspectionFilter, QuerySet]:
    queryset = selectors.inspection_list(user=request.user).annotate(finding_count=exports.finding_count_subquery())
    filterset = InspectionFilter(request.GET, queryset=queryset, request=request)
    for name in DATE_FIELDS:
        filterset.form.fields[name].widget.input_type = "date"
    return filterset, filterset.qs.order_by(*_ordering(request))


def _hall_code(filterset: Any) -> str | None:
    """The hall the list is narrowed to (for the file name), when the filter names one."""
    if filterset.is_valid():
        hall = filterset.form.cleaned_data.get("hall")
        return hall.code if hall else None
    return None


def _bad_filter(request: HttpRequest, filterset: Any) -> bool:
    """Queue a message per invalid filter field (naming it); True when there was one."""
    if filterset.is_valid():
        return False
    for field, errors in filterset.form.errors.items():
        label = filterset.form.fields[field].label if field in filterset.form.fields else field
        messages.error(request, f"{label}: {' '.join(errors)}")
    return True


def _list_page(request: HttpRequest, status: int = 200) -> HttpResponse:
    filterset, queryset = _filtered_inspections(request)
    page = paginate(request, queryset)
    query = request.GET.copy()
    query.pop("page", None)
    # The issue log of the same hall and period (the findings filter names the dates after the finding).
    findings = QueryDict(mutable=True)
    for ours, theirs in (("hall", "hall"), ("submitted_after", "found_after"), ("submitted_before", "found_before")):
        if request.GET.get(ours):
            findings[theirs] = request.GET[ours]
    context = {
        "filter": filterset,
        "page_obj": page,
        "export_query": query.urlencode(),
        "finding_query": findings.urlencode(),
    }
    return render(request, "inspections/inspection_list.html", context, status=status)


@login_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    """Inspections the user may see, newest first: hall time, hall, kind, checklist, inspector, score,
    findings, status; with links to download the same rows."""
    require_perm(request.user, "inspections.view_inspection")
    return _list_page(request)


@login_required
@require_GET
def inspection_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as CSV (streamed) or XLSX: one row per inspection with its scores. A bad filter
    (or a hall outside the user's scope) answers 400 with the list page naming the field."""
    require_perm(request.user, "inspections.view_inspection")
    filterset, queryset = _filtered_inspections(request)
    if _bad_filter(request, filterset):
        return _list_page(request, status=400)
    table = exports.inspection_table(queryset, viewer=request.user, hall_code=_hall_code(filterset))
    return _respond(request, table, fmt, queryset)


@login_required
@require_GET
def finding_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The issue log: findings the user may see, filtered like the findings list (FindingFilter)."""
    require_perm(request.user, "inspections.view_finding")
    scoped = Finding.objects.visible_to(request.user)
    filterset = FindingFilter(request.GET, queryset=scoped, request=request)
    if _bad_filter(request, filterset):
        return _list_page(request, status=400)
    queryset = exports.finding_queryset(filterset.qs, request.user).order_by("-found_at", "pk")
    table = exports.finding_table(queryset, hall_code=_hall_code(filterset))
    return _respond(request, table, fmt, queryset)


def _respond(request: HttpRequest, table: exports.Table, fmt: str, queryset: QuerySet) -> HttpResponse:
    if fmt == "csv":
        return exports.csv_response(table)
    try:
        return exports.xlsx_response(table, queryset.count())
    except exports.TooManyRows as refusal:
        messages.error(request, str(refusal))
        return _list_page(request, status=400)


urlpatterns = [
    path("inspections/", inspection_list, name="inspection_list"),
    re_path(r"^inspections/export/inspections\.(?P<fmt>csv|xlsx)$", inspection_export, name="inspection_export"),
    re_path(r"^inspections/export/findings\.(?P<fmt>csv|xlsx)$", finding_export, name="finding_export"),
]
