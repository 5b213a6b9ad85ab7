"""The regional HQ dashboard: region totals as sum(num) / sum(den) (never a mean of hall values), the league
table's statuses and server-side sort, the scorecard wheel, self-owned against partner-run halls, the pools
scatter (and "no run"), the weakest touchpoint's link to its findings, scope (403 / 404), bad input, the CSVs,
the wall display, and a query count that does not grow with the number of halls."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from halls.tests.factories import HallFactory
from inspections.choices import InspectionKind
from inspections.models import TouchpointScore
from performance.dashboards import region as selectors
from performance.dashboards import region_panels as panels
from performance.incentive_models import HallPool, IncentiveRun, IncentiveScheme
from performance.kpi_models import DailyFact, KpiDefinition, MonthlyFact
from performance.kpis.facts import rollup
from touchpoints.models import Touchpoint

from .builders import shop

MARCH = dt.date(2026, 3, 1)


def fact(hall, day, code, num, den, histogram=None):
    """A daily fact and, as a rebuild does, the monthly roll-up of its month (the dashboard reads months from it)."""
    created = DailyFact.objects.create(
        hall=hall,
        day=day,
        kpi=KpiDefinition.objects.get(code=code),
        numerator=Decimal(num),
        denominator=Decimal(den),
        histogram=histogram,
    )
    rollup(halls=[hall.pk], first=day, last=day)
    return created


@pytest.fixture
def story(cast):
    """hall1 (self-owned) and hall2 (partner-run) of region A, with March facts; hall_b in region B."""
    cast.hall2.kind = "partner"
    cast.hall2.save()
    # Satisfaction: hall1 90/100 = 90.0 %, hall2 10/20 = 50.0 %; the region is 100/120 = 83.3 % (mean of means: 70).
    fact(cast.hall1, MARCH, "satisfaction", 50, 50)
    fact(cast.hall1, MARCH + dt.timedelta(days=1), "satisfaction", 40, 50)
    fact(cast.hall2, MARCH, "satisfaction", 10, 20)
    # Complaints per 1,000 served: hall1 1 / 400 served = 2.50; hall2 3 / 1,000 = 3.00.
    fact(cast.hall1, MARCH, "complaints_per_1000", 1, 400)
    fact(cast.hall2, MARCH, "complaints_per_1000", 3, 1000)
    fact(cast.hall1, MARCH, "mystery_shop", "92.5", 1)
    fact(cast.hall2, MARCH, "mystery_shop", "70.0", 1)
    # Wait p90 of hall1: 10 tickets, the 9th smallest waited 300 s: 5.0 min.
    fact(cast.hall1, MARCH, "wait_p90", 0, 10, {"60": 5, "300": 4, "900": 1})
    # February, for the trend; and region B, which must not count.
    fact(cast.hall1, dt.date(2026, 2, 10), "satisfaction", 30, 40)
    fact(cast.hall_b, MARCH, "satisfaction", 0, 1000)
    return cast


def url(cast, **query):
    base = reverse("performance:region_dashboard", args=[cast.region_a.pk])
    return base + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_region_totals_add_numerators_and_denominators(story):
    user = story.users["hq"]
    period = selectors.month_period(MARCH)
    dashboard = selectors.region_dashboard(user=user, region=story.region_a, period=period)
    kinds = {line.kpi.code: line for line in panels.by_hall_kind(dashboard)}
    assert kinds["satisfaction"].self_owned.value == Decimal("90.0")
    assert kinds["satisfaction"].partner.value == Decimal("50.0")
    assert kinds["complaints_per_1000"].partner.value == Decimal("3.00")
    kpis, series = panels.trends(user=user, region=story.region_a, period=period)
    assert [month.month for month in series][-2:] == [dt.date(2026, 2, 1), MARCH]
    assert len(series) == 12
    assert series[-1].values["satisfaction"] == Decimal("83.3")  # 100 / 120, not (90 + 50) / 2
    assert series[-1].sums["satisfaction"] == (Decimal(100), Decimal(120))
    assert series[-2].values["satisfaction"] == Decimal("75.0")
    assert series[0].values["satisfaction"] is None
    partner = panels.trends(user=user, region=story.region_a, period=period, hall_kind="partner")[1]
    assert partner[-1].values["satisfaction"] == Decimal("50.0")


def test_league_statuses_sort_and_wheel(story):
    period = selectors.month_period(MARCH)
    dashboard = selectors.region_dashboard(
        user=story.users["hq"], region=story.region_a, period=period, sort="-mystery_shop"
    )
    assert [row.code for row in dashboard.rows] == ["A001", "A002"]
    first = dashboard.rows[0]
    assert first.served == 400
    assert first.values["satisfaction"].value == Decimal("90.0")
    assert first.values["complaints_per_1000"].value == Decimal("2.50")
    # Seeded targets: satisfaction green from 95 %, amber from 90 % (self-owned) -> amber; hall2's 50 % -> red.
    assert first.values["satisfaction"].status == "amber"
    assert dashboard.rows[1].values["satisfaction"].status == "red"
    ascending = selectors.region_dashboard(
        user=story.users["hq"], region=story.region_a, period=period, sort="satisfaction"
    )
    assert [row.code for row in ascending.rows] == ["A002", "A001"]
    by_p90 = selectors.region_dashboard(user=story.users["hq"], region=story.region_a, period=period, sort="-wait_p90")
    assert by_p90.rows[0].values["wait_p90"].value == Decimal("5.0")
    assert by_p90.rows[1].code == "A002"  # no value: last, whichever the direction
    # A month reads the percentile the roll-up stored, not the histograms (a quarter merges them): 5.0 min both.
    MonthlyFact.objects.filter(kpi__code="wait_p90").update(histogram=None)
    cache.clear()
    by_p90 = selectors.region_dashboard(user=story.users["hq"], region=story.region_a, period=period, sort="-wait_p90")
    assert by_p90.rows[0].values["wait_p90"].value == Decimal("5.0")
    MonthlyFact.objects.filter(kpi__code="wait_p90").update(p90_seconds=None, histogram={"60": 5, "300": 4, "900": 1})
    cache.clear()
    quarter = selectors.quarter_period(MARCH)
    by_p90 = selectors.region_dashboard(user=story.users["hq"], region=story.region_a, period=quarter, sort="-wait_p90")
    assert by_p90.rows[0].values["wait_p90"].value == Decimal("5.0")
    wheel = {quadrant.quadrant: quadrant for quadrant in panels.wheel(dashboard)}
    customer = wheel["customer"]
    assert customer.rated == customer.green + customer.amber + customer.red >= 4
    assert customer.red >= 1 and customer.share("red") is not None
    assert wheel["finance"].rated == 0 and wheel["finance"].share("green") is None


def test_page_for_hq_and_scope(client, story):
    client.force_login(story.users["hq"])
    response = client.get(url(story, month="2026-03"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="league-table"' in content and 'data-hall="A001"' in content
    assert 'id="pools-no-run"' in content  # no incentive run for March
    assert 'id="trends-chart"' in content and 'id="dashboard-data"' in content
    assert "83.3" in content  # the trend table's March value
    for role, status in (("manager", 403), ("inspector", 403), ("staff", 403), ("shopper", 403), ("hq_other", 404)):
        client.force_login(story.users[role])
        assert client.get(url(story, month="2026-03")).status_code == status, role
    client.force_login(story.users["admin"])
    assert client.get(url(story, month="2026-03")).status_code == 200


def test_bad_input_names_the_field(client, story):
    client.force_login(story.users["hq"])
    response = client.get(url(story, month="March"))
    assert response.status_code == 400 and "YYYY-MM" in response.content.decode()
    response = client.get(url(story, period="custom", start="2026-03-10", end="2026-03-01"))
    assert response.status_code == 400
    assert "The last day must not be before the first day." in response.content.decode()
    csv = client.get(reverse("performance:region_dashboard_csv", args=[story.region_a.pk, "league"]) + "?sort=bogus")
    assert csv.status_code == 400 and "Sort" in csv.content.decode()
    missing = client.get(reverse("performance:region_dashboard_csv", args=[story.region_a.pk, "nothing"]))
    assert missing.status_code == 404


def test_quarter_and_custom_periods(story):
    quarter = selectors.quarter_period(dt.date(2026, 2, 1))
    assert (quarter.start, quarter.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    dashboard = selectors.region_dashboard(user=story.users["hq"], region=story.region_a, period=quarter)
    # hall1 over the quarter: (50 + 40 + 30) / (50 + 50 + 40) = 85.7 %
    assert dashboard.rows[0].values["satisfaction"].value == Decimal("85.7")
    custom = selectors.Period(dt.date(2026, 3, 2), dt.date(2026, 3, 2), "custom")
    one_day = selectors.region_dashboard(user=story.users["hq"], region=story.region_a, period=custom)
    hall1 = next(row for row in one_day.rows if row.code == "A001")
    assert hall1.values["satisfaction"].value == Decimal("80.0")


def test_csv_exports(client, story):
    client.force_login(story.users["hq"])
    base = reverse("performance:region_dashboard_csv", args=[story.region_a.pk, "league"])
    text = client.get(base + "?month=2026-03&sort=code").content.decode().lstrip("\ufeff").splitlines()
    assert text[0].startswith("hall,hall_name,hall_kind,from,to,served,kpis_green")
    assert text[1].startswith("A001,") and ",2026-03-01,2026-03-31,400," in text[1]
    assert ",wait_p90," in text[0] and ",5.0," in text[1]
    trends = client.get(base.replace("league", "trends") + "?month=2026-03").content.decode()
    assert "RA,2026-03,satisfaction,83.3,100.00,120.00" in trends
    wheel = client.get(base.replace("league", "wheel") + "?month=2026-03").content.decode()
    assert wheel.splitlines()[1].startswith("RA,2026-03-01,2026-03-31,customer,")
    kinds = client.get(base.replace("league", "kinds") + "?month=2026-03").content.decode()
    assert "satisfaction,%,partner,50.0,10.00,20.00,red" in kinds
    assert client.get(base.replace("league", "radar") + "?month=2026-03").status_code == 200


def test_pools_against_attainment(client, story):
    run = IncentiveRun.objects.create(region=story.region_a, month=MARCH, computed_at=timezone.now())
    scheme = IncentiveScheme.objects.create(
        region=story.region_a, hall_kind="self_owned", effective_from=MARCH, name="S", base_pool=Decimal("1000")
    )
    HallPool.objects.create(
        run=run, hall=story.hall1, scheme=scheme, headcount=4, attainment=Decimal("1.0250"), pool=Decimal("3000.00")
    )
    dashboard = selectors.region_dashboard(
        user=story.users["hq"], region=story.region_a, period=selectors.month_period(MARCH)
    )
    assert dashboard.run == run
    points = panels.pool_points(dashboard)
    assert [(point.code, point.attainment, point.per_person) for point in points] == [
        ("A001", Decimal("102.5"), Decimal("750.00"))
    ]
    client.force_login(story.users["hq"])
    content = client.get(url(story, month="2026-03")).content.decode()
    assert 'id="pools-chart"' in content and "750.00" in content
    text = client.get(reverse("performance:region_dashboard_csv", args=[story.region_a.pk, "pools"]) + "?month=2026-03")
    assert "A001,self_owned,102.5,3000.00,4,750.00" in text.content.decode()


def test_weakest_touchpoint_links_to_its_findings(client, story):
    today = timezone.localdate()
    touchpoints = list(Touchpoint.objects.order_by("order")[:2])
    inspections = {hall.pk: shop(hall, [], today, "80", story.users["admin"]) for hall in (story.hall1, story.hall2)}
    for hall, touchpoint, score in (
        (story.hall1, touchpoints[0], "95"),
        (story.hall1, touchpoints[1], "60"),
        (story.hall2, touchpoints[0], "90"),
        (story.hall2, touchpoints[1], "85"),
    ):
        TouchpointScore.objects.create(
            inspection=inspections[hall.pk],
            hall=hall,
            touchpoint=touchpoint,
            day=today,
            kind=InspectionKind.PATROL,
            score=score,
        )
    client.force_login(story.users["hq"])
    content = client.get(url(story)).content.decode()
    assert 'id="weakest-touchpoint"' in content
    expected = f"?hall={story.hall1.pk}&amp;touchpoint={touchpoints[1].pk}&amp;found_after="
    link = content.split('id="weakest-cell" href="')[1].split('"')[0]
    assert expected in link and "/inspections/findings/" in link
    assert content.count("weakest-tp") >= 3  # the column head, the mean row and the halls' cells


def test_wall_display(client, story):
    client.force_login(story.users["hq"])
    for address in (url(story, screen="big"), reverse("performance:region_dashboard_big", args=[story.region_a.pk])):
        response = client.get(address)
        content = response.content.decode()
        assert response.status_code == 200
        assert 'http-equiv="refresh"' in content and 'data-bs-theme="dark"' in content
        assert 'id="nav-items"' not in content  # no menus
    client.force_login(story.users["manager"])
    assert client.get(reverse("performance:region_dashboard_big", args=[story.region_a.pk])).status_code == 403


def test_region_page_links_to_the_dashboard(client, story):
    client.force_login(story.users["hq"])
    content = client.get(reverse("halls:region_detail", args=[story.region_a.pk])).content.decode()
    assert reverse("performance:region_dashboard", args=[story.region_a.pk]) in content
    home = client.get("/").content.decode()
    assert 'data-nav="region_dashboard"' in home
    client.force_login(story.users["manager"])
    content = client.get(reverse("halls:region_detail", args=[story.region_a.pk])).content.decode()
    assert reverse("performance:region_dashboard", args=[story.region_a.pk]) not in content


def _queries(client, cast) -> int:
    """The queries of a cold request (every cache empty: the heatmap panel's would otherwise hide its queries)."""
    from django.core.cache import cache

    cache.clear()
    client.force_login(cast.users["hq"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(cast, month="2026-03"))
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_halls(client, story):
    def add_halls(count):
        for _ in range(count):
            hall = HallFactory(region=story.region_a)
            fact(hall, MARCH, "satisfaction", 8, 10)
            fact(hall, MARCH, "wait_p90", 0, 2, {"120": 2})

    add_halls(1)  # 3 halls
    three = _queries(client, story)
    add_halls(6)  # 9 halls
    nine = _queries(client, story)
    assert three == nine
    assert nine <= 40


def test_warm_fills_the_cache_and_a_rebuild_changes_the_version(client, story):
    from django.core.cache import cache

    from performance.tasks import region_dashboards_warm

    cache.clear()
    assert region_dashboards_warm(region_ids=[story.region_a.pk]) == 1
    client.force_login(story.users["hq"])
    with CaptureQueriesContext(connection) as warm:
        client.get(url(story))
    assert not any("SUM(" in query["sql"] and "fact" in query["sql"] for query in warm.captured_queries)
    before = selectors.facts_version()
    fact(story.hall1, timezone.localdate(), "satisfaction", 1, 1)  # what a rebuild writes
    assert selectors.facts_version() != before
    with CaptureQueriesContext(connection) as fresh:
        client.get(url(story))
    assert any("SUM(" in query["sql"] and "monthlyfact" in query["sql"] for query in fresh.captured_queries)


def test_pool_bands_add_up():
    point = panels.PoolPoint
    points = [
        point("A", "a", "self_owned", Decimal("79.9"), Decimal("1000.00"), 2, Decimal("500.00")),
        point("B", "b", "self_owned", Decimal("100.0"), Decimal("3000.00"), 4, Decimal("750.00")),
        point("C", "c", "partner", Decimal("104.5"), Decimal("1500.00"), 2, Decimal("750.00")),
        point("D", "d", "partner", Decimal("131.0"), Decimal("900.00"), 1, Decimal("900.00")),
    ]
    bands = panels.pool_bands(points)
    assert [(band.low, band.halls, band.pool, band.people) for band in bands] == [
        (Decimal(0), 1, Decimal("1000.00"), 2),
        (Decimal(100), 2, Decimal("4500.00"), 6),
        (Decimal(120), 1, Decimal("900.00"), 1),
    ]
    assert bands[1].per_person == Decimal("750.00")
    assert sum(band.pool for band in bands) == sum(p.pool for p in points)


def test_gc_paused_restores_the_collector():
    import gc

    assert gc.isenabled()
    with pytest.raises(ValueError), selectors.gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()  # restarted, even after an error
    gc.disable()
    try:
        with selectors.gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
