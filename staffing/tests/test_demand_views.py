"""The hall demand page: a Chart.js chart with its data, the table behind it, CSV, date navigation; and the
demand settings form."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest

from halls.models import TrafficCount
from staffing.demand import slot_starts
from staffing.models import DemandProfile

DAY = dt.date(2027, 3, 1)  # a Monday


@pytest.fixture
def manager(client, cast):
    client.force_login(cast.users["manager"])
    return client


@pytest.fixture
def traffic(cast):
    """Four Mondays of arrivals before DAY with a clear late-morning peak."""
    rows = []
    for week in range(1, 5):
        date = DAY - dt.timedelta(weeks=week)
        for start in slot_starts(dt.time(9), dt.time(18)):
            arrivals = 40 if dt.time(10) <= start < dt.time(12) else 8
            rows.append(TrafficCount(hall=cast.hall1, date=date, slot_start=start, arrivals=arrivals))
    TrafficCount.objects.bulk_create(rows)


def test_the_page_renders_a_chart_and_its_table(manager, cast, traffic):
    response = manager.get(f"/halls/{cast.hall1.pk}/demand/?date=2027-03-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<canvas id="demand-chart"' in html
    assert "vendor/chartjs/4.6.1/chart.umd.min.js" in html
    assert "js/demand_chart.js" in html
    data = json.loads(re.search(r'<script id="demand-data" type="application/json">(.*?)</script>', html).group(1))
    assert data["labels"][0] == "09:00" and len(data["labels"]) == 18
    assert data["arrivals_per_hour"][2] == 80.0  # 10:00, 40 a half hour
    assert len(set(data["colours"])) >= 2
    table = re.search(r'<table[^>]*id="demand-table".*?</table>', html, re.S).group(0)
    assert table.count('<tr class="period-') == 18
    assert 'title="10:00–10:30">10:00</th>' in table
    assert response.context["peak_windows"] == ["10:00–12:00"]
    assert f'href="/halls/{cast.hall1.pk}/demand/export.csv?date=2027-03-01"' in html


def test_date_navigation_links_to_the_day_before_and_after(manager, cast, traffic):
    html = manager.get(f"/halls/{cast.hall1.pk}/demand/?date=2027-03-01").content.decode()
    assert 'href="?date=2027-02-28"' in html
    assert 'href="?date=2027-03-02"' in html


def test_a_bad_date_says_so_and_shows_today(manager, cast):
    response = manager.get(f"/halls/{cast.hall1.pk}/demand/?date=tomorrow")
    assert response.status_code == 400
    assert 'id="date-error"' in response.content.decode()
    assert response.context["date"] == cast.hall1.local_now().date()


def test_the_csv_has_one_row_per_slot_with_the_same_numbers(manager, cast, traffic):
    response = manager.get(f"/halls/{cast.hall1.pk}/demand/export.csv?date=2027-03-01")
    assert response["Content-Type"].startswith("text/csv")
    assert "demand-A001-2027-03-01.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 18
    ten = rows[2]
    assert (ten["start"], ten["end"], ten["period"], ten["arrivals_per_hour"]) == ("10:00", "10:30", "peak", "80.0")
    assert int(ten["required_total"]) == sum(
        int(ten[f"required_{role}"]) for role in ("counter", "greeter", "consultant", "self_service")
    )


def test_a_closed_day_explains_itself(manager, cast):
    from halls.tests.factories import SpecialDayFactory

    SpecialDayFactory(hall=cast.hall1, date=DAY, closed=True)
    html = manager.get(f"/halls/{cast.hall1.pk}/demand/?date=2027-03-01").content.decode()
    assert 'id="demand-empty"' in html
    assert "demand-chart" not in html


def test_the_settings_form_saves_the_profile_and_entered_arrivals(manager, cast):
    data = {
        "aht_minutes": "6",
        "service_level_percent": "90",
        "target_wait_minutes": "5",
        "greeters_when_open": "2",
        "consultants_at_peak": "1",
        "consultants_otherwise": "0",
        "history_weeks": "4",
        "arrivals_0": "10，20, 30",
    }
    response = manager.post(f"/halls/{cast.hall1.pk}/demand/settings/", data)
    assert response.status_code == 302
    profile = DemandProfile.objects.get(hall=cast.hall1)
    assert (profile.aht_minutes, profile.service_level_target) == (Decimal("6"), Decimal("0.900"))
    assert profile.entered_arrivals == {"0": [10.0, 20.0, 30.0]}
    # No history: the page uses the entered numbers, a greeter pair at the door.
    page = manager.get(f"/halls/{cast.hall1.pk}/demand/?date=2027-03-01")
    assert page.context["demand"].source == "entered"
    assert page.context["rows"][0]["required"][1] == 2


def test_the_settings_form_names_the_bad_weekday(manager, cast):
    data = {
        "aht_minutes": "6",
        "service_level_percent": "120",
        "target_wait_minutes": "5",
        "greeters_when_open": "1",
        "consultants_at_peak": "1",
        "consultants_otherwise": "0",
        "history_weeks": "4",
        "arrivals_2": "10, lots, 30",
    }
    response = manager.post(f"/halls/{cast.hall1.pk}/demand/settings/", data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"service_level_percent", "arrivals_2"}
    assert 'value="10, lots, 30"' in response.content.decode()
