"""The touchpoint reports: a hall's scorecard and the region heatmap, worked by hand over a few inspections.

Hall1 (A001) has no kiosks, so self-service (TP09) does not apply there: it is n/a, never 0, never averaged,
even when an old inspection carries a score for it. A mystery shop still under review is HQ's business:
the hall's manager must not see its scores anywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from halls.tests.factories import HallFactory
from inspections import reports
from inspections.choices import ActionStatus, InspectionKind, InspectionStatus
from inspections.models import CorrectiveAction, Finding, Inspection
from inspections.services.touchpoint_scores import touchpoint_scores_write
from inspections.tests.builders import make_version
from touchpoints.models import Touchpoint

D = Decimal


@pytest.fixture
def version(db):
    return make_version()


def _today(hall) -> dt.date:
    return hall.local_now().date()


def scored(hall, version, *, days_ago, kind="patrol", tp=None, dims=None, status=InspectionStatus.SUBMITTED, who=None):
    """A submitted inspection `days_ago` hall-local days ago (at noon) with the given stored scores."""
    day = _today(hall) - dt.timedelta(days=days_ago)
    at = dt.datetime.combine(day, dt.time(12), tzinfo=hall.tzinfo)
    inspection = Inspection.objects.create(
        hall=hall,
        template_version=version,
        kind=kind,
        inspector=who or _anyone(),
        status=status,
        client_uuid=uuid.uuid4(),
        submitted_at=at,
        published_at=at if status == InspectionStatus.PUBLISHED else None,
        by_touchpoint={code: str(value) for code, value in (tp or {}).items()},
        by_dimension={name: str(value) for name, value in (dims or {}).items()},
    )
    touchpoint_scores_write(inspection)
    return inspection


def _anyone():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="inspector1")


def finding(inspection, code: str, status: str) -> Finding:
    item = inspection.template_version.items.first()
    made = Finding.objects.create(
        inspection=inspection,
        hall=inspection.hall,
        item=item,
        item_code=item.code,
        touchpoint=Touchpoint.objects.get(code=code),
        description="Found",
        found_at=inspection.submitted_at,
    )
    CorrectiveAction.objects.create(
        finding=made, hall=inspection.hall, description="Fix", due_date=inspection.submitted_at.date(), status=status
    )
    return made


@pytest.fixture
def story(cast, version):
    """Hall1's quarter, in hall-local days ago (TP weights: TP04 and TP05 1, TP16 1.5):

    | days ago | kind | status | TP04 | TP05 | TP09 | TP16 | emotion | trust |
    |---|---|---|---|---|---|---|---|---|
    | 2 | patrol | | 80 | 90 | 50 (n/a in the hall) | 100 | 80 | |
    | 5 | mystery shop | under review | 0 | 0 | | | 0 | |
    | 10 | opening | | 60 | 70 | | | 60 | 100 |
    | 20 | mystery shop | published | | | | 50 | 50 | |
    | 40 | patrol | | 40 | | | | 40 | |
    | 70 | patrol | | 100 | | | | | |
    | 95 | patrol | (outside 90 days) | 0 | | | | 0 | |
    """
    hall = cast.hall1
    hall.kiosks = 0
    hall.save()
    shop = dict(kind=InspectionKind.MYSTERY_SHOP, who=cast.users["shopper"])
    rows = {
        "patrol2": scored(
            hall, version, days_ago=2, tp={"TP04": 80, "TP05": 90, "TP09": 50, "TP16": 100}, dims={"emotion": 80}
        ),
        "secret5": scored(
            hall,
            version,
            days_ago=5,
            tp={"TP04": 0, "TP05": 0},
            dims={"emotion": 0},
            status=InspectionStatus.UNDER_REVIEW,
            **shop,
        ),
        "opening10": scored(
            hall, version, days_ago=10, kind="opening", tp={"TP04": 60, "TP05": 70}, dims={"emotion": 60, "trust": 100}
        ),
        "shop20": scored(
            hall, version, days_ago=20, tp={"TP16": 50}, dims={"emotion": 50}, status=InspectionStatus.PUBLISHED, **shop
        ),
        "patrol40": scored(hall, version, days_ago=40, tp={"TP04": 40}, dims={"emotion": 40}),
        "patrol70": scored(hall, version, days_ago=70, tp={"TP04": 100}),
        "patrol95": scored(hall, version, days_ago=95, tp={"TP04": 0}, dims={"emotion": 0}),
    }
    # Open findings at TP04: one open, one done (awaiting verification); not counted: a verified one and one
    # of the unpublished mystery shop (for the manager).
    finding(rows["patrol2"], "TP04", ActionStatus.OPEN)
    finding(rows["opening10"], "TP04", ActionStatus.DONE)
    finding(rows["patrol40"], "TP04", ActionStatus.VERIFIED)
    finding(rows["secret5"], "TP04", ActionStatus.OPEN)
    return rows


def _by_code(card):
    return {row.touchpoint.code: row for row in card.rows}


# --- scorecard: the numbers ------------------------------------------------------------------------------


def test_the_managers_scorecard_matches_the_hand_worked_means(cast, story):
    card = reports.hall_scorecard(user=cast.users["manager"], hall=cast.hall1)
    rows = _by_code(card)

    assert [row.touchpoint.code for row in card.rows] == [f"TP{n:02d}" for n in range(1, 17)]
    tp04 = rows["TP04"]
    assert (tp04.mean_30, tp04.count_30) == (D("70.0"), 2)  # (80 + 60) / 2; the unpublished shop's 0 is unseen
    assert (tp04.mean_previous_30, tp04.count_previous_30) == (D("40.0"), 1)
    assert (tp04.mean_90, tp04.count_90) == (D("70.0"), 4)  # (80 + 60 + 40 + 100) / 4; day 95 is outside
    assert tp04.delta == D("30.0") and tp04.trend == "up"
    assert tp04.open_findings == 2
    assert (rows["TP05"].mean_30, rows["TP05"].mean_90, rows["TP05"].trend) == (D("80.0"), D("80.0"), "")
    assert (rows["TP16"].mean_30, rows["TP16"].count_30) == (D("75.0"), 2)  # the published shop counts
    assert rows["TP01"].mean_30 is None and rows["TP01"].count_30 == 0
    # Overall: touchpoint means with the weights, (70 + 80 + 1.5 x 75) / 3.5 = 75.0.
    assert card.overall_30 == D("75.0")
    assert (card.inspections_30, card.inspections_90) == (3, 5)


def test_a_touchpoint_that_does_not_apply_is_na_never_zero(cast, story):
    tp09 = _by_code(reports.hall_scorecard(user=cast.users["hq"], hall=cast.hall1))["TP09"]

    assert not tp09.applies
    assert tp09.mean_30 is None and tp09.mean_90 is None and tp09.count_90 == 0
    assert all(week.mean is None for week in tp09.weeks)


def test_hq_counts_the_mystery_shop_under_review(cast, story):
    rows = _by_code(reports.hall_scorecard(user=cast.users["hq"], hall=cast.hall1))

    assert (rows["TP04"].mean_30, rows["TP04"].count_30) == (D("46.7"), 3)  # 140 / 3 = 46.67, half up
    assert rows["TP05"].mean_30 == D("53.3")  # 160 / 3
    assert rows["TP04"].open_findings == 3


def test_the_kind_filter_counts_only_those_inspections(cast, story):
    patrols = _by_code(reports.hall_scorecard(user=cast.users["manager"], hall=cast.hall1, kind="patrol"))
    own = _by_code(reports.hall_scorecard(user=cast.users["manager"], hall=cast.hall1, kind="self"))
    shops = _by_code(reports.hall_scorecard(user=cast.users["manager"], hall=cast.hall1, kind="mystery_shop"))

    assert (patrols["TP04"].mean_30, patrols["TP04"].mean_90) == (D("80.0"), D("73.3"))  # 220 / 3
    assert (own["TP04"].mean_30, own["TP04"].count_90) == (D("60.0"), 1)
    assert shops["TP04"].mean_90 is None and shops["TP16"].mean_90 == D("50.0")


def test_weekly_buckets_end_today(cast, story):
    tp04 = _by_code(reports.hall_scorecard(user=cast.users["manager"], hall=cast.hall1))["TP04"]

    assert len(tp04.weeks) == reports.SCORECARD_WEEKS
    assert tp04.weeks[-1].end == _today(cast.hall1) and tp04.weeks[0].start == _today(cast.hall1) - dt.timedelta(89)
    assert [week.mean for week in tp04.weeks[-2:]] == [D("60.0"), D("80.0")]  # days 10 and 2
    assert tp04.weeks[-6].mean == D("40.0")  # day 40 is in the sixth week back


def test_dimensions_are_means_of_the_inspections_scores(cast, story):
    card = reports.hall_scorecard(user=cast.users["manager"], hall=cast.hall1)
    rows = {row.dimension: row for row in card.dimensions}

    assert (rows["emotion"].mean_30, rows["emotion"].count_30) == (D("63.3"), 3)  # (80 + 60 + 50) / 3
    assert (rows["emotion"].mean_90, rows["emotion"].count_90) == (D("57.5"), 4)  # + 40
    assert (rows["trust"].mean_30, rows["trust"].count_30) == (D("100.0"), 1)
    assert rows["control"].mean_90 is None
    assert list(rows) == ["emotion", "knowledge", "efficiency", "attention", "trust", "control"]


# --- scorecard: pages ---------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_scorecard_page_shows_na_and_links_open_findings(cast, story):
    response = _client(cast.users["manager"]).get(f"/inspections/scorecard/{cast.hall1.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="TP09" class="not-applicable"' in html and "does not apply in this hall" in html
    tp04 = Touchpoint.objects.get(code="TP04")
    assert f"?hall={cast.hall1.pk}&amp;touchpoint={tp04.pk}&amp;open=true" in html
    assert 'id="radar-data"' in html and "chart.umd.min.js" in html


def test_the_scorecard_csv_has_16_rows_with_na(cast, story):
    response = _client(cast.users["manager"]).get(f"/inspections/scorecard/{cast.hall1.pk}/export.csv?kind=patrol")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "scorecard-A001-patrol-" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 16
    by_code = {row["touchpoint"]: row for row in rows}
    assert by_code["TP04"]["mean_30d"] == "80.0" and by_code["TP04"]["mean_90d"] == "73.3"
    assert by_code["TP09"]["applies"] == "no" and by_code["TP09"]["mean_90d"] == "n/a"


def test_the_dimensions_csv_is_the_radars_table(cast, story):
    response = _client(cast.users["manager"]).get(f"/inspections/scorecard/{cast.hall1.pk}/dimensions.csv")

    rows = {row["dimension"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["emotion"]["mean_30d"] == "63.3" and rows["emotion"]["inspections_90d"] == "4"


def test_a_bad_kind_is_refused_naming_the_parameter(cast, story):
    page = _client(cast.users["manager"]).get(f"/inspections/scorecard/{cast.hall1.pk}/?kind=weekly")
    export = _client(cast.users["manager"]).get(f"/inspections/scorecard/{cast.hall1.pk}/export.csv?kind=weekly")

    assert page.status_code == 400 and "filter-errors" in page.content.decode()
    assert export.status_code == 400 and export.content.decode().startswith("kind:")


def test_a_hall_outside_the_users_scope_does_not_exist(cast, story):
    assert _client(cast.users["manager_other"]).get(f"/inspections/scorecard/{cast.hall1.pk}/").status_code == 404
    assert _client(cast.users["staff"]).get(f"/inspections/scorecard/{cast.hall1.pk}/").status_code == 404


def test_the_hall_page_links_to_its_scorecard(cast):
    response = _client(cast.users["manager"]).get(f"/halls/{cast.hall1.pk}/")

    assert f'href="/inspections/scorecard/{cast.hall1.pk}/"' in response.content.decode()


def _scorecard_queries(cast, version, inspections: int) -> int:
    for index in range(inspections):
        scored(cast.hall1, version, days_ago=index % 90, tp={f"TP{index % 16 + 1:02d}": 50 + index % 50})
    client = _client(cast.users["manager"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/inspections/scorecard/{cast.hall1.pk}/").status_code == 200
    return len(queries)


def test_the_scorecard_costs_the_same_queries_for_3_and_60_inspections(cast, version):
    few = _scorecard_queries(cast, version, 3)
    Inspection.objects.all().delete()
    many = _scorecard_queries(cast, version, 60)

    # Session, user, scope (2), hall, touchpoints, hall map (2), scores, open findings, dimensions.
    assert few == many == 11


# --- heatmap ----------------------------------------------------------------------------------------------


@pytest.fixture
def region_story(cast, story, version):
    """Hall2 (A002, partner-run) scores 90 at TP04 and 40 at TP05 on day 3; hall_b (region B) scores 10."""
    cast.hall2.kind = "partner"
    cast.hall2.save()
    scored(cast.hall2, version, days_ago=3, tp={"TP04": 90, "TP05": 40})
    scored(cast.hall_b, version, days_ago=3, tp={"TP04": 10})
    return story


def _rows(heatmap):
    return {row.hall.code: {cell.touchpoint.code: cell for cell in row.cells} for row in heatmap.rows}


def test_the_heatmap_cells_are_the_halls_means(cast, region_story):
    heatmap = reports.region_heatmap(user=cast.users["hq"], region=cast.region_a, days=30)
    cells = _rows(heatmap)

    assert [row.hall.code for row in heatmap.rows] == ["A001", "A002"]  # region A only, lowest overall first
    assert cells["A001"]["TP04"].mean == D("46.7") and cells["A001"]["TP04"].count == 3
    assert not cells["A001"]["TP09"].applies and cells["A001"]["TP09"].mean is None
    assert cells["A002"]["TP09"].applies and cells["A002"]["TP09"].mean is None  # applies, no score
    assert cells["A001"]["TP04"].band == "critical" and cells["A002"]["TP04"].band == "good"
    # Column means: every hall once. TP04: (46.7 + 90) / 2 = 68.35 -> 68.4; TP05 (53.3 + 40) / 2 = 46.65 -> 46.7.
    columns = {column.touchpoint.code: column for column in heatmap.columns}
    assert columns["TP04"].mean == D("68.4") and columns["TP04"].needing_attention == 1
    assert columns["TP05"].mean == D("46.7") and columns["TP05"].worst.hall.code == "A002"
    assert [column.touchpoint.code for column in heatmap.weakest] == ["TP05", "TP04", "TP16"]


def test_a_managers_heatmap_holds_only_their_halls_without_unpublished_shops(cast, region_story):
    heatmap = reports.region_heatmap(user=cast.users["manager"], days=30)

    assert [row.hall.code for row in heatmap.rows] == ["A001"]
    assert _rows(heatmap)["A001"]["TP04"].mean == D("70.0")


def test_the_heatmap_filters_by_hall_kind_kind_and_days(cast, region_story):
    hq = cast.users["hq"]
    partners = reports.region_heatmap(user=hq, region=cast.region_a, hall_kind="partner")
    patrols = reports.region_heatmap(user=hq, region=cast.region_a, kind="patrol", days=90)

    assert [row.hall.code for row in partners.rows] == ["A002"]
    assert _rows(patrols)["A001"]["TP04"].mean == D("73.3")  # (80 + 40 + 100) / 3


def test_the_heatmap_orders_over_all_halls_before_paginating(cast, region_story, monkeypatch):
    monkeypatch.setattr(reports, "HEATMAP_PAGE_SIZE", 1)
    client = _client(cast.users["hq"])
    first = client.get(f"/inspections/heatmap/?region={cast.region_a.pk}&sort=-overall")
    second = client.get(f"/inspections/heatmap/?region={cast.region_a.pk}&sort=-overall&page=2")

    # A002 has the higher overall ((90 + 40) / 2 = 65.0 against A001's 57.6).
    assert 'data-hall="A002"' in first.content.decode() and 'data-hall="A001"' not in first.content.decode()
    assert 'data-hall="A001"' in second.content.decode()


def test_heatmap_cells_link_to_the_findings_behind_them(cast, region_story):
    response = _client(cast.users["hq"]).get(f"/inspections/heatmap/?region={cast.region_a.pk}&days=90")

    start = (reports.heatmap_today(cast.region_a) - dt.timedelta(days=89)).isoformat()
    tp04 = Touchpoint.objects.get(code="TP04")
    html = response.content.decode()
    assert f"/inspections/findings/?hall={cast.hall1.pk}&amp;touchpoint={tp04.pk}&amp;found_after={start}" in html
    assert html.count('class="cell na"') == 1  # TP09 of A001


def test_the_heatmap_csv_is_the_whole_matrix(cast, region_story, monkeypatch):
    monkeypatch.setattr(reports, "HEATMAP_PAGE_SIZE", 1)
    response = _client(cast.users["hq"]).get(f"/inspections/heatmap/export.csv?region={cast.region_a.pk}&page=2")

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["hall"] for row in rows] == ["A001", "A002"]
    assert rows[0]["TP04"] == "46.7" and rows[0]["TP04_scores"] == "3" and rows[0]["TP09"] == "n/a"
    assert rows[1]["TP09"] == "" and rows[1]["hall_kind"] == "partner"


def test_heatmap_refusals(cast, region_story):
    assert _client(cast.users["inspector"]).get("/inspections/heatmap/").status_code == 403
    assert _client(cast.users["staff"]).get("/inspections/heatmap/export.csv").status_code == 403
    bad = _client(cast.users["hq"]).get("/inspections/heatmap/?days=7&sort=best")
    assert bad.status_code == 400
    assert "Period" in bad.content.decode() and "Order" in bad.content.decode()
    # A region of someone else is not a choice: refused, not shown.
    other = _client(cast.users["hq"]).get(f"/inspections/heatmap/export.csv?region={cast.region_b.pk}")
    assert other.status_code == 400 and other.content.decode().startswith("region:")


def _heatmap_queries(cast, version, halls: int) -> int:
    """Adds halls to region A until it has `halls` (it starts with hall1 and hall2)."""
    from halls.models import Hall

    for index in range(halls - Hall.objects.filter(region=cast.region_a).count()):
        hall = HallFactory(region=cast.region_a, kiosks=index % 2)
        scored(hall, version, days_ago=index % 30, tp={"TP04": 60 + index % 40, "TP09": 70})
    client = _client(cast.users["hq"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/inspections/heatmap/?region={cast.region_a.pk}")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == halls
    return len(queries)


def test_the_heatmap_costs_the_same_queries_for_5_and_50_halls(cast, version):
    five = _heatmap_queries(cast, version, 5)
    more = _heatmap_queries(cast, version, 50)

    # Session, user, scope (HQ: 1), regions, touchpoints, halls, hall maps (2), the window roll-up (none built
    # here, so it answers nothing), scores grouped by hall and touchpoint. With a roll-up: test_touchpoint_windows.
    assert five == more == 10


def test_the_demo_fills_the_table_the_reports_read(db):
    from django.core.management import call_command

    from inspections.models import TouchpointScore

    call_command("demo")
    scored = Inspection.objects.filter(submitted_at__isnull=False).exclude(by_touchpoint={})
    rows = TouchpointScore.objects.count()

    assert TouchpointScore.objects.values("inspection").distinct().count() == scored.count() > 1000
    call_command("demo")
    assert TouchpointScore.objects.count() == rows
