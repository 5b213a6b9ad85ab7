"""The hall manager's "today" dashboard: the page, the JSON it redraws from every minute, one CSV per panel,
and /performance/today/ which takes a manager with one hall straight to it (docs/dashboards.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.decorators.cache import never_cache

from core.exports import csv_download
from core.pagination import paginate
from core.views import require_perm
from halls.models import Hall
from staffing.selectors import halls_run_by

from ..dashboards.hall_today import hall_for_today, hall_today

# The page asks the JSON again this often (seconds).
REFRESH_SECONDS = 60
PANELS = ("queue", "floor", "satisfaction", "follow-up", "summary")


def _page_config(hall: Hall) -> dict[str, Any]:
    """What the page's script needs: where to ask, how often, and the words of its charts and badges."""
    return {
        "url": reverse("performance:hall_today_json", args=[hall.pk]),
        "refresh_seconds": REFRESH_SECONDS,
        "text": {
            "tickets": _("Tickets"),
            "mean_wait": _("Mean wait (min)"),
            "p90_wait": _("90th-percentile wait (min)"),
            "target": _("Target wait (min)"),
            "minutes": _("Minutes"),
            "needed": _("Needed"),
            "rostered": _("Rostered"),
            "people": _("People"),
            "satisfied": pgettext("rating", "Satisfied"),
            "neutral": pgettext("rating", "Neutral"),
            "dissatisfied": pgettext("rating", "Dissatisfied"),
            "presses": _("Presses"),
            "overdue": _("Overdue"),
            "updated": _("updated"),
            "failed": _("could not refresh; trying again in a minute"),
            "open": _("open %(opens)s–%(closes)s"),
            "status": {
                "green": pgettext("kpi status", "On target"),
                "amber": pgettext("kpi status", "Near target"),
                "red": pgettext("kpi status", "Off target"),
                "none": _("No data"),
            },
        },
    }


def _hall(request: HttpRequest, pk: int) -> Hall:
    require_perm(request.user, "performance.view_hall_dashboards")
    hall = hall_for_today(user=request.user, pk=pk)
    require_perm(request.user, "performance.view_hall_today", hall)
    return hall


