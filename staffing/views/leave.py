"""Leave pages: "my leave" where staff ask for leave, and the managers' list where they approve or refuse."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from core.form_errors import apply_form_errors
from core.pagination import paginate
from core.views import require_perm

from .. import selectors, services
from ..choices import LeaveStatus
from ..filters import LeaveRequestFilter
from ..forms import LeaveDecisionForm, LeaveRequestForm
from ..models import LeaveRequest, StaffMember
from ..rules import is_own_record


def _own_member(request: HttpRequest) -> StaffMember:
    """The signed-in user's own staff record; without one there is no "my leave" for them."""
    require_perm(request.user, "staffing.view_leaverequest")
    member = selectors.staff_member_of(request.user)
    if member is None:
        raise Http404(_("Your account is not linked to a staff record."))
    return member


class MyLeaveView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, member: StaffMember, form: LeaveRequestForm, status: int = 200):
        context = {
            "member": member,
            "form": form,
            "page_obj": paginate(request, selectors.leave_of(user=request.user, member=member)),
        }
        return render(request, "staffing/leave_mine.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, _own_member(request), LeaveRequestForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        member = _own_member(request)
        require_perm(request.user, "staffing.add_leaverequest", member)
        form = LeaveRequestForm(request.POST)
        if form.is_valid():
            try:
                services.leave_request(staff=member, **form.cleaned_data)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Your request was sent to your hall manager."))
                return redirect("staffing:leave_mine")
        return self._render(request, member, form, status=400)


class LeaveCancelView(LoginRequiredMixin, View):
    """Withdraw a request still waiting for a decision: the person who asked, or their manager."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        leave = selectors.leave_get(user=request.user, pk=pk)
        own = is_own_record.test(request.user, leave)
        if not own and not request.user.has_perm("staffing.decide_leaverequest", leave):
            raise PermissionDenied
        try:
            services.leave_cancel(leave=leave)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The request was withdrawn."))
        return redirect("staffing:leave_mine" if own else "staffing:leave_list")


def _leave_page(request: HttpRequest, failed: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    """The managers' list; `failed` carries the form of a decision that was refused, shown on its row."""
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = LeaveStatus.REQUESTED
    filterset = LeaveRequestFilter(data, queryset=selectors.leave_list(user=request.user), request=request)
    page = paginate(request, filterset.qs)
    rows = []
    for leave in page:
        can_decide = leave.status == LeaveStatus.REQUESTED and request.user.has_perm(
            "staffing.decide_leaverequest", leave
        )
        form = failed["form"] if failed and failed["pk"] == leave.pk else LeaveDecisionForm()
        rows.append({"leave": leave, "can_decide": can_decide, "form": form, "days": leave_days(leave)})
    context = {"filter": filterset, "page_obj": page, "rows": rows, "failed": failed}
    return render(request, "staffing/leave_list.html", context, status=status)


def leave_days(leave: LeaveRequest) -> int:
    return (leave.last_day - leave.first_day).days + 1


class LeaveListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "staffing.decide_leaverequest")
        return _leave_page(request)


class LeaveDecideView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        leave = selectors.leave_get(user=request.user, pk=pk)
        require_perm(request.user, "staffing.decide_leaverequest", leave)
        form = LeaveDecisionForm(request.POST)
        if form.is_valid():
            try:
                leave = services.leave_decide(
                    leave=leave, approve=form.approve, by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                if leave.status == LeaveStatus.APPROVED:
                    text = _("Leave of %(name)s approved.")
                else:
                    text = _("Leave of %(name)s refused.")
                messages.success(request, text % {"name": leave.staff.name})
                return redirect(_back(request))
        return _leave_page(request, failed={"pk": leave.pk, "form": form}, status=400)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("staffing:leave_list")


urlpatterns = [
    path("me/leave/", MyLeaveView.as_view(), name="leave_mine"),
    path("leave/", LeaveListView.as_view(), name="leave_list"),
    path("leave/<int:pk>/decide/", LeaveDecideView.as_view(), name="leave_decide"),
    path("leave/<int:pk>/cancel/", LeaveCancelView.as_view(), name="leave_cancel"),
]
