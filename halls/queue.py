"""The hall's queue: queue events in (row rules), tickets derived from them, and the hourly roll-up per hall.

Formulas (worked example in docs/customer-voice.md):

- a ticket is (hall, local day, ticket number); its times are the first event of each type;
- wait = (called, else service started) - issued; handling = served - (service started, else called);
  a negative difference (events out of order) is left unmeasured rather than guessed;
- walked out = a "left without service" event and never served;
- each ticket counts in the local hour it arrived in (issued, else its first event);
- per hour: tickets, served, walk-outs; the mean and 90th-percentile wait of the served tickets with a
  measured wait (nearest rank: the ceil(0.9 n)-th smallest); served within the target wait (wait <= target);
  the mean handling time of the served tickets with a measured handling time. Means are rounded half up to
  0.1 s; totals are kept so that longer periods add up exactly.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from .bulk import data_fields, insert_rows
from .choices import CustomerTier, IngestKind, QueueEventType
from .ingest import EventKind, RowContext, collect, read_choice, read_counter, read_moment, read_text
from .models import Hall, QueueEvent, QueueHour, QueueTicket

# The target wait when the caller has none for the hall (staffing's demand profile default: 10 minutes).
DEFAULT_TARGET_WAIT_SECONDS = 600


def clean_queue_event(row: Mapping[str, Any], context: RowContext) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """One queue event's fields: ticket, type, counter, service_type, tier, occurred_at."""
    hall = context.hall
    values, errors = collect(
        row,
        {
            "ticket": lambda: read_text(row.get("ticket"), max_length=20, required=True),
            "event_type": lambda: read_choice(row.get("type", row.get("event_type")), QueueEventType),
            "counter": lambda: read_counter(row.get("counter"), hall, required=False),
            "service_type": lambda: read_text(row.get("service_type"), max_length=40),
            "tier": lambda: read_choice(row.get("tier"), CustomerTier, default=""),
            "occurred_at": lambda: read_moment(row.get("occurred_at"), context),
        },
    )
    if "event_type" in errors and "type" in row:
        errors["type"] = errors.pop("event_type")
    if errors:
        return None, errors
    values["service_day"] = values["occurred_at"].astimezone(hall.tzinfo).date()
    return values, {}


QUEUE_EVENTS = EventKind(
    kind=IngestKind.QUEUE_EVENTS,
    model=QueueEvent,
    clean=clean_queue_event,
    compared=("ticket", "event_type", "counter", "service_type", "tier", "occurred_at"),
    day_of=lambda event: event.service_day,
)


# --- tickets from events ---

_TIME_FIELD = {
    QueueEventType.ISSUED: "issued_at",
    QueueEventType.CALLED: "called_at",
    QueueEventType.SERVICE_STARTED: "started_at",
    QueueEventType.SERVED: "served_at",
    QueueEventType.LEFT_WITHOUT_SERVICE: "left_at",
}
# The counter that served the customer: where service happened, else where they were called to.
_COUNTER_PREFERENCE = (QueueEventType.SERVED, QueueEventType.SERVICE_STARTED, QueueEventType.CALLED)


def _seconds(later: dt.datetime | None, earlier: dt.datetime | None) -> int | None:
    if later is None or earlier is None or later < earlier:
        return None
    return round((later - earlier).total_seconds())


