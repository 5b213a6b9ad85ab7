"""Assignments: generation from the plans (daily checks within the hall's hours, patrols spread over the month
and across inspectors, 10-12 mystery visits with a peak share), idempotent reruns, the nightly and hourly
tasks, submission marking the assignment done, completion, and who sees what (a hall never sees its mystery
visits)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from halls import services as hall_services
from halls.choices import HallStatus
from halls.models import SpecialDay
from halls.tests.factories import UserFactory
from inspections import schedules
from inspections.assignment_selectors import Completion, completion_by_hall, completion_by_kind, hall_completion
from inspections.choices import AssignmentStatus, InspectionKind
from inspections.models import Assignment, Inspection, InspectionPlan
from inspections.services import assignments as service
from inspections.services import inspection_submit
from inspections.tasks import generate_assignments, mark_overdue_assignments
from inspections.tests.builders import answers, make_version
from staffing.models import DemandProfile

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = dt.date(2027, 3, 1)
ONE_ITEM = [{"code": "door", "touchpoint": "TP04", "answer_type": "yes_no"}]
# Entered arrivals per 30-minute slot from 09:00 to 18:00: peaks at 11:00-12:00 and 16:00-17:00.
ARRIVALS = [2, 3, 5, 6, 10, 10, 6, 4, 4, 5, 5, 6, 6, 6, 9, 8, 4, 2]
PEAK_HOURS = {11, 16}


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def checklists(cast):
    mystery = make_version(items=ONE_ITEM, kind=InspectionKind.MYSTERY_SHOP, name="Mystery shop", publish=False)
    mystery.scenario, mystery.scenario_zh = "Ask about a family plan", "咨询家庭套餐"
    mystery.published_at = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    mystery.save()
    return {
        InspectionKind.OPENING: make_version(items=ONE_ITEM, kind=InspectionKind.OPENING, name="Opening"),
        InspectionKind.CLOSING: make_version(items=ONE_ITEM, kind=InspectionKind.CLOSING, name="Closing"),
        InspectionKind.PATROL: make_version(items=ONE_ITEM, kind=InspectionKind.PATROL, name="Patrol"),
        InspectionKind.MYSTERY_SHOP: mystery,
    }


@pytest.fixture
def busy_profile(cast):
    return DemandProfile.objects.create(hall=cast.hall1, entered_arrivals={str(day): ARRIVALS for day in range(7)})


def of(hall, kind, **filters):
    return Assignment.objects.filter(hall=hall, kind=kind, **filters).order_by("window_start")


def local_days(rows) -> list[dt.date]:
    return [row.window_start.astimezone(SHANGHAI).date() for row in rows]


def assignment(hall, kind, template, start, due, **extra) -> Assignment:
    return Assignment.objects.create(hall=hall, kind=kind, template=template, window_start=start, due_at=due, **extra)


# --- generation -------------------------------------------------------------------------------------------------


def test_daily_checks_open_and_close_the_hall_and_skip_a_closed_day(cast, checklists):
    SpecialDay.objects.create(hall=cast.hall1, date=dt.date(2027, 3, 2), closed=True, reason="Holiday")
    SpecialDay.objects.create(
        hall=cast.hall1, date=dt.date(2027, 3, 3), opens=dt.time(10), closes=dt.time(14), reason="Short day"
    )

    service.assignments_generate(days=[dt.date(2027, 3, d) for d in (1, 2, 3)], halls=[cast.hall1])

    opening = of(cast.hall1, InspectionKind.OPENING)
    closing = of(cast.hall1, InspectionKind.CLOSING)
    assert local_days(opening) == local_days(closing) == [dt.date(2027, 3, 1), dt.date(2027, 3, 3)]
    assert [(a.window_start, a.due_at) for a in opening] == [
        (local(dt.date(2027, 3, 1), 9), local(dt.date(2027, 3, 1), 10)),
        (local(dt.date(2027, 3, 3), 10), local(dt.date(2027, 3, 3), 11)),
    ]
    assert [(a.window_start, a.due_at) for a in closing] == [
        (local(dt.date(2027, 3, 1), 17), local(dt.date(2027, 3, 1), 18)),
        (local(dt.date(2027, 3, 3), 13), local(dt.date(2027, 3, 3), 14)),
    ]
    assert {a.template_id for a in opening} == {checklists[InspectionKind.OPENING].template_id}
    assert all(a.assignee_id is None and a.status == AssignmentStatus.SCHEDULED for a in [*opening, *closing])


def test_the_window_follows_the_plan_and_a_region_can_turn_a_check_off(cast, checklists):
    InspectionPlan.objects.create(region=cast.region_a, closing_checks=False, self_check_window_minutes=30)

    service.assignments_generate(days=[dt.date(2027, 3, 1)], halls=[cast.hall1, cast.hall_b])

    (opening,) = of(cast.hall1, InspectionKind.OPENING)
    assert opening.due_at - opening.window_start == dt.timedelta(minutes=30)
    assert not of(cast.hall1, InspectionKind.CLOSING).exists()
    # Region B has no plan of its own: it follows the default (both checks, an hour).
    assert of(cast.hall_b, InspectionKind.CLOSING).get().due_at == local(dt.date(2027, 3, 1), 18)


def test_a_paused_plan_and_a_hall_under_renovation_get_nothing(cast, checklists):
    InspectionPlan.objects.create(region=cast.region_b, active=False)
    hall_services.hall_update(hall=cast.hall2, fields={"status": HallStatus.RENOVATING}, hours=None)

    service.assignments_generate(days=[dt.date(2027, 3, 1)], months=[MARCH], halls=[cast.hall2, cast.hall_b])

    assert not Assignment.objects.exists()


def test_a_kind_without_a_published_checklist_is_skipped_with_a_warning(cast):
    make_version(items=ONE_ITEM, kind=InspectionKind.OPENING, name="Opening")

    report = service.assignments_generate(days=[dt.date(2027, 3, 1)], halls=[cast.hall1])

    assert set(Assignment.objects.values_list("kind", flat=True)) == {InspectionKind.OPENING}
    assert any("closing" in warning and "RA" in warning for warning in report.warnings)


def test_a_region_uses_its_own_checklist_before_the_global_one(cast, checklists):
    own = make_version(items=ONE_ITEM, kind=InspectionKind.OPENING, name="Region A opening", region=cast.region_a)

    service.assignments_generate(days=[dt.date(2027, 3, 1)], halls=[cast.hall1, cast.hall_b])

    assert of(cast.hall1, InspectionKind.OPENING).get().template_id == own.template_id
    assert of(cast.hall_b, InspectionKind.OPENING).get().template_id == checklists[InspectionKind.OPENING].template_id


def test_ten_to_twelve_mystery_visits_within_opening_hours_with_the_peak_share(cast, checklists, busy_profile):
    SpecialDay.objects.create(hall=cast.hall1, date=dt.date(2027, 3, 10), closed=True, reason="Holiday")

    service.assignments_generate(months=[MARCH], halls=[cast.hall1])

    visits = list(of(cast.hall1, InspectionKind.MYSTERY_SHOP))
    assert 10 <= len(visits) <= 12
    peaks = [visit for visit in visits if visit.at_peak]
    assert len(peaks) == round(len(visits) * 40 / 100)
    for visit in visits:
        start, due = visit.window_start.astimezone(SHANGHAI), visit.due_at.astimezone(SHANGHAI)
        assert start.date().month == 3 and start.date() != dt.date(2027, 3, 10)
        assert dt.time(9) <= start.time() and due.time() <= dt.time(18) and due.date() == start.date()
        assert due - start >= dt.timedelta(minutes=30)
        assert (start.hour in PEAK_HOURS) == visit.at_peak
        assert visit.assignee == cast.users["shopper"]  # the only shopper, with no region: serves every region
        assert visit.scenario.splitlines()[0] in {
            s[0] for s in schedules.scenarios_for(("Ask about a family plan", ""))
        }
    assert len({visit.window_start.date() for visit in visits}) >= 9, "spread over the month"
    assert len({visit.scenario for visit in visits}) >= 3, "the checklist's scenario and its variants"


def test_the_mystery_count_is_random_in_the_plans_range(cast, checklists):
    InspectionPlan.objects.create(region=cast.region_a, mystery_visits_min=3, mystery_visits_max=5, patrols_per_month=0)
    halls = [cast.hall1, cast.hall2]

    service.assignments_generate(months=[MARCH, dt.date(2027, 4, 1), dt.date(2027, 5, 1)], halls=halls)

    counts = Counter(
        (a.hall_id, a.window_start.astimezone(SHANGHAI).month) for a in Assignment.objects.filter(kind="mystery_shop")
    )
    assert len(counts) == 6 and all(3 <= n <= 5 for n in counts.values())
    assert not Assignment.objects.filter(kind=InspectionKind.PATROL).exists()


def test_patrols_are_spread_over_the_month_and_balanced_across_inspectors(cast, checklists):
    second = UserFactory(username="inspector2")
    hall_services.role_assign(user=second, role=Role.INSPECTOR, halls=[cast.hall1])
    # inspector1 also covers hall2, whose patrols can only be theirs: hall1's then go to inspector2 first.
    hall_services.role_assign(user=cast.users["inspector"], role=Role.INSPECTOR, halls=[cast.hall1, cast.hall2])

    service.assignments_generate(months=[MARCH], halls=[cast.hall1, cast.hall2])

    hall1 = list(of(cast.hall1, InspectionKind.PATROL))
    days = local_days(hall1)
    assert len(hall1) == 4 and len(set(days)) == 4
    # One patrol in each quarter of the month.
    assert [(day.day - 1) * 4 // 31 for day in days] == [0, 1, 2, 3]
    for patrol in hall1:
        assert patrol.window_start.astimezone(SHANGHAI).time() == dt.time(9)
        assert patrol.due_at.astimezone(SHANGHAI).time() == dt.time(18)
    loads = Counter(Assignment.objects.filter(kind=InspectionKind.PATROL).values_list("assignee__username", flat=True))
    assert loads == {"inspector1": 4, "inspector2": 4}


def test_a_hall_without_inspector_gets_unassigned_patrols_and_a_warning(cast, checklists):
    report = service.assignments_generate(months=[MARCH], halls=[cast.hall2])

    assert of(cast.hall2, InspectionKind.PATROL).filter(assignee__isnull=True).count() == 4
    assert any("A002" in warning for warning in report.warnings)


def test_running_it_again_creates_nothing_new(cast, checklists, busy_profile):
    days = [dt.date(2027, 3, d) for d in range(1, 8)]
    first = service.assignments_generate(days=days, months=[MARCH], halls=[cast.hall1, cast.hall2])
    snapshot = sorted(Assignment.objects.values_list("hall", "kind", "window_start", "due_at", "assignee", "scenario"))

    again = service.assignments_generate(days=days, months=[MARCH], halls=[cast.hall1, cast.hall2])

    assert sum(first.created.values()) == len(snapshot) > 0
    assert sum(again.created.values()) == 0
    assert sorted(Assignment.objects.values_list("hall", "kind", "window_start", "due_at", "assignee", "scenario")) == (
        snapshot
    )


def test_the_plan_for_a_month_is_the_same_from_an_empty_database(cast, checklists, busy_profile):
    """Deterministic for its seed: what a rerun would plan is exactly what is stored."""
    service.assignments_generate(months=[MARCH], halls=[cast.hall1])
    stored = sorted(Assignment.objects.values_list("kind", "window_start", "due_at", "at_peak", "scenario"))
    Assignment.objects.all().delete()

    service.assignments_generate(months=[MARCH], halls=[cast.hall1])

    assert sorted(Assignment.objects.values_list("kind", "window_start", "due_at", "at_peak", "scenario")) == stored


def test_planning_from_mid_month_prorates_the_counts(cast, checklists):
    service.assignments_generate(months=[MARCH], since=dt.date(2027, 3, 17), halls=[cast.hall1])

    patrols = list(of(cast.hall1, InspectionKind.PATROL))
    assert len(patrols) == 2  # 15 of 31 days: ceil(4 * 15 / 31)
    assert min(local_days(patrols)) >= dt.date(2027, 3, 17)
    assert 5 <= of(cast.hall1, InspectionKind.MYSTERY_SHOP).count() <= 6


# --- the nightly and hourly tasks -------------------------------------------------------------------------------


def test_the_nightly_run_plans_tomorrow_and_next_month_near_the_months_end(cast, checklists):
    now = local(dt.date(2027, 3, 25), 22, 30)  # tomorrow is the 26th: within a week of April

    report = service.assignments_generate_nightly(now=now)

    for hall in (cast.hall1, cast.hall2, cast.hall_b):
        assert local_days(of(hall, InspectionKind.OPENING)) == [dt.date(2027, 3, 26)]
        april = of(hall, InspectionKind.PATROL, window_start__gte=local(dt.date(2027, 4, 1), 0))
        assert april.count() == 4
        # March is planned from tomorrow on, pro-rated (6 of 31 days).
        assert of(hall, InspectionKind.PATROL, window_start__lt=local(dt.date(2027, 4, 1), 0)).count() == 1
    assert report.created[InspectionKind.OPENING] == 3
    again = service.assignments_generate_nightly(now=now)
    assert sum(again.created.values()) == 0


def test_the_nightly_run_follows_a_closure_announced_after_planning(cast, checklists):
    now = local(dt.date(2027, 3, 10), 22, 30)
    service.assignments_generate_nightly(now=now)
    SpecialDay.objects.create(hall=cast.hall1, date=dt.date(2027, 3, 11), closed=True, reason="Power cut")

    report = service.assignments_generate_nightly(now=now)

    cancelled = of(cast.hall1, InspectionKind.OPENING).get()
    assert cancelled.status == AssignmentStatus.CANCELLED and "closed" in cancelled.cancel_reason
    assert report.cancelled >= 2  # opening and closing
    assert of(cast.hall2, InspectionKind.OPENING).get().status == AssignmentStatus.SCHEDULED


def test_missed_assignments_become_overdue_and_nothing_else_changes(cast, checklists):
    template = checklists[InspectionKind.PATROL].template
    now = local(dt.date(2027, 3, 10), 12)
    missed = assignment(cast.hall1, "patrol", template, local(dt.date(2027, 3, 9), 9), local(dt.date(2027, 3, 9), 18))
    current = assignment(
        cast.hall1, "patrol", template, local(dt.date(2027, 3, 10), 9), local(dt.date(2027, 3, 10), 18)
    )
    cancelled = assignment(
        cast.hall1,
        "patrol",
        template,
        local(dt.date(2027, 3, 8), 9),
        local(dt.date(2027, 3, 8), 18),
        status="cancelled",
    )

    assert service.assignments_mark_overdue(now=now) == 1

    statuses = dict(Assignment.objects.values_list("pk", "status"))
    assert statuses == {missed.pk: "overdue", current.pk: "scheduled", cancelled.pk: "cancelled"}


def test_the_tasks_run_through_delay(cast, checklists):
    """Eager in tests (no broker): the nightly task plans tomorrow for every hall; the hourly one marks."""
    result = generate_assignments.delay().get()

    assert result["created"]["opening"] == 3 and result["created"]["closing"] == 3
    assert Assignment.objects.filter(kind="opening").count() == 3
    Assignment.objects.filter(kind="opening").update(
        window_start=dt.datetime(2020, 1, 1, tzinfo=dt.UTC), due_at=dt.datetime(2020, 1, 1, 1, tzinfo=dt.UTC)
    )
    assert mark_overdue_assignments.delay().get() == {"overdue": 3}


def test_the_migration_scheduled_both_tasks_and_a_default_plan(db):
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.values_list("task", "enabled"))
    assert tasks["inspections.generate_assignments"] and tasks["inspections.mark_overdue_assignments"]
    default = InspectionPlan.objects.get(region__isnull=True)
    assert (default.mystery_visits_min, default.mystery_visits_max, default.active) == (10, 12, True)


# --- submission -----------------------------------------------------------------------------------------------


def _submit(version, who, cast, hall=None, now=None, **kw):
    return service_submit(version, cast.users[who], hall or cast.hall1, now=now, **kw)


def service_submit(version, by, hall, now=None, **kw):
    return inspection_submit(
        hall=hall,
        template_version=version,
        by=by,
        client_uuid=uuid.uuid4(),
        answers=answers(version),
        now=now,
        **kw,
    )


def test_submitting_in_the_window_marks_the_hall_check_done(cast, checklists):
    version = checklists[InspectionKind.OPENING]
    day = dt.date(2027, 3, 10)
    due = assignment(cast.hall1, "opening", version.template, local(day, 9), local(day, 10))
    other_hall = assignment(cast.hall2, "opening", version.template, local(day, 9), local(day, 10))

    inspection, _ = _submit(version, "manager", cast, now=local(day, 9, 40))

    due.refresh_from_db()
    assert (due.status, due.inspection) == (AssignmentStatus.DONE, inspection)
    assert Assignment.objects.get(pk=other_hall.pk).status == AssignmentStatus.SCHEDULED


def test_the_current_window_comes_before_an_overdue_one_then_the_earliest_overdue(cast, checklists):
    version = checklists[InspectionKind.PATROL]
    template = version.template
    user = cast.users["inspector"]
    old = assignment(
        cast.hall1,
        "patrol",
        template,
        local(dt.date(2027, 3, 2), 9),
        local(dt.date(2027, 3, 2), 18),
        assignee=user,
        status="overdue",
    )
    older = assignment(
        cast.hall1,
        "patrol",
        template,
        local(dt.date(2027, 3, 1), 9),
        local(dt.date(2027, 3, 1), 18),
        assignee=user,
        status="overdue",
    )
    today = assignment(
        cast.hall1, "patrol", template, local(dt.date(2027, 3, 5), 9), local(dt.date(2027, 3, 5), 18), assignee=user
    )

    first, _ = _submit(version, "inspector", cast, now=local(dt.date(2027, 3, 5), 11))
    second, _ = _submit(version, "inspector", cast, now=local(dt.date(2027, 3, 5), 15))

    status = {a.pk: (a.status, a.inspection_id) for a in Assignment.objects.all()}
    assert status[today.pk] == ("done", first.pk)
    assert status[older.pk] == ("done", second.pk)
    assert status[old.pk] == ("overdue", None)


def test_someone_elses_patrol_is_not_taken_and_naming_it_is_refused(cast, checklists):
    version = checklists[InspectionKind.PATROL]
    second = UserFactory(username="inspector2")
    hall_services.role_assign(user=second, role=Role.INSPECTOR, halls=[cast.hall1])
    day = dt.date(2027, 3, 5)
    theirs = assignment(cast.hall1, "patrol", version.template, local(day, 9), local(day, 18), assignee=second)

    _submit(version, "inspector", cast, now=local(day, 11))
    assert Assignment.objects.get(pk=theirs.pk).status == AssignmentStatus.SCHEDULED

    before = Inspection.objects.count()
    with pytest.raises(ValidationError) as error:
        _submit(version, "inspector", cast, now=local(day, 12), assignment=theirs.pk)
    assert "someone else" in str(error.value.message_dict["assignment"])
    assert Inspection.objects.count() == before, "nothing is half-written"


def test_naming_an_assignment_of_another_kind_or_hall_is_refused(cast, checklists):
    day = dt.date(2027, 3, 5)
    opening = assignment(cast.hall1, "opening", checklists["opening"].template, local(day, 9), local(day, 10))

    with pytest.raises(ValidationError) as error:
        _submit(checklists["patrol"], "inspector", cast, now=local(day, 9, 30), assignment=opening.pk)
    assert "not a patrol inspection" in error.value.message_dict["assignment"][0]
    with pytest.raises(ValidationError):
        _submit(checklists["opening"], "hq", cast, hall=cast.hall2, now=local(day, 9, 30), assignment=opening.pk)
    assert not Inspection.objects.exists()


def test_a_named_assignment_done_meanwhile_does_not_stop_the_submission(cast, checklists):
    version = checklists[InspectionKind.OPENING]
    day = dt.date(2027, 3, 5)
    named = assignment(cast.hall1, "opening", version.template, local(day, 9), local(day, 10))
    first, _ = _submit(version, "manager", cast, now=local(day, 9, 10), assignment=named.pk)

    second, created = _submit(version, "inspector", cast, now=local(day, 9, 20), assignment=named.pk)

    assert created and Assignment.objects.get(pk=named.pk).inspection == first
    assert not hasattr(second, "assignment") or second.assignment is None


def test_a_shoppers_visit_is_marked_done_through_the_api(cast, checklists, api_client):
    version = checklists[InspectionKind.MYSTERY_SHOP]
    visit = assignment(
        cast.hall1,
        "mystery_shop",
        version.template,
        dt.datetime(2020, 1, 1, 8, tzinfo=dt.UTC),
        dt.datetime(2020, 1, 1, 9, tzinfo=dt.UTC),
        assignee=cast.users["shopper"],
        status="overdue",
    )
    api_client.force_authenticate(cast.users["shopper"])

    response = api_client.post(
        "/api/v1/inspections/",
        {
            "client_uuid": str(uuid.uuid4()),
            "hall": cast.hall1.pk,
            "template_version": version.pk,
            "answers": answers(version),
            "assignment": visit.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    visit.refresh_from_db()
    assert (visit.status, visit.inspection_id) == ("done", response.json()["id"])


def test_fulfilling_an_assignment_costs_one_more_query(cast, checklists):
    """inspections/tests/test_query_count.py pins a submission with no assignment to fulfil; one found costs one
    UPDATE more, whatever the size of the checklist."""
    version = make_version(name="Patrol of the pin")
    inspector = cast.users["inspector"]

    def count() -> int:
        inspector.__dict__.pop("_hallops_scope", None)
        payload = answers(version)
        with CaptureQueriesContext(connection) as queries:
            inspection_submit(
                hall=cast.hall1, template_version=version, by=inspector, client_uuid=uuid.uuid4(), answers=payload
            )
        return len(queries)

    without = count()
    now = dt.datetime.now(tz=dt.UTC)
    assignment(
        cast.hall1,
        "patrol",
        version.template,
        now - dt.timedelta(hours=1),
        now + dt.timedelta(hours=1),
        assignee=inspector,
    )
    with_one = count()

    assert with_one == without + 1
    assert Assignment.objects.get().status == AssignmentStatus.DONE


# --- completion ------------------------------------------------------------------------------------------------


def test_completion_is_done_over_done_and_overdue(cast, checklists):
    patrol, shop = checklists["patrol"].template, checklists["mystery_shop"].template
    day = dt.date(2027, 3, 1)
    for n, status in enumerate(["done", "done", "done", "overdue", "scheduled", "cancelled"]):
        assignment(
            cast.hall1,
            "patrol",
            patrol,
            local(day, 9) + dt.timedelta(days=n),
            local(day, 18) + dt.timedelta(days=n),
            status=status,
        )
    assignment(cast.hall1, "mystery_shop", shop, local(day, 10), local(day, 11), status="overdue")
    assignment(cast.hall2, "patrol", patrol, local(day, 9), local(day, 18), status="overdue")

    by_hall = completion_by_hall(Assignment.objects.all())

    assert by_hall[cast.hall1.pk]["patrol"] == Completion(done=3, overdue=1)
    assert by_hall[cast.hall1.pk]["patrol"].rate == 75
    assert by_hall[cast.hall1.pk]["mystery_shop"].rate == 0
    assert by_hall[cast.hall2.pk]["patrol"].rate == 0
    assert completion_by_kind(Assignment.objects.all())["patrol"] == Completion(3, 2)
    assert Completion().rate is None
    assert Completion(2, 1).rate == Decimal("66.7")
    # The hall's manager counts what they may see: never the mystery visits.
    start, end = local(day, 0), local(dt.date(2027, 4, 1), 0)
    assert hall_completion(user=cast.users["manager"], start=start, end=end) == {
        cast.hall1.pk: {"patrol": Completion(3, 1)}
    }
    assert "mystery_shop" in hall_completion(user=cast.users["hq"], start=start, end=end)[cast.hall1.pk]


# --- who sees what -----------------------------------------------------------------------------------------------


def test_a_mystery_visit_is_never_visible_to_the_hall(cast, checklists, client, api_client):
    shop = checklists["mystery_shop"].template
    now = dt.datetime.now(tz=dt.UTC)
    visit = assignment(
        cast.hall1,
        "mystery_shop",
        shop,
        now - dt.timedelta(minutes=5),
        now + dt.timedelta(hours=1),
        assignee=cast.users["shopper"],
        scenario="Ask about a family plan",
    )
    for role in ("manager", "inspector", "staff", "manager_other"):
        assert not Assignment.objects.visible_to(cast.users[role]).exists(), role
    for role in ("shopper", "hq", "admin"):
        assert Assignment.objects.visible_to(cast.users[role]).filter(pk=visit.pk).exists(), role

    client.force_login(cast.users["manager"])
    page = client.get("/inspections/assignments/?month=")
    assert page.status_code == 200 and b"Ask about a family plan" not in page.content
    assert f'data-assignment="{visit.pk}"' not in page.content.decode()
    client.force_login(cast.users["inspector"])
    assert "family plan" not in client.get("/inspections/today/").content.decode()
    api_client.force_authenticate(cast.users["manager"])
    assert api_client.get(f"/api/v1/assignments/{visit.pk}/").status_code == 404
    assert api_client.get("/api/v1/assignments/?scope=all").json()["count"] == 0


def test_the_command_plans_by_hand_and_again_creates_nothing(cast, checklists):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("assignments_generate", "--day", "2027-03-01", "--days", "2", "--month", "2027-03", stdout=out)
    count = Assignment.objects.count()
    call_command("assignments_generate", "--day", "2027-03-01", "--days", "2", "--month", "2027-03", stdout=out)

    assert Assignment.objects.filter(kind="opening").count() == 6  # 3 halls, 2 days
    assert Assignment.objects.filter(kind="patrol").count() == 12
    assert Assignment.objects.count() == count
    assert out.getvalue().splitlines()[-1].startswith("created 0 ")
