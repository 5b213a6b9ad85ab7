"""A hall's customer-voice data page: the hourly queue figures and device presses of a day, the CSV upload of
queue events or presses (the same rules and report as the bulk API), and each delivery's report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from core.views import require_perm
from halls.choices import IngestKind, IngestSource
from halls.ingest import RowError, csv_rows
from halls.models import Hall, QueueHour

from . import selectors
from .choices import Rating
from .forms import VoiceUploadForm
from .voice import voice_ingest

# Columns of the CSV files (docs/customer-voice.md): required first, then optional.
CSV_COLUMNS = {
    IngestKind.QUEUE_EVENTS: (("event_id", "ticket", "type", "occurred_at"), ("counter", "service_type", "tier")),
    IngestKind.DEVICE_PRESSES: (("event_id", "counter", "rating", "occurred_at"), ("ticket",)),
}
UPLOAD_PERMS = {
    IngestKind.QUEUE_EVENTS: "halls.add_queueevent",
    IngestKind.DEVICE_PRESSES: "touchpoints.add_devicepress",
}


def _hall(request: HttpRequest, pk: int, perm: str) -> Hall:
    hall = get_object_or_404(Hall.objects.visible_to(request.user).select_related("region"), pk=pk)
    require_perm(request.user, perm, hall)
    return hall


@dataclass
class HourRow:
    hour: int
    figures: QueueHour | None = None
    presses: dict[str, int] = field(default_factory=dict)

    @property
    def press_cells(self) -> list[int]:
        return [self.presses.get(rating, 0) for rating in Rating.values]

    @property
    def press_total(self) -> int:
        return sum(self.presses.values())

    @property
    def satisfied_share(self) -> Decimal | None:
        return _percent(self.presses.get(Rating.SATISFIED, 0), self.press_total)

    @property
    def within_share(self) -> Decimal | None:
        if self.figures is None:
            return None
        return _percent(self.figures.served_within_target, self.figures.waits_measured)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _day_rows(user: Any, hall: Hall, day: dt.date) -> tuple[list[HourRow], dict[str, Any]]:
    figures = {hour.hour: hour for hour in selectors.queue_hours(user=user, hall=hall, day=day)}
    presses = selectors.press_counts_by_hour(user=user, hall=hall, day=day)
    rows = [
        HourRow(hour=hour, figures=figures.get(hour), presses=dict(presses.get(hour, {})))
        for hour in sorted(set(figures) | set(presses))
    ]
    hours = list(figures.values())
    measured = sum(h.waits_measured for h in hours)
    satisfied = sum(r.presses.get(Rating.SATISFIED, 0) for r in rows)
    press_total = sum(r.press_total for r in rows)
    totals = {
        "tickets": sum(h.tickets for h in hours),
        "served": sum(h.served for h in hours),
        "walk_outs": sum(h.walk_outs for h in hours),
        "mean_wait": (Decimal(sum(h.wait_seconds_total for h in hours)) / measured).quantize(Decimal("0.1"))
        if measured
        else None,
        "within_share": _percent(sum(h.served_within_target for h in hours), measured),
        "target": hours[0].target_wait_seconds if hours else None,
        "presses": {rating: sum(r.presses.get(rating, 0) for r in rows) for rating in Rating.values},
        "press_total": press_total,
        "satisfied_share": _percent(satisfied, press_total),
    }
    return rows, totals


def _page(request: HttpRequest, hall: Hall, form: VoiceUploadForm | None = None, status: int = 200) -> HttpResponse:
    days = selectors.voice_days(user=request.user, hall=hall)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = days[0] if days else timezone.localtime(timezone.now(), hall.tzinfo).date()
    rows, totals = _day_rows(request.user, hall, day)
    can_upload = any(request.user.has_perm(perm, hall) for perm in UPLOAD_PERMS.values())
    context = {
        "hall": hall,
        "day": day,
        "days": days,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "rows": rows,
        "totals": totals,
        "ratings": Rating.choices,
        "form": form or (VoiceUploadForm(initial={"kind": IngestKind.QUEUE_EVENTS}) if can_upload else None),
        "columns": CSV_COLUMNS,
        "batches": selectors.batch_list(user=request.user, hall=hall)[:10],
    }
    return render(request, "touchpoints/hall_voice.html", context, status=status)


class HallVoiceView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, _hall(request, pk, "halls.view_queuehour"))


class VoiceUploadView(LoginRequiredMixin, View):
    """A CSV file of queue events or presses: the same rules as the bulk API; the report names line numbers."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = _hall(request, pk, "halls.view_queuehour")
        form = VoiceUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, hall, form, status=400)
        kind = form.cleaned_data["kind"]
        require_perm(request.user, UPLOAD_PERMS[kind], hall)
        upload = form.cleaned_data["file"]
        required, _optional = CSV_COLUMNS[kind]
        try:
            rows, numbers = csv_rows(upload.read(), required=required)
        except RowError as error:
            form.add_error("file", str(error))
            return _page(request, hall, form, status=400)
        report = voice_ingest(
            hall=hall,
            kind=kind,
            rows=rows,
            strict=form.cleaned_data["strict"],
            source=IngestSource.CSV,
            by=request.user,
            filename=upload.name,
            naive_tz=hall.tzinfo,
            row_numbers=numbers,
        )
        return redirect("touchpoints:voice_batch", pk=hall.pk, batch_pk=report.batch.pk)


class VoiceBatchView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
        hall = _hall(request, pk, "halls.view_ingestbatch")
        batch = get_object_or_404(selectors.batch_list(user=request.user, hall=hall), pk=batch_pk)
        return render(request, "touchpoints/voice_batch.html", {"hall": hall, "batch": batch})
