"""The permission matrix rows of the customer's voice: the hall's integration token (hall page), the queue and
satisfaction page with its CSV upload and delivery reports, complaints, and the bulk API for signed-in users.

The bulk API's own authentication (the hall token: anonymous 401, another hall's token 404) cannot be walked
here, since the matrix signs people in; halls/tests/test_hall_token.py covers it.

`voice_setup(context)` adds before the test's database snapshot: a token for hall1 (`token1`, so revoking has
something to revoke), `batch1` (one queue event delivered to hall1) and `complaint1` (hall1, counter 1).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tests.permission_matrix import HALL1_RUNNERS, Endpoint, _row

# Those who run a hall somewhere see the complaints list (which rows, visible_to decides).
RUNS_A_HALL = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", hq_other="ok", inspector="403", shopper="403", staff="403"
)
# The integration token is HQ's: the manager sees its status but may not create, rotate or revoke it.
TOKEN_KEEPERS = {**HALL1_RUNNERS, "manager": "403"}
WHEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def voice_setup(context: Any) -> None:
    from halls.choices import IngestSource
    from halls.ingest import events_ingest
    from halls.queue import QUEUE_EVENTS
    from halls.tokens import token_issue
    from touchpoints.complaints import complaint_save

    context.token1 = token_issue(hall=context.hall1, by=context.users["hq"])
    row = {"event_id": "matrix-1", "ticket": "A001", "type": "issued", "occurred_at": WHEN.isoformat()}
    context.batch1 = events_ingest(
        hall=context.hall1, rows=[row], kind=QUEUE_EVENTS, strict=False, source=IngestSource.API
    ).batch
    context.complaint1 = complaint_save(
        fields={
            "occurred_at": WHEN,
            "counter": 1,
            "channel": "in_hall",
            "category": "waiting",
            "severity": "medium",
            "summary": "Long wait",
        },
        by=context.users["manager"],
        hall=context.hall1,
    )


def _event(c: Any) -> list[dict[str, Any]]:
    return [{"event_id": str(uuid.uuid4()), "ticket": "A002", "type": "issued", "occurred_at": WHEN.isoformat()}]


def _press(c: Any) -> list[dict[str, Any]]:
    return [{"event_id": str(uuid.uuid4()), "counter": 1, "rating": "satisfied", "occurred_at": WHEN.isoformat()}]


def _csv(c: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"event_id,ticket,type,occurred_at\n{uuid.uuid4()},A003,issued,2026-03-02 10:05\n"
    return {"kind": "queue_events", "file": SimpleUploadedFile("q.csv", text.encode(), content_type="text/csv")}


def _complaint_form(c: Any, **changes: Any) -> dict[str, Any]:
    from touchpoints.models import Touchpoint

    data = {
        "occurred_at": "2026-03-02T10:30",
        "counter": "1",
        "staff_choice": "",
        "channel": "hotline",
        "touchpoint": Touchpoint.objects.get(code="TP15").pk,
        "category": "attitude",
        "severity": "high",
        "summary": "Matrix complaint",
        "status": "open",
    }
    data.update(changes)
    return data


VOICE_ENDPOINTS: list[Endpoint] = [
    # --- HTML: the hall's token ---
    Endpoint(
        "hall integration token: create or rotate",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/integration-token/",
        TOKEN_KEEPERS,
        label_path="/halls/{id}/integration-token/",
    ),
    Endpoint(
        "hall integration token: revoke",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/integration-token/revoke/",
        TOKEN_KEEPERS,
        label_path="/halls/{id}/integration-token/revoke/",
    ),
    # --- HTML: queue and satisfaction ---
    Endpoint(
        "queue and satisfaction page",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/customer-voice/",
        HALL1_RUNNERS,
        label_path="/halls/{id}/customer-voice/",
    ),
    Endpoint(
        "customer-voice CSV upload",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/customer-voice/upload/",
        HALL1_RUNNERS,
        data=_csv,
        label_path="/halls/{id}/customer-voice/upload/",
    ),
    Endpoint(
        "customer-voice delivery report",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/customer-voice/batches/{c.batch1.pk}/",
        HALL1_RUNNERS,
        label_path="/halls/{id}/customer-voice/batches/{batch}/",
    ),
    # --- HTML: complaints ---
    Endpoint("complaint list", "get", lambda c: "/complaints/", RUNS_A_HALL, label_path="/complaints/"),
    Endpoint(
        "complaint: choose the hall", "get", lambda c: "/complaints/new/", RUNS_A_HALL, label_path="/complaints/new/"
    ),
    Endpoint(
        "complaint create form (hall1)",
        "get",
        lambda c: f"/complaints/new/?hall={c.hall1.pk}",
        HALL1_RUNNERS,
        label_path="/complaints/new/?hall={id}",
    ),
    Endpoint(
        "complaint create (hall1)",
        "post",
        lambda c: f"/complaints/new/?hall={c.hall1.pk}",
        HALL1_RUNNERS,
        data=_complaint_form,
        label_path="/complaints/new/?hall={id}",
    ),
    Endpoint(
        "complaint: who was on duty (hall1)",
        "get",
        lambda c: f"/complaints/on-duty/?hall={c.hall1.pk}&counter=1&at=2026-03-02T10:30",
        HALL1_RUNNERS,
        label_path="/complaints/on-duty/?hall={id}",
    ),
    Endpoint(
        "complaint detail",
        "get",
        lambda c: f"/complaints/{c.complaint1.pk}/",
        HALL1_RUNNERS,
        label_path="/complaints/{id}/",
    ),
    Endpoint(
        "complaint edit form",
        "get",
        lambda c: f"/complaints/{c.complaint1.pk}/edit/",
        HALL1_RUNNERS,
        label_path="/complaints/{id}/edit/",
    ),
    Endpoint(
        "complaint edit",
        "post",
        lambda c: f"/complaints/{c.complaint1.pk}/edit/",
        HALL1_RUNNERS,
        data=lambda c: _complaint_form(c, summary="Changed in the matrix"),
        label_path="/complaints/{id}/edit/",
    ),
    Endpoint(
        "complaint handling step",
        "post",
        lambda c: f"/complaints/{c.complaint1.pk}/steps/",
        HALL1_RUNNERS,
        data=lambda c: {"kind": "contacted", "at": "2026-03-02T11:00", "note": "Called back"},
        label_path="/complaints/{id}/steps/",
    ),
    # --- API (signed-in users; the hall token is tested in halls/tests/test_hall_token.py) ---
    Endpoint(
        "API: queue events (signed-in user)",
        "post",
        lambda c: f"/api/v1/halls/{c.hall1.pk}/queue-events/",
        HALL1_RUNNERS,
        api=True,
        data=_event,
        label_path="/api/v1/halls/{id}/queue-events/",
    ),
    Endpoint(
        "API: device presses (signed-in user)",
        "post",
        lambda c: f"/api/v1/halls/{c.hall1.pk}/device-presses/",
        HALL1_RUNNERS,
        api=True,
        data=_press,
        label_path="/api/v1/halls/{id}/device-presses/",
    ),
]

VOICE_MODELS = [
    "halls.HallToken",
    "halls.IngestBatch",
    "halls.QueueEvent",
    "halls.QueueTicket",
    "halls.QueueHour",
    "touchpoints.DevicePress",
    "touchpoints.TicketAttribution",
    "touchpoints.Complaint",
    "touchpoints.ComplaintStep",
    "touchpoints.HistoricalComplaint",
]
