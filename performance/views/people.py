"""People pages of the star ladder: a hall's mentoring pairs, honours by hand, the hall's wall, and a staff
member's own progress."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views import View

from core.form_errors import apply_form_errors
from core.pagination import paginate
from core.views import require_perm
from staffing.choices import MentoringStatus
from staffing.services import grades as staffing_grades

from .. import selectors, services
from ..evidence import Person, figures_for, months_between, quarter_of
from ..forms import HonourForm, MentoringForm
from ..ladder import step_rows


class MentoringListView(LoginRequiredMixin, View):
    """A hall's pairs (active first) and, for those who run the hall, the form to start one."""

    def _render(self, request: HttpRequest, hall, form: MentoringForm | None, status: int = 200) -> HttpResponse:
        pairs = selectors.mentoring_list(user=request.user).filter(hall=hall).order_by("status", "-started_on")
        context = {
            "hall": hall,
            "page_obj": paginate(request, pairs),
            "form": form,
            "rules": {"min_grade": staffing_grades.MIN_MENTOR_GRADE, "max": staffing_grades.MAX_ACTIVE_MENTEES},
            "can_manage": request.user.has_perm("performance.end_mentoringpair", hall),
        }
        return render(request, "performance/mentoring_list.html", context, status=status)

    def get(self, request: HttpRequest, hall_pk: int) -> HttpResponse:
        hall = selectors.hall_get(user=request.user, pk=hall_pk)
        require_perm(request.user, "performance.view_mentoringpair", hall)
        form = None
        if request.user.has_perm("performance.add_mentoringpair", hall):
            form = MentoringForm(
                staff=selectors.hall_staff(user=request.user, hall=hall),
                initial={"started_on": hall.local_now().date()},
            )
        return self._render(request, hall, form)

    def post(self, request: HttpRequest, hall_pk: int) -> HttpResponse:
        hall = selectors.hall_get(user=request.user, pk=hall_pk)
        require_perm(request.user, "performance.add_mentoringpair", hall)
        form = MentoringForm(request.POST, staff=selectors.hall_staff(user=request.user, hall=hall))
        if form.is_valid():
            try:
                services.mentoring_create(**form.cleaned_data, by=request.user)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Mentoring pair started."))
                return redirect("performance:mentoring_list", hall_pk=hall.pk)
        return self._render(request, hall, form, status=400)


class MentoringActionView(LoginRequiredMixin, View):
    """POST only: the mentor's sign-off, or ending a pair (completed or early)."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        pair = selectors.mentoring_get(user=request.user, pk=pk)
        perm = "performance.sign_off_mentoringpair" if action == "sign-off" else "performance.end_mentoringpair"
        require_perm(request.user, perm, pair)
        try:
            if action == "sign-off":
                staffing_grades.mentoring_sign_off(pair=pair)
                messages.success(request, _("Signed off."))
            else:
                services.mentoring_close(pair=pair, completed=action == "complete")
                messages.success(request, _("The pair has ended."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if request.user.has_perm("performance.view_wall", pair.hall):
            return redirect("performance:mentoring_list", hall_pk=pair.hall_id)
        return redirect("performance:my_progress")


class HonourCreateView(LoginRequiredMixin, View):
    def _setup(self, request: HttpRequest, hall_pk: int):
        hall = selectors.hall_get(user=request.user, pk=hall_pk)
        require_perm(request.user, "performance.add_honour", hall)
        return hall, selectors.hall_staff(user=request.user, hall=hall)

    def _render(self, request, hall, form, status=200):
        return render(request, "performance/honour_form.html", {"hall": hall, "form": form}, status=status)

    def get(self, request: HttpRequest, hall_pk: int) -> HttpResponse:
        hall, staff = self._setup(request, hall_pk)
        today = hall.local_now().date()
        initial = {"period_start": today.replace(day=1), "period_end": today}
        if request.GET.get("staff", "").isdigit():
            initial["staff"] = int(request.GET["staff"])
        return self._render(request, hall, HonourForm(staff=staff, initial=initial))

    def post(self, request: HttpRequest, hall_pk: int) -> HttpResponse:
        hall, staff = self._setup(request, hall_pk)
        form = HonourForm(request.POST, staff=staff)
        if form.is_valid():
            try:
                honour = services.honour_award_by_hand(**form.cleaned_data, by=request.user)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Honour awarded to %(name)s.") % {"name": honour.staff.name})
                return redirect("performance:hall_wall", hall_pk=hall.pk)
        return self._render(request, hall, form, status=400)


class HallWallView(LoginRequiredMixin, View):
    """The hall's wall: honours, the stars mix, active mentoring pairs (a big screen or a tablet)."""

    def get(self, request: HttpRequest, hall_pk: int) -> HttpResponse:
        hall = selectors.hall_get(user=request.user, pk=hall_pk)
        require_perm(request.user, "performance.view_wall", hall)
        context = {
            "hall": hall,
            **selectors.wall(user=request.user, hall=hall, today=hall.local_now().date()),
            "can_award": request.user.has_perm("performance.add_honour", hall),
        }
        return render(request, "performance/hall_wall.html", context)


