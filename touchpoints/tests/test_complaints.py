"""Complaint pages: managers record and handle complaints in their halls, HQ in its regions; the staff on
duty comes from the published roster (and can be corrected); every change is in the history; the list
filters and its query count does not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest

from staffing.choices import Attribution, RosterStatus
from staffing.models import Roster, Shift
from touchpoints.choices import ComplaintStatus
from touchpoints.complaints import complaint_save
from touchpoints.models import Complaint, ComplaintStep, Touchpoint

DAY = dt.date(2026, 3, 2)
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def roster(cast, staffing_cast):
    roster = Roster.objects.create(hall=cast.hall1, start_date=DAY, status=RosterStatus.PUBLISHED)
    Shift.objects.create(
        roster=roster,
        staff=staffing_cast.member1b,
        day=DAY,
        role="counter",
        counter=2,
        starts_at=dt.datetime.combine(DAY, dt.time(9), tzinfo=TZ),
        ends_at=dt.datetime.combine(DAY, dt.time(17), tzinfo=TZ),
    )
    return roster


def form(**changes) -> dict:
    data = {
        "occurred_at": "2026-03-02T10:30",
        "counter": "2",
        "staff_choice": "",
        "channel": "in_hall",
        "touchpoint": Touchpoint.objects.get(code="TP15").pk,
        "category": "waiting",
        "severity": "high",
        "summary": "Waited 40 minutes for a SIM replacement",
        "details": "",
        "customer_tier": "gold",
        "customer_ref": "A012",
        "quality_gap": "",
        "root_cause": "",
        "standard": "",
        "status": "open",
        "outcome": "",
        "resolution": "",
    }
    data.update(changes)
    return data


def test_a_manager_records_a_complaint_and_the_roster_names_who_was_on_duty(cast, staffing_cast, roster, client):
    client.force_login(cast.users["manager"])
    page = client.get(f"/complaints/new/?hall={cast.hall1.pk}")
    assert page.status_code == 200

    response = client.post(f"/complaints/new/?hall={cast.hall1.pk}", form())

    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/complaints/{complaint.pk}/"
    assert (complaint.staff, complaint.staff_basis) == (staffing_cast.member1b, Attribution.ROSTER)
    assert complaint.occurred_at == dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)
    assert (complaint.hall, complaint.touchpoint.code, complaint.created_by) == (
        cast.hall1,
        "TP15",
        cast.users["manager"],
    )
    detail = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Wang Li" in detail and "On the published roster at that counter and time" in detail


def test_the_on_duty_lookup_pre_fills_the_form(cast, staffing_cast, roster, client):
    client.force_login(cast.users["manager"])

    response = client.get(f"/complaints/on-duty/?hall={cast.hall1.pk}&counter=2&at=2026-03-02T16:59")

    assert response.json() == {
        "staff": staffing_cast.member1b.pk,
        "name": "Wang Li",
        "basis": "roster",
        "message": "On the published roster at counter 2 then: Wang Li.",
    }
    nobody = client.get(f"/complaints/on-duty/?hall={cast.hall1.pk}&counter=2&at=2026-03-02T17:00").json()
    assert (nobody["staff"], nobody["basis"]) == (None, "nobody")
    assert client.get(f"/complaints/on-duty/?hall={cast.hall1.pk}&counter=x&at=now").status_code == 400


def test_the_staff_member_can_be_corrected_by_hand_and_that_is_recorded(cast, staffing_cast, roster, client):
    client.force_login(cast.users["manager"])
    client.post(f"/complaints/new/?hall={cast.hall1.pk}", form())
    complaint = Complaint.objects.get()

    response = client.post(f"/complaints/{complaint.pk}/edit/", form(staff_choice=str(staffing_cast.member1.pk)))

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.staff, complaint.staff_basis) == (staffing_cast.member1, Attribution.MANUAL)
    history = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Staff on duty: <del" in history and "manager1" in history


def test_moving_the_time_looks_up_the_roster_again_when_left_as_rostered(cast, staffing_cast, roster):
    complaint = complaint_save(
        fields={"occurred_at": dt.datetime(2026, 3, 2, 10, tzinfo=TZ), "counter": 2, **_base()},
        by=cast.users["manager"],
        hall=cast.hall1,
    )
    assert complaint.staff == staffing_cast.member1b

    complaint_save(fields={"occurred_at": dt.datetime(2026, 3, 2, 18, tzinfo=TZ)}, by=None, complaint=complaint)

    assert (complaint.staff, complaint.staff_basis) == (None, Attribution.NOBODY)
    assert complaint.history.count() == 2


def _base() -> dict:
    return {"channel": "hotline", "category": "attitude", "severity": "medium", "summary": "Rude answer"}


def test_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(cast, roster, client):
    client.force_login(cast.users["manager"])

    response = client.post(
        f"/complaints/new/?hall={cast.hall1.pk}", form(counter="9", summary="Kept text", status="resolved")
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["counter"] == ["Hall A001 has counters 1 to 4."]
    assert errors["outcome"] == ["Give the outcome before resolving or closing the complaint."]
    assert 'value="Kept text"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_handling_steps_are_listed_and_the_first_one_starts_the_handling(cast, roster, client):
    client.force_login(cast.users["manager"])
    client.post(f"/complaints/new/?hall={cast.hall1.pk}", form())
    complaint = Complaint.objects.get()

    response = client.post(
        f"/complaints/{complaint.pk}/steps/", {"kind": "contacted", "at": "2026-03-02T11:00", "note": "Called back"}
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    step = ComplaintStep.objects.get()
    assert (step.at, step.by, step.note) == (
        dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC),
        cast.users["manager"],
        "Called back",
    )
    early = client.post(f"/complaints/{complaint.pk}/steps/", {"kind": "note", "at": "2026-03-01T11:00", "note": ""})
    assert early.status_code == 400
    assert set(early.context["step_form"].errors) == {"at", "note"}
    assert ComplaintStep.objects.count() == 1


def test_resolving_records_when_and_reopening_clears_it(cast, roster, client):
    client.force_login(cast.users["hq"])
    client.post(f"/complaints/new/?hall={cast.hall1.pk}", form())
    complaint = Complaint.objects.get()

    client.post(f"/complaints/{complaint.pk}/edit/", form(status="resolved", outcome="upheld", resolution="Apology"))
    complaint.refresh_from_db()
    assert complaint.resolved_at is not None and complaint.outcome == "upheld"

    client.post(f"/complaints/{complaint.pk}/edit/", form(status="in_progress", outcome="upheld"))
    complaint.refresh_from_db()
    assert complaint.resolved_at is None


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 200), ("hq", 200), ("admin", 200), ("inspector", 403), ("manager_other", 404), ("hq_other", 404)],
)
def test_who_opens_a_complaint_of_hall1(cast, roster, client, role, status):
    complaint = complaint_save(
        fields={"occurred_at": dt.datetime(2026, 3, 2, 10, tzinfo=TZ), "counter": 2, **_base()},
        by=None,
        hall=cast.hall1,
    )
    client.force_login(cast.users[role])
    assert client.get(f"/complaints/{complaint.pk}/").status_code == status


def _many(cast, count: int) -> None:
    for n in range(count):
        complaint_save(
            fields={"occurred_at": dt.datetime(2026, 3, 2, 9, n % 60, tzinfo=TZ), "counter": 1 + n % 4, **_base()},
            by=None,
            hall=cast.hall1 if n % 2 else cast.hall2,
        )


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_query_count_does_not_grow_with_the_rows(
    cast, staffing_cast, client, django_assert_num_queries, count
):
    _many(cast, count)
    client.force_login(cast.users["hq"])
    client.get("/complaints/")  # the session and caches settle

    with django_assert_num_queries(6):
        response = client.get("/complaints/?status=active&ordering=-occurred")

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count, 25)


def test_the_list_filters_by_hall_touchpoint_and_text(cast, staffing_cast, client):
    _many(cast, 6)
    Complaint.objects.filter(hall=cast.hall1).update(summary="Printer jammed")
    client.force_login(cast.users["hq"])

    page = client.get(f"/complaints/?hall={cast.hall1.pk}&touchpoint=tp15&q=printer")

    assert {c.hall_id for c in page.context["page_obj"]} == {cast.hall1.pk}
    assert len(page.context["page_obj"]) == 3
    client.force_login(cast.users["manager"])
    assert len(client.get("/complaints/").context["page_obj"]) == 3  # only their hall's
