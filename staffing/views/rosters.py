"""Roster pages: list, new roster, the week grid with coverage, shift edits with undo, publish, solver
progress, problem/solution files; "my shifts" and swaps for staff."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.form_errors import apply_form_errors
from core.pagination import paginate
from core.scoping import get_scope
from core.views import require_perm
from halls.models import Hall

from .. import selectors
from ..binding_text import binding_sentences
from ..board import build_board
from ..choices import SolveStatus
from ..models import Roster, Shift, ShiftSwap
from ..roster_format import RosterFormatError, solution_to_dict
from ..roster_forms import ImportSolutionForm, PublishForm, RosterCreateForm, ShiftForm
from ..rostering import build_plan, problem_to_dict
from ..services import counters as counter_services
from ..services import rosters as roster_services
from ..services import swaps as swap_services
from ..services.rosters import ShiftInput

UNDO_KEY = "roster_undo"


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _runnable_halls(user: Any):
    scope = get_scope(user)
    halls = Hall.objects.visible_to(user)
    if scope.is_admin:
        return halls
    return halls.filter(pk__in=[h.pk for h in halls if user.has_perm("staffing.add_roster", h)])


def _roster(request: HttpRequest, pk: int, perm: str) -> Roster:
    roster = selectors.roster_get(user=request.user, pk=pk)
    require_perm(request.user, perm, roster)
    return roster


@login_required
def roster_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "staffing.view_roster")
    rosters = selectors.roster_list(user=request.user)
    hall = request.GET.get("hall")
    if hall and hall.isdigit():
        rosters = rosters.filter(hall_id=int(hall))
    halls = _runnable_halls(request.user)
    form = RosterCreateForm(halls=halls) if halls.exists() else None
    context = {"page_obj": paginate(request, rosters), "form": form, "halls": Hall.objects.visible_to(request.user)}
    return render(request, "staffing/roster_list.html", context)


@login_required
@require_POST
def roster_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "staffing.add_roster")
    halls = _runnable_halls(request.user)
    form = RosterCreateForm(request.POST, halls=halls)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                roster = roster_services.roster_create(
                    hall=data["hall"], start_date=data["start_date"], weeks=data["weeks"]
                )
                if data["generate"]:
                    roster_services.roster_request_solve(
                        roster=roster, by=request.user, time_limit=data.get("time_limit") or 30
                    )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            return redirect("staffing:roster_detail", pk=roster.pk)
    rosters = selectors.roster_list(user=request.user)
    context = {"page_obj": paginate(request, rosters), "form": form, "halls": Hall.objects.visible_to(request.user)}
    return render(request, "staffing/roster_list.html", context, status=400)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.view_roster")
    plan = build_plan(roster)
    shifts = list(selectors.roster_shifts(roster=roster))
    violations = roster_services.roster_violations(roster=roster, plan=plan)
    week = min(max(_int(request.GET.get("week"), 0), 0), roster.weeks - 1)
    board = build_board(
        plan, shifts, selectors.roster_staff(roster=roster), violations, week, _int(request.GET.get("day"), week * 7)
    )
    can_edit = request.user.has_perm("staffing.change_roster", roster)
    context = {
        "roster": roster,
        "board": board,
        "week": week,
        "weeks": range(roster.weeks),
        "chart_days": [(week * 7 + i, d) for i, d in enumerate(board.days)],
        "can_edit": can_edit,
        "publish_form": PublishForm(),
        "import_form": ImportSolutionForm(initial={"version": roster.version}),
        "last_run": roster.solve_runs.first(),
        "swaps": selectors.pending_swaps(roster=roster) if can_edit else [],
        "undo": request.session.get(UNDO_KEY, {}).get("roster") == roster.pk and can_edit,
        "solving": roster.solve_status in (SolveStatus.QUEUED, SolveStatus.RUNNING),
        "binding_rules": binding_sentences(roster.solve_progress),
        "counterless": sum(1 for s in shifts if s.counter is None and s.role in counter_services.COUNTER_ROLES),
    }
    return render(request, "staffing/roster_detail.html", context)


@login_required
def roster_progress(request: HttpRequest, pk: int) -> JsonResponse:
    roster = _roster(request, pk, "staffing.view_roster")
    run = roster.solve_runs.first()
    if run is None:
        return JsonResponse({"status": "none"})
    progress = cache.get(roster_services.progress_key(run.pk)) or run.progress[-50:]
    return JsonResponse(
        {
            "status": run.status,
            "time_limit": run.time_limit,
            "progress": progress,
            "result": run.result,
            "error": run.error,
            "version": roster.version,
        }
    )


@login_required
@require_POST
def roster_generate(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.change_roster")
    try:
        roster_services.roster_request_solve(
            roster=roster, by=request.user, time_limit=_int(request.POST.get("time_limit"), 30)
        )
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    return redirect("staffing:roster_detail", pk=roster.pk)


def _remember_undo(request: HttpRequest, roster: Roster, shift: Shift | None, before: dict | None) -> None:
    request.session[UNDO_KEY] = {"roster": roster.pk, "shift": shift.pk if shift else None, "before": before}


def _shift_state(roster: Roster, shift: Shift) -> dict:
    tz = roster.hall.tzinfo
    return {
        "staff": shift.staff_id,
        "day": shift.day.isoformat(),
        "start": shift.starts_at.astimezone(tz).strftime("%H:%M"),
        "end": shift.ends_at.astimezone(tz).strftime("%H:%M"),
        "role": shift.role,
        "counter": shift.counter,
    }


def _report(request: HttpRequest, violations: list) -> None:
    if violations:
        messages.warning(
            request,
            ngettext(
                "Saved. This roster now breaks %(count)s rule; see the list below the grid.",
                "Saved. This roster now breaks %(count)s rules; see the list below the grid.",
                len(violations),
            )
            % {"count": len(violations)},
        )
    else:
        messages.success(request, _("Saved. Every rule is respected."))


@login_required
def shift_edit(request: HttpRequest, pk: int, shift_pk: int | None = None) -> HttpResponse:
    roster = _roster(request, pk, "staffing.change_roster")
    shift = (
        get_object_or_404(Shift.objects.visible_to(request.user).filter(roster=roster), pk=shift_pk)
        if shift_pk
        else None
    )
    staff = roster.hall.staff.filter(active=True).prefetch_related("skills").order_by("name")
    initial = {}
    if shift is None:
        initial = {key: request.GET[key] for key in ("staff", "day", "role") if key in request.GET}
    form = ShiftForm(request.POST or None, roster=roster, staff=staff, shift=shift, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        before = _shift_state(roster, shift) if shift else None
        try:
            saved, violations = roster_services.shift_save(
                roster=roster,
                shift=shift,
                version=data["version"],
                data=ShiftInput(
                    staff=data["staff"],
                    day=data["day"],
                    start=data["start"],
                    end=data["end"],
                    role=data["role"],
                    counter=data.get("counter"),
                ),
            )
        except roster_services.StaleRoster as error:
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            _remember_undo(request, roster, saved, before)
            _report(request, violations)
            return redirect(f"{reverse('staffing:roster_detail', args=[roster.pk])}?{_week_query(roster, saved.day)}")
    status = 400 if request.method == "POST" else 200
    return render(request, "staffing/shift_form.html", {"roster": roster, "form": form, "shift": shift}, status=status)


def _week_query(roster: Roster, day: dt.date) -> str:
    offset = (day - roster.start_date).days
    return f"week={offset // 7}&day={offset}"


@login_required
@require_POST
def shift_delete(request: HttpRequest, pk: int, shift_pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.change_roster")
    shift = get_object_or_404(Shift.objects.visible_to(request.user).filter(roster=roster), pk=shift_pk)
    before = _shift_state(roster, shift)
    try:
        violations = roster_services.shift_delete(roster=roster, shift=shift, version=request.POST.get("version"))
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        _remember_undo(request, roster, None, before)
        _report(request, violations)
    return redirect("staffing:roster_detail", pk=roster.pk)


@login_required
@require_POST
def roster_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Put back the shift as it was before the last edit (or remove the shift the last edit added)."""
    roster = _roster(request, pk, "staffing.change_roster")
    undo = request.session.get(UNDO_KEY) or {}
    if undo.get("roster") != roster.pk:
        messages.info(request, _("There is nothing to undo."))
        return redirect("staffing:roster_detail", pk=roster.pk)
    shift = Shift.objects.filter(roster=roster, pk=undo.get("shift")).first() if undo.get("shift") else None
    before = undo.get("before")
    try:
        if before is None and shift is not None:
            violations = roster_services.shift_delete(roster=roster, shift=shift, version=None)
        elif before is not None:
            member = roster.hall.staff.get(pk=before["staff"])
            data = ShiftInput(
                staff=member,
                day=dt.date.fromisoformat(before["day"]),
                start=dt.time.fromisoformat(before["start"]),
                end=dt.time.fromisoformat(before["end"]),
                role=before["role"],
                counter=before.get("counter"),
            )
            _saved, violations = roster_services.shift_save(roster=roster, shift=shift, version=None, data=data)
        else:
            violations = roster_services.roster_violations(roster=roster)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        request.session.pop(UNDO_KEY, None)
        messages.success(request, _("Undone."))
        if violations:
            _report(request, violations)
    return redirect("staffing:roster_detail", pk=roster.pk)