class MyProgressView(LoginRequiredMixin, View):
    """A staff member's own grade, its history, their honours, pairs, training, and what the next step needs
    with their figures of the quarter so far."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.view_progress")
        member = selectors.own_member(user=request.user)
        today = member.hall.local_now().date()
        ladder = selectors.ladder_for_member(user=request.user, member=member)
        history = list(selectors.grade_history(user=request.user, member=member))
        next_step = ladder.step_to(member.star_grade + 1) if ladder else None
        rows = []
        if next_step is not None:
            rows = step_rows(next_step, _person_now(request, member, history, today))
        pairs = selectors.mentoring_list(user=request.user).filter(mentee=member) | selectors.mentoring_list(
            user=request.user
        ).filter(mentor=member)
        context = {
            "member": member,
            "ladder": ladder,
            "next_step": next_step,
            "rows": rows,
            "history": history,
            "honours": selectors.honour_list(user=request.user).filter(staff=member).order_by("-period_end"),
            "pairs": pairs.order_by("status", "-started_on"),
            "training": selectors.training_of(user=request.user, member=member),
            "quarter_start": quarter_of(today)[0],
            "today": today,
            "active": MentoringStatus.ACTIVE,
        }
        return render(request, "performance/my_progress.html", context)


def _person_now(request: HttpRequest, member, history, today: dt.date) -> Person:
    since = next((change.effective_on for change in history if change.to_grade == member.star_grade), None)
    since = since or member.created_at.date()
    start, _end = quarter_of(today)
    courses = {
        record.course.strip().lower(): record.passed_on
        for record in selectors.training_of(user=request.user, member=member)
    }
    signed = (
        selectors.mentoring_list(user=request.user)
        .filter(mentee=member, mentor_signed_off=True)
        .exclude(ended_on__lt=since)
        .exists()
    )
    figures = figures_for([member.pk], start, today, member.hall.tzinfo)[member.pk]
    label = f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return Person(
        grade=member.star_grade,
        months_at_grade=months_between(since, today),
        grade_since=since,
        courses=courses,
        signed_off=signed,
        quarters=[(label, start, today, figures)],
    )


urlpatterns = [
    path("performance/halls/<int:hall_pk>/mentoring/", MentoringListView.as_view(), name="mentoring_list"),
    re_path(
        r"^performance/mentoring/(?P<pk>\d+)/(?P<action>sign-off|complete|end)/$",
        MentoringActionView.as_view(),
        name="mentoring_action",
    ),
    path("performance/halls/<int:hall_pk>/honours/new/", HonourCreateView.as_view(), name="honour_create"),
    path("performance/halls/<int:hall_pk>/wall/", HallWallView.as_view(), name="hall_wall"),
    path("performance/me/", MyProgressView.as_view(), name="my_progress"),
]
