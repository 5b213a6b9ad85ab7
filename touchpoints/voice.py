"""The customer's voice, data in: satisfaction-device presses (row rules, attribution to staff) and the refresh
that turns a hall's queue events into tickets attributed to staff and hourly figures.

Halls keeps the queue (events, tickets, hourly roll-up) and knows no staff; staffing knows who was at which
counter when; this module, to the right of both, puts them together (docs/customer-voice.md):

- ingest: `presses_ingest` / `queue_events_ingest` store a delivery and queue `refresh` for the days it
  touched, once the delivery is committed;
- refresh(hall, days): the tickets and hourly figures of those days again from the events (with the hall's
  target wait from its demand profile), each ticket attributed to the person on the published roster at its
  counter when service started, and the presses of those days attributed again and matched to their ticket
  (for the customer's tier).
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from halls.bulk import data_fields, insert_rows
from halls.choices import IngestKind
from halls.ingest import (
    EventKind,
    IngestReport,
    RowContext,
    collect,
    events_ingest,
    read_choice,
    read_counter,
    read_moment,
    read_text,
)
from halls.models import Hall, QueueTicket
from halls.queue import DEFAULT_TARGET_WAIT_SECONDS, QUEUE_EVENTS, queue_rebuild
from staffing.attribution import on_duty
from staffing.models import DemandProfile

from .choices import Rating
from .models import DevicePress, TicketAttribution

logger = logging.getLogger(__name__)

# A press up to this long after the end of a service still rates that service (the customer presses as they
# stand up); a press while a service runs rates that service.
PRESS_GRACE = dt.timedelta(minutes=3)


# --- device presses in ---


def clean_device_press(row: Mapping[str, Any], context: RowContext) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """One press: counter, rating, occurred_at, and the ticket if the device knows it."""
    hall = context.hall
    values, errors = collect(
        row,
        {
            "counter": lambda: read_counter(row.get("counter"), hall, required=True),
            "rating": lambda: read_choice(row.get("rating"), Rating),
            "occurred_at": lambda: read_moment(row.get("occurred_at"), context),
            "ticket": lambda: read_text(row.get("ticket"), max_length=20),
        },
    )
    if errors:
        return None, errors
    values["ticket_given"] = bool(values["ticket"])
    values["service_day"] = values["occurred_at"].astimezone(hall.tzinfo).date()
    return values, {}


def attribute_presses(hall: Hall, presses: list[DevicePress]) -> None:
    """Set each press's staff member from the published roster, in one query for the whole list."""
    duty = on_duty(hall_id=hall.pk, moments=[(press.counter, press.occurred_at) for press in presses])
    for press in presses:
        answer = duty[(press.counter, press.occurred_at)]
        press.staff_id, press.attribution = answer.staff_id, answer.basis


DEVICE_PRESSES = EventKind(
    kind=IngestKind.DEVICE_PRESSES,
    model=DevicePress,
    clean=clean_device_press,
    # The ticket is left out: when the device gave none, refresh fills in the ticket it matched.
    compared=("counter", "occurred_at", "rating"),
    day_of=lambda press: press.service_day,
    prepare=attribute_presses,
)

KINDS = {IngestKind.QUEUE_EVENTS: QUEUE_EVENTS, IngestKind.DEVICE_PRESSES: DEVICE_PRESSES}


def refresh_later(hall: Hall, days: list[dt.date]) -> None:
    """Queue the refresh of those days (called once the delivery is committed).

    A broker that is down must not fail a delivery already stored: the hourly task (and `voice_rebuild`)
    catches up with whatever was missed.
    """
    from .tasks import refresh_customer_voice_task

    try:
        refresh_customer_voice_task.delay(hall.pk, [day.isoformat() for day in days])
    except Exception:  # a broker error must not lose the stored delivery's answer
        logger.exception("Could not queue the customer-voice refresh of hall %s for %s", hall.pk, days)


def voice_ingest(
    *,
    hall: Hall,
    kind: str,
    rows: Iterable[Any],
    strict: bool,
    source: str,
    by: Any = None,
    filename: str = "",
    naive_tz: ZoneInfo | None = None,
    row_numbers: list[int] | None = None,
) -> IngestReport:
    """Store a delivery of queue events or device presses (halls.ingest rules) and refresh its days later."""
    return events_ingest(
        hall=hall,
        rows=rows,
        kind=KINDS[kind],
        strict=strict,
        source=source,
        by=by,
        filename=filename,
        naive_tz=naive_tz,
        row_numbers=row_numbers,
        after_commit=refresh_later,
    )