class TodayChooserView(LoginRequiredMixin, View):
    """The halls whose "today" the user may open; straight to it when there is only one."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.view_hall_dashboards")
        halls = halls_run_by(user=request.user)
        first_two = list(halls[:2])
        if len(first_two) == 1:
            return redirect("performance:hall_today", pk=first_two[0].pk)
        return render(request, "performance/dashboard_hall_choose.html", {"page_obj": paginate(request, halls)})


@method_decorator(never_cache, name="get")
class HallTodayView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk)
        data = hall_today(user=request.user, hall=hall)
        context = {"hall": hall, "data": data, "config": _page_config(hall)}
        return render(request, "performance/dashboard_hall_today.html", context)


@method_decorator(never_cache, name="get")
class HallTodayJsonView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        hall = _hall(request, pk)
        return JsonResponse(hall_today(user=request.user, hall=hall))


class HallTodayCsvView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, panel: str) -> HttpResponse:
        hall = _hall(request, pk)
        data = hall_today(user=request.user, hall=hall)
        response, writer = csv_download(f"today-{hall.code}-{data['today']}-{panel}.csv")
        for row in _CSV[panel](data):
            writer.writerow(["" if value is None else value for value in row])
        return response


def _queue_rows(data: dict[str, Any]) -> list[list[Any]]:
    queue = data["queue"]
    rows: list[list[Any]] = [
        [
            "hall",
            "day",
            "hour",
            "tickets",
            "served",
            "walk_outs",
            "mean_wait_s",
            "p90_wait_s",
            "target_wait_s",
            "within_target_pct",
        ]
    ]
    for hour in queue["hours"]:
        rows.append(
            [
                data["hall"]["code"],
                data["today"],
                hour["label"],
                hour["tickets"],
                hour["served"],
                hour["walk_outs"],
                hour["mean_wait_seconds"],
                hour["p90_wait_seconds"],
                hour["target_wait_seconds"],
                hour["within_target_percent"],
            ]
        )
    rows.append(
        [
            data["hall"]["code"],
            data["today"],
            "day",
            queue["tickets"],
            queue["served"],
            queue["walk_outs"],
            queue["mean_wait_seconds"],
            queue["p90_wait_seconds"],
            queue["target_wait_seconds"],
            queue["within_target_percent"],
        ]
    )
    return rows


def _floor_rows(data: dict[str, Any]) -> list[list[Any]]:
    roles = list(data["floor"]["roles"])
    header = ["hall", "day", "slot", "period", "needed", "rostered", "short"]
    for role in roles:
        header += [f"needed_{role}", f"rostered_{role}"]
    rows: list[list[Any]] = [header]
    for slot in data["floor"]["slots"]:
        row = [data["hall"]["code"], data["today"], slot["start"], slot["period"], slot["needed"]]
        row += [slot["scheduled"], slot["short"]]
        for role in roles:
            counts = slot["by_role"].get(role, {"needed": 0, "scheduled": 0})
            row += [counts["needed"], counts["scheduled"]]
        rows.append(row)
    return rows


def _satisfaction_rows(data: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [["hall", "day", "by", "hour_or_counter", "satisfied", "neutral", "dissatisfied"]]
    rows[0] += ["total", "satisfied_pct"]
    satisfaction = data["satisfaction"]
    for by, key, items in (("hour", "label", satisfaction["hours"]), ("counter", "counter", satisfaction["counters"])):
        for item in items:
            rows.append(
                [data["hall"]["code"], data["today"], by, item[key], item["satisfied"], item["neutral"]]
                + [item["dissatisfied"], item["total"], item["satisfied_percent"]]
            )
    rows.append(
        [data["hall"]["code"], data["today"], "day", "", satisfaction["satisfied"], satisfaction["neutral"]]
        + [satisfaction["dissatisfied"], satisfaction["total"], satisfaction["satisfied_percent"]]
    )
    return rows


def _follow_up_rows(data: dict[str, Any]) -> list[list[Any]]:
    follow = data["follow_up"]
    rows: list[list[Any]] = [["hall", "day", "what", "count"]]
    for key in (
        "inspections_overdue",
        "inspections_due_today",
        "actions_open",
        "actions_due_today",
        "actions_overdue",
        "actions_escalated",
    ):
        rows.append([data["hall"]["code"], data["today"], key, follow[key]])
    return rows


def _summary_rows(data: dict[str, Any]) -> list[list[Any]]:
    code, today = data["hall"]["code"], data["today"]
    queue, floor, satisfaction = data["queue"], data["floor"], data["satisfaction"]
    rows: list[list[Any]] = [["hall", "day", "figure", "value"]]
    figures: list[tuple[str, Any]] = [
        ("open_today", "yes" if data["is_open_today"] else "no"),
        ("waiting_now", queue["waiting_now"]),
        ("longest_wait_now_s", queue["longest_wait_now_seconds"]),
        ("mean_wait_s", queue["mean_wait_seconds"]),
        ("p90_wait_s", queue["p90_wait_seconds"]),
        ("target_wait_s", queue["target_wait_seconds"]),
        ("walk_outs", queue["walk_outs"]),
        ("on_floor_now", floor["on_floor_count"]),
        ("needed_now", floor["needed_now"]),
        ("short_slots", floor["short_slots"]),
        ("presses", satisfaction["total"]),
        ("satisfied_pct", satisfaction["satisfied_percent"]),
    ]
    shop = data["mystery_shop"]
    figures += [("mystery_shop_score", shop["overall"] if shop else None)]
    figures += [("mystery_shop_date", shop["visited"] if shop else None)]
    pool = data["pool"]
    figures += [("pool_state", pool["state"]), ("pool_month", pool["month"])]
    figures += [(f"pool_{name}", pool.get(name)) for name in ("base", "factor", "pool") if name in pool]
    for name, value in figures:
        rows.append([code, today, name, value])
    return rows


_CSV = {
    "queue": _queue_rows,
    "floor": _floor_rows,
    "satisfaction": _satisfaction_rows,
    "follow-up": _follow_up_rows,
    "summary": _summary_rows,
}

urlpatterns = [
    path("performance/today/", TodayChooserView.as_view(), name="today"),
    path("performance/halls/<int:pk>/today/", HallTodayView.as_view(), name="hall_today"),
    path("performance/halls/<int:pk>/today.json", HallTodayJsonView.as_view(), name="hall_today_json"),
    re_path(
        r"^performance/halls/(?P<pk>\d+)/today/(?P<panel>queue|floor|satisfaction|follow-up|summary)\.csv$",
        HallTodayCsvView.as_view(),
        name="hall_today_csv",
    ),
]
