"""A staff member's own dashboard (/performance/me/dashboard/) and the CSV of its scores chart. Who has no staff
record gets what /performance/me/ gives: 403 for a role that is not staff, 404 without a record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views import View

from core.exports import csv_download
from core.views import require_perm

from .. import selectors
from ..dashboards.me import incentive_lines_of, scores_of, shifts_of
from ..ladder import step_rows
from .people import _person_now

INCENTIVE_CARD = "performance/_my_incentive_card.html"


def _member(request: HttpRequest):
    require_perm(request.user, "performance.view_progress")
    return selectors.own_member(user=request.user)


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _line_url_exists() -> bool:
    try:
        reverse("performance:incentive_line", args=[1])
    except NoReverseMatch:
        return False
    return True


class MyDashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        member = _member(request)
        today = member.hall.local_now().date()
        ladder = selectors.ladder_for_member(user=request.user, member=member)
        history = list(selectors.grade_history(user=request.user, member=member))
        next_step = ladder.step_to(member.star_grade + 1) if ladder else None
        rows = step_rows(next_step, _person_now(request, member, history, today)) if next_step else []
        scores = scores_of(user=request.user, member=member, today=today)
        context: dict[str, Any] = {
            "member": member,
            "today": today,
            "shifts": shifts_of(user=request.user, member=member, today=today),
            "scores": scores,
            "this_month": scores[-1],
            "chart": {
                "labels": [row["month"] for row in scores],
                "mystery_shop": [row["mystery_shop"] for row in scores],
                "satisfaction": [row["satisfaction"] for row in scores],
                "text": {"mystery_shop": _("My mystery-shop score"), "satisfaction": _("My satisfaction (%)")},
            },
            "ladder": ladder,
            "next_step": next_step,
            "rows": rows,
            "last_change": history[0] if history else None,
            "honours": selectors.honour_list(user=request.user).filter(staff=member).order_by("-period_end")[:6],
            "incentive_card": _has_template(INCENTIVE_CARD),
            "incentive_lines": list(incentive_lines_of(user=request.user, member=member)),
            "line_links": _line_url_exists(),
        }
        return render(request, "performance/dashboard_me.html", context)


class MyScoresCsvView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        member = _member(request)
        today = member.hall.local_now().date()
        response, writer = csv_download(f"my-scores-{member.employee_number}-{today:%Y-%m}.csv")
        writer.writerow(["month", "mystery_shops", "mystery_shop_mean", "presses", "satisfied", "satisfaction_pct"])
        for row in scores_of(user=request.user, member=member, today=today):
            writer.writerow(
                [
                    row["month"],
                    row["shops"],
                    "" if row["mystery_shop"] is None else row["mystery_shop"],
                    row["presses"],
                    row["satisfied"],
                    "" if row["satisfaction"] is None else row["satisfaction"],
                ]
            )
        return response


urlpatterns = [
    path("performance/me/dashboard/", MyDashboardView.as_view(), name="my_dashboard"),
    path("performance/me/dashboard/scores.csv", MyScoresCsvView.as_view(), name="my_scores_csv"),
]