# --- refresh: tickets, their staff, hourly figures, presses ---


@dataclass
class RefreshSummary:
    hall_id: int
    days: list[str]
    tickets: int
    tickets_attributed: int
    presses: int
    presses_attributed: int

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def target_wait_seconds(hall: Hall) -> int:
    """The hall's target wait from its demand profile (staffing), else the default of 10 minutes."""
    minutes = DemandProfile.objects.filter(hall=hall).values_list("target_wait_minutes", flat=True).first()
    return DEFAULT_TARGET_WAIT_SECONDS if minutes is None else round(minutes * 60)


def _service_moment(ticket: QueueTicket) -> dt.datetime | None:
    return ticket.started_at or ticket.called_at or ticket.served_at


def _attribute_tickets(hall: Hall, tickets: list[QueueTicket]) -> int:
    moments = {ticket.pk: (ticket.counter, _service_moment(ticket)) for ticket in tickets if _service_moment(ticket)}
    duty = on_duty(hall_id=hall.pk, moments=moments.values())
    rows = []
    for ticket in tickets:
        moment = moments.get(ticket.pk)
        if moment is None:
            continue  # never reached a counter (walked out before being called): nobody to attribute
        answer = duty[moment]
        rows.append(
            TicketAttribution(ticket_id=ticket.pk, hall_id=hall.pk, staff_id=answer.staff_id, basis=answer.basis)
        )
    insert_rows(TicketAttribution, rows, data_fields(TicketAttribution))
    return sum(1 for row in rows if row.staff_id)


class _CounterTickets:
    """The tickets served at one counter, by service start, to find the one a press rates."""

    def __init__(self, tickets: list[QueueTicket]) -> None:
        self.tickets = sorted(tickets, key=lambda t: t.started_at or t.called_at)
        self.starts = [t.started_at or t.called_at for t in self.tickets]

    def at(self, moment: dt.datetime) -> QueueTicket | None:
        index = bisect.bisect_right(self.starts, moment) - 1
        if index < 0:
            return None
        ticket = self.tickets[index]
        if ticket.served_at is None or moment <= ticket.served_at + PRESS_GRACE:
            return ticket
        return None


def _match_presses(presses: list[DevicePress], tickets: list[QueueTicket]) -> None:
    """Each press's ticket and tier: the ticket the device named, else the service it happened during."""
    by_number = {(t.day, t.ticket): t for t in tickets}
    by_counter: dict[int, list[QueueTicket]] = defaultdict(list)
    for ticket in tickets:
        if ticket.counter is not None and (ticket.started_at or ticket.called_at):
            by_counter[ticket.counter].append(ticket)
    indexed = {counter: _CounterTickets(group) for counter, group in by_counter.items()}
    for press in presses:
        if press.ticket_given:
            match = by_number.get((press.service_day, press.ticket))
        else:
            counter = indexed.get(press.counter)
            match = counter.at(press.occurred_at) if counter else None
            press.ticket = match.ticket if match else ""
        press.tier = match.tier if match else ""


def _refresh_presses(hall: Hall, days: list[dt.date], tickets: list[QueueTicket]) -> tuple[int, int]:
    presses = list(DevicePress.objects.filter(hall=hall, service_day__in=days))
    if not presses:
        return 0, 0
    before = {p.pk: (p.staff_id, p.attribution, p.ticket, p.tier) for p in presses}
    attribute_presses(hall, presses)
    _match_presses(presses, tickets)
    changed = [p for p in presses if before[p.pk] != (p.staff_id, p.attribution, p.ticket, p.tier)]
    DevicePress.objects.bulk_update(changed, ["staff", "attribution", "ticket", "tier"], batch_size=1000)
    return len(presses), sum(1 for p in presses if p.staff_id)


@transaction.atomic
def voice_refresh(*, hall: Hall, days: Iterable[dt.date]) -> RefreshSummary:
    """Tickets, their staff, hourly figures and presses of those local days, again from the stored events."""
    days = sorted(set(days))
    tickets = queue_rebuild(hall=hall, days=days, target_wait_seconds=target_wait_seconds(hall))
    attributed = _attribute_tickets(hall, tickets)
    presses, presses_attributed = _refresh_presses(hall, days, tickets)
    return RefreshSummary(
        hall_id=hall.pk,
        days=[day.isoformat() for day in days],
        tickets=len(tickets),
        tickets_attributed=attributed,
        presses=presses,
        presses_attributed=presses_attributed,
    )
