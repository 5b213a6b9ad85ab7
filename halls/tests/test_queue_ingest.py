"""The bulk API for queue events: idempotent by the source's event id, per-row errors with their index,
strict mode, the 10,000-event limit; signed-in users of the hall may send too."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from halls.ingest import MAX_EVENTS
from halls.models import IngestBatch, QueueEvent, QueueTicket
from halls.tokens import token_issue

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def event(n: int, **changes) -> dict:
    row = {
        "event_id": f"e{n}",
        "ticket": f"A{n:03d}",
        "type": "issued",
        "tier": "silver",
        "occurred_at": dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI).isoformat(),
    }
    row.update(changes)
    return row


@pytest.fixture
def hall_client(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(hall=cast.hall1, by=cast.users['hq'])}")
    return client


def url(hall) -> str:
    return f"/api/v1/halls/{hall.pk}/queue-events/"


def test_it_stores_valid_events_and_reports_the_counts(cast, hall_client):
    response = hall_client.post(url(cast.hall1), [event(1), event(2)], format="json")

    assert response.status_code == 200, response.content
    assert response.json() | {"batch": None} == {
        "batch": None,
        "received": 2,
        "stored": 2,
        "duplicates": 0,
        "rejected": 0,
        "strict": False,
        "refused": False,
        "days": ["2026-03-02"],
        "rejections": [],
    }
    assert QueueEvent.objects.filter(hall=cast.hall1).count() == 2
    stored = QueueEvent.objects.get(source_event_id="e1")
    assert stored.occurred_at == dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    assert stored.service_day == dt.date(2026, 3, 2)


def test_sending_the_same_events_again_stores_nothing_and_reports_duplicates(cast, hall_client):
    hall_client.post(url(cast.hall1), [event(1), event(2)], format="json")
    first = list(QueueEvent.objects.order_by("pk").values())

    response = hall_client.post(url(cast.hall1), [event(1), event(2), event(3)], format="json")

    body = response.json()
    assert (body["received"], body["stored"], body["duplicates"], body["rejected"]) == (3, 1, 2, 0)
    assert list(QueueEvent.objects.order_by("pk").values())[:2] == first
    assert QueueEvent.objects.count() == 3


def test_an_event_id_reused_for_other_content_is_rejected_not_lost(cast, hall_client):
    hall_client.post(url(cast.hall1), [event(1)], format="json")

    response = hall_client.post(url(cast.hall1), [event(1, ticket="B999")], format="json")

    body = response.json()
    assert (body["stored"], body["duplicates"], body["rejected"]) == (0, 0, 1)
    assert body["rejections"][0]["errors"] == {"event_id": "This event id is already stored with other content."}
    assert QueueEvent.objects.get().ticket == "A001"


def test_the_same_id_twice_in_one_request_is_a_duplicate_when_equal_and_rejected_when_not(cast, hall_client):
    response = hall_client.post(
        url(cast.hall1), [event(1), event(1), event(2), event(2, type="called", counter=1)], format="json"
    )

    body = response.json()
    assert (body["stored"], body["duplicates"], body["rejected"]) == (2, 1, 1)
    assert body["rejections"][0]["index"] == 3
    assert "given twice in this delivery" in body["rejections"][0]["errors"]["event_id"]


def test_each_bad_row_is_reported_with_its_index_and_reason_and_good_rows_are_stored(cast, hall_client):
    rows = [
        event(1),
        event(2, type="teleported"),
        event(3, occurred_at="2026-03-02 09:00"),
        event(4, counter=9),
        event(5, tier="platinum", ticket=""),
        "not an object",
        {"ticket": "A006", "type": "issued", "occurred_at": "2026-03-02T09:00:00Z"},
        event(8, occurred_at="2099-01-01T00:00:00Z"),
        event(9),
    ]

    response = hall_client.post(url(cast.hall1), rows, format="json")

    body = response.json()
    assert response.status_code == 200
    assert (body["received"], body["stored"], body["rejected"]) == (9, 2, 7)
    by_index = {r["index"]: r for r in body["rejections"]}
    assert sorted(by_index) == [1, 2, 3, 4, 5, 6, 7]
    assert "“teleported” is not one of: issued, called" in by_index[1]["errors"]["type"]
    assert "has no time zone" in by_index[2]["errors"]["occurred_at"]
    assert by_index[3]["errors"] == {"counter": "Hall A001 has counters 1 to 4; there is no counter 9."}
    assert set(by_index[4]["errors"]) == {"tier", "ticket"}
    assert by_index[5]["errors"] == {"row": "Each event must be an object with named fields."}
    assert by_index[6]["errors"] == {"event_id": "Give the source system's event id."}
    assert "in the future" in by_index[7]["errors"]["occurred_at"]
    assert set(QueueEvent.objects.values_list("source_event_id", flat=True)) == {"e1", "e9"}
    batch = IngestBatch.objects.get()
    assert (batch.received, batch.stored, batch.rejected, len(batch.rejections)) == (9, 2, 7, 7)


def test_strict_mode_stores_nothing_when_a_row_is_rejected(cast, hall_client):
    response = hall_client.post(url(cast.hall1) + "?strict=1", [event(1), event(2, type="?")], format="json")

    assert response.status_code == 400
    body = response.json()
    assert (body["stored"], body["rejected"], body["refused"], body["strict"]) == (0, 1, True, True)
    assert not QueueEvent.objects.exists()
    assert not QueueTicket.objects.exists()


def test_strict_mode_stores_everything_when_every_row_is_good(cast, hall_client):
    response = hall_client.post(url(cast.hall1) + "?strict=1", [event(1), event(2)], format="json")

    assert response.status_code == 200
    assert QueueEvent.objects.count() == 2


def test_more_than_ten_thousand_events_are_refused_with_a_clear_message(cast, hall_client):
    rows = [event(n) for n in range(MAX_EVENTS + 1)]

    response = hall_client.post(url(cast.hall1), rows, format="json")

    assert response.status_code == 413
    assert response.json()["detail"] == (
        "At most 10,000 events per request; this one has 10,001. Split it into smaller requests."
    )
    assert not QueueEvent.objects.exists()
    assert not IngestBatch.objects.exists()


def test_an_object_with_events_is_accepted_and_anything_else_is_a_400(cast, hall_client):
    assert hall_client.post(url(cast.hall1), {"events": [event(1)]}, format="json").json()["stored"] == 1
    response = hall_client.post(url(cast.hall1), {"rows": []}, format="json")
    assert response.status_code == 400
    assert "JSON array" in response.json()["detail"]


def test_the_halls_manager_may_send_events_for_testing_and_an_inspector_may_not(cast, staffing_cast):
    client = APIClient()
    client.force_authenticate(cast.users["manager"])
    assert client.post(url(cast.hall1), [event(1)], format="json").status_code == 200
    batch = IngestBatch.objects.get()
    assert (batch.source, batch.by) == ("api", cast.users["manager"])

    client.force_authenticate(cast.users["inspector"])
    assert client.post(url(cast.hall1), [event(2)], format="json").status_code == 403
    client.force_authenticate(cast.users["manager_other"])
    assert client.post(url(cast.hall1), [event(3)], format="json").status_code == 404
    assert QueueEvent.objects.count() == 1
