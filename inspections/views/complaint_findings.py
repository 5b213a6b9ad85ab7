"""A complaint that shows a standard was broken becomes a finding with a corrective action: the form (on the
complaint's page, through core.object_panels, and on its own page) and the post. Managers of the hall and HQ.

Out of scope → 404; a role that may not open one → 403; bad input → 400 with the field named, nothing written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.views import require_perm
from touchpoints.models import Complaint

from ..choices import Severity
from ..models import CorrectiveAction, Finding
from ..services.complaint_findings import MAX_DESCRIPTION, finding_from_complaint

PERM = "inspections.open_complaint_action"


class ComplaintFindingForm(forms.Form):
    severity = forms.ChoiceField(
        label=gettext_lazy("Severity"), choices=Severity.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    description = forms.CharField(
        label=gettext_lazy("What was found"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=gettext_lazy("Empty: the complaint's summary."),
    )


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    complaint = Complaint.objects.visible_to(request.user).select_related("hall", "touchpoint").filter(pk=pk).first()
    if complaint is None:
        raise Http404
    require_perm(request.user, PERM, complaint)
    return complaint


def _render(request: HttpRequest, complaint: Complaint, form: ComplaintFindingForm, status: int) -> HttpResponse:
    context = {"complaint": complaint, "form": form}
    return render(request, "inspections/complaint_finding_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_finding_open(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    existing = CorrectiveAction.objects.visible_to(request.user).filter(finding__complaint=complaint).first()
    if existing is not None:
        return redirect("inspections:action_detail", pk=existing.pk)
    if request.method == "GET":
        return _render(request, complaint, ComplaintFindingForm(initial={"severity": complaint.severity}), 200)
    form = ComplaintFindingForm(request.POST)
    if form.is_valid():
        try:
            made = finding_from_complaint(complaint=complaint, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request, _("Corrective action opened for complaint %(ref)s.") % {"ref": complaint.reference}
            )
            return redirect("inspections:action_detail", pk=made.action.pk)
    return _render(request, complaint, form, 400)


def complaint_panel(request: HttpRequest, complaint: Any) -> str | None:
    """On the complaint's page: its finding and corrective action, or the button that opens them."""
    user = request.user
    finding = Finding.objects.visible_to(user).filter(complaint_id=complaint.pk).first()
    actions = list(CorrectiveAction.objects.visible_to(user).filter(finding=finding)) if finding else []
    can_open = finding is None and user.has_perm(PERM, complaint)
    if finding is None and not can_open:
        return None
    context = {
        "complaint": complaint,
        "finding": finding,
        "actions": actions,
        "can_open": can_open,
        "form": ComplaintFindingForm(initial={"severity": complaint.severity}) if can_open else None,
    }
    return render_to_string("inspections/_complaint_panel.html", context, request=request)


urlpatterns = [
    path("inspections/complaints/<int:pk>/corrective-action/", complaint_finding_open, name="complaint_finding_open"),
]
