"""Who was on duty at a counter: the published roster's answer, one query for a whole batch; nobody when
nobody (or more than one person) was rostered there; and the shift form and API keep counters apart."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from staffing.attribution import on_duty, on_duty_at
from staffing.choices import Attribution, RosterStatus
from staffing.models import Roster, Shift
from staffing.services import rosters as roster_services
from staffing.tests.factories import StaffMemberFactory

MONDAY = dt.date(2027, 3, 1)


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.timezone(dt.timedelta(hours=8)))


def shift(roster, member, start: int, end: int, counter: int | None, day: dt.date = MONDAY) -> Shift:
    return Shift.objects.create(
        roster=roster,
        staff=member,
        day=day,
        role="counter",
        starts_at=at(start, day=day),
        ends_at=at(end, day=day),
        counter=counter,
    )


@pytest.fixture
def rostered(cast, staffing_cast):
    published = Roster.objects.create(hall=cast.hall1, start_date=MONDAY, status=RosterStatus.PUBLISHED)
    shift(published, staffing_cast.member1, 9, 13, counter=1)
    shift(published, staffing_cast.member1b, 13, 18, counter=1)
    draft = Roster.objects.create(hall=cast.hall1, start_date=MONDAY + dt.timedelta(days=7))
    shift(draft, staffing_cast.member1, 9, 17, counter=2, day=MONDAY + dt.timedelta(days=7))
    return published


def test_the_person_on_the_published_roster_at_that_counter_and_time(cast, staffing_cast, rostered):
    answer = on_duty_at(hall_id=cast.hall1.pk, counter=1, at=at(10, 30))
    assert (answer.staff_id, answer.basis) == (staffing_cast.member1.pk, Attribution.ROSTER)
    # The hand-over at 13:00 belongs to the one starting then.
    assert on_duty_at(hall_id=cast.hall1.pk, counter=1, at=at(13)).staff_id == staffing_cast.member1b.pk
    assert on_duty_at(hall_id=cast.hall1.pk, counter=1, at=at(12, 59)).staff_id == staffing_cast.member1.pk


def test_nobody_when_nobody_was_rostered_there_then_and_it_says_so(cast, staffing_cast, rostered):
    assert on_duty_at(hall_id=cast.hall1.pk, counter=1, at=at(18)).basis == Attribution.NOBODY
    assert on_duty_at(hall_id=cast.hall1.pk, counter=2, at=at(10)).basis == Attribution.NOBODY
    assert on_duty_at(hall_id=cast.hall1.pk, counter=None, at=at(10)).basis == Attribution.NO_COUNTER
    # A draft roster is not the roster: nobody, not the person drafted.
    draft_day = at(10, day=MONDAY + dt.timedelta(days=7))
    assert on_duty_at(hall_id=cast.hall1.pk, counter=2, at=draft_day) == on_duty_at(
        hall_id=cast.hall1.pk, counter=2, at=at(10)
    )
    # Another hall's roster never answers for this one.
    assert on_duty_at(hall_id=cast.hall2.pk, counter=1, at=at(10)).staff_id is None


def test_two_people_at_one_counter_is_nobody_not_a_guess(cast, staffing_cast, rostered):
    other = StaffMemberFactory(hall=cast.hall1, employee_number="A001-009")
    shift(rostered, other, 10, 11, counter=1)

    answer = on_duty_at(hall_id=cast.hall1.pk, counter=1, at=at(10, 30))

    assert (answer.staff_id, answer.basis) == (None, Attribution.AMBIGUOUS)


def test_a_batch_of_thousands_of_moments_costs_one_query(cast, staffing_cast, rostered, django_assert_num_queries):
    moments = [(1 + n % 3, at(8) + dt.timedelta(seconds=7 * n)) for n in range(5000)]

    with django_assert_num_queries(1):
        answers = on_duty(hall_id=cast.hall1.pk, moments=moments)

    assert len(answers) == len(set(moments))
    assert moments[600] == (1, at(9, 10))
    assert answers[moments[600]].staff_id == staffing_cast.member1.pk


@pytest.fixture
def draft(cast, staffing_cast):
    return Roster.objects.create(hall=cast.hall1, start_date=MONDAY)


def _input(member, counter, start=9, end=13, day=MONDAY):
    return roster_services.ShiftInput(
        staff=member, day=day, start=dt.time(start), end=dt.time(end), role="counter", counter=counter
    )


def test_a_shift_keeps_its_counter_and_refuses_one_the_hall_does_not_have(cast, staffing_cast, draft):
    saved, _ = roster_services.shift_save(roster=draft, data=_input(staffing_cast.member1, 2), version=draft.version)
    assert saved.counter == 2

    draft.refresh_from_db()
    with pytest.raises(roster_services.ValidationError) as error:
        roster_services.shift_save(
            roster=draft, data=_input(staffing_cast.member1b, 5, day=MONDAY + dt.timedelta(days=1)), version=None
        )
    assert error.value.message_dict == {"counter": ["Hall A001 has counters 1 to 4."]}


def test_a_counter_holds_one_person_at_a_time(cast, staffing_cast, draft):
    roster_services.shift_save(roster=draft, data=_input(staffing_cast.member1, 2, 9, 13), version=None)

    with pytest.raises(roster_services.ValidationError) as error:
        roster_services.shift_save(roster=draft, data=_input(staffing_cast.member1b, 2, 12, 17), version=None)
    assert error.value.message_dict["counter"] == ["Counter 2 is Zhou Xin's from 09:00 to 13:00 that day."]

    saved, _ = roster_services.shift_save(roster=draft, data=_input(staffing_cast.member1b, 2, 13, 17), version=None)
    assert saved.counter == 2


def test_the_shift_form_shows_and_saves_the_counter(cast, staffing_cast, draft, client):
    client.force_login(cast.users["manager"])
    page = client.get(f"/rosters/{draft.pk}/shifts/new/")
    assert 'name="counter"' in page.content.decode()

    response = client.post(
        f"/rosters/{draft.pk}/shifts/new/",
        {
            "staff": staffing_cast.member1b.pk,
            "day": "2027-03-01",
            "start": "09:00",
            "end": "17:00",
            "role": "counter",
            "counter": 3,
            "version": draft.version,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Shift.objects.get(roster=draft).counter == 3


def test_the_shift_form_names_the_counter_field_when_it_is_out_of_range(cast, staffing_cast, draft, client):
    client.force_login(cast.users["manager"])
    response = client.post(
        f"/rosters/{draft.pk}/shifts/new/",
        {
            "staff": staffing_cast.member1b.pk,
            "day": "2027-03-01",
            "start": "09:00",
            "end": "17:00",
            "role": "counter",
            "counter": 7,
            "version": draft.version,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["counter"]
    assert not Shift.objects.filter(roster=draft).exists()


def test_the_roster_api_accepts_and_returns_the_counter(cast, staffing_cast, draft):
    client = APIClient()
    client.force_authenticate(cast.users["manager"])
    body = {
        "roster": draft.pk,
        "staff": staffing_cast.member1b.pk,
        "day": "2027-03-01",
        "role": "counter",
        "start": "09:00",
        "end": "17:00",
        "counter": 4,
        "roster_version": draft.version,
    }

    response = client.post("/api/v1/shifts/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["counter"] == 4
    shift_id = response.json()["id"]
    draft.refresh_from_db()
    response = client.patch(
        f"/api/v1/shifts/{shift_id}/", {"counter": None, "roster_version": draft.version}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Shift.objects.get(pk=shift_id).counter is None
