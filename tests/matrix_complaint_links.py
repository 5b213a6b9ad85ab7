"""The permission matrix rows of complaints closing the loop (issue #5): the page and post that turn a complaint
into a finding with a corrective action, the complaints API and the complaint list's CSV export.

`complaint_links_setup(context)` adds `complaint_link1`, a complaint of hall1 without a finding yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.permission_matrix import HALL1_RUNNERS, Endpoint, _row

# Those who run a hall somewhere read complaints (which rows, visible_to decides).
RUNS_A_HALL = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", hq_other="ok", inspector="403", shopper="403", staff="403"
)
# Creating one for hall1 in the body: a manager or HQ elsewhere passes the role check, and hall1 is then
# reported like a hall that does not exist (400, the field named).
HALL1_CREATORS = {**RUNS_A_HALL, "manager_other": "400", "hq_other": "400"}
WHEN = dt.datetime(2026, 3, 2, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def complaint_links_setup(context: Any) -> None:
    from touchpoints.complaints import complaint_save

    context.complaint_link1 = complaint_save(
        fields={
            "occurred_at": WHEN,
            "counter": 2,
            "channel": "in_hall",
            "category": "attitude",
            "severity": "high",
            "summary": "Not greeted at the counter",
        },
        by=context.users["manager"],
        hall=context.hall1,
    )


def _api_body(c: Any) -> dict[str, Any]:
    return {
        "hall": c.hall1.pk,
        "channel": "hotline",
        "category": "waiting",
        "severity": "medium",
        "occurred_at": WHEN.isoformat(),
        "summary": "Matrix complaint by API",
    }


COMPLAINT_LINK_ENDPOINTS = [
    Endpoint(
        "complaint: corrective action form",
        "get",
        lambda c: f"/inspections/complaints/{c.complaint_link1.pk}/corrective-action/",
        HALL1_RUNNERS,
        label_path="/inspections/complaints/{id}/corrective-action/",
    ),
    Endpoint(
        "complaint: open a corrective action",
        "post",
        lambda c: f"/inspections/complaints/{c.complaint_link1.pk}/corrective-action/",
        HALL1_RUNNERS,
        data=lambda c: {"severity": "high", "description": ""},
        label_path="/inspections/complaints/{id}/corrective-action/",
    ),
    Endpoint(
        "complaint CSV export",
        "get",
        lambda c: "/complaints/export.csv",
        RUNS_A_HALL,
        label_path="/complaints/export.csv",
    ),
    Endpoint(
        "API: complaint list",
        "get",
        lambda c: "/api/v1/complaints/",
        RUNS_A_HALL,
        api=True,
        label_path="/api/v1/complaints/",
    ),
    Endpoint(
        "API: complaint create (hall1)",
        "post",
        lambda c: "/api/v1/complaints/",
        HALL1_CREATORS,
        api=True,
        data=_api_body,
        label_path="/api/v1/complaints/",
    ),
    Endpoint(
        "API: complaint detail",
        "get",
        lambda c: f"/api/v1/complaints/{c.complaint_link1.pk}/",
        HALL1_RUNNERS,
        api=True,
        label_path="/api/v1/complaints/{id}/",
    ),
    Endpoint(
        "API: complaint update",
        "patch",
        lambda c: f"/api/v1/complaints/{c.complaint_link1.pk}/",
        HALL1_RUNNERS,
        api=True,
        data=lambda c: {"summary": "Changed by the matrix"},
        label_path="/api/v1/complaints/{id}/",
    ),
]
