"""Incentive pages: the runs (HQ) or the halls' pools (managers), starting a run, a run's halls with its
actions and payroll export, a hall's pool with "why is the pool this much", a person's line with "why is my
bonus this much", "my incentive" for staff, and the what-if page. The arithmetic is the engine's
(performance/incentives/); these views parse, call it and render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from core.exports import Table, TooManyRows, csv_response, xlsx_response
from core.form_errors import apply_form_errors
from core.views import require_perm

from .. import incentive_selectors as selectors
from ..choices import RunStatus
from ..forms_incentives import ApproveForm, CorrectHoursForm, NoteForm, StartRunForm, WhatIfForm
from ..incentives import breakdown, runs
from ..models import HallPool, IncentiveLine, IncentiveRun


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _call(request: HttpRequest, func: Any, success: str, **kwargs: Any) -> bool:
    """Call an engine service; its ValidationError becomes an error message (nothing was written)."""
    try:
        func(**kwargs)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


# --- the list: runs for HQ, the halls' pools for managers ------------------------------------------------
class IncentiveListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.view_hallpool")
        is_hq = request.user.has_perm("performance.view_incentiverun")
        context: dict[str, Any] = {"is_hq": is_hq}
        if is_hq:
            context["runs"] = list(selectors.run_list(user=request.user)[:120])
            context["can_start"] = selectors.regions_managed(user=request.user).exists()
        else:
            context["pools"] = list(selectors.pool_list(user=request.user)[:120])
        return render(request, "performance/incentive_list.html", context)


class RunStartView(LoginRequiredMixin, View):
    def _regions(self, request: HttpRequest) -> Any:
        require_perm(request.user, "performance.view_incentiverun")
        regions = selectors.regions_managed(user=request.user)
        if not regions.exists():
            raise PermissionDenied
        return regions

    def get(self, request: HttpRequest) -> HttpResponse:
        form = StartRunForm(regions=self._regions(request))
        return render(request, "performance/incentive_run_start.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StartRunForm(request.POST, regions=self._regions(request))
        if form.is_valid():
            region = form.cleaned_data["region"]
            require_perm(request.user, "performance.add_incentiverun", region)
            try:
                run = runs.start_run(region=region, month=form.cleaned_data["month"], by=request.user)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("The run for %(month)s has started.") % {"month": f"{run.month:%Y-%m}"})
                return redirect("performance:incentive_run_detail", pk=run.pk)
        return render(request, "performance/incentive_run_start.html", {"form": form}, status=400)


def _run(request: HttpRequest, pk: int) -> IncentiveRun:
    require_perm(request.user, "performance.view_incentiverun")
    run = selectors.run_get(user=request.user, pk=pk)
    require_perm(request.user, "performance.view_incentiverun", run)
    return run


def _sums(pools: list[HallPool]) -> dict[str, Any]:
    keys = ("base", "pool_before_gates", "gate_cut", "pool", "paid", "withheld")
    sums: dict[str, Any] = {key: sum((getattr(pool, key) for pool in pools), Decimal("0")) for key in keys}
    sums["people"] = sum(pool.line_count for pool in pools)
    sums["frozen_lines"] = sum(pool.frozen_lines for pool in pools)
    sums["reviewed"] = sum(1 for pool in pools if pool.reviewed_at)
    return sums


class RunDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = _run(request, pk)
        pools = selectors.run_pools(user=request.user, run=run)
        can_manage = request.user.has_perm("performance.manage_incentiverun", run)
        context = {
            "run": run,
            "pools": pools,
            "sums": _sums(pools),
            "no_scheme": selectors.run_halls_without_pool(run, pools),
            "no_data": [pool for pool in pools if pool.attainment is None],
            "unreviewed": [pool for pool in pools if not pool.reviewed_at],
            "can_manage": can_manage,
            "approve_form": ApproveForm(),
            "note_form": NoteForm(),
            "corrections": list(run.corrections.order_by("-pk")),
        }
        return render(request, "performance/incentive_run_detail.html", context)


class RunActionView(LoginRequiredMixin, View):
    """POST recompute | approve | lock | correct on a run (HQ of the region)."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        run = _run(request, pk)
        require_perm(request.user, "performance.manage_incentiverun", run)
        if action == "recompute":
            _call(request, runs.compute_run, _("The run was recomputed."), run=run)
        elif action == "approve":
            form = ApproveForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            _call(request, runs.approve_run, _("The run is approved."), run=run, by=request.user, reason=reason)
        elif action == "lock":
            _call(request, runs.lock_run, _("The run is locked: it is final."), run=run, by=request.user)
        elif action == "correct":
            form = NoteForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            try:
                correction = runs.start_correction(run=run, by=request.user, note=note)
            except ValidationError as error:
                for message in _errors(error):
                    messages.error(request, message)
            else:
                messages.success(request, _("A correction run has started."))
                return redirect("performance:incentive_run_detail", pk=correction.pk)
        else:
            raise Http404
        return redirect("performance:incentive_run_detail", pk=run.pk)