@login_required
@require_POST
def roster_publish(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.publish_roster")
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        roster_services.roster_publish(
            roster=roster, by=request.user, override_reason=form.cleaned_data.get("override_reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Published. The staff on it have been notified."))
    return redirect("staffing:roster_detail", pk=roster.pk)


@login_required
@require_POST
def roster_copy(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.change_roster")
    try:
        count = roster_services.roster_copy_previous(roster=roster, version=request.POST.get("version"))
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Copied %(count)s shifts from the week before.") % {"count": count})
    return redirect("staffing:roster_detail", pk=roster.pk)


@login_required
@require_POST
def roster_assign_counters(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.change_roster")
    try:
        report = counter_services.roster_assign_counters(roster=roster, version=_int(request.POST.get("version"), None))
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect("staffing:roster_detail", pk=roster.pk)
    count = len(report.assigned)
    if count:
        messages.success(
            request,
            ngettext("Gave a counter to %(count)s shift.", "Gave counters to %(count)s shifts.", count)
            % {"count": count},
        )
    elif not report.unassigned:
        messages.info(request, _("Every counter shift already has a counter."))
    if report.unassigned:
        missing = "; ".join(
            _("%(staff)s on %(day)s, %(start)s-%(end)s") % counter_services.describe_shift(shift)
            for shift in report.unassigned
        )
        messages.warning(
            request,
            ngettext(
                "%(count)s shift got no counter: more counter shifts overlap than the hall's %(counters)s "
                "counters. %(shifts)s",
                "%(count)s shifts got no counter: more counter shifts overlap than the hall's %(counters)s "
                "counters. %(shifts)s",
                len(report.unassigned),
            )
            % {"count": len(report.unassigned), "counters": roster.hall.counters, "shifts": missing},
        )
    return redirect("staffing:roster_detail", pk=roster.pk)


@login_required
def roster_problem_file(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.view_roster")
    plan = build_plan(roster)
    response = JsonResponse(problem_to_dict(plan.problem), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="roster-{roster.hall.code}-{roster.start_date}.json"'
    return response


@login_required
def roster_solution_file(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.view_roster")
    plan = build_plan(roster)
    shifts = [s for s in selectors.roster_shifts(roster=roster) if s.staff.employee_number in plan.members]
    from ..roster_rules import coverage

    planned = plan.plan_shifts(shifts)
    cover = coverage(plan.problem, planned)
    document = solution_to_dict(
        plan.problem,
        planned,
        unmet_staff_slots=cover.unmet,
        over_staff_slots=cover.over,
        status=(roster.solve_progress or {}).get("status", "feasible"),
        bound=(roster.solve_progress or {}).get("bound"),
        solve_seconds=(roster.solve_progress or {}).get("solve_seconds", 0.0),
    )
    response = JsonResponse(document, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="solution-{roster.hall.code}-{roster.start_date}.json"'
    return response


@login_required
@require_POST
def roster_import(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.change_roster")
    form = ImportSolutionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a solution file to import."))
        return redirect("staffing:roster_detail", pk=roster.pk)
    try:
        text = form.cleaned_data["file"].read().decode("utf-8")
        count, violations = roster_services.roster_import_solution(
            roster=roster, text=text, version=form.cleaned_data["version"]
        )
    except UnicodeDecodeError:
        messages.error(request, _("The file is not UTF-8 text."))
    except RosterFormatError as error:
        messages.error(request, _("The file was not imported: %(error)s") % {"error": error})
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Imported %(count)s shifts.") % {"count": count})
        _report(request, violations)
    return redirect("staffing:roster_detail", pk=roster.pk)


@login_required
def roster_coverage_csv(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk, "staffing.view_roster")
    plan = build_plan(roster)
    from ..roster_rules import coverage

    cover = coverage(
        plan.problem,
        plan.plan_shifts(s for s in selectors.roster_shifts(roster=roster) if s.staff.employee_number in plan.members),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coverage-{roster.hall.code}-{roster.start_date}.csv"'
    writer = csv.writer(response)
    writer.writerow(["date", "time", "period", "role", "needed", "scheduled", "short"])
    for day in range(plan.problem.days):
        for slot in range(plan.problem.slots_per_day):
            for role in plan.problem.roles:
                needed = plan.problem.demand[role][day][slot]
                got = cover.scheduled[role][day][slot]
                writer.writerow(
                    [
                        plan.date_of(day),
                        plan.problem.slot_clock(slot),
                        plan.periods[day][slot],
                        role,
                        needed,
                        got,
                        max(0, needed - got),
                    ]
                )
    return response


@login_required
def my_shifts(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "staffing.view_shift")
    member = selectors.staff_member_of(request.user)
    today = timezone.localdate()
    shifts = list(selectors.my_shifts(user=request.user, since=today)) if member else []
    offers = list(selectors.open_swap_offers(user=request.user, member=member, since=today)) if member else []
    open_states = ("offered", "accepted")
    for shift in shifts:
        shift.open_swap = next((s for s in shift.swaps.all() if s.status in open_states), None)
    context = {"member": member, "shifts": shifts, "offers": offers}
    return render(request, "staffing/my_shifts.html", context)


@login_required
@require_POST
def swap_offer(request: HttpRequest, shift_pk: int) -> HttpResponse:
    shift = get_object_or_404(Shift.objects.visible_to(request.user).select_related("roster", "staff"), pk=shift_pk)
    if not request.user.has_perm("staffing.offer_shift", shift):
        raise PermissionDenied
    try:
        swap_services.swap_offer(shift=shift, by=shift.staff, note=request.POST.get("note", "")[:200])
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Your shift is on offer to qualified colleagues."))
    return redirect("staffing:my_shifts")


def _swap(request: HttpRequest, pk: int, perm: str) -> ShiftSwap:
    swap = get_object_or_404(
        ShiftSwap.objects.visible_to(request.user).select_related("shift__roster__hall", "offered_by", "taken_by"),
        pk=pk,
    )
    if not request.user.has_perm(perm, swap.shift.roster if perm == "staffing.decide_shiftswap" else swap):
        raise PermissionDenied
    return swap


@login_required
@require_POST
def swap_take(request: HttpRequest, pk: int) -> HttpResponse:
    swap = _swap(request, pk, "staffing.take_shiftswap")
    member = selectors.staff_member_of(request.user)
    if member is None:
        raise PermissionDenied
    try:
        swap_services.swap_take(swap=swap, taker=member)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("You took the shift; the hall manager will confirm."))
    return redirect("staffing:my_shifts")


@login_required
@require_POST
def swap_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    swap = _swap(request, pk, "staffing.cancel_shiftswap")
    try:
        swap_services.swap_cancel(swap=swap)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    return redirect(request.POST.get("next") or "staffing:my_shifts")


@login_required
@require_POST
def swap_decide(request: HttpRequest, pk: int) -> HttpResponse:
    swap = _swap(request, pk, "staffing.decide_shiftswap")
    approve = request.POST.get("decision") == "approve"
    try:
        swap_services.swap_decide(swap=swap, approve=approve, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Swap approved.") if approve else _("Swap refused."))
    return redirect("staffing:roster_detail", pk=swap.shift.roster_id)


urlpatterns = [
    path("rosters/", roster_list, name="roster_list"),
    path("rosters/new/", roster_create, name="roster_create"),
    path("rosters/<int:pk>/", roster_detail, name="roster_detail"),
    path("rosters/<int:pk>/progress.json", roster_progress, name="roster_progress"),
    path("rosters/<int:pk>/generate/", roster_generate, name="roster_generate"),
    path("rosters/<int:pk>/shifts/new/", shift_edit, name="shift_create"),
    path("rosters/<int:pk>/shifts/<int:shift_pk>/", shift_edit, name="shift_update"),
    path("rosters/<int:pk>/shifts/<int:shift_pk>/delete/", shift_delete, name="shift_delete"),
    path("rosters/<int:pk>/undo/", roster_undo, name="roster_undo"),
    path("rosters/<int:pk>/publish/", roster_publish, name="roster_publish"),
    path("rosters/<int:pk>/copy-last-week/", roster_copy, name="roster_copy"),
    path("rosters/<int:pk>/assign-counters/", roster_assign_counters, name="roster_assign_counters"),
    path("rosters/<int:pk>/problem.json", roster_problem_file, name="roster_problem_file"),
    path("rosters/<int:pk>/solution.json", roster_solution_file, name="roster_solution_file"),
    path("rosters/<int:pk>/import/", roster_import, name="roster_import"),
    path("rosters/<int:pk>/coverage.csv", roster_coverage_csv, name="roster_coverage_csv"),
    path("me/shifts/", my_shifts, name="my_shifts"),
    path("me/shifts/<int:shift_pk>/offer/", swap_offer, name="swap_offer"),
    path("swaps/<int:pk>/take/", swap_take, name="swap_take"),
    path("swaps/<int:pk>/cancel/", swap_cancel, name="swap_cancel"),
    path("swaps/<int:pk>/decide/", swap_decide, name="swap_decide"),
]
