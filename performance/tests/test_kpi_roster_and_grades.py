"""Roster coverage of demand and the star mix from the grade history, against hand-worked days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.kpi_models import DailyFact, KpiDefinition, KpiTarget
from performance.kpis.facts import rebuild
from performance.kpis.formulas import grades_by_day, roster_coverage
from staffing.choices import RosterStatus, WorkRole
from staffing.models import DemandProfile, GradeChange, Roster, Shift
from staffing.tests.factories import StaffMemberFactory

D = dt.date(2026, 3, 10)  # a Tuesday
MONDAY = dt.date(2026, 3, 9)


def _local(day: dt.date, clock: str, hall) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=hall.tzinfo)


def _shift(roster, staff, day, role, start, end):
    return Shift.objects.create(
        roster=roster,
        staff=staff,
        day=day,
        role=role,
        starts_at=_local(day, start, roster.hall),
        ends_at=_local(day, end, roster.hall),
    )


@pytest.fixture
def covered_day(cast):
    """Hall1 open 09:00-11:00 on D (four 30-minute slots); no arrivals at all, so no counter staff are needed
    and every slot is "low": 2 greeters and 1 consultant per slot = 12 staff-slots demanded.

    Published roster: greeters A 09:00-11:00, B and C 09:00-10:00 (three greeters for two places in the first
    two slots: the third counts for nothing), consultant E 10:00-11:00. Covered: greeters 2+2+1+1 = 6,
    consultant 0+0+1+1 = 2; 8 of 12 = 66.7 %. A draft roster's shift the week after does not count."""
    hall = cast.hall1
    hall.opening_hours.filter(weekday=D.weekday()).update(opens=dt.time(9), closes=dt.time(11), closed=False)
    DemandProfile.objects.update_or_create(
        hall=hall, defaults={"greeters_when_open": 2, "consultants_otherwise": 1, "consultants_at_peak": 3}
    )
    roster = Roster.objects.create(hall=hall, start_date=MONDAY, weeks=1, status=RosterStatus.PUBLISHED)
    people = {name: StaffMemberFactory(hall=hall, roles=[WorkRole.GREETER, WorkRole.CONSULTANT]) for name in "ABCE"}
    _shift(roster, people["A"], D, WorkRole.GREETER, "09:00", "11:00")
    _shift(roster, people["B"], D, WorkRole.GREETER, "09:00", "10:00")
    _shift(roster, people["C"], D, WorkRole.GREETER, "09:00", "10:00")
    _shift(roster, people["E"], D, WorkRole.CONSULTANT, "10:00", "11:00")
    draft = Roster.objects.create(hall=hall, start_date=MONDAY + dt.timedelta(days=7), weeks=1)
    _shift(draft, people["A"], D + dt.timedelta(days=7), WorkRole.GREETER, "09:00", "11:00")
    return hall


def test_roster_coverage_hand_worked_day(covered_day):
    facts = roster_coverage(covered_day, D, D)
    assert facts == {(D, "roster_coverage"): (Decimal(8), Decimal(12), None)}


def test_roster_coverage_fact_and_value(covered_day):
    rebuild(first=D, last=D, halls=[covered_day])
    fact = DailyFact.objects.get(hall=covered_day, day=D, kpi__code="roster_coverage")
    assert (fact.numerator, fact.denominator) == (Decimal(8), Decimal(12))
    from performance.kpis.definitions import value_of

    assert value_of("roster_coverage", fact.numerator, fact.denominator) == Decimal("66.7")


def test_roster_coverage_only_on_published_days(covered_day):
    """The draft week gives no fact; a day of the published week with nobody rostered counts 0 covered."""
    facts = roster_coverage(covered_day, MONDAY, MONDAY + dt.timedelta(days=13))
    days = {day for day, _key in facts}
    assert days <= {MONDAY + dt.timedelta(days=n) for n in range(7)}
    wednesday = D + dt.timedelta(days=1)
    assert facts[(wednesday, "roster_coverage")][0] == 0
    assert facts[(wednesday, "roster_coverage")][1] > 0


def test_roster_coverage_queries_do_not_grow_with_days(covered_day):
    with CaptureQueriesContext(connection) as one_day:
        roster_coverage(covered_day, D, D)
    with CaptureQueriesContext(connection) as two_weeks:
        roster_coverage(covered_day, MONDAY, MONDAY + dt.timedelta(days=13))
    assert len(two_weeks) == len(one_day) <= 8


def test_roster_coverage_is_seeded_with_targets(db):
    kpi = KpiDefinition.objects.get(code="roster_coverage")
    assert (kpi.quadrant, kpi.direction, kpi.unit, kpi.formula) == ("operations", "higher", "%", "roster_coverage")
    targets = {t.hall_kind: (t.green, t.amber) for t in KpiTarget.objects.filter(kpi=kpi, month__isnull=True)}
    assert targets == {"self_owned": (Decimal(95), Decimal(85)), "partner": (Decimal(90), Decimal(80))}


# --- star mix from the grade history ---


@pytest.fixture
def graded(cast):
    """Hall1, days D..D+3. P: 2 -> 3 effective D+1, 3 -> 4 effective D+3 (now 4). Q: 4 -> 2 effective D+2 (now
    2). R: never changed, now 3. S: 3 -> 1 effective long before (now 1). T: left on D+2 with grade 5."""
    hall = cast.hall1
    p = StaffMemberFactory(hall=hall, star_grade=4)
    q = StaffMemberFactory(hall=hall, star_grade=2)
    StaffMemberFactory(hall=hall, star_grade=3)
    s = StaffMemberFactory(hall=hall, star_grade=1)
    t = StaffMemberFactory(hall=hall, star_grade=5)
    t.active, t.left_on = False, D + dt.timedelta(days=2)
    t.save()
    for member, when, before, after in [
        (p, D + dt.timedelta(days=1), 2, 3),
        (p, D + dt.timedelta(days=3), 3, 4),
        (q, D + dt.timedelta(days=2), 4, 2),
        (s, D - dt.timedelta(days=400), 3, 1),
    ]:
        GradeChange.objects.create(staff=member, from_grade=before, to_grade=after, effective_on=when, reason="test")
    return hall, p, q, s


def test_grades_in_force_each_day(graded):
    hall, p, q, s = graded
    grades = grades_by_day(hall, D, D + dt.timedelta(days=3))
    assert grades[p.pk] == [2, 3, 3, 4]  # before the first change: its from-grade
    assert grades[q.pk] == [4, 4, 2, 2]
    assert grades[s.pk] == [1, 1, 1, 1]  # the last change before the range


def test_star_mix_uses_the_grade_history(graded):
    """On the books (3+ stars / all): D: T5, Q4, R3 of P,Q,R,S,T = 3/5; D+1: P3 too = 4/5;
    D+2: T has left, Q fell to 2: P3, R3 = 2/4; D+3: P4, R3 = 2/4. Over the four days 11/18 = 61.1 %."""
    hall = graded[0]
    rebuild(first=D, last=D + dt.timedelta(days=3), halls=[hall])
    facts = DailyFact.objects.filter(hall=hall, kpi__code="star_mix").order_by("day")
    assert [(f.numerator, f.denominator) for f in facts] == [
        (Decimal(3), Decimal(5)),
        (Decimal(4), Decimal(5)),
        (Decimal(2), Decimal(4)),
        (Decimal(2), Decimal(4)),
    ]


def test_grade_history_is_one_query(graded):
    hall = graded[0]
    with CaptureQueriesContext(connection) as queries:
        grades_by_day(hall, D, D + dt.timedelta(days=30))
    assert len(queries) == 2  # the staff's current grades and their changes
