"""Mentoring pairs (who may mentor, the baseline, the credit formula) and the monthly honour rules on
hand-made data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from performance import honours, services
from staffing.choices import HonourKind, MentoringStatus
from staffing.models import GradeChange, Honour, MentoringPair
from staffing.tests.factories import StaffMemberFactory

from .builders import complaint, presses, shop


@pytest.fixture
def people(cast):
    hall = cast.hall1
    return {
        "mentor": StaffMemberFactory(hall=hall, name="Mentor", star_grade=4),
        "mentee": StaffMemberFactory(hall=hall, name="Mentee", star_grade=1),
        "peer": StaffMemberFactory(hall=hall, name="Peer", star_grade=3),
        "junior": StaffMemberFactory(hall=hall, name="Junior", star_grade=2),
    }


def test_the_formula_counts_stars_and_points_gained_over_the_baseline():
    pair = MentoringPair(baseline={"mystery_shop": "80.0", "satisfaction": "85.0"})
    # 1 star + 0.05 x (86.0 - 80.0) + 0.05 x max(0, 84.0 - 85.0) = 1 + 0.30 + 0 = 1.30
    assert services.mentor_credit(pair=pair, stars_gained=1, now={"mystery_shop": "86.0", "satisfaction": "84.0"}) == (
        Decimal("1.30")
    )
    # No figures on one side: that term counts nothing; a demotion during the pair counts no stars.
    assert services.mentor_credit(pair=pair, stars_gained=-1, now={"mystery_shop": None, "satisfaction": "95.5"}) == (
        Decimal("0.53")
    )


def test_a_pair_keeps_the_mentees_baseline_and_earns_credit_from_a_promotion(cast, people):
    mentee = people["mentee"]
    shop(cast.hall1, mentee, dt.date(2025, 1, 15), "70", cast.users["shopper"])
    pair = services.mentoring_create(
        mentor=people["mentor"],
        mentee=mentee,
        goals="Product knowledge",
        started_on=dt.date(2025, 2, 1),
        ends_on=None,
        by=cast.users["manager"],
    )
    assert pair.baseline["mystery_shop"] == "70.0" and pair.baseline["grade"] == 1
    shop(cast.hall1, mentee, dt.date(2025, 3, 15), "90", cast.users["shopper"])
    GradeChange.objects.create(staff=mentee, from_grade=1, to_grade=2, effective_on=dt.date(2025, 4, 1), reason="x")

    closed = services.mentoring_close(pair=pair, completed=True, on=dt.date(2025, 4, 30))

    # Over the 90 days to 30 April only the 90 counts: 1 star + 0.05 x (90 - 70) = 2.00.
    assert (closed.status, closed.credit) == (MentoringStatus.COMPLETED, Decimal("2.00"))


@pytest.mark.parametrize(
    ("mentor", "mentee", "field", "words"),
    [
        ("junior", "mentee", "mentor", "at least 3 stars"),
        ("peer", "junior", None, None),
        ("peer", "mentor", "mentor", "higher grade"),
        ("peer", "peer", "mentee", "themself"),
    ],
)
def test_who_may_mentor_whom(cast, people, mentor, mentee, field, words):
    create = lambda: services.mentoring_create(  # noqa: E731
        mentor=people[mentor], mentee=people[mentee], goals="g", started_on=dt.date(2025, 1, 1), ends_on=None, by=None
    )
    if field is None:
        assert create().status == MentoringStatus.ACTIVE
        return
    with pytest.raises(ValidationError) as error:
        create()
    assert words in " ".join(error.value.message_dict[field])
    assert not MentoringPair.objects.exists()


def test_one_active_pair_per_mentor_and_mentee(cast, people):
    args = {"mentor": people["mentor"], "mentee": people["mentee"], "goals": "g", "ends_on": None, "by": None}
    services.mentoring_create(started_on=dt.date(2025, 1, 1), **args)
    with pytest.raises(ValidationError, match="already have an active pair"):
        services.mentoring_create(started_on=dt.date(2025, 2, 1), **args)


MARCH = dt.date(2025, 3, 1)


def test_service_star_is_the_best_rate_with_enough_presses_and_no_complaint(cast, people):
    presses(cast.hall1, people["peer"], dt.date(2025, 3, 4), satisfied=34, other=1)  # 97.1 %
    presses(cast.hall1, people["mentor"], dt.date(2025, 3, 5), satisfied=49, other=1)  # 98.0 %, but a complaint
    complaint(cast.hall1, people["mentor"], dt.date(2025, 3, 6))
    presses(cast.hall1, people["junior"], dt.date(2025, 3, 7), satisfied=20)  # 100 %, under 30 presses

    awarded = honours.honours_run_month(hall=cast.hall1, month_start=MARCH)

    stars = [h for h in awarded if h.kind == HonourKind.SERVICE_STAR]
    assert [h.staff for h in stars] == [people["peer"]]
    assert stars[0].rule == "service_star" and "97.1" in stars[0].reason
    assert honours.honours_run_month(hall=cast.hall1, month_start=MARCH) == []  # nothing twice


def test_best_mystery_shop_of_the_month(cast, people):
    shop(cast.hall1, people["peer"], dt.date(2025, 3, 3), "88", cast.users["shopper"])
    shop(cast.hall1, [people["junior"], people["mentor"]], dt.date(2025, 3, 9), "93", cast.users["shopper"])
    shop(cast.hall1, people["mentor"], dt.date(2025, 3, 19), "95", cast.users["shopper"])

    awarded = honours.honours_run_month(hall=cast.hall1, month_start=MARCH)

    # Mentor: (93 + 95) / 2 = 94.0 beats junior's 93.0 and peer's 88.0.
    assert [h.staff for h in awarded if h.kind == HonourKind.MYSTERY_SHOP_TOP] == [people["mentor"]]


def test_zero_complaint_streak_of_three_months(cast, people):
    for month in (1, 2, 3):
        presses(cast.hall1, people["peer"], dt.date(2025, month, 10), satisfied=2)
        presses(cast.hall1, people["junior"], dt.date(2025, month, 10), satisfied=2)
    complaint(cast.hall1, people["junior"], dt.date(2025, 2, 12))
    presses(cast.hall1, people["mentor"], dt.date(2025, 3, 10), satisfied=2)  # worked one month only

    honours.honours_run_month(hall=cast.hall1, month_start=MARCH)

    streaks = Honour.objects.filter(kind=HonourKind.ZERO_COMPLAINTS)
    assert [(h.staff, h.period_start, h.period_end) for h in streaks] == [
        (people["peer"], dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    ]


def test_an_honour_by_hand_needs_a_reason_and_is_not_given_twice(cast, people):
    args = {"staff": people["peer"], "kind": HonourKind.OTHER, "title": "Helped at the fire drill"}
    period = {"period_start": MARCH, "period_end": dt.date(2025, 3, 31)}
    with pytest.raises(ValidationError) as error:
        services.honour_award_by_hand(reason="", by=cast.users["manager"], **args, **period)
    assert "reason" in error.value.message_dict
    services.honour_award_by_hand(reason="Calm and quick", by=cast.users["manager"], **args, **period)
    with pytest.raises(ValidationError) as error:
        services.honour_award_by_hand(reason="Again", by=cast.users["manager"], **args, **period)
    assert "kind" in error.value.message_dict
    assert Honour.objects.count() == 1
