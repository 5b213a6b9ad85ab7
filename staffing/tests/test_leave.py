"""Leave: staff ask for themselves, managers approve or refuse with a note; approval is blocked while the
person still has shifts inside the leave, and that message reaches the manager."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from core.models import Notification
from staffing import services
from staffing.choices import LeaveStatus
from staffing.models import LeaveRequest, Roster, Shift

MARCH_1 = dt.date(2027, 3, 1)


def _shift(member, day: dt.date) -> Shift:
    roster, _ = Roster.objects.get_or_create(hall=member.hall, start_date=day - dt.timedelta(days=day.weekday()))
    tz = member.hall.tzinfo
    return Shift.objects.create(
        roster=roster,
        staff=member,
        day=day,
        role="counter",
        starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=tz),
        ends_at=dt.datetime.combine(day, dt.time(17), tzinfo=tz),
    )


# --- services ---


def test_asking_for_leave_tells_the_hall_managers(staffing_cast, cast):
    leave = services.leave_request(
        staff=staffing_cast.member1b, first_day=dt.date(2027, 5, 3), last_day=dt.date(2027, 5, 4), kind="annual"
    )
    assert leave.status == LeaveStatus.REQUESTED
    assert Notification.objects.filter(user=cast.users["manager"], topic=f"leave:{cast.hall1.pk}").exists()
    assert not Notification.objects.filter(user=cast.users["manager_other"]).exists()


def test_leave_overlapping_an_open_request_is_refused(staffing_cast):
    with pytest.raises(ValidationError) as error:
        services.leave_request(staff=staffing_cast.member1, first_day=MARCH_1, last_day=MARCH_1, kind="sick")
    assert "first_day" in error.value.message_dict
    assert LeaveRequest.objects.count() == 1


def test_approving_leave_is_blocked_by_shifts_inside_it(staffing_cast, cast):
    _shift(staffing_cast.member1, dt.date(2027, 3, 2))
    with pytest.raises(ValidationError) as error:
        services.leave_decide(leave=staffing_cast.leave1, approve=True, by=cast.users["manager"])
    assert "Zhou Xin already has shifts on 2027-03-02" in error.value.messages[0]
    staffing_cast.leave1.refresh_from_db()
    assert staffing_cast.leave1.status == LeaveStatus.REQUESTED


def test_refusing_is_not_blocked_by_shifts_and_tells_the_person(staffing_cast, cast):
    _shift(staffing_cast.member1, dt.date(2027, 3, 2))
    leave = services.leave_decide(leave=staffing_cast.leave1, approve=False, by=cast.users["manager"], note="Busy")
    assert (leave.status, leave.decision_note, leave.decided_by) == (LeaveStatus.REFUSED, "Busy", cast.users["manager"])
    message = Notification.objects.get(user=cast.users["staff"])
    assert message.title == "Your leave from 2027-03-01 to 2027-03-02 was refused."
    assert message.body == "Busy"


def test_a_decided_request_cannot_be_decided_again_or_withdrawn(staffing_cast, cast):
    services.leave_decide(leave=staffing_cast.leave1, approve=True, by=cast.users["manager"])
    with pytest.raises(ValidationError):
        services.leave_decide(leave=staffing_cast.leave1, approve=False, by=cast.users["manager"], note="No")
    with pytest.raises(ValidationError):
        services.leave_cancel(leave=staffing_cast.leave1)


# --- "my leave" for staff ---


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.users["staff"])
    return client


def test_my_leave_lists_my_requests_and_asks_for_more(staff_client, staffing_cast):
    page = staff_client.get("/me/leave/")
    assert page.status_code == 200
    assert list(page.context["page_obj"]) == [staffing_cast.leave1]
    response = staff_client.post(
        "/me/leave/", {"kind": "personal", "first_day": "2027-06-01", "last_day": "2027-06-01", "reason": "Move"}
    )
    assert response.status_code == 302
    assert LeaveRequest.objects.get(first_day=dt.date(2027, 6, 1)).staff == staffing_cast.member1


def test_my_leave_refuses_an_end_before_the_start_and_keeps_the_reason(staff_client, staffing_cast):
    response = staff_client.post(
        "/me/leave/", {"kind": "annual", "first_day": "2027-06-05", "last_day": "2027-06-01", "reason": "Trip"}
    )
    assert response.status_code == 400
    assert "last_day" in response.context["form"].errors
    assert 'value="Trip"' in response.content.decode()
    assert LeaveRequest.objects.count() == 1


def test_staff_can_withdraw_their_own_pending_request(staff_client, staffing_cast):
    assert staff_client.post(f"/leave/{staffing_cast.leave1.pk}/cancel/").status_code == 302
    staffing_cast.leave1.refresh_from_db()
    assert staffing_cast.leave1.status == LeaveStatus.CANCELLED


def test_the_menu_offers_my_leave_to_staff_and_staff_to_managers(client, cast, staffing_cast):
    client.force_login(cast.users["staff"])
    keys = [item["key"] for item in client.get("/me/leave/").context["nav_items"]]
    assert "leave_mine" in keys
    assert "staff" not in keys
    client.force_login(cast.users["manager"])
    keys = [item["key"] for item in client.get("/").context["nav_items"]]
    assert "staff" in keys
    assert "leave_mine" not in keys
    # Managers reach the requests from the staff page, with the number waiting.
    html = client.get("/staff/").content.decode()
    assert 'id="leave-requests-link"' in html
    assert '<span class="badge text-bg-warning" title="Waiting for a decision">1</span>' in html


# --- the managers' list ---


@pytest.fixture
def manager(client, cast):
    client.force_login(cast.users["manager"])
    return client


def test_the_manager_sees_pending_requests_of_their_halls(manager, staffing_cast):
    services.leave_request(staff=staffing_cast.member2, first_day=MARCH_1, last_day=MARCH_1, kind="annual")
    page = manager.get("/leave/")
    assert [row["leave"] for row in page.context["rows"]] == [staffing_cast.leave1]
    assert page.context["rows"][0]["can_decide"]


def test_approving_from_the_list(manager, staffing_cast):
    response = manager.post(f"/leave/{staffing_cast.leave1.pk}/decide/", {"decision": "approve", "note": ""})
    assert response.status_code == 302
    staffing_cast.leave1.refresh_from_db()
    assert staffing_cast.leave1.status == LeaveStatus.APPROVED


def test_refusing_needs_a_note(manager, staffing_cast):
    response = manager.post(f"/leave/{staffing_cast.leave1.pk}/decide/", {"decision": "refuse", "note": " "})
    assert response.status_code == 400
    assert "note" in response.context["failed"]["form"].errors
    staffing_cast.leave1.refresh_from_db()
    assert staffing_cast.leave1.status == LeaveStatus.REQUESTED


def test_approval_blocked_by_shifts_shows_the_reason_and_keeps_the_note(manager, staffing_cast):
    _shift(staffing_cast.member1, dt.date(2027, 3, 1))
    response = manager.post(f"/leave/{staffing_cast.leave1.pk}/decide/", {"decision": "approve", "note": "Have fun"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Zhou Xin already has shifts on 2027-03-01; move them before approving the leave." in html
    assert 'value="Have fun"' in html
    assert "Has shifts in these days" in html
    staffing_cast.leave1.refresh_from_db()
    assert staffing_cast.leave1.status == LeaveStatus.REQUESTED


# --- API ---


def test_staff_ask_for_themselves_through_the_api_without_naming_themselves(cast, staffing_cast):
    api = APIClient()
    api.force_login(cast.users["staff"])
    response = api.post(
        "/api/v1/leave-requests/",
        {"kind": "annual", "first_day": "2027-07-01", "last_day": "2027-07-03"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["staff"] == staffing_cast.member1.pk
    mine = {row["id"] for row in api.get("/api/v1/leave-requests/").json()["results"]}
    assert mine == {response.json()["id"], staffing_cast.leave1.pk}


def test_a_manager_without_a_staff_record_must_say_whose_leave(cast, staffing_cast):
    api = APIClient()
    api.force_login(cast.users["manager"])
    response = api.post(
        "/api/v1/leave-requests/",
        {"kind": "annual", "first_day": "2027-07-01", "last_day": "2027-07-03"},
        format="json",
    )
    assert response.status_code == 400
    assert "staff" in response.json()


def test_the_api_decision_reports_shifts_inside_the_leave(cast, staffing_cast):
    _shift(staffing_cast.member1, dt.date(2027, 3, 2))
    api = APIClient()
    api.force_login(cast.users["manager"])
    response = api.post(f"/api/v1/leave-requests/{staffing_cast.leave1.pk}/decide/", {"approve": True}, format="json")
    assert response.status_code == 400
    assert "2027-03-02" in response.json()["non_field_errors"][0]
    refused = api.post(f"/api/v1/leave-requests/{staffing_cast.leave1.pk}/decide/", {"approve": False}, format="json")
    assert refused.status_code == 400
    assert "note" in refused.json()
    done = api.post(
        f"/api/v1/leave-requests/{staffing_cast.leave1.pk}/decide/", {"approve": False, "note": "Busy"}, format="json"
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["decided_by"]) == ("refused", "manager1")
