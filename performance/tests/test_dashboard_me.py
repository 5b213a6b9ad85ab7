"""A staff member's own dashboard: my shifts and this week's hours, my scores by month (and their CSV), my grade
and what the next one needs, my honours, my incentive lines; nobody else's numbers; a pinned query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance.dashboards.me import scores_of, shifts_of
from performance.models import HallPool, IncentiveLine, IncentiveRun, IncentiveScheme
from staffing.models import Honour, Roster, Shift

from .builders import make_ladder, presses, shop

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 5, 6)  # a Wednesday
NOW = dt.datetime(2026, 5, 6, 11, 30, tzinfo=SHANGHAI)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW.astimezone(dt.UTC))


def local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def roster_with(hall, shifts, status="published", start=dt.date(2026, 5, 4)):
    roster = Roster.objects.create(hall=hall, start_date=start, weeks=3, status=status)
    for member, day, start_hour, end_hour in shifts:
        Shift.objects.create(
            roster=roster,
            staff=member,
            day=day,
            role="counter",
            counter=1,
            starts_at=local(day, start_hour),
            ends_at=local(day, end_hour),
        )
    return roster


@pytest.fixture
def my_data(cast, staffing_cast, frozen):
    me, colleague = staffing_cast.member1, staffing_cast.member1b
    hall = cast.hall1
    monday = dt.date(2026, 5, 4)
    roster_with(
        hall,
        [
            (me, monday, 9, 17),  # this week, already worked: 8 h
            (me, TODAY, 9, 13),  # today: 4 h
            (me, dt.date(2026, 5, 10), 12, 18),  # Sunday: 6 h
            (me, dt.date(2026, 5, 19), 9, 17),  # the 14th day from today
            (me, dt.date(2026, 5, 20), 9, 17),  # the 15th: not listed
            (colleague, TODAY, 9, 18),
        ],
    )
    shopper = cast.users["shopper"]
    shop(hall, me, dt.date(2026, 5, 2), "80.0", shopper)
    shop(hall, me, dt.date(2026, 5, 3), "91.0", shopper)
    shop(hall, me, dt.date(2026, 3, 10), "70.0", shopper)
    shop(hall, me, dt.date(2026, 5, 4), "10.0", shopper, published=False)  # not published: not counted
    shop(hall, colleague, dt.date(2026, 5, 2), "50.0", shopper)
    presses(hall, me, dt.date(2026, 5, 5), satisfied=18, other=6)  # 24 presses, 75 %
    presses(hall, me, dt.date(2026, 4, 5), satisfied=5, other=0)  # under 20 presses: no rate
    presses(hall, colleague, dt.date(2026, 5, 5), satisfied=1, other=30)
    Honour.objects.create(
        staff=me, kind="other", title="Mine", period_start=monday, period_end=monday, reason="Kind words"
    )
    Honour.objects.create(
        staff=colleague, kind="other", title="Theirs", period_start=monday, period_end=monday, reason="x"
    )
    make_ladder()
    return me


def test_shifts_are_the_next_14_days_and_this_weeks_hours(cast, staffing_cast, my_data):
    shifts = shifts_of(user=cast.users["staff"], member=my_data, today=TODAY)
    assert [shift.day for shift in shifts["upcoming"]] == [TODAY, dt.date(2026, 5, 10), dt.date(2026, 5, 19)]
    assert shifts["week_hours"] == Decimal("18.00") and shifts["week_shifts"] == 3
    assert shifts["upcoming"][0].local_start.strftime("%H:%M") == "09:00"


def test_draft_rosters_do_not_count(cast, staffing_cast, frozen):
    roster_with(cast.hall1, [(staffing_cast.member1, TODAY, 9, 17)], status="draft")
    shifts = shifts_of(user=cast.users["staff"], member=staffing_cast.member1, today=TODAY)
    assert shifts["upcoming"] == [] and shifts["week_hours"] == 0


def test_scores_by_month_are_mine_only(cast, staffing_cast, my_data):
    rows = scores_of(user=cast.users["staff"], member=my_data, today=TODAY)
    assert [row["month"] for row in rows] == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
    ]
    may, april, march = rows[-1], rows[-2], rows[-3]
    assert (may["shops"], may["mystery_shop"]) == (2, 85.5)
    assert (may["presses"], may["satisfied"], may["satisfaction"]) == (24, 18, 75.0)
    assert (april["presses"], april["satisfaction"]) == (5, None)
    assert (march["shops"], march["mystery_shop"]) == (1, 70.0)


def test_the_page_shows_my_numbers_and_nobody_elses(client, cast, staffing_cast, my_data):
    client.force_login(cast.users["staff"])
    page = client.get("/performance/me/dashboard/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert 'id="tile-week-hours">18<' in page
    assert 'id="tile-shop">85.5<' in page
    assert 'id="tile-satisfaction">75.0 %<' in page
    assert "What 4 stars needs" in page
    assert "Wang Li" not in page  # the colleague's name appears nowhere
    assert 'id="my-scores-data"' in page


def test_the_scores_csv(client, cast, staffing_cast, my_data):
    client.force_login(cast.users["staff"])
    lines = client.get("/performance/me/dashboard/scores.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0] == "month,mystery_shops,mystery_shop_mean,presses,satisfied,satisfaction_pct"
    assert lines[-1] == "2026-05,2,85.5,24,18,75.0"
    assert lines[-2] == "2026-04,0,,5,5,"


def test_who_has_no_staff_record(client, cast):
    client.force_login(cast.users["manager"])
    assert client.get("/performance/me/dashboard/").status_code == 403
    client.force_login(cast.users["admin"])
    assert client.get("/performance/me/dashboard/").status_code == 404
    client.force_login(cast.users["staff"])  # a staff role without a staff record
    assert client.get("/performance/me/dashboard/").status_code == 404


def _line(run, hall, member, amount):
    pool, _ = HallPool.objects.get_or_create(
        run=run, hall=hall, defaults={"scheme": IncentiveScheme.objects.get(), "pool": Decimal("1000")}
    )
    return IncentiveLine.objects.create(
        pool=pool, staff=member, grade=3, star_coefficient=Decimal("1.2"), amount=Decimal(amount)
    )


def test_my_incentive_lines_only(client, cast, staffing_cast, my_data):
    IncentiveScheme.objects.create(
        region=cast.region_a, hall_kind=cast.hall1.kind, effective_from=dt.date(2026, 1, 1), name="S", base_pool=100
    )
    run = IncentiveRun.objects.create(region=cast.region_a, month=dt.date(2026, 4, 1))
    mine = _line(run, cast.hall1, my_data, "321.09")
    _line(run, cast.hall1, staffing_cast.member1b, "987.65")
    client.force_login(cast.users["staff"])
    page = client.get("/performance/me/dashboard/").content.decode()
    assert "321.09" in page and "987.65" not in page
    assert f"/performance/incentives/lines/{mine.pk}/" in page


def test_query_count_is_pinned_and_does_not_grow(client, cast, staffing_cast, my_data):
    client.force_login(cast.users["staff"])
    with CaptureQueriesContext(connection) as small:
        assert client.get("/performance/me/dashboard/").status_code == 200
    for index in range(4):
        day = dt.date(2026, 4, 10 + index)
        shop(cast.hall1, my_data, day, "88.0", cast.users["shopper"])
        presses(cast.hall1, my_data, day, satisfied=10, other=2)
        Honour.objects.create(staff=my_data, kind="other", title=f"H{index}", period_start=day, period_end=day)
    roster_with(
        cast.hall1,
        [(my_data, dt.date(2026, 5, 11) + dt.timedelta(days=index), 9, 12) for index in range(5)],
        start=dt.date(2026, 5, 11),
    )
    with CaptureQueriesContext(connection) as large:
        assert client.get("/performance/me/dashboard/").status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 30
