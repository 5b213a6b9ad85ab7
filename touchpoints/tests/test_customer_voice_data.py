"""Device presses and queue events through the bulk API end to end: stored, attributed to the person on the
published roster at that counter and time, tickets and hourly figures refreshed after the delivery, presses
matched to their ticket's tier; the rebuild command and the hourly safety net."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask
from rest_framework.test import APIClient

from halls.models import QueueEvent, QueueHour, QueueTicket
from halls.tokens import token_issue
from staffing.choices import Attribution, RosterStatus
from staffing.models import DemandProfile, Roster, Shift
from touchpoints.models import DevicePress, TicketAttribution
from touchpoints.tasks import refresh_recent_customer_voice_task

DAY = dt.date(2026, 3, 2)
TZ = dt.timezone(dt.timedelta(hours=8))


def at(clock: str) -> str:
    return dt.datetime.combine(DAY, dt.time.fromisoformat(clock), tzinfo=TZ).isoformat()


@pytest.fixture
def roster(cast, staffing_cast):
    """Published: Zhou Xin at counter 1 09:00-13:00, Wang Li at counter 1 from 13:00 and counter 2 in the
    morning has nobody."""
    roster = Roster.objects.create(hall=cast.hall1, start_date=DAY, status=RosterStatus.PUBLISHED)
    for member, start, end in ((staffing_cast.member1, 9, 13), (staffing_cast.member1b, 13, 18)):
        Shift.objects.create(
            roster=roster,
            staff=member,
            day=DAY,
            role="counter",
            counter=1,
            starts_at=dt.datetime.combine(DAY, dt.time(start), tzinfo=TZ),
            ends_at=dt.datetime.combine(DAY, dt.time(end), tzinfo=TZ),
        )
    return roster


@pytest.fixture
def api(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(hall=cast.hall1, by=None)}")
    return client


QUEUE = [
    {"event_id": "q1", "ticket": "A001", "type": "issued", "tier": "gold", "occurred_at": at("12:40:00")},
    {"event_id": "q2", "ticket": "A001", "type": "called", "counter": 1, "occurred_at": at("12:50:00")},
    {"event_id": "q3", "ticket": "A001", "type": "served", "counter": 1, "occurred_at": at("12:58:00")},
    {"event_id": "q4", "ticket": "A002", "type": "issued", "tier": "bronze", "occurred_at": at("12:55:00")},
    {"event_id": "q5", "ticket": "A002", "type": "called", "counter": 1, "occurred_at": at("13:05:00")},
    {"event_id": "q6", "ticket": "A002", "type": "served", "counter": 1, "occurred_at": at("13:12:00")},
    {"event_id": "q7", "ticket": "A003", "type": "issued", "occurred_at": at("10:00:00")},
    {"event_id": "q8", "ticket": "A003", "type": "called", "counter": 2, "occurred_at": at("10:01:00")},
    {"event_id": "q9", "ticket": "A003", "type": "served", "counter": 2, "occurred_at": at("10:11:00")},
]
PRESSES = [
    {"event_id": "p1", "counter": 1, "rating": "satisfied", "occurred_at": at("12:58:30")},
    {"event_id": "p2", "counter": 1, "rating": "dissatisfied", "occurred_at": at("13:12:10")},
    {"event_id": "p3", "counter": 2, "rating": "neutral", "occurred_at": at("10:11:05")},
    {"event_id": "p4", "counter": 1, "rating": "satisfied", "occurred_at": at("19:00:00"), "ticket": "A001"},
]


def test_presses_are_attributed_to_the_person_rostered_at_that_counter_then(cast, staffing_cast, roster, api):
    response = api.post(f"/api/v1/halls/{cast.hall1.pk}/device-presses/", PRESSES, format="json")

    assert response.status_code == 200, response.content
    presses = {p.source_event_id: p for p in DevicePress.objects.all()}
    assert (presses["p1"].staff, presses["p1"].attribution) == (staffing_cast.member1, Attribution.ROSTER)
    assert (presses["p2"].staff, presses["p2"].attribution) == (staffing_cast.member1b, Attribution.ROSTER)
    assert (presses["p3"].staff, presses["p3"].attribution) == (None, Attribution.NOBODY)
    assert (presses["p4"].staff, presses["p4"].attribution) == (None, Attribution.NOBODY)


def test_a_delivery_refreshes_tickets_their_staff_the_hour_and_the_presses_tiers(
    cast, staffing_cast, roster, api, django_capture_on_commit_callbacks
):
    DemandProfile.objects.create(hall=cast.hall1, target_wait_minutes=Decimal("8"))
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/halls/{cast.hall1.pk}/device-presses/", PRESSES, format="json")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        api.post(f"/api/v1/halls/{cast.hall1.pk}/queue-events/", QUEUE, format="json")
    assert len(callbacks) == 1

    staff = dict(TicketAttribution.objects.values_list("ticket__ticket", "staff_id"))
    assert staff == {"A001": staffing_cast.member1.pk, "A002": staffing_cast.member1b.pk, "A003": None}
    assert TicketAttribution.objects.get(ticket__ticket="A003").basis == Attribution.NOBODY
    twelve = QueueHour.objects.get(hall=cast.hall1, day=DAY, hour=12)
    assert (twelve.tickets, twelve.served, twelve.target_wait_seconds, twelve.served_within_target) == (2, 2, 480, 0)
    assert (twelve.mean_wait_seconds, twelve.p90_wait_seconds) == (Decimal("600.0"), 600)  # 600 s each
    tiers = dict(DevicePress.objects.values_list("source_event_id", "tier"))
    tickets = dict(DevicePress.objects.values_list("source_event_id", "ticket"))
    assert tiers == {"p1": "gold", "p2": "bronze", "p3": "ordinary", "p4": "gold"}
    assert tickets == {"p1": "A001", "p2": "A002", "p3": "A003", "p4": "A001"}


def test_resending_a_press_with_the_ticket_it_was_matched_to_is_still_a_duplicate(
    cast, staffing_cast, roster, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/halls/{cast.hall1.pk}/queue-events/", QUEUE, format="json")
        api.post(f"/api/v1/halls/{cast.hall1.pk}/device-presses/", PRESSES, format="json")

    response = api.post(f"/api/v1/halls/{cast.hall1.pk}/device-presses/", PRESSES, format="json")

    assert (response.json()["stored"], response.json()["duplicates"]) == (0, 4)


def test_a_press_without_a_counter_or_with_a_bad_rating_is_rejected(cast, api):
    rows = [
        {"event_id": "p1", "rating": "satisfied", "occurred_at": at("10:00:00")},
        {"event_id": "p2", "counter": 1, "rating": "5 stars", "occurred_at": at("10:00:00")},
    ]

    body = api.post(f"/api/v1/halls/{cast.hall1.pk}/device-presses/", rows, format="json").json()

    assert body["rejections"] == [
        {"index": 0, "event_id": "p1", "errors": {"counter": "Give the counter number."}},
        {
            "index": 1,
            "event_id": "p2",
            "errors": {"rating": "“5 stars” is not one of: satisfied, neutral, dissatisfied."},
        },
    ]


def test_the_rebuild_command_attributes_again_after_a_roster_correction(
    cast, staffing_cast, roster, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/halls/{cast.hall1.pk}/queue-events/", QUEUE, format="json")
        api.post(f"/api/v1/halls/{cast.hall1.pk}/device-presses/", PRESSES, format="json")
    # The manager corrects the roster afterwards: Wang Li was at counter 2 in the morning.
    Shift.objects.filter(staff=staffing_cast.member1b).update(
        counter=2, starts_at=dt.datetime.combine(DAY, dt.time(9), tzinfo=TZ)
    )

    call_command("voice_rebuild", "--from", "2026-03-01", "--to", "2026-03-03", "--hall", "A001")

    assert TicketAttribution.objects.get(ticket__ticket="A003").staff == staffing_cast.member1b
    assert DevicePress.objects.get(source_event_id="p3").staff == staffing_cast.member1b
    assert QueueTicket.objects.count() == 3


def test_the_hourly_safety_net_refreshes_what_arrived_recently_and_is_scheduled(cast, staffing_cast, roster, api):
    api.post(f"/api/v1/halls/{cast.hall1.pk}/queue-events/", QUEUE, format="json")
    assert not QueueTicket.objects.exists()  # the delivery's own refresh was lost (never committed here)

    result = refresh_recent_customer_voice_task()

    assert result == {"halls": 1, "days": 1}
    assert QueueTicket.objects.count() == 3
    assert PeriodicTask.objects.get(task="touchpoints.refresh_recent_customer_voice").enabled


def test_events_received_long_ago_are_left_to_the_rebuild_command(cast, api):
    api.post(f"/api/v1/halls/{cast.hall1.pk}/queue-events/", QUEUE, format="json")
    QueueEvent.objects.update(received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))

    assert refresh_recent_customer_voice_task() == {"halls": 0, "days": 0}
