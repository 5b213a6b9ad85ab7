"""Quarterly star evaluations: the list with a run form, one hall's proposals with their evidence, the
manager's recommend/hold, HQ's approval queue and approve/reject."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.pagination import paginate
from core.views import require_perm
from staffing.selectors import halls_run_by

from .. import selectors, services
from ..forms import EvaluationRunForm, NoteForm


class EvaluationListView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, form: EvaluationRunForm | None, status: int = 200) -> HttpResponse:
        evaluations = selectors.evaluation_list(user=request.user)
        hall = request.GET.get("hall", "")
        if hall.isdigit():
            evaluations = evaluations.filter(hall_id=int(hall))
        context = {
            "page_obj": paginate(request, evaluations),
            "form": form,
            "can_approve": request.user.has_perm("performance.approve_gradeproposal"),
        }
        return render(request, "performance/evaluation_list.html", context, status=status)

    def _form(self, request: HttpRequest, data=None) -> EvaluationRunForm | None:
        halls = halls_run_by(user=request.user)
        if not request.user.has_perm("performance.run_evaluation") or not halls.exists():
            return None
        initial = {"hall": request.GET["hall"]} if request.GET.get("hall", "").isdigit() else {}
        return EvaluationRunForm(data, halls=halls, today=timezone.localdate(), initial=initial)

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.view_evaluation")
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.run_evaluation")
        form = self._form(request, request.POST)
        if form is not None and form.is_valid():
            hall = form.cleaned_data["hall"]
            require_perm(request.user, "performance.run_evaluation", hall)
            try:
                evaluation = services.evaluation_run(
                    hall=hall, quarter_start=form.cleaned_data["quarter"], by=request.user
                )
            except ValidationError as error:
                form.add_error("quarter" if "quarter" in getattr(error, "error_dict", {}) else None, error.messages)
            else:
                messages.success(request, _("Evaluation of %(hall)s ready.") % {"hall": hall.code})
                return redirect("performance:evaluation_detail", pk=evaluation.pk)
        return self._render(request, form, status=400)


class EvaluationDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = selectors.evaluation_get(user=request.user, pk=pk)
        require_perm(request.user, "performance.view_evaluation", evaluation)
        proposals = list(selectors.evaluation_proposals(evaluation=evaluation))
        context = {
            "evaluation": evaluation,
            "proposals": proposals,
            "changes": sum(1 for p in proposals if p.change != "none"),
            "can_recommend": request.user.has_perm("performance.recommend_gradeproposal", evaluation),
            "can_approve": request.user.has_perm("performance.approve_gradeproposal", evaluation),
            "can_run": request.user.has_perm("performance.run_evaluation", evaluation.hall),
        }
        return render(request, "performance/evaluation_detail.html", context)


class ProposalActionView(LoginRequiredMixin, View):
    """POST only: recommend or hold (the manager), approve or reject (HQ); back to where the button was."""

    ACTIONS = {
        "recommend": (
            "performance.recommend_gradeproposal",
            services.proposal_recommend,
            gettext_lazy("Recommended to HQ."),
        ),
        "hold": ("performance.recommend_gradeproposal", services.proposal_hold, gettext_lazy("Held, with your note.")),
        "approve": (
            "performance.approve_gradeproposal",
            services.proposal_approve,
            gettext_lazy("Approved: the grade changed."),
        ),
        "reject": ("performance.approve_gradeproposal", services.proposal_reject, gettext_lazy("Rejected.")),
    }

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        proposal = selectors.proposal_get(user=request.user, pk=pk)
        perm, service, done = self.ACTIONS[action]
        require_perm(request.user, perm, proposal)
        form = NoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            service(proposal=proposal, by=request.user, note=note)
        except ValidationError as error:
            messages.error(request, f"{proposal.staff.name}: {' '.join(error.messages)}")
        else:
            messages.success(request, f"{proposal.staff.name}: {done}")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("performance:evaluation_detail", args=[proposal.evaluation_id])
        return redirect(target)


class ApprovalQueueView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.approve_gradeproposal")
        page = paginate(request, selectors.approval_queue(user=request.user))
        return render(request, "performance/approval_queue.html", {"page_obj": page})


urlpatterns = [
    path("performance/evaluations/", EvaluationListView.as_view(), name="evaluation_list"),
    path("performance/evaluations/<int:pk>/", EvaluationDetailView.as_view(), name="evaluation_detail"),
    re_path(
        r"^performance/proposals/(?P<pk>\d+)/(?P<action>recommend|hold|approve|reject)/$",
        ProposalActionView.as_view(),
        name="proposal_action",
    ),
    path("performance/approvals/", ApprovalQueueView.as_view(), name="approval_queue"),
]
