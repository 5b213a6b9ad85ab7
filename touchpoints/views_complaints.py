"""Complaint pages for hall managers (their halls) and HQ (their regions): the list with filters, the form
(staff on duty pre-filled from the published roster), the page with its handling steps and history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET

from core import object_panels
from core.exports import Table, csv_response
from core.pagination import paginate
from core.views import require_perm
from halls.models import Hall
from staffing.choices import Attribution

from . import complaints as services
from . import selectors
from .filters import ComplaintFilter
from .forms import ComplaintForm, ComplaintStepForm, HallPickForm
from .models import Complaint


def _apply_errors(form: Any, error: ValidationError) -> None:
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for name, errors in items:
        target = "staff_choice" if name == "staff" else name
        form.add_error(target if target in form.fields else None, errors)


def _hall(request: HttpRequest, pk: Any, perm: str) -> Hall:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    hall = get_object_or_404(Hall.objects.visible_to(request.user), pk=pk)
    require_perm(request.user, perm, hall)
    return hall


def _complaint(request: HttpRequest, pk: int, perm: str) -> Complaint:
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    require_perm(request.user, perm, complaint)
    return complaint


class ComplaintListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "touchpoints.view_complaint")
        filterset = ComplaintFilter(request.GET, queryset=selectors.complaint_list(user=request.user), request=request)
        context = {
            "filter": filterset,
            "page_obj": paginate(request, filterset.qs),
            "can_add": request.user.has_perm("touchpoints.add_complaint"),
        }
        return render(request, "touchpoints/complaint_list.html", context)


EXPORT_CHUNK = 2000


class ComplaintExportView(LoginRequiredMixin, View):
    """The complaint list as CSV (UTF-8 with BOM, for Excel), with the list's filters; times in the hall's zone."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "touchpoints.view_complaint")
        filterset = ComplaintFilter(request.GET, queryset=selectors.complaint_list(user=request.user), request=request)
        if not filterset.is_valid():
            return JsonResponse({"detail": filterset.errors}, status=400)
        headers = [
            _("Complaint"),
            _("Happened (hall time)"),
            _("Hall code"),
            _("Hall"),
            _("Touchpoint"),
            _("Channel"),
            _("Category"),
            _("Severity"),
            _("Quality gap"),
            _("Root cause"),
            _("Counter"),
            _("Staff on duty"),
            _("How the staff member was found"),
            _("Customer tier"),
            _("Summary"),
            _("Status"),
            _("Outcome"),
            _("Resolved (hall time)"),
            _("Handling steps"),
        ]

        def local(value: dt.datetime | None, hall: Hall) -> str:
            return timezone.localtime(value, hall.tzinfo).strftime("%Y-%m-%d %H:%M") if value else ""

        def rows():
            for complaint in filterset.qs.iterator(chunk_size=EXPORT_CHUNK):
                hall = complaint.hall
                yield [
                    complaint.reference,
                    local(complaint.occurred_at, hall),
                    hall.code,
                    hall.name,
                    complaint.touchpoint.code,
                    complaint.get_channel_display(),
                    complaint.get_category_display(),
                    complaint.get_severity_display(),
                    complaint.get_quality_gap_display(),
                    complaint.get_root_cause_display(),
                    complaint.counter or "",
                    complaint.staff.name if complaint.staff else "",
                    complaint.get_staff_basis_display(),
                    complaint.get_customer_tier_display(),
                    complaint.summary,
                    complaint.get_status_display(),
                    complaint.get_outcome_display(),
                    local(complaint.resolved_at, hall),
                    complaint.step_count,
                ]

        return csv_response(Table(title=_("Complaints"), headers=headers, rows=rows, stem="complaints"))


