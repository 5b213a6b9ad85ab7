"""The permission matrix rows of staffing's staff, leave, labour-rules and demand pages and endpoints.

`tests/permission_matrix.py` appends STAFF_ENDPOINTS to its ENDPOINTS. The lambdas receive a
`MatrixContext`: the halls `cast` and the `staffing_cast` seen as one object (member1 in hall1 is the
staff user's own record, member1b is a colleague in hall1, member2 works in hall2, leave1 is member1's
pending request), plus one weekly and one dated unavailability of member1b.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.permission_matrix import (
    ALL_HALL_READERS,
    HALL1_ADMIN_ONLY,
    HALL1_READERS,
    HALL1_RUNNERS,
    REGION_A_GOVERNORS,
    Endpoint,
    _row,
)


class MatrixContext:
    """Attributes of the staffing cast first, then of the halls cast; creates the availability rows the
    delete endpoints need (before the test takes its snapshot of the database)."""

    def __init__(self, cast: Any, staffing_cast: Any) -> None:
        from staffing.models import DatedUnavailability, WeeklyUnavailability

        self._cast = cast
        self._staffing = staffing_cast
        member = staffing_cast.member1b
        self.weekly1 = WeeklyUnavailability.objects.create(staff=member, weekday=2)
        self.dated1 = DatedUnavailability.objects.create(
            staff=member, date=dt.date(2027, 3, 10), start=dt.time(9), end=dt.time(12), reason="Exam"
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if hasattr(self._staffing, name):
            return getattr(self._staffing, name)
        return getattr(self._cast, name)


# Anyone who runs a hall somewhere (HQ, managers): forms whose choices are then narrowed to their halls.
HALL_RUNNERS_ANYWHERE = _row(
    admin="ok", hq="ok", hq_other="ok", manager="ok", manager_other="ok", inspector="403", shopper="403", staff="403"
)
# ... and posting for hall1: the others' form or serializer does not offer hall1 (or member1) at all.
HALL1_POSTERS = {**HALL_RUNNERS_ANYWHERE, "manager_other": "400", "hq_other": "400"}
# The staff user's own record is visible to them, but staff records are not theirs to read or decide.
HALL1_READERS_NOT_SELF = {**HALL1_READERS, "staff": "403"}
HALL1_RUNNERS_NOT_SELF = {**HALL1_RUNNERS, "staff": "403"}
# "My leave": only someone linked to a staff record has one; managers without one get 404.
OWN_LEAVE = _row(
    admin="404",
    hq="404",
    hq_other="404",
    manager="404",
    manager_other="404",
    inspector="403",
    shopper="403",
    staff="ok",
)
LEAVE_READERS = {**HALL_RUNNERS_ANYWHERE, "staff": "ok"}
# Withdrawing leave1: the person who asked, or whoever may decide it.
LEAVE1_WITHDRAWERS = {**HALL1_RUNNERS, "staff": "ok"}
LEAVE1_READERS = {**HALL1_READERS, "staff": "ok", "inspector": "403"}


def _staff_form(c: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "hall": c.hall1.pk,
        "employee_number": "A001-900",
        "name": "New Person",
        "position": "counter_clerk",
        "roles": ["counter", "greeter"],
        "star_grade": 3,
        "contracted_hours_week": "40",
        "max_hours_week": "44",
        "username": "",
        "active": "on",
    }
    data.update(changes)
    return data


def _import_file(c: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_text = (
        "employee_number,name,position,roles,contracted_hours_week,max_hours_week,star_grade\n"
        "A001-950,Imported One,counter_clerk,counter;greeter,40,44,2\n"
    )
    return {"hall": c.hall1.pk, "file": SimpleUploadedFile("staff.csv", csv_text.encode(), content_type="text/csv")}


def _rules_body(**changes: Any) -> dict[str, Any]:
    data = {
        "min_shift_hours": "4",
        "max_shift_hours": "8",
        "max_hours_day": "8",
        "max_hours_week": "40",
        "min_rest_hours": "12",
        "max_days_week": "5",
        "max_consecutive_days": "5",
    }
    data.update(changes)
    return data


def _demand_settings(c: Any) -> dict[str, Any]:
    return {
        "aht_minutes": "6",
        "service_level_percent": "85",
        "target_wait_minutes": "8",
        "greeters_when_open": "1",
        "consultants_at_peak": "2",
        "consultants_otherwise": "0",
        "history_weeks": "6",
        "arrivals_0": "10, 12, 14",
    }


def _leave_body(c: Any) -> dict[str, Any]:
    return {"kind": "annual", "first_day": "2027-04-01", "last_day": "2027-04-02", "reason": "Wedding"}


STAFF_ENDPOINTS: list[Endpoint] = [
    # --- HTML: staff ---
    Endpoint("staff list", "get", lambda c: "/staff/", ALL_HALL_READERS, label_path="/staff/"),
    Endpoint(
        "staff list of hall1",
        "get",
        lambda c: f"/staff/?hall={c.hall1.pk}&role=counter&ordering=-star_grade",
        ALL_HALL_READERS,
        label_path="/staff/?hall={id}",
    ),
    Endpoint(
        "staff detail", "get", lambda c: f"/staff/{c.member1.pk}/", HALL1_READERS_NOT_SELF, label_path="/staff/{id}/"
    ),
    Endpoint("staff create form", "get", lambda c: "/staff/new/", HALL_RUNNERS_ANYWHERE, label_path="/staff/new/"),
    Endpoint(
        "staff create in hall1",
        "post",
        lambda c: "/staff/new/",
        HALL1_POSTERS,
        data=_staff_form,
        label_path="/staff/new/",
    ),
    Endpoint(
        "staff edit form",
        "get",
        lambda c: f"/staff/{c.member1b.pk}/edit/",
        HALL1_RUNNERS,
        label_path="/staff/{id}/edit/",
    ),
    Endpoint(
        "staff edit",
        "post",
        lambda c: f"/staff/{c.member1b.pk}/edit/",
        HALL1_RUNNERS,
        data=lambda c: _staff_form(c, employee_number=c.member1b.employee_number, name="Wang Li", star_grade=4),
        label_path="/staff/{id}/edit/",
    ),
    Endpoint(
        "weekly unavailability form",
        "get",
        lambda c: f"/staff/{c.member1b.pk}/unavailability/weekly/new/",
        HALL1_RUNNERS,
        label_path="/staff/{id}/unavailability/weekly/new/",
    ),
    Endpoint(
        "weekly unavailability add",
        "post",
        lambda c: f"/staff/{c.member1b.pk}/unavailability/weekly/new/",
        HALL1_RUNNERS,
        data=lambda c: {"weekday": 5, "start": "", "end": ""},
        label_path="/staff/{id}/unavailability/weekly/new/",
    ),
    Endpoint(
        "weekly unavailability delete",
        "post",
        lambda c: f"/staff/{c.member1b.pk}/unavailability/weekly/{c.weekly1.pk}/delete/",
        HALL1_RUNNERS,
        label_path="/staff/{id}/unavailability/weekly/{item}/delete/",
    ),
    Endpoint(
        "dated unavailability add",
        "post",
        lambda c: f"/staff/{c.member1b.pk}/unavailability/dated/new/",
        HALL1_RUNNERS,
        data=lambda c: {"date": "2027-03-15", "start": "14:00", "end": "18:00", "reason": "Doctor"},
        label_path="/staff/{id}/unavailability/dated/new/",
    ),
    Endpoint(
        "dated unavailability delete form",
        "get",
        lambda c: f"/staff/{c.member1b.pk}/unavailability/dated/{c.dated1.pk}/delete/",
        HALL1_RUNNERS,
        label_path="/staff/{id}/unavailability/dated/{item}/delete/",
    ),
    Endpoint(
        "dated unavailability delete",
        "post",
        lambda c: f"/staff/{c.member1b.pk}/unavailability/dated/{c.dated1.pk}/delete/",
        HALL1_RUNNERS,
        label_path="/staff/{id}/unavailability/dated/{item}/delete/",
    ),
    Endpoint(
        "staff import form", "get", lambda c: "/staff/import/", HALL_RUNNERS_ANYWHERE, label_path="/staff/import/"
    ),
    Endpoint(
        "staff import into hall1",
        "post",
        lambda c: "/staff/import/",
        HALL1_POSTERS,
        data=_import_file,
        label_path="/staff/import/",
    ),
    Endpoint(
        "staff import template",
        "get",
        lambda c: "/staff/import/template.csv",
        HALL_RUNNERS_ANYWHERE,
        label_path="/staff/import/template.csv",
    ),
    # --- HTML: leave ---
    Endpoint("my leave", "get", lambda c: "/me/leave/", OWN_LEAVE, label_path="/me/leave/"),
    Endpoint("my leave: ask", "post", lambda c: "/me/leave/", OWN_LEAVE, data=_leave_body, label_path="/me/leave/"),
    Endpoint("leave requests to decide", "get", lambda c: "/leave/", HALL_RUNNERS_ANYWHERE, label_path="/leave/"),
    Endpoint(
        "leave approve",
        "post",
        lambda c: f"/leave/{c.leave1.pk}/decide/",
        HALL1_RUNNERS_NOT_SELF,
        data=lambda c: {"decision": "approve", "note": "Enjoy"},
        label_path="/leave/{id}/decide/",
    ),
    Endpoint(
        "leave withdraw",
        "post",
        lambda c: f"/leave/{c.leave1.pk}/cancel/",
        LEAVE1_WITHDRAWERS,
        label_path="/leave/{id}/cancel/",
    ),
    # --- HTML: labour rules and demand ---
    Endpoint(
        "region labour rules",
        "get",
        lambda c: f"/regions/{c.region_a.pk}/labour-rules/",
        REGION_A_GOVERNORS,
        label_path="/regions/{id}/labour-rules/",
    ),
    Endpoint(
        "region labour rules save",
        "post",
        lambda c: f"/regions/{c.region_a.pk}/labour-rules/",
        REGION_A_GOVERNORS,
        data=lambda c: _rules_body(),
        label_path="/regions/{id}/labour-rules/",
    ),
    Endpoint(
        "hall labour rules",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/labour-rules/",
        HALL1_RUNNERS,
        label_path="/halls/{id}/labour-rules/",
    ),
    Endpoint(
        "hall labour rules save",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/labour-rules/",
        HALL1_RUNNERS,
        data=lambda c: _rules_body(max_shift_hours="", max_hours_week="36"),
        label_path="/halls/{id}/labour-rules/",
    ),
    Endpoint(
        "hall demand",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/demand/?date=2027-03-01",
        HALL1_RUNNERS,
        label_path="/halls/{id}/demand/",
    ),
    Endpoint(
        "hall demand CSV",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/demand/export.csv?date=2027-03-01",
        HALL1_RUNNERS,
        label_path="/halls/{id}/demand/export.csv",
    ),
    Endpoint(
        "demand settings form",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/demand/settings/",
        HALL1_RUNNERS,
        label_path="/halls/{id}/demand/settings/",
    ),
    Endpoint(
        "demand settings save",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/demand/settings/",
        HALL1_RUNNERS,
        data=_demand_settings,
        label_path="/halls/{id}/demand/settings/",
    ),
    # --- API ---
    Endpoint(
        "API: staff list", "get", lambda c: "/api/v1/staff/", ALL_HALL_READERS, api=True, label_path="/api/v1/staff/"
    ),
    Endpoint(
        "API: staff detail",
        "get",
        lambda c: f"/api/v1/staff/{c.member1.pk}/",
        HALL1_READERS_NOT_SELF,
        api=True,
        label_path="/api/v1/staff/{id}/",
    ),
    Endpoint(
        "API: staff create",
        "post",
        lambda c: "/api/v1/staff/",
        HALL1_POSTERS,
        api=True,
        data=lambda c: {
            "hall": c.hall1.pk,
            "employee_number": "A001-901",
            "name": "API Person",
            "roles": ["counter"],
            "star_grade": 2,
        },
        label_path="/api/v1/staff/",
    ),
    Endpoint(
        "API: staff update",
        "patch",
        lambda c: f"/api/v1/staff/{c.member1b.pk}/",
        HALL1_RUNNERS,
        api=True,
        data=lambda c: {"star_grade": 5, "roles": ["counter", "consultant"]},
        label_path="/api/v1/staff/{id}/",
    ),
    Endpoint(
        "API: staff delete",
        "delete",
        lambda c: f"/api/v1/staff/{c.member1b.pk}/",
        HALL1_ADMIN_ONLY,
        api=True,
        label_path="/api/v1/staff/{id}/",
    ),
    Endpoint(
        "API: leave request list",
        "get",
        lambda c: "/api/v1/leave-requests/",
        LEAVE_READERS,
        api=True,
        label_path="/api/v1/leave-requests/",
    ),
    Endpoint(
        "API: leave request detail",
        "get",
        lambda c: f"/api/v1/leave-requests/{c.leave1.pk}/",
        LEAVE1_READERS,
        api=True,
        label_path="/api/v1/leave-requests/{id}/",
    ),
    Endpoint(
        "API: leave request create for member1",
        "post",
        lambda c: "/api/v1/leave-requests/",
        {**HALL1_POSTERS, "staff": "ok"},
        api=True,
        data=lambda c: {"staff": c.member1.pk, **_leave_body(c)},
        label_path="/api/v1/leave-requests/",
    ),
    Endpoint(
        "API: leave request decide",
        "post",
        lambda c: f"/api/v1/leave-requests/{c.leave1.pk}/decide/",
        HALL1_RUNNERS_NOT_SELF,
        api=True,
        data=lambda c: {"approve": True, "note": "Fine"},
        label_path="/api/v1/leave-requests/{id}/decide/",
    ),
    Endpoint(
        "API: leave request withdraw",
        "post",
        lambda c: f"/api/v1/leave-requests/{c.leave1.pk}/cancel/",
        LEAVE1_WITHDRAWERS,
        api=True,
        label_path="/api/v1/leave-requests/{id}/cancel/",
    ),
    Endpoint(
        "API: hall demand",
        "get",
        lambda c: f"/api/v1/halls/{c.hall1.pk}/demand/?date=2027-03-01",
        HALL1_RUNNERS,
        api=True,
        label_path="/api/v1/halls/{id}/demand/",
    ),
    Endpoint(
        "API: hall labour rules",
        "get",
        lambda c: f"/api/v1/halls/{c.hall1.pk}/labour-rules/",
        HALL1_RUNNERS,
        api=True,
        label_path="/api/v1/halls/{id}/labour-rules/",
    ),
]
