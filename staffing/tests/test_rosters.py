"""Rosters built from a hall's data: solving, editing with every rule re-checked, refusals, publishing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from core.models import Notification
from halls import services as hall_services
from staffing.choices import LeaveStatus, RosterStatus, WorkRole
from staffing.models import DemandProfile, Roster, Shift
from staffing.roster_format import parse_problem
from staffing.rostering import build_plan, problem_to_dict
from staffing.services import rosters as services
from staffing.services.rosters import ShiftInput, StaleRoster
from staffing.tests.factories import LeaveRequestFactory, StaffMemberFactory

MONDAY = dt.date(2027, 3, 1)
T = dt.time
NINE, FIVE_PM = T(9), T(17)


@pytest.fixture
def hall(cast):
    hall = cast.hall1
    # Open 14 hours, 08:00-22:00, like a city-centre hall: long enough for the rest rule to bite.
    hall_services.hall_set_hours(hall=hall, hours=hall_services.week_hours(T(8), T(22)))
    # An entered arrival curve (no history): 28 slots, busier late morning and afternoon.
    curve = [1, 2, 4, 8, 10, 8, 4, 2, 2, 3, 4, 8, 10, 8, 6, 4, 3, 2, 2, 3, 4, 4, 3, 2, 2, 1, 1, 1]
    DemandProfile.objects.update_or_create(
        hall=hall,
        defaults={
            "entered_arrivals": {str(d): curve for d in range(7)},
            "aht_minutes": Decimal("6"),
            "consultants_at_peak": 0,
            "greeters_when_open": 1,
        },
    )
    hall.kiosks = 0
    hall.save()
    return hall


@pytest.fixture
def people(hall):
    roles = (WorkRole.COUNTER, WorkRole.GREETER)
    return [
        StaffMemberFactory(hall=hall, name=f"P{i}", employee_number=f"A001-{i:03d}", roles=roles, star_grade=1 + i % 5)
        for i in range(8)
    ]


@pytest.fixture
def roster(hall, people):
    return services.roster_create(hall=hall, start_date=MONDAY, weeks=1)


def shift_input(member, day=MONDAY, start=NINE, end=FIVE_PM, role=WorkRole.COUNTER):
    return ShiftInput(staff=member, day=day, start=start, end=end, role=str(role))


def test_the_plan_is_a_valid_format_1_problem_built_from_demand_and_staff(roster, people):
    plan = build_plan(roster)
    problem = plan.problem
    # Format 1 has no field for the hall's counters: the file carries everything else.
    assert problem.capacity == {"counter": 4}
    assert parse_problem(problem_to_dict(problem)) == dataclasses.replace(problem, capacity={})
    assert problem.days == 7 and problem.slot_minutes == 30
    assert problem.day_start_minute == 8 * 60 and problem.slots_per_day == 28
    assert set(problem.roles) == {"counter", "greeter"}
    assert problem.demand["greeter"][0] == (1,) * 28
    assert max(problem.demand["counter"][0]) > min(problem.demand["counter"][0])
    assert [m.id for m in problem.staff] == sorted(p.employee_number for p in people)


def test_approved_leave_and_unavailability_become_unavailable_days(roster, people):
    LeaveRequestFactory(
        staff=people[0],
        first_day=MONDAY + dt.timedelta(days=2),
        last_day=MONDAY + dt.timedelta(days=3),
        status=LeaveStatus.APPROVED,
    )
    LeaveRequestFactory(staff=people[1], first_day=MONDAY, last_day=MONDAY, status=LeaveStatus.REQUESTED)
    member = {m.id: m for m in build_plan(roster).problem.staff}
    assert [u.day for u in member[people[0].employee_number].unavailable] == [2, 3]
    assert member[people[1].employee_number].unavailable == ()


def test_generating_fills_the_roster_with_a_valid_roster_and_reports_its_quality(
    roster, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.roster_request_solve(roster=roster, by=cast.users["manager"], time_limit=5)
    run.refresh_from_db()
    roster.refresh_from_db()
    assert run.status == "done", run.error
    assert roster.shifts.count() > 0
    assert services.roster_violations(roster=roster) == []
    assert run.result["unmet_staff_slots"] >= (run.result["bound"] or 0)
    assert run.result["status"] in ("optimal", "feasible")
    assert roster.version == 2


def test_a_second_shift_the_same_day_is_refused_naming_the_person_and_time(roster, people):
    services.shift_save(roster=roster, data=shift_input(people[0]), version=1)
    with pytest.raises(ValidationError) as refused:
        services.shift_save(roster=roster, data=shift_input(people[0], start=T(18), end=T(20)), version=2)
    message = refused.value.message_dict["staff"][0]
    assert "P0" in message and "09:00-17:00" in message
    assert roster.shifts.count() == 1


def test_the_database_itself_refuses_a_second_shift_the_same_day(roster, people):
    services.shift_save(roster=roster, data=shift_input(people[0]), version=1)
    first = roster.shifts.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(
            roster=roster,
            staff=people[0],
            day=MONDAY,
            role="counter",
            starts_at=first.ends_at,
            ends_at=first.ends_at + dt.timedelta(hours=2),
        )


def test_a_shift_inside_approved_leave_is_refused_by_the_service_and_the_database(roster, people):
    LeaveRequestFactory(staff=people[0], first_day=MONDAY, last_day=MONDAY, status=LeaveStatus.APPROVED)
    with pytest.raises(ValidationError) as refused:
        services.shift_save(roster=roster, data=shift_input(people[0]), version=1)
    assert "approved leave" in refused.value.message_dict["day"][0]
    other = roster.shifts.model(
        roster=roster,
        staff=people[0],
        day=MONDAY,
        role="counter",
        starts_at=dt.datetime(2027, 3, 1, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    assert not roster.shifts.exists()


def test_a_stale_edit_is_refused_and_nothing_is_lost(roster, people):
    services.shift_save(roster=roster, data=shift_input(people[0]), version=1)  # manager A, now version 2
    with pytest.raises(StaleRoster) as refused:
        services.shift_save(roster=roster, data=shift_input(people[1]), version=1)  # manager B, still on 1
    assert "Someone else changed this roster" in refused.value.messages[0]
    assert list(roster.shifts.values_list("staff__name", flat=True)) == ["P0"]


def test_an_edit_that_breaks_the_rest_rule_is_saved_with_the_violation_in_words(roster, people):
    services.shift_save(roster=roster, data=shift_input(people[0], start=T(14), end=T(22)), version=1)
    _shift, violations = services.shift_save(
        roster=roster,
        data=shift_input(people[0], day=MONDAY + dt.timedelta(days=1), start=T(8), end=T(12)),
        version=2,
    )
    assert [v.rule for v in violations] == [6]
    assert "rest" in violations[0].message and people[0].employee_number in violations[0].message


def test_publishing_a_roster_that_breaks_a_rule_needs_a_reason(roster, people, cast):
    services.shift_save(roster=roster, data=shift_input(people[0], start=T(9), end=T(11)), version=1)  # too short
    with pytest.raises(ValidationError) as refused:
        services.roster_publish(roster=roster, by=cast.users["manager"])
    assert "override_reason" in refused.value.message_dict
    roster.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT
    services.roster_publish(roster=roster, by=cast.users["manager"], override_reason="Trainee half day")
    roster.refresh_from_db()
    assert roster.status == RosterStatus.PUBLISHED and roster.override_reason == "Trainee half day"
    assert "Trainee half day" in roster.history.first().history_change_reason


def test_publishing_notifies_the_staff_on_the_roster_once_per_roster(roster, cast, hall):
    member = StaffMemberFactory(hall=hall, user=cast.users["staff"], employee_number="A001-900")
    services.shift_save(roster=roster, data=shift_input(member), version=1)
    services.roster_publish(roster=roster, by=cast.users["manager"])
    services.roster_publish(roster=roster, by=cast.users["manager"])
    notes = Notification.objects.filter(user=cast.users["staff"])
    assert notes.count() == 1 and notes.get().count == 2


def test_copy_last_week_repeats_the_shifts_a_week_later_skipping_leave(hall, people):
    earlier = services.roster_create(hall=hall, start_date=MONDAY - dt.timedelta(days=7), weeks=1)
    services.shift_save(roster=earlier, data=shift_input(people[0], day=MONDAY - dt.timedelta(days=7)), version=1)
    services.shift_save(roster=earlier, data=shift_input(people[1], day=MONDAY - dt.timedelta(days=6)), version=2)
    LeaveRequestFactory(
        staff=people[1],
        first_day=MONDAY + dt.timedelta(days=1),
        last_day=MONDAY + dt.timedelta(days=1),
        status=LeaveStatus.APPROVED,
    )
    roster = services.roster_create(hall=hall, start_date=MONDAY, weeks=1)
    assert services.roster_copy_previous(roster=roster, version=1) == 1
    copied = roster.shifts.get()
    assert (copied.staff, copied.day) == (people[0], MONDAY)


def test_two_rosters_of_one_hall_may_not_overlap(roster, hall):
    with pytest.raises(ValidationError) as refused:
        services.roster_create(hall=hall, start_date=MONDAY + dt.timedelta(days=3), weeks=1)
    assert "start_date" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.roster_create(hall=hall, start_date=MONDAY + dt.timedelta(days=7), weeks=5)


def test_the_api_refuses_a_stale_edit_with_409_and_an_overlap_with_400(roster, people, cast):
    api = APIClient()
    api.force_login(cast.users["manager"])
    body = {
        "roster": roster.pk,
        "staff": people[0].pk,
        "day": "2027-03-01",
        "role": "counter",
        "start": "09:00",
        "end": "17:00",
        "roster_version": 1,
    }
    created = api.post("/api/v1/shifts/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["violations"] == []
    again = api.post("/api/v1/shifts/", {**body, "roster_version": 2, "start": "18:00", "end": "20:00"}, format="json")
    assert again.status_code == 400 and "P0" in again.json()["staff"][0]
    stale = api.post("/api/v1/shifts/", {**body, "staff": people[1].pk}, format="json")
    assert stale.status_code == 409 and "Someone else changed" in stale.json()["detail"]
    assert roster.shifts.count() == 1


def test_the_form_shows_a_stale_edit_and_keeps_what_was_typed(client, roster, people, cast):
    client.force_login(cast.users["manager"])
    services.shift_save(roster=roster, data=shift_input(people[0]), version=1)
    data = {
        "staff": people[1].pk,
        "day": "2027-03-01",
        "start": "10:00",
        "end": "16:00",
        "role": "counter",
        "version": 1,
    }
    response = client.post(f"/rosters/{roster.pk}/shifts/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone else changed this roster" in page
    assert 'value="10:00"' in page
    assert roster.shifts.count() == 1


def test_staff_see_their_own_shifts_only_once_published(client, roster, cast, hall):
    member = StaffMemberFactory(hall=hall, user=cast.users["staff"], employee_number="A001-901")
    services.shift_save(roster=roster, data=shift_input(member), version=1)
    client.force_login(cast.users["staff"])
    assert "No upcoming shifts" in client.get("/me/shifts/").content.decode()
    services.roster_publish(roster=roster, by=cast.users["manager"])
    page = client.get("/me/shifts/").content.decode()
    assert "2027-03-01" in page and "09:00" in page
    api = APIClient()
    api.force_login(cast.users["staff"])
    assert [s["staff"] for s in api.get("/api/v1/shifts/").json()["results"]] == [member.pk]


def test_a_swap_goes_to_a_qualified_colleague_after_the_manager_approves(roster, people, cast, hall):
    from staffing.services import swaps

    giver = people[0]
    services.shift_save(roster=roster, data=shift_input(giver), version=1)
    services.roster_publish(roster=roster, by=cast.users["manager"])
    shift = roster.shifts.get()
    swap = swaps.swap_offer(shift=shift, by=giver)
    unqualified = StaffMemberFactory(hall=hall, employee_number="A001-950", roles=(WorkRole.CONSULTANT,))
    with pytest.raises(ValidationError):
        swaps.swap_take(swap=swap, taker=unqualified)
    swaps.swap_take(swap=swap, taker=people[1])
    swaps.swap_decide(swap=swap, approve=True, by=cast.users["manager"])
    shift.refresh_from_db()
    assert shift.staff == people[1]
    assert services.roster_violations(roster=Roster.objects.get(pk=roster.pk)) == []


def test_the_create_form_names_an_overlap_and_proposes_the_first_free_monday(roster, hall, cast):
    """A second roster over the same week is refused on the form (not a 500), and the form's default first
    day skips the weeks the hall's rosters already cover."""
    from django.test import Client

    from staffing.roster_forms import first_free_monday, next_monday

    client = Client()
    client.force_login(cast.users["manager"])
    before = Roster.objects.count()
    body = {"hall": hall.pk, "start_date": MONDAY + dt.timedelta(days=2), "weeks": 1, "time_limit": 5}
    response = client.post("/rosters/new/", body)
    assert response.status_code == 400
    assert "already has a roster" in response.content.decode()
    assert Roster.objects.count() == before
    # MONDAY's roster covers one week: asked the Sunday before, the next free Monday is the week after it.
    assert next_monday(MONDAY - dt.timedelta(days=1)) == MONDAY
    assert first_free_monday(hall, today=MONDAY - dt.timedelta(days=1)) == MONDAY + dt.timedelta(days=7)


def test_the_proposed_first_day_shows_in_a_chinese_date_picker(hall):
    """A date input takes only YYYY-MM-DD: the proposed Monday must not be written in the language's format
    (zh-hans writes 2026/12/07, which the browser's date picker drops)."""
    from django.utils import translation

    from staffing.roster_forms import RosterCreateForm, first_free_monday

    with translation.override("zh-hans"):
        field = str(RosterCreateForm(halls=type(hall).objects.filter(pk=hall.pk))["start_date"])
    assert f'value="{first_free_monday(hall).isoformat()}"' in field
