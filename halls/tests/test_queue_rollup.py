"""Tickets derived from queue events and the hourly roll-up, against a hand-worked example
(docs/customer-voice.md, "Roll-up formulas")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from halls.choices import IngestSource
from halls.ingest import events_ingest
from halls.models import QueueHour, QueueTicket
from halls.queue import QUEUE_EVENTS, mean_tenths, nearest_rank_p90, queue_rebuild

DAY = dt.date(2026, 3, 2)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# ticket: [(type, "HH:MM:SS", counter)]; the worked example of docs/customer-voice.md.
EXAMPLE = {
    "A001": [
        ("issued", "09:00:00", None),
        ("called", "09:01:00", 1),
        ("service_started", "09:01:30", 1),
        ("served", "09:09:30", 1),
    ],
    "A002": [("issued", "09:05:00", None), ("called", "09:07:00", 2), ("served", "09:15:00", 2)],
    "A003": [
        ("issued", "09:10:00", None),
        ("called", "09:13:00", 1),
        ("service_started", "09:13:20", 1),
        ("served", "09:20:20", 1),
    ],
    "A004": [("issued", "09:15:00", None), ("called", "09:19:00", 2), ("served", "09:25:00", 2)],
    "A005": [("issued", "09:20:00", None), ("called", "09:25:00", 1), ("served", "09:30:00", 1)],
    "A006": [("issued", "09:25:00", None), ("called", "09:31:00", 2), ("served", "09:40:00", 2)],
    "A007": [("issued", "09:30:00", None), ("called", "09:37:00", 1), ("served", "09:45:00", 1)],
    "A008": [("issued", "09:35:00", None), ("called", "09:43:00", 2), ("served", "09:50:00", 2)],
    "A009": [("issued", "09:40:00", None), ("called", "09:49:00", 1), ("served", "09:58:00", 1)],
    "A010": [("issued", "09:45:00", None), ("called", "10:00:00", 2), ("served", "10:06:00", 2)],
    "A011": [("issued", "09:50:00", None), ("left_without_service", "10:05:00", None)],
    "A012": [("issued", "09:55:00", None), ("called", "10:02:00", 1), ("left_without_service", "10:03:00", None)],
    "A013": [("issued", "10:05:00", None), ("called", "10:06:00", 1), ("served", "10:10:00", 1)],
}


def example_rows() -> list[dict]:
    rows = []
    for ticket, events in EXAMPLE.items():
        for n, (kind, clock, counter) in enumerate(events):
            at = dt.datetime.combine(DAY, dt.time.fromisoformat(clock), tzinfo=SHANGHAI)
            rows.append(
                {
                    "event_id": f"{ticket}-{n}",
                    "ticket": ticket,
                    "type": kind,
                    "counter": counter,
                    "tier": "gold" if ticket == "A001" and kind == "issued" else "",
                    "occurred_at": at.isoformat(),
                }
            )
    return rows


@pytest.fixture
def example(cast):
    events_ingest(hall=cast.hall1, rows=example_rows(), kind=QUEUE_EVENTS, strict=True, source=IngestSource.API)
    return queue_rebuild(hall=cast.hall1, days=[DAY], target_wait_seconds=300)


def test_the_nine_oclock_hour_matches_the_hand_worked_figures(cast, example):
    hour = QueueHour.objects.get(hall=cast.hall1, day=DAY, hour=9)

    assert (hour.tickets, hour.served, hour.walk_outs) == (12, 10, 2)
    # Waits of the served: 60, 120, ..., 540 and 900 s. Mean 3,600 / 10; p90 = the 9th smallest (ceil 0.9 x 10).
    assert (hour.waits_measured, hour.wait_seconds_total) == (10, 3600)
    assert hour.mean_wait_seconds == Decimal("360.0")
    assert hour.p90_wait_seconds == 540
    # Within the 300 s target (inclusive): 60, 120, 180, 240 and 300.
    assert (hour.target_wait_seconds, hour.served_within_target) == (300, 5)
    assert hour.within_target_share == 0.5
    # Handling: served - (started, else called) = 480, 480, 420, 360, 300, 540, 480, 420, 540, 360.
    assert (hour.handled, hour.handling_seconds_total, hour.mean_handling_seconds) == (10, 4380, Decimal("438.0"))
    assert hour.starts_at == dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def test_a_ticket_counts_in_the_hour_it_arrived_in(cast, example):
    ten = QueueHour.objects.get(hall=cast.hall1, day=DAY, hour=10)
    assert (ten.tickets, ten.served, ten.walk_outs, ten.p90_wait_seconds, ten.mean_handling_seconds) == (
        1,
        1,
        0,
        60,
        Decimal("240.0"),
    )
    assert QueueHour.objects.filter(hall=cast.hall1).count() == 2


def test_each_ticket_gets_its_times_wait_handling_counter_and_tier(cast, example):
    tickets = {t.ticket: t for t in QueueTicket.objects.filter(hall=cast.hall1)}

    first = tickets["A001"]
    assert (first.wait_seconds, first.handling_seconds, first.counter, first.tier) == (60, 480, 1, "gold")
    assert first.started_at == dt.datetime(2026, 3, 2, 1, 1, 30, tzinfo=dt.UTC)
    assert (tickets["A002"].handling_seconds, tickets["A002"].tier) == (480, "ordinary")
    # Called, then gone before service: a walk-out with a wait but no service.
    assert (tickets["A012"].walked_out, tickets["A012"].served_at, tickets["A012"].wait_seconds) == (True, None, 420)
    assert (tickets["A011"].walked_out, tickets["A011"].wait_seconds, tickets["A011"].counter) == (True, None, None)
    assert len(tickets) == 13


def test_rebuilding_again_gives_the_same_figures(cast, example):
    before = list(QueueHour.objects.values("day", "hour", "tickets", "mean_wait_seconds", "p90_wait_seconds"))

    queue_rebuild(hall=cast.hall1, days=[DAY], target_wait_seconds=300)

    assert list(QueueHour.objects.values("day", "hour", "tickets", "mean_wait_seconds", "p90_wait_seconds")) == before
    assert QueueTicket.objects.count() == 13


def test_events_out_of_order_leave_the_time_unmeasured_rather_than_negative(cast):
    rows = [
        {"event_id": "x1", "ticket": "B001", "type": "issued", "occurred_at": "2026-03-02T10:00:00+08:00"},
        {
            "event_id": "x2",
            "ticket": "B001",
            "type": "called",
            "counter": 1,
            "occurred_at": "2026-03-02T09:59:00+08:00",
        },
        {
            "event_id": "x3",
            "ticket": "B001",
            "type": "served",
            "counter": 1,
            "occurred_at": "2026-03-02T10:08:00+08:00",
        },
    ]
    events_ingest(hall=cast.hall1, rows=rows, kind=QUEUE_EVENTS, strict=True, source=IngestSource.API)

    (ticket,) = queue_rebuild(hall=cast.hall1, days=[DAY], target_wait_seconds=300)

    assert (ticket.wait_seconds, ticket.handling_seconds) == (None, 540)
    hour = QueueHour.objects.get(hall=cast.hall1, hour=10)
    assert (hour.served, hour.waits_measured, hour.mean_wait_seconds, hour.p90_wait_seconds) == (1, 0, None, None)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([7], 7), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9), ([5, 1, 4, 2, 3], 5), (list(range(1, 21)), 18)],
)
def test_p90_is_the_nearest_rank(values, expected):
    assert nearest_rank_p90(values) == expected


def test_means_round_half_up_to_a_tenth():
    assert mean_tenths(1, 4) == Decimal("0.3")  # 0.25: half up, not to even
    assert mean_tenths(302, 3) == Decimal("100.7")
    assert mean_tenths(5, 0) is None