def derive_tickets(*, hall: Hall, events: Iterable[Any]) -> list[QueueTicket]:
    """Unsaved tickets from a hall's events (objects or rows with the event's attributes), any days."""
    by_ticket: dict[tuple[dt.date, str], list[Any]] = defaultdict(list)
    for event in events:
        by_ticket[(event.service_day, event.ticket)].append(event)
    tz = hall.tzinfo
    tickets = []
    for (day, number), ticket_events in by_ticket.items():
        ticket_events.sort(key=lambda e: e.occurred_at)
        times: dict[str, dt.datetime] = {}
        counters: dict[str, int] = {}
        tier = service_type = ""
        for event in ticket_events:
            times.setdefault(_TIME_FIELD[event.event_type], event.occurred_at)
            if event.counter is not None:
                counters.setdefault(event.event_type, event.counter)
            tier = tier or event.tier
            service_type = service_type or event.service_type
        arrived = times.get("issued_at") or ticket_events[0].occurred_at
        start = times.get("started_at") or times.get("called_at")
        served = times.get("served_at")
        tickets.append(
            QueueTicket(
                hall_id=hall.pk,
                day=day,
                ticket=number,
                tier=tier or CustomerTier.ORDINARY,
                service_type=service_type,
                counter=next((counters[t] for t in _COUNTER_PREFERENCE if t in counters), None),
                hour=arrived.astimezone(tz).hour,
                wait_seconds=_seconds(times.get("called_at") or times.get("started_at"), times.get("issued_at")),
                handling_seconds=_seconds(served, start),
                walked_out="left_at" in times and served is None,
                **times,
            )
        )
    tickets.sort(key=lambda t: (t.day, t.issued_at or t.called_at or t.served_at or t.left_at, t.ticket))
    return tickets


# --- the hourly roll-up ---


def nearest_rank_p90(values: list[int]) -> int | None:
    """The 90th percentile by nearest rank: the ceil(0.9 n)-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def mean_tenths(total: int, count: int) -> Decimal | None:
    """total / count rounded half up to 0.1."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def roll_up(*, hall: Hall, tickets: Iterable[QueueTicket], target_wait_seconds: int) -> list[QueueHour]:
    """Unsaved hourly figures of a hall's tickets (one row per local day and hour that has tickets)."""
    by_hour: dict[tuple[dt.date, int], list[QueueTicket]] = defaultdict(list)
    for ticket in tickets:
        by_hour[(ticket.day, ticket.hour)].append(ticket)
    now = timezone.now()
    hours = []
    for (day, hour), group in sorted(by_hour.items()):
        served = [t for t in group if t.served_at is not None]
        waits = [t.wait_seconds for t in served if t.wait_seconds is not None]
        handling = [t.handling_seconds for t in served if t.handling_seconds is not None]
        hours.append(
            QueueHour(
                hall=hall,
                day=day,
                hour=hour,
                starts_at=dt.datetime.combine(day, dt.time(hour), tzinfo=hall.tzinfo).astimezone(dt.UTC),
                tickets=len(group),
                served=len(served),
                walk_outs=sum(1 for t in group if t.walked_out),
                waits_measured=len(waits),
                wait_seconds_total=sum(waits),
                mean_wait_seconds=mean_tenths(sum(waits), len(waits)),
                p90_wait_seconds=nearest_rank_p90(waits),
                target_wait_seconds=target_wait_seconds,
                served_within_target=sum(1 for wait in waits if wait <= target_wait_seconds),
                handled=len(handling),
                handling_seconds_total=sum(handling),
                mean_handling_seconds=mean_tenths(sum(handling), len(handling)),
                computed_at=now,
            )
        )
    return hours


@transaction.atomic
def queue_rebuild(*, hall: Hall, days: Iterable[dt.date], target_wait_seconds: int) -> list[QueueTicket]:
    """Derive the tickets and hourly figures of those local days again from the stored events.

    Returns the saved tickets (with their ids) so that the caller can attribute them to staff.
    """
    days = sorted(set(days))
    if not days:
        return []
    QueueTicket.objects.filter(hall=hall, day__in=days).delete()
    QueueHour.objects.filter(hall=hall, day__in=days).delete()
    events = QueueEvent.objects.filter(hall=hall, service_day__in=days).values_list(
        "ticket", "event_type", "counter", "service_type", "tier", "occurred_at", "service_day", named=True
    )
    tickets = derive_tickets(hall=hall, events=events.iterator(chunk_size=5000))
    insert_rows(QueueTicket, tickets, data_fields(QueueTicket))
    ids = {
        (day, number): pk
        for pk, day, number in QueueTicket.objects.filter(hall=hall, day__in=days).values_list("pk", "day", "ticket")
    }
    for ticket in tickets:
        ticket.pk = ids[(ticket.day, ticket.ticket)]
    hours = roll_up(hall=hall, tickets=tickets, target_wait_seconds=target_wait_seconds)
    insert_rows(QueueHour, hours, data_fields(QueueHour))
    return tickets
