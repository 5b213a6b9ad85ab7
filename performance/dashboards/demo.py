"""Demo data for the dashboards: today so far. The other demos stop at yesterday (history); a hall manager's
"today" and a staff member's "me" need today's roster, the next two weeks' shifts and the queue up to now.

Reuses the customer-voice demo: its weekly rosters (published, counters filled like a real hall) for today and
the next 13 days, and its day simulation for today, fed with the arrivals of the same weekday last week and cut
at the moment the demo runs (tickets still waiting or at a counter stay open, as they would be). Idempotent:
days that already have shifts or queue events are left as they are.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from halls.bulk import data_fields, insert_rows
from halls.choices import HallStatus, IngestKind, IngestSource
from halls.models import Hall, IngestBatch, QueueEvent, TrafficCount
from touchpoints.demo_voice import _rosters, _simulate_day
from touchpoints.models import DevicePress
from touchpoints.voice import attribute_presses, voice_refresh

SHIFT_DAYS = 14


def _queue_so_far(hall: Hall, now: dt.datetime) -> tuple[int, int]:
    local = now.astimezone(hall.tzinfo)
    today = local.date()
    if QueueEvent.objects.filter(hall=hall, service_day=today).exists() or not hall.hours_on(today):
        return 0, 0
    last_week = today - dt.timedelta(days=7)
    slots = sorted(
        (slot_start, arrivals)
        for slot_start, arrivals in TrafficCount.objects.filter(hall=hall, date=last_week).values_list(
            "slot_start", "arrivals"
        )
        if slot_start <= local.time()
    )
    if not slots:
        return 0, 0
    rng = random.Random(f"hallops-today-{hall.code}-{today:%Y%m%d}")  # noqa: S311 - demo data, not security
    batches = {
        kind: IngestBatch.objects.create(hall=hall, kind=kind, source=IngestSource.TOKEN, filename="demo-today")
        for kind in (IngestKind.QUEUE_EVENTS, IngestKind.DEVICE_PRESSES)
    }
    events, presses = _simulate_day(hall, today, slots, rng, batches)
    events = [event for event in events if event.occurred_at <= now]
    presses = [press for press in presses if press.occurred_at <= now]
    for row in [*events, *presses]:
        row.received_at = now
    attribute_presses(hall, presses)
    insert_rows(QueueEvent, events, data_fields(QueueEvent))
    insert_rows(DevicePress, presses, data_fields(DevicePress))
    for kind, count in ((IngestKind.QUEUE_EVENTS, len(events)), (IngestKind.DEVICE_PRESSES, len(presses))):
        IngestBatch.objects.filter(pk=batches[kind].pk).update(received=count, stored=count)
    summary = voice_refresh(hall=hall, days=[today])
    return summary.tickets, len(presses)


def load_today(context: dict[str, Any], stdout: Any) -> None:
    now = timezone.now()
    users = context.get("users", {})
    shifts = tickets = presses = 0
    for hall in Hall.objects.filter(status=HallStatus.OPEN).prefetch_related("opening_hours", "special_days"):
        today = now.astimezone(hall.tzinfo).date()
        shifts += _rosters(hall, today, today + dt.timedelta(days=SHIFT_DAYS - 1), users.get("hq"))
        hall_tickets, hall_presses = _queue_so_far(hall, now)
        tickets += hall_tickets
        presses += hall_presses
    stdout.write(f"dashboards: today so far, {tickets} tickets and {presses} presses; {shifts} shifts coming")