class ComplaintCreateView(LoginRequiredMixin, View):
    """`?hall=<id>` names the hall; without it, the page asks which hall first."""

    def _pick(self, request: HttpRequest, status: int = 200) -> HttpResponse:
        require_perm(request.user, "touchpoints.add_complaint")
        form = HallPickForm(request.GET or None, halls=selectors.halls_run_by(user=request.user))
        return render(request, "touchpoints/complaint_hall_pick.html", {"form": form}, status=status)

    def _render(self, request: HttpRequest, hall: Hall, form: ComplaintForm, status: int = 200) -> HttpResponse:
        context = {"hall": hall, "form": form, "complaint": None}
        return render(request, "touchpoints/complaint_form.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        if "hall" not in request.GET:
            return self._pick(request)
        hall = _hall(request, request.GET["hall"], "touchpoints.add_complaint")
        initial = {"occurred_at": timezone.localtime(timezone.now(), hall.tzinfo).strftime("%Y-%m-%dT%H:%M")}
        return self._render(request, hall, ComplaintForm(hall=hall, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        if "hall" not in request.GET:
            return self._pick(request, status=400)
        hall = _hall(request, request.GET["hall"], "touchpoints.add_complaint")
        form = ComplaintForm(request.POST, hall=hall)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                complaint = services.complaint_save(fields=fields, by=request.user, hall=hall, **form.staff_fields())
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Complaint %(ref)s recorded.") % {"ref": complaint.reference})
                return redirect("touchpoints:complaint_detail", pk=complaint.pk)
        return self._render(request, hall, form, status=400)


class ComplaintEditView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, complaint: Complaint, form: ComplaintForm, status: int = 200):
        message = _duty_message(complaint.staff_basis, complaint.staff, complaint.counter)
        context = {"hall": complaint.hall, "form": form, "complaint": complaint, "on_duty_message": message}
        return render(request, "touchpoints/complaint_form.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = _complaint(request, pk, "touchpoints.change_complaint")
        return self._render(request, complaint, ComplaintForm(instance=complaint, hall=complaint.hall))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = _complaint(request, pk, "touchpoints.change_complaint")
        form = ComplaintForm(request.POST, instance=complaint, hall=complaint.hall)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.complaint_save(fields=fields, by=request.user, complaint=complaint, **form.staff_fields())
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Complaint %(ref)s saved.") % {"ref": complaint.reference})
                return redirect("touchpoints:complaint_detail", pk=complaint.pk)
        complaint.refresh_from_db()
        return self._render(request, complaint, form, status=400)


def _detail(request: HttpRequest, complaint: Complaint, step_form: ComplaintStepForm | None = None, status: int = 200):
    can_change = request.user.has_perm("touchpoints.change_complaint", complaint)
    context = {
        "complaint": complaint,
        "hall": complaint.hall,
        "can_change": can_change,
        "step_form": step_form or (ComplaintStepForm(hall=complaint.hall) if can_change else None),
        "history": selectors.complaint_history(complaint=complaint),
        # What later apps show here (inspections: the finding and corrective action), see core/object_panels.py.
        "panels": object_panels.panels_for("touchpoints.complaint", request, complaint),
    }
    return render(request, "touchpoints/complaint_detail.html", context, status=status)


class ComplaintDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _detail(request, _complaint(request, pk, "touchpoints.view_complaint"))


class ComplaintStepView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        complaint = _complaint(request, pk, "touchpoints.change_complaint")
        form = ComplaintStepForm(request.POST, hall=complaint.hall)
        if form.is_valid():
            try:
                services.complaint_step_add(complaint=complaint, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Step recorded."))
                return redirect(f"{reverse('touchpoints:complaint_detail', args=[complaint.pk])}#steps")
        return _detail(request, complaint, form, status=400)


@login_required
@require_GET
def on_duty(request: HttpRequest) -> JsonResponse:
    """Who the published roster had at `counter` of `hall` at `at` (the hall's local time), for the form."""
    hall = _hall(request, request.GET.get("hall"), "touchpoints.add_complaint")
    try:
        at = dt.datetime.fromisoformat(request.GET.get("at", "")).replace(tzinfo=hall.tzinfo)
        counter = int(request.GET["counter"]) if request.GET.get("counter") else None
    except (ValueError, KeyError):
        return JsonResponse({"detail": _("Give the counter and a time such as 2026-03-02T10:30.")}, status=400)
    answer, member = services.staff_on_duty(hall=hall, counter=counter, at=at)
    return JsonResponse(
        {
            "staff": member.pk if member else None,
            "name": member.name if member else "",
            "basis": answer.basis,
            "message": _duty_message(answer.basis, member, counter),
        }
    )


def _duty_message(basis: str, member: Any, counter: int | None) -> str:
    if basis == Attribution.ROSTER and member is not None:
        return _("On the published roster at counter %(counter)s then: %(name)s.") % {
            "counter": counter,
            "name": member.name,
        }
    return str(Attribution(basis).label)
