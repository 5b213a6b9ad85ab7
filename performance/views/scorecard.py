"""The hall's balanced scorecard for a month (four quadrants, value against target, trend) and its CSV."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from core.exports import csv_download
from core.views import require_perm
from halls.models import Hall

from .. import selectors
from ..kpis.definitions import label_of, unit_of
from ..kpis.scorecard import by_quadrant, hall_scorecard, next_month, previous_month

PERM = "performance.view_scorecard"


def _month(request: HttpRequest, hall: Hall) -> tuple[dt.date, str | None]:
    """The month asked for (?month=YYYY-MM), else the hall's current month; with an error for bad input."""
    raw = request.GET.get("month", "").strip()
    current = hall.local_now().date().replace(day=1)
    if not raw:
        return current, None
    try:
        return dt.date.fromisoformat(f"{raw}-01"), None
    except ValueError:
        return current, _("Give the month as YYYY-MM.")


def _hall(request: HttpRequest, pk: int) -> Hall:
    require_perm(request.user, "performance.view_scorecards")
    hall = selectors.hall_get(user=request.user, pk=pk)
    require_perm(request.user, PERM, hall)
    return hall


class ScorecardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk)
        month, error = _month(request, hall)
        lines = hall_scorecard(hall=hall, month=month)
        for line in lines:
            line.label = label_of(line.kpi)
            line.unit = unit_of(line.kpi)
        counts = {status: sum(1 for line in lines if line.status == status) for status in ("green", "amber", "red")}
        context = {
            "hall": hall,
            "month": month,
            "previous": previous_month(month),
            "next": next_month(month),
            "quadrants": by_quadrant(lines),
            "lines": lines,
            "counts": counts,
            "error": error,
        }
        return render(request, "performance/scorecard.html", context, status=400 if error else 200)


class ScorecardCsvView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk)
        month, error = _month(request, hall)
        if error:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
        lines = hall_scorecard(hall=hall, month=month)
        response, writer = csv_download(f"scorecard-{hall.code}-{month:%Y-%m}.csv")
        writer.writerow(
            [
                "hall",
                "month",
                "quadrant",
                "kpi",
                "name",
                "unit",
                "direction",
                "value",
                "numerator",
                "denominator",
                "previous_month",
                "change",
                "target_green",
                "target_amber",
                "status",
            ]
        )
        for line in lines:
            writer.writerow(
                [
                    hall.code,
                    f"{month:%Y-%m}",
                    line.kpi.quadrant,
                    line.kpi.code,
                    label_of(line.kpi),
                    line.kpi.unit,
                    line.kpi.direction,
                    "" if line.value is None else line.value,
                    line.numerator,
                    line.denominator,
                    "" if line.previous is None else line.previous,
                    "" if line.change is None else line.change,
                    line.target.green if line.target else "",
                    line.target.amber if line.target else "",
                    line.status or "",
                ]
            )
        return response


urlpatterns = [
    path("performance/halls/<int:pk>/scorecard/", ScorecardView.as_view(), name="hall_scorecard"),
    path("performance/halls/<int:pk>/scorecard.csv", ScorecardCsvView.as_view(), name="hall_scorecard_csv"),
]