def payroll_table(run: IncentiveRun) -> tuple[Table, int]:
    """The run's payroll rows (the engine leaves frozen lines out) as an export table; the file name says
    whether it is final (locked) or a draft."""
    keys = [key for key, _label in breakdown.PAYROLL_COLUMNS]
    state = "final" if run.is_locked else "draft-not-final"
    stem = f"payroll-{run.region.code}-{run.month:%Y-%m}-{state}" + (f"-correction-{run.pk}" if run.corrects_id else "")

    def body():
        for row in breakdown.payroll_rows(run):
            yield [row[key] for key in keys]

    headers = [str(label) for _key, label in breakdown.PAYROLL_COLUMNS]
    count = IncentiveLine.objects.filter(pool__run=run).count()
    return Table(title=_("Payroll"), headers=headers, rows=body, stem=stem), count


class PayrollExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        run = _run(request, pk)
        require_perm(request.user, "performance.manage_incentiverun", run)
        if fmt not in ("csv", "xlsx"):
            raise Http404
        table, count = payroll_table(run)
        if fmt == "xlsx":
            try:
                return xlsx_response(table, count)
            except TooManyRows as error:
                return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        return csv_response(table)


# --- a hall's pool -----------------------------------------------------------------------------------------
def _pool(request: HttpRequest, pk: int) -> HallPool:
    require_perm(request.user, "performance.view_hallpool")
    pool = selectors.pool_get(user=request.user, pk=pk)
    require_perm(request.user, "performance.view_hallpool", pool)
    return pool


class PoolDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pool = _pool(request, pk)
        lines = selectors.pool_lines(pool)
        is_draft = pool.run.status == RunStatus.DRAFT
        context = {
            "pool": pool,
            "run": pool.run,
            "lines": lines,
            "why": breakdown.pool_breakdown(pool),
            "history": selectors.pool_history(pool, lines),
            "can_review": is_draft and request.user.has_perm("performance.review_hallpool", pool),
            "can_correct": is_draft and request.user.has_perm("performance.correct_incentiveline", pool),
            "can_whatif": request.user.has_perm("performance.whatif_hallpool", pool),
            "can_run": request.user.has_perm("performance.view_incentiverun", pool.run),
            "note_form": NoteForm(),
        }
        return render(request, "performance/incentive_pool.html", context)


class PoolReviewView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pool = _pool(request, pk)
        require_perm(request.user, "performance.review_hallpool", pool)
        form = NoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        _call(request, runs.review_pool, _("The hall is marked reviewed."), pool=pool, by=request.user, note=note)
        return redirect("performance:incentive_pool", pk=pool.pk)


