"""Rosters in the database: the boundary with the previous published roster, binding rules in the reader's
language, and counters given to counter shifts (by hand with "Assign counters", and after every solve)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from staffing.binding_text import binding_sentence, binding_sentences
from staffing.choices import RosterStatus, WorkRole
from staffing.models import Roster, Shift
from staffing.roster_format import PriorWork
from staffing.roster_limits import BindingRule
from staffing.rostering import build_plan, problem_to_dict
from staffing.services import counters as counter_services
from staffing.services import rosters as services
from staffing.services.rosters import StaleRoster
from staffing.tests import test_rosters as base
from staffing.tests.test_rosters import MONDAY, T, shift_input

# The hall (open 08:00-22:00, entered demand), its eight people P0-P7 and a draft roster for MONDAY's week.
hall, people, roster = base.hall, base.people, base.roster

SUNDAY = MONDAY - dt.timedelta(days=1)


def published_week(hall, start_date, shifts) -> Roster:
    """A published one-week roster from `start_date` with (member, day, start, end) counter shifts."""
    roster = Roster.objects.create(hall=hall, start_date=start_date, status=RosterStatus.PUBLISHED)
    for member, day, start, end in shifts:
        Shift.objects.create(
            roster=roster,
            staff=member,
            day=day,
            role=WorkRole.COUNTER,
            starts_at=dt.datetime.combine(day, start, tzinfo=hall.tzinfo),
            ends_at=dt.datetime.combine(day, end, tzinfo=hall.tzinfo),
        )
    return roster


def published_week_before(hall, shifts) -> Roster:
    """A published roster for the week before MONDAY."""
    return published_week(hall, MONDAY - dt.timedelta(days=7), shifts)


# ------------------------------------------------------------------------------- the previous roster


def test_the_plan_carries_the_last_published_shift_and_the_run_of_days_before_the_roster(roster, people, hall):
    week_before = [(people[0], SUNDAY - dt.timedelta(days=n), T(14), T(22)) for n in range(3)]
    published_week_before(hall, [*week_before, (people[1], SUNDAY - dt.timedelta(days=2), T(8), T(16))])
    history = build_plan(roster).problem.history
    assert history[people[0].employee_number] == PriorWork(last_end=-120, days_in_a_row=3)
    assert history[people[1].employee_number].days_in_a_row == 0  # off on Sunday: no run carried in
    assert people[2].employee_number not in history
    # The file format has no field for it: the problem file is unchanged.
    assert "history" not in problem_to_dict(build_plan(roster).problem)


def test_a_draft_roster_before_does_not_count(roster, people, hall):
    before = published_week_before(hall, [(people[0], SUNDAY, T(14), T(22))])
    Roster.objects.filter(pk=before.pk).update(status=RosterStatus.DRAFT)
    assert build_plan(roster).problem.history == {}


def test_an_edit_too_soon_after_the_previous_roster_breaks_the_rest_rule_and_blocks_publishing(
    roster,
    people,
    hall,
    cast,
):
    published_week_before(hall, [(people[0], SUNDAY, T(14), T(22))])
    _shift, violations = services.shift_save(
        roster=roster, data=shift_input(people[0], start=T(8), end=T(16)), version=1
    )
    [violation] = violations
    assert violation.rule == 6
    assert "rest 10.0 h after their last shift before this roster" in violation.message
    assert people[0].name in violation.message and "2027-03-01" in violation.message
    with pytest.raises(ValidationError):
        services.roster_publish(roster=roster, by=cast.users["manager"])
    _shift, violations = services.shift_save(
        roster=roster, shift=_shift, data=shift_input(people[0], start=T(9), end=T(17)), version=2
    )
    assert violations == []


def test_days_in_a_row_across_the_boundary_are_checked_on_edit(roster, people, hall):
    published_week_before(hall, [(people[0], SUNDAY - dt.timedelta(days=n), T(9), T(13)) for n in range(5)])
    version = 1
    for n in range(2):
        _shift, violations = services.shift_save(
            roster=roster, data=shift_input(people[0], day=MONDAY + dt.timedelta(days=n)), version=version
        )
        version += 1
    [violation] = violations
    assert violation.rule == 5
    assert "7 working days in a row with the 5 before this roster" in violation.message
    assert "Mon 2027-03-01 – Tue 2027-03-02" in violation.message


def test_the_solver_run_from_the_page_respects_the_boundary(
    roster, people, hall, cast, django_capture_on_commit_callbacks
):
    published_week_before(
        hall, [(member, SUNDAY - dt.timedelta(days=n), T(14), T(22)) for member in people for n in range(6)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.roster_request_solve(roster=roster, by=cast.users["manager"], time_limit=5)
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert services.roster_violations(roster=roster) == []
    # Everyone worked the six days before: nobody may work Monday.
    assert not roster.shifts.filter(day=MONDAY).exists()
    assert roster.shifts.filter(day=MONDAY + dt.timedelta(days=1)).exists()


# ------------------------------------------------------------------------------- binding rules


def test_binding_rules_are_stored_as_data_and_rendered_with_plural_forms():
    rule = BindingRule("weekly_hours", 9, 12, "44")
    assert str(rule) == "max 44 h/week for 9 of 12 staff"  # the command line's English, unchanged
    with translation.override("en"):
        assert binding_sentence(rule.as_dict()) == "max 44 h/week for 9 of 12 staff"
        assert binding_sentence(BindingRule("weekly_hours", 1, 1, "44").as_dict()) == (
            "max 44 h/week for 1 of 1 staff member"
        )
        assert binding_sentence(BindingRule("shift_length", 1, 1, "9").as_dict()) == "max 9 h shifts for 1 of 1 shift"
        only = BindingRule("too_few_qualified", 1, 3, role="self_service").as_dict()
        assert binding_sentence(only) == "only 1 staff member can work Self-service assistant; demand reaches 3"
        # A summary written before the findings were kept as data shows its English sentences.
        assert binding_sentences({"binding_rules": ["max 6 days/week for 5 of 25 staff"]}) == [
            "max 6 days/week for 5 of 25 staff"
        ]
        assert binding_sentences({}) == []


def test_the_translated_sentence_goes_through_the_catalogue(monkeypatch):
    from staffing import binding_text

    seen = []

    def fake_ngettext(singular, plural, number):
        seen.append((singular, plural, number))
        return "最多 %(limit)s 小时/周：%(count)s/%(total)s 人"

    monkeypatch.setattr(binding_text, "ngettext", fake_ngettext)
    assert binding_sentence(BindingRule("weekly_hours", 9, 12, "44").as_dict()) == "最多 44 小时/周：9/12 人"
    assert seen == [
        (
            "max %(limit)s h/week for %(count)s of %(total)s staff member",
            "max %(limit)s h/week for %(count)s of %(total)s staff",
            12,
        )
    ]


def test_the_page_and_the_api_show_the_binding_rules_of_the_last_run(client, roster, cast):
    roster.solve_progress = {
        "unmet_staff_slots": 3,
        "status": "feasible",
        "bound": 1,
        "solve_seconds": 1.0,
        "binding_rules": ["max 44 h/week for 1 of 1 staff"],
        "binding": [BindingRule("weekly_hours", 1, 1, "44").as_dict()],
    }
    roster.save()
    client.force_login(cast.users["manager"])
    page = client.get(reverse("staffing:roster_detail", args=[roster.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "max 44 h/week for 1 of 1 staff member" in page.content.decode()
    api = APIClient()
    api.force_authenticate(cast.users["manager"])
    data = api.get(f"/api/v1/rosters/{roster.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["binding_rules"] == ["max 44 h/week for 1 of 1 staff member"]
    assert data["solver"]["binding_rules"] == ["max 44 h/week for 1 of 1 staff"]


# ------------------------------------------------------------------------------- counters


def add(roster, member, start, end, *, day=MONDAY, role=WorkRole.COUNTER, counter=None):
    tz = roster.hall.tzinfo
    return Shift.objects.create(
        roster=roster,
        staff=member,
        day=day,
        role=role,
        counter=counter,
        starts_at=dt.datetime.combine(day, start, tzinfo=tz),
        ends_at=dt.datetime.combine(day, end, tzinfo=tz),
    )


def counters(roster):
    return {(s.staff.name, s.day.day): s.counter for s in roster.shifts.select_related("staff")}


def test_overlapping_counter_shifts_get_different_counters_and_back_to_back_ones_may_share(roster, people, hall):
    hall.counters = 2
    hall.save()
    add(roster, people[0], T(8), T(14))
    add(roster, people[1], T(10), T(18))
    add(roster, people[2], T(14), T(22))  # starts when P0 leaves: P0's counter is free again
    add(roster, people[3], T(9), T(17), role=WorkRole.GREETER)  # the floor, not a counter
    report = counter_services.roster_assign_counters(roster=roster, version=1)
    assert len(report.assigned) == 3 and report.unassigned == []
    got = counters(roster)
    assert got[("P0", 1)] != got[("P1", 1)]
    assert got[("P2", 1)] == got[("P0", 1)]
    assert got[("P3", 1)] is None
    roster.refresh_from_db()
    assert roster.version == 2


def test_the_same_person_keeps_the_same_counter_across_days(roster, people, hall):
    hall.counters = 4
    hall.save()
    tuesday = MONDAY + dt.timedelta(days=1)
    add(roster, people[0], T(9), T(17), counter=3)  # set by hand on Monday
    add(roster, people[1], T(9), T(17))
    add(roster, people[0], T(9), T(17), day=tuesday)
    add(roster, people[1], T(9), T(17), day=tuesday)
    counter_services.roster_assign_counters(roster=roster, version=1)
    got = counters(roster)
    assert got[("P0", 2)] == 3  # their usual counter
    assert got[("P1", 2)] == got[("P1", 1)] != 3  # P1 keeps theirs, and it is not P0's


def test_a_counter_already_set_is_never_changed(roster, people, hall):
    hall.counters = 2
    hall.save()
    mine = add(roster, people[0], T(9), T(17), counter=1)
    other = add(roster, people[1], T(9), T(17), counter=1, day=MONDAY + dt.timedelta(days=1))
    new = add(roster, people[2], T(10), T(18))
    report = counter_services.roster_assign_counters(roster=roster, version=1)
    assert [s.pk for s in report.assigned] == [new.pk]
    assert Shift.objects.get(pk=new.pk).counter == 2
    assert Shift.objects.get(pk=mine.pk).counter == 1 and Shift.objects.get(pk=other.pk).counter == 1


def test_too_few_counters_are_reported_and_nothing_else_is_lost(roster, people, hall):
    hall.counters = 2
    hall.save()
    for member in people[:3]:
        add(roster, member, T(9), T(17))
    report = counter_services.roster_assign_counters(roster=roster, version=1)
    assert len(report.assigned) == 2
    [missing] = report.unassigned
    assert counter_services.describe_shift(missing) == {
        "shift": missing.pk,
        "staff": "P2",
        "day": "2027-03-01",
        "start": "09:00",
        "end": "17:00",
    }
    assert sorted(c for c in counters(roster).values() if c) == [1, 2]


def test_assigning_counters_refuses_a_stale_version_and_a_published_roster(roster, people):
    add(roster, people[0], T(9), T(17))
    with pytest.raises(StaleRoster):
        counter_services.roster_assign_counters(roster=roster, version=7)
    Roster.objects.filter(pk=roster.pk).update(status=RosterStatus.PUBLISHED)
    with pytest.raises(ValidationError):
        counter_services.roster_assign_counters(roster=roster, version=None)
    assert counters(roster) == {("P0", 1): None}


@pytest.mark.parametrize("places", [4, 2])
def test_the_solver_run_assigns_counters_at_once(roster, hall, places, cast, django_capture_on_commit_callbacks):
    # The solver never puts more people on the counter role at once than the hall has counters (eight
    # people could), so every counter shift gets one (CI once saw a 5 s run under load leave one without).
    hall.counters = places
    hall.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.roster_request_solve(roster=roster, by=cast.users["manager"], time_limit=5)
    run.refresh_from_db()
    assert run.status == "done", run.error
    shifts = list(roster.shifts.all())
    at_counters = [s for s in shifts if s.role == WorkRole.COUNTER]
    assert at_counters and all(s.counter for s in at_counters)
    assert all(s.counter is None for s in shifts if s.role != WorkRole.COUNTER)
    assert run.result["counters_assigned"] == len(at_counters) and run.result["counters_unassigned"] == 0
    assert {s.counter for s in at_counters} <= set(range(1, places + 1))
    for a in at_counters:
        for b in at_counters:
            if a.pk < b.pk and a.day == b.day and a.counter == b.counter:
                assert a.ends_at <= b.starts_at or b.ends_at <= a.starts_at
    assert services.roster_violations(roster=roster) == []


def test_the_button_reports_shifts_without_a_counter(client, roster, people, hall, cast):
    hall.counters = 1
    hall.save()
    add(roster, people[0], T(9), T(17))
    add(roster, people[1], T(10), T(18))
    client.force_login(cast.users["manager"])
    page = client.get(reverse("staffing:roster_detail", args=[roster.pk]))
    assert 'id="assign-counters-button"' in page.content.decode()
    response = client.post(
        reverse("staffing:roster_assign_counters", args=[roster.pk]),
        {"version": 1},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = response.content.decode()
    assert "Gave a counter to 1 shift." in text
    assert "1 shift got no counter" in text and "P1 on 2027-03-01, 10:00-18:00" in text


def test_the_api_action_assigns_counters_and_answers_409_when_stale(roster, people, cast):
    add(roster, people[0], T(9), T(17))
    api = APIClient()
    api.force_authenticate(cast.users["manager"])
    url = f"/api/v1/rosters/{roster.pk}/assign-counters/"
    assert api.post(url, {"roster_version": 5}, format="json").status_code == 409
    response = api.post(url, {"roster_version": 1}, format="json")
    assert response.status_code == 200
    assert response.json() == {"assigned": 1, "unassigned": [], "version": 2}
    assert api.post(url, {"roster_version": "x"}, format="json").status_code == 400
