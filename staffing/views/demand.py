"""A hall's demand for one day: the profile as a chart with the table behind it and a CSV export, and the
form for the hall's demand settings."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from core.form_errors import apply_form_errors
from core.views import require_perm
from halls.models import Hall

from .. import selectors, services
from ..choices import Period, WorkRole
from ..demand import SLOT_MINUTES, DayDemand, day_demand, profile_for
from ..forms import DemandDateForm, DemandProfileForm

ROLES = [WorkRole.COUNTER, WorkRole.GREETER, WorkRole.CONSULTANT, WorkRole.SELF_SERVICE]
# Bar colours by period; the page's legend and the table use the same ones.
PERIOD_COLOURS = {Period.PEAK: "#dc3545", Period.MID: "#fd7e14", Period.LOW: "#6ea8fe"}
# Column headings of the table: short, so that it fits a tablet without scrolling sideways.
ROLE_HEADINGS = {
    WorkRole.COUNTER: gettext_lazy("Counter"),
    WorkRole.GREETER: gettext_lazy("Greeter"),
    WorkRole.CONSULTANT: gettext_lazy("Consultant"),
    WorkRole.SELF_SERVICE: pgettext_lazy("work role, short", "Self-service"),
}
SOURCE_LABELS = {
    "history": gettext_lazy("averaged from past weeks' arrivals"),
    "entered": gettext_lazy("from the arrivals entered in the demand settings"),
    "none": gettext_lazy("no arrivals known: enter them in the demand settings"),
    "closed": gettext_lazy("the hall is closed"),
}


def _hall(request: HttpRequest, pk: int, perm: str) -> Hall:
    hall = selectors.hall_get_for_staffing(user=request.user, pk=pk)
    require_perm(request.user, perm, hall)
    return hall


def _date(request: HttpRequest, hall: Hall) -> tuple[dt.date, DemandDateForm]:
    """The requested date, or the hall's today when none or a bad one is given (the form then says why)."""
    today = hall.local_now().date()
    if "date" not in request.GET:
        return today, DemandDateForm(initial={"date": today})
    form = DemandDateForm(request.GET)
    return (form.cleaned_data["date"] if form.is_valid() else today), form


def _slot_end(start: dt.time) -> dt.time:
    return (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=SLOT_MINUTES)).time()


def _rows(demand: DayDemand) -> list[dict[str, Any]]:
    return [
        {
            "start": slot.start,
            "end": _slot_end(slot.start),
            "period": slot.period,
            "period_label": Period(slot.period).label,
            "colour": PERIOD_COLOURS.get(slot.period, "#adb5bd"),
            "arrivals": slot.arrivals,
            "arrivals_per_hour": slot.arrivals_per_hour,
            "erlang_c_staff": slot.erlang_c_staff,
            "required": [slot.required.get(role.value, 0) for role in ROLES],
            "total": sum(slot.required.values()),
            "capped": slot.erlang_c_staff > slot.required.get(WorkRole.COUNTER.value, 0),
        }
        for slot in demand.slots
    ]


def _peak_windows(demand: DayDemand) -> list[str]:
    """Runs of consecutive peak slots, as "10:00–12:30"."""
    windows: list[str] = []
    start = None
    for slot in [*demand.slots, None]:
        if slot is not None and slot.period == Period.PEAK:
            start = start or slot.start
            end = _slot_end(slot.start)
        elif start is not None:
            windows.append(f"{start:%H:%M}–{end:%H:%M}")
            start = None
    return windows


