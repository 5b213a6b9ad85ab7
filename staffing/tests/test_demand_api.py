"""GET /api/v1/halls/{id}/demand/ on the demo data: every slot from opening to closing, Erlang C per slot,
floor roles, peaks; and the errors a caller can make."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from halls.models import Hall
from halls.tests.factories import UserFactory
from staffing.demand import slot_starts
from staffing.erlang import agents_needed


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())
    hall = Hall.objects.get(code="H001")
    api = APIClient()
    api.force_login(UserFactory(username="manager1"))
    return hall, api


def test_the_demand_of_h001_tomorrow_on_demo_data(demo):
    hall, api = demo
    tomorrow = hall.local_now().date() + dt.timedelta(days=1)

    response = api.get(f"/api/v1/halls/{hall.pk}/demand/?date={tomorrow:%Y-%m-%d}")

    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert (body["hall"], body["date"], body["source"]) == (hall.pk, f"{tomorrow:%Y-%m-%d}", "history")
    assert (body["service_level_target"], body["target_wait_minutes"]) == (0.8, 10.0)
    opens, closes = hall.hours_on(tomorrow)
    slots = body["slots"]
    assert [slot["start"] for slot in slots] == [f"{start:%H:%M}" for start in slot_starts(opens, closes)]
    assert slots[0]["start"] == f"{opens:%H:%M}"
    for slot in slots:
        expected = agents_needed(
            slot["arrivals_per_hour"], slot["aht_minutes"], body["service_level_target"], body["target_wait_minutes"]
        )
        assert slot["erlang_c_staff"] == expected, slot
        assert slot["required"]["greeter"] == 1, slot
        assert slot["required"]["counter"] == min(slot["erlang_c_staff"], hall.counters)
        assert slot["period"] in ("peak", "mid", "low")
        assert set(slot) >= {"start", "arrivals_per_hour", "aht_minutes", "erlang_c_staff", "required", "period"}
    periods = [slot["period"] for slot in slots]
    assert "peak" in periods and "low" in periods
    assert max(slot["erlang_c_staff"] for slot in slots) > min(slot["erlang_c_staff"] for slot in slots)
    # Consultants come with the peak.
    assert all(slot["required"]["consultant"] == 1 for slot in slots if slot["period"] == "peak")


def test_a_bad_date_is_a_400_naming_date(demo):
    hall, api = demo
    response = api.get(f"/api/v1/halls/{hall.pk}/demand/?date=2027-02-30")
    assert response.status_code == 400
    assert list(response.json()) == ["date"]


def test_a_hall_outside_the_scope_is_404(demo):
    _hall, api = demo
    other = Hall.objects.get(code="H002")
    assert api.get(f"/api/v1/halls/{other.pk}/demand/?date=2027-03-01").status_code == 404


def test_a_closed_day_has_no_slots(cast, api_client):
    from halls.tests.factories import SpecialDayFactory

    SpecialDayFactory(hall=cast.hall1, date=dt.date(2027, 10, 1), closed=True)
    api_client.force_login(cast.users["manager"])
    body = api_client.get(f"/api/v1/halls/{cast.hall1.pk}/demand/?date=2027-10-01").json()
    assert (body["source"], body["slots"], body["opens"]) == ("closed", [], None)


def test_the_endpoint_is_in_the_openapi_schema(cast, api_client):
    api_client.force_login(cast.users["manager"])
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/halls/{id}/demand/"]["get"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["date"]
    slot = schema["components"]["schemas"]["DemandSlot"]["properties"]
    assert {"start", "arrivals_per_hour", "aht_minutes", "erlang_c_staff", "required", "period"} <= set(slot)
