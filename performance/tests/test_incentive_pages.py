"""Incentive pages and API: bad input (hours without a reason, negative hours, approving with unreviewed halls,
editing a used scheme, changing a locked run), staff see only their own lines, the what-if saves nothing,
the payroll export says whether it is final, and the run and pool pages' query counts do not grow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from halls.tests.factories import HallFactory
from performance.models import HallPool, IncentiveLine, IncentiveRun, IncentiveScheme
from staffing.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _scheme_form(context, **changes):
    from tests.matrix_incentives import _scheme_form as form

    return form(context, **changes)


@pytest.fixture
def inc(cast, staffing_cast):
    # Through the matrix module (it imports the matrix, which imports it back): the same rows as the matrix.
    from tests.permission_matrix import MatrixContext, incentive_setup  # noqa: F401

    context = MatrixContext(cast, staffing_cast)
    incentive_setup(context)
    return context


def _client(context, role: str, api: bool = False):
    client = APIClient() if api else Client()
    client.force_login(context.users[role])
    return client


def _lines_state():
    return list(IncentiveLine.objects.order_by("pk").values())


# --- bad input ---------------------------------------------------------------------------------------------
def test_correcting_hours_needs_a_reason(inc):
    before = _lines_state()
    response = _client(inc, "manager").post(
        f"/performance/incentives/lines/{inc.line1b.pk}/hours/", {"hours_worked": "90", "note": "  "}
    )
    assert response.status_code == 400
    assert "Why hours worked differ" in response.content.decode()
    assert _lines_state() == before


def test_negative_hours_are_refused_in_the_page_and_the_api(inc):
    before = _lines_state()
    page = _client(inc, "manager").post(
        f"/performance/incentives/lines/{inc.line1b.pk}/hours/", {"hours_worked": "-3", "note": "Ill"}
    )
    assert page.status_code == 400
    assert "Hours worked" in page.content.decode()
    api = _client(inc, "manager", api=True).post(
        f"/api/v1/incentive-lines/{inc.line1b.pk}/correct-hours/", {"hours_worked": "-3", "note": "Ill"}, format="json"
    )
    assert api.status_code == 400
    assert "hours_worked" in api.json()
    assert _lines_state() == before


def test_correcting_hours_keeps_the_reason_and_recomputes_the_hall(inc):
    response = _client(inc, "manager").post(
        f"/performance/incentives/lines/{inc.line1b.pk}/hours/", {"hours_worked": "6.5", "note": "Left early"}
    )
    assert response.status_code == 302
    line = IncentiveLine.objects.get(pool=inc.pool1, staff=inc.member1c)
    assert line.hours_worked == Decimal("6.50")
    assert line.hours_note == "Left early"


def test_approving_with_unreviewed_halls_needs_a_reason(inc):
    client = _client(inc, "hq")
    response = client.post(f"/performance/incentives/runs/{inc.run_draft.pk}/approve/", {"reason": ""}, follow=True)
    assert "A001" in response.content.decode()  # the unreviewed halls are listed
    inc.run_draft.refresh_from_db()
    assert inc.run_draft.status == "draft"
    api = _client(inc, "hq", api=True).post(
        f"/api/v1/incentive-runs/{inc.run_draft.pk}/approve/", {"reason": ""}, format="json"
    )
    assert api.status_code == 400
    inc.run_draft.refresh_from_db()
    assert inc.run_draft.status == "draft"
    client.post(f"/performance/incentives/runs/{inc.run_draft.pk}/approve/", {"reason": "Hall2 manager on leave"})
    inc.run_draft.refresh_from_db()
    assert inc.run_draft.status == "approved"


def test_a_used_scheme_cannot_be_edited_and_offers_a_new_version(inc):
    client = _client(inc, "hq")
    response = client.post(
        f"/performance/incentive-schemes/{inc.scheme_used.pk}/edit/", _scheme_form(inc, name="Renamed")
    )
    assert response.status_code == 403
    assert f"/performance/incentive-schemes/new/?from={inc.scheme_used.pk}" in response.content.decode()
    inc.scheme_used.refresh_from_db()
    assert inc.scheme_used.name == "A halls"
    copy = client.get(f"/performance/incentive-schemes/new/?from={inc.scheme_used.pk}")
    assert copy.status_code == 200
    assert copy.context["form"].initial["base_pool"] == inc.scheme_used.base_pool


def test_scheme_form_names_the_field_in_error_and_writes_nothing(inc):
    count = IncentiveScheme.objects.count()
    response = _client(inc, "hq").post(
        "/performance/incentive-schemes/new/", _scheme_form(inc, attainment_floor="1.5", attainment_cap="1.2")
    )
    assert response.status_code == 400
    assert "Pool floor" in response.content.decode()
    assert IncentiveScheme.objects.count() == count


def test_the_scheme_api_names_the_field_with_the_models_own_checks(inc):
    from tests.matrix_incentives import _scheme_body

    count = IncentiveScheme.objects.count()
    api = _client(inc, "hq", api=True)
    response = api.post(
        "/api/v1/incentive-schemes/",
        {**_scheme_body(inc), "attainment_floor": "1.5", "attainment_cap": "1.2", "effective_from": "2031-01-15"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"attainment_floor", "effective_from"}
    assert IncentiveScheme.objects.count() == count


def test_a_new_scheme_takes_the_next_version_with_its_weights(inc):
    response = _client(inc, "hq").post("/performance/incentive-schemes/new/", _scheme_form(inc))
    assert response.status_code == 302
    scheme = IncentiveScheme.objects.get(region=inc.region_a, hall_kind=inc.hall1.kind, version=3)
    assert scheme.effective_from == dt.date(2031, 1, 1)
    assert [(k.kpi.code, k.weight) for k in scheme.kpis.all()] == [("satisfaction", Decimal("10.00"))]


def test_a_locked_run_does_not_change(inc):
    pools = list(HallPool.objects.filter(run=inc.run_locked).values())
    client = _client(inc, "hq")
    response = client.post(f"/performance/incentives/runs/{inc.run_locked.pk}/recompute/", follow=True)
    assert "locked" in response.content.decode().lower()
    api = _client(inc, "hq", api=True).post(f"/api/v1/incentive-runs/{inc.run_locked.pk}/recompute/")
    assert api.status_code == 400
    locked_line = IncentiveLine.objects.get(pool__run=inc.run_locked)
    hours = _client(inc, "manager", api=True).post(
        f"/api/v1/incentive-lines/{locked_line.pk}/correct-hours/", {"hours_worked": "5", "note": "x"}, format="json"
    )
    assert hours.status_code == 400
    assert list(HallPool.objects.filter(run=inc.run_locked).values()) == pools
    assert IncentiveLine.objects.get(pk=locked_line.pk).hours_worked == Decimal("100.00")


# --- who sees what -----------------------------------------------------------------------------------------------
def test_staff_see_only_their_own_lines(inc):
    api = _client(inc, "staff", api=True).get("/api/v1/incentive-lines/")
    assert api.status_code == 200
    ids = {row["id"] for row in api.json()["results"]}
    assert inc.line1.pk in ids and inc.line1b.pk not in ids and inc.line2.pk not in ids
    client = _client(inc, "staff")
    mine = client.get("/performance/incentives/mine/")
    assert [line.staff_id for line in mine.context["incentive_lines"]] == [inc.member1.pk, inc.member1.pk]
    assert client.get(f"/performance/incentives/lines/{inc.line1.pk}/").status_code == 200
    assert client.get(f"/performance/incentives/lines/{inc.line1b.pk}/").status_code == 404


def test_managers_see_their_halls_pools_on_the_list(inc):
    response = _client(inc, "manager").get("/performance/incentives/")
    assert {pool.hall_id for pool in response.context["pools"]} == {inc.hall1.pk}


# --- what-if and payroll ---------------------------------------------------------------------------------------
EXPLANATION = {
    "terms": {"base_pool": "1000", "pool_per_head": "0", "kpi_cap": "1.5", "floor": "0.5", "cap": "1.2"},
    "kpis": [
        {
            "code": "satisfaction",
            "name": "Satisfaction rate",
            "unit": "%",
            "formula": "satisfaction",
            "direction": "higher",
            "weight": "1",
            "value": "90",
            "actual": "90",
            "changed": False,
            "numerator": "90",
            "denominator": "100",
            "target": "95",
            "attainment": "0.9474",
            "counted": True,
            "left_out": "",
            "weight_share": "1",
            "contribution": "0.9474",
        }
    ],
    "attainment": "0.9474",
    "factor": "0.9474",
    "hall_percent": "0",
    "gates": [],
    "touchpoints": [],
}


def test_what_if_shows_the_changed_pool_and_saves_nothing(inc):
    HallPool.objects.filter(pk=inc.pool1.pk).update(
        explanation=EXPLANATION, factor=Decimal("0.9474"), pool_before_gates=Decimal("947.40"), pool=Decimal("947.40")
    )
    client = _client(inc, "manager")
    form = client.get(f"/performance/incentives/pools/{inc.pool1.pk}/what-if/")
    assert form.context["form"].fields["satisfaction"].initial == Decimal("90")
    before = list(HallPool.objects.order_by("pk").values()), _lines_state()
    response = client.post(f"/performance/incentives/pools/{inc.pool1.pk}/what-if/", {"satisfaction": "95"})
    assert response.status_code == 200
    assert response.context["what"]["pool"] == Decimal("1000.00")
    assert response.context["result"].before["pool"] == Decimal("947.40")
    assert (list(HallPool.objects.order_by("pk").values()), _lines_state()) == before


def test_payroll_export_says_whether_it_is_final(inc):
    client = _client(inc, "hq")
    final = client.get(f"/performance/incentives/runs/{inc.run_locked.pk}/payroll.csv")
    assert final.status_code == 200
    assert "final" in final["Content-Disposition"] and "draft" not in final["Content-Disposition"]
    body = b"".join(final.streaming_content).decode("utf-8-sig")
    assert inc.member1.employee_number in body
    draft = client.get(f"/performance/incentives/runs/{inc.run_draft.pk}/payroll.xlsx")
    assert draft.status_code == 200
    assert "draft-not-final" in draft["Content-Disposition"]


# --- query counts ------------------------------------------------------------------------------------------------
def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_run_detail_and_pool_page_queries_do_not_grow(inc):
    client = _client(inc, "hq")
    run_url = f"/performance/incentives/runs/{inc.run_draft.pk}/"
    pool_url = f"/performance/incentives/pools/{inc.pool1.pk}/"
    run_before, pool_before = _queries(client, run_url), _queries(client, pool_url)
    line = {"grade": 2, "star_coefficient": Decimal("1.1"), "hours_rostered": 10, "hours_worked": 10}
    for index in range(6):
        hall = HallFactory(region=inc.region_a, code=f"A1{index:02d}")
        pool = HallPool.objects.create(run=inc.run_draft, hall=hall, scheme=inc.scheme_used)
        for _n in range(3):
            IncentiveLine.objects.create(pool=pool, staff=StaffMemberFactory(hall=hall), **line)
        IncentiveLine.objects.create(pool=inc.pool1, staff=StaffMemberFactory(hall=inc.hall1), **line)
    assert _queries(client, run_url) == run_before
    assert _queries(client, pool_url) == pool_before
    assert IncentiveRun.objects.get(pk=inc.run_draft.pk).pools.count() == 8


def test_the_menu_offers_incentives_to_those_who_run_halls_and_my_incentive_to_staff(inc):
    manager = {item["key"] for item in _client(inc, "manager").get("/").context["nav_items"]}
    assert "incentive_" in manager and "incentive_mine" not in manager
    staff = {item["key"] for item in _client(inc, "staff").get("/").context["nav_items"]}
    assert "incentive_mine" in staff and "incentive_" not in staff


def test_a_person_with_pay_on_record_is_not_deleted(inc):
    """Incentive lines protect the person they pay: the staff API answers 409 and deletes nothing."""
    from staffing.models import StaffMember

    response = _client(inc, "admin", api=True).delete(f"/api/v1/staff/{inc.member1c.pk}/")
    assert response.status_code == 409
    assert "inactive" in response.json()["detail"]
    assert StaffMember.objects.filter(pk=inc.member1c.pk).exists()
    assert IncentiveLine.objects.filter(staff=inc.member1c).count() == 1