def _chart(demand: DayDemand, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What static/js/demand_chart.js draws; handed over with json_script."""
    return {
        "labels": [f"{row['start']:%H:%M}" for row in rows],
        "arrivals_per_hour": [row["arrivals_per_hour"] for row in rows],
        "colours": [row["colour"] for row in rows],
        "periods": [row["period_label"] for row in rows],
        "erlang_c_staff": [row["erlang_c_staff"] for row in rows],
        "required_total": [row["total"] for row in rows],
        "text": {
            "arrivals": _("Arrivals per hour"),
            "erlang": _("Counter staff (Erlang C)"),
            "required": _("Staff required, all roles"),
            "staff_axis": _("Staff"),
            "arrivals_axis": _("Arrivals per hour"),
            "period": _("Period"),
        },
    }


class DemandDayView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk, "staffing.view_demand")
        date, date_form = _date(request, hall)
        demand = day_demand(hall, date)
        rows = _rows(demand)
        hours = {role: sum(row["required"][i] for row in rows) * SLOT_MINUTES / 60 for i, role in enumerate(ROLES)}
        context = {
            "hall": hall,
            "date": date,
            "today": hall.local_now().date(),
            "previous": date - dt.timedelta(days=1),
            "next": date + dt.timedelta(days=1),
            "date_form": date_form,
            "demand": demand,
            "service_level_percent": demand.service_level_target * 100,
            "rows": rows,
            "roles": [ROLE_HEADINGS[role] for role in ROLES],
            "role_hours": [(role.label, hours[role]) for role in ROLES],
            "total_hours": sum(hours.values()),
            "peak_windows": _peak_windows(demand),
            "periods": [(Period(p).label, colour) for p, colour in PERIOD_COLOURS.items()],
            "source_label": SOURCE_LABELS.get(demand.source, demand.source),
            "chart": _chart(demand, rows),
            "csv_url": f"{reverse('staffing:demand_csv', args=[hall.pk])}?date={date:%Y-%m-%d}",
            "other_halls": selectors.halls_run_by(user=request.user).exclude(pk=hall.pk)[:100],
            "can_change_profile": request.user.has_perm("staffing.change_demandprofile", hall),
            "can_view_rules": request.user.has_perm("staffing.view_labourrules", hall),
        }
        status = 400 if date_form.is_bound and not date_form.is_valid() else 200
        return render(request, "staffing/demand_day.html", context, status=status)


class DemandCsvView(LoginRequiredMixin, View):
    """The day's table as CSV, one row per 30-minute slot."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk, "staffing.view_demand")
        date, date_form = _date(request, hall)
        if date_form.is_bound and not date_form.is_valid():
            return HttpResponse(_("Give the date as YYYY-MM-DD."), status=400, content_type="text/plain; charset=utf-8")
        demand = day_demand(hall, date)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="demand-{hall.code}-{date:%Y-%m-%d}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "date",
                "start",
                "end",
                "period",
                "arrivals",
                "arrivals_per_hour",
                "aht_minutes",
                "erlang_c_staff",
                *[f"required_{role.value}" for role in ROLES],
                "required_total",
            ]
        )
        for row in _rows(demand):
            writer.writerow(
                [
                    f"{date:%Y-%m-%d}",
                    f"{row['start']:%H:%M}",
                    f"{row['end']:%H:%M}",
                    row["period"],
                    row["arrivals"],
                    row["arrivals_per_hour"],
                    demand.aht_minutes,
                    row["erlang_c_staff"],
                    *row["required"],
                    row["total"],
                ]
            )
        return response


class DemandProfileView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, hall: Hall, form: DemandProfileForm, status: int = 200):
        return render(request, "staffing/demand_profile_form.html", {"hall": hall, "form": form}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk, "staffing.change_demandprofile")
        return self._render(request, hall, DemandProfileForm(instance=profile_for(hall)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk, "staffing.change_demandprofile")
        form = DemandProfileForm(request.POST, instance=profile_for(hall))
        if form.is_valid():
            try:
                services.demand_profile_save(hall=hall, fields=form.service_fields())
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Demand settings of %(hall)s saved.") % {"hall": hall.code})
                return redirect("staffing:demand_day", pk=hall.pk)
        return self._render(request, hall, form, status=400)


urlpatterns = [
    path("halls/<int:pk>/demand/", DemandDayView.as_view(), name="demand_day"),
    path("halls/<int:pk>/demand/export.csv", DemandCsvView.as_view(), name="demand_csv"),
    path("halls/<int:pk>/demand/settings/", DemandProfileView.as_view(), name="demand_profile"),
]