class WhatIfView(LoginRequiredMixin, View):
    """The pool under changed KPI values, KPI by KPI, next to the actual. Nothing is saved."""

    def _setup(self, request: HttpRequest, pk: int) -> tuple[HallPool, Any, list[dict[str, Any]]]:
        pool = _pool(request, pk)
        require_perm(request.user, "performance.whatif_hallpool", pool)
        why = breakdown.pool_breakdown(pool)
        return pool, why, kpi_items(why)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        pool, why, kpis = self._setup(request, pk)
        form = WhatIfForm(kpis=kpis)
        return render(request, "performance/incentive_whatif.html", {"pool": pool, "why": why, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pool, why, kpis = self._setup(request, pk)
        form = WhatIfForm(request.POST, kpis=kpis)
        context: dict[str, Any] = {"pool": pool, "why": why, "form": form}
        if not form.is_valid():
            return render(request, "performance/incentive_whatif.html", context, status=400)
        result = breakdown.what_if(pool=pool, kpi_values=form.values())
        actual = {row["code"]: row for row in why["kpis"]}
        context["result"] = result
        context["what"] = result.after
        context["comparison"] = [
            {
                "name": row["label"],
                "target": row["target"],
                "actual_value": row["actual"],
                "actual_contribution": actual.get(row["code"], {}).get("contribution"),
                "value": row["value"],
                "contribution": row["contribution"],
                "changed": row["changed"] and row["value"] != row["actual"],
            }
            for row in result.kpis
        ]
        return render(request, "performance/incentive_whatif.html", context)


def kpi_items(why: dict[str, Any]) -> list[dict[str, Any]]:
    """The KPIs of a pool breakdown as {code, label, value, unit} for the what-if form (the actual values)."""
    return [
        {"code": row["code"], "label": row["label"], "value": row.get("actual", row["value"]), "unit": row["unit"]}
        for row in why["kpis"]
    ]


# --- lines ---------------------------------------------------------------------------------------------------
def _line(request: HttpRequest, pk: int) -> IncentiveLine:
    require_perm(request.user, "performance.view_incentiveline")
    line = selectors.line_get(user=request.user, pk=pk)
    require_perm(request.user, "performance.view_incentiveline", line)
    return line


class LineDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        line = _line(request, pk)
        pool = line.pool
        context = {
            "line": line,
            "pool": pool,
            "run": pool.run,
            "why": breakdown.line_breakdown(line),
            "can_pool": request.user.has_perm("performance.view_hallpool", pool)
            and HallPool.objects.visible_to(request.user).filter(pk=pool.pk).exists(),
            "can_correct": pool.run.status == RunStatus.DRAFT
            and request.user.has_perm("performance.correct_incentiveline", line),
        }
        return render(request, "performance/incentive_line.html", context)


class LineHoursView(LoginRequiredMixin, View):
    """The hall's manager corrects hours worked during review (draft runs only; a reason is required)."""

    def _setup(self, request: HttpRequest, pk: int) -> IncentiveLine:
        line = _line(request, pk)
        require_perm(request.user, "performance.correct_incentiveline", line)
        return line

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        line = self._setup(request, pk)
        form = CorrectHoursForm(initial={"hours_worked": line.hours_worked, "note": line.hours_note})
        return render(request, "performance/incentive_hours.html", {"line": line, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        line = self._setup(request, pk)
        form = CorrectHoursForm(request.POST)
        if form.is_valid():
            try:
                runs.correct_hours(
                    line=line,
                    hours_worked=form.cleaned_data["hours_worked"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Hours worked corrected; the hall's pool was recomputed."))
                return redirect("performance:incentive_pool", pk=line.pool_id)
        return render(request, "performance/incentive_hours.html", {"line": line, "form": form}, status=400)


class MyIncentiveView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.view_my_incentive")
        lines = list(selectors.own_lines(user=request.user)[:60])
        return render(request, "performance/incentive_mine.html", {"incentive_lines": lines})


urlpatterns = [
    path("performance/incentives/", IncentiveListView.as_view(), name="incentive_list"),
    path("performance/incentives/mine/", MyIncentiveView.as_view(), name="incentive_mine"),
    path("performance/incentives/runs/new/", RunStartView.as_view(), name="incentive_run_start"),
    path("performance/incentives/runs/<int:pk>/", RunDetailView.as_view(), name="incentive_run_detail"),
    path(
        "performance/incentives/runs/<int:pk>/<str:action>/",
        RunActionView.as_view(),
        name="incentive_run_action",
    ),
    path(
        "performance/incentives/runs/<int:pk>/payroll.<str:fmt>",
        PayrollExportView.as_view(),
        name="incentive_payroll",
    ),
    path("performance/incentives/pools/<int:pk>/", PoolDetailView.as_view(), name="incentive_pool"),
    path("performance/incentives/pools/<int:pk>/review/", PoolReviewView.as_view(), name="incentive_pool_review"),
    path("performance/incentives/pools/<int:pk>/what-if/", WhatIfView.as_view(), name="incentive_whatif"),
    path("performance/incentives/lines/<int:pk>/", LineDetailView.as_view(), name="incentive_line"),
    path("performance/incentives/lines/<int:pk>/hours/", LineHoursView.as_view(), name="incentive_hours"),
]
