"""Assignment pages and API: the today list with its Start links (an inspector's hall check, a shopper's visit),
the assignments page with completion and HQ's hand edits, the plan pages, the API's default "mine" and its
filters, and list query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from inspections.choices import AssignmentStatus, InspectionKind
from inspections.models import Assignment, InspectionPlan
from inspections.tests.builders import make_version

ONE_ITEM = [{"code": "door", "touchpoint": "TP04", "answer_type": "yes_no"}]


@pytest.fixture
def versions(cast):
    shop = make_version(items=ONE_ITEM, kind=InspectionKind.MYSTERY_SHOP, name="Mystery shop")
    return {
        "opening": make_version(items=ONE_ITEM, kind=InspectionKind.OPENING, name="Opening check"),
        "patrol": make_version(items=ONE_ITEM, kind=InspectionKind.PATROL, name="Patrol"),
        "mystery_shop": shop,
    }


@pytest.fixture
def now():
    return dt.datetime.now(tz=dt.UTC)


def make(hall, kind, versions, start, due, **extra) -> Assignment:
    return Assignment.objects.create(
        hall=hall, kind=kind, template=versions[kind].template, window_start=start, due_at=due, **extra
    )


@pytest.fixture
def today_set(cast, versions, now):
    """hall1's opening check open now, inspector1's patrol due later today, shopper1's visit now; hall2's check."""
    hour = dt.timedelta(hours=1)
    return {
        "opening": make(cast.hall1, "opening", versions, now - hour, now + hour),
        "patrol": make(cast.hall1, "patrol", versions, now - hour, now + 3 * hour, assignee=cast.users["inspector"]),
        "visit": make(
            cast.hall1,
            "mystery_shop",
            versions,
            now - hour / 2,
            now + hour / 2,
            assignee=cast.users["shopper"],
            scenario="Ask about a family plan\n咨询家庭套餐",
            at_peak=True,
        ),
        "hall2": make(cast.hall2, "opening", versions, now - hour, now + hour),
    }


# --- today ----------------------------------------------------------------------------------------------------


def test_the_inspector_sees_todays_hall_check_and_patrol_first_with_start_links(cast, versions, today_set, client):
    client.force_login(cast.users["inspector"])

    html = client.get("/inspections/today/").content.decode()

    section = html[html.index('id="assigned-list"') : html.index("today-list")]
    opening, patrol = today_set["opening"], today_set["patrol"]
    assert f"/inspections/new/{cast.hall1.pk}/{versions['opening'].pk}/?assignment={opening.pk}" in section
    assert f"?assignment={patrol.pk}" in section
    assert f'data-assignment="{today_set["hall2"].pk}"' not in section  # not their hall
    assert f'data-assignment="{today_set["visit"].pk}"' not in section  # never the hall's business
    # The Start link's accessible name says what and where.
    assert re.search(
        r"Start<span class=\"visually-hidden\">: Opening check \(Daily self-inspection: opening\), A001", section
    )


def test_the_shopper_sees_the_visit_with_its_scenario_and_window_and_can_submit_it(
    cast, versions, today_set, client, settings
):
    visit = today_set["visit"]
    client.force_login(cast.users["shopper"])

    html = client.get("/inspections/today/").content.decode()

    assert "Ask about a family plan" in html and "咨询家庭套餐" not in html
    assert "No hall to inspect today" not in html
    local = visit.window_start.astimezone(cast.hall1.tzinfo)
    assert f"{local:%H:%M}" in html
    start = f"/inspections/new/{cast.hall1.pk}/{versions['mystery_shop'].pk}/?assignment={visit.pk}"
    assert start in html
    form = client.get(start)
    assert form.status_code == 200 and b'id="assignment-banner"' in form.content
    item = versions["mystery_shop"].items.get()
    response = client.post(start, {"client_uuid": str(uuid.uuid4()), f"item-{item.pk}": "yes"})
    assert response.status_code == 302, response.content[:400]
    visit.refresh_from_db()
    assert visit.status == AssignmentStatus.DONE and visit.inspection.inspector == cast.users["shopper"]


def test_the_chinese_today_page_shows_the_chinese_scenario(cast, versions, today_set, client):
    client.force_login(cast.users["shopper"])

    html = client.get("/inspections/today/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "咨询家庭套餐" in html and "Ask about a family plan" not in html


def test_an_assignment_link_for_someone_else_is_refused(cast, versions, today_set, client):
    patrol = today_set["patrol"]
    url = f"/inspections/new/{cast.hall1.pk}/{versions['patrol'].pk}/?assignment={patrol.pk}"
    client.force_login(cast.users["hq"])
    assert client.get(url).status_code == 403  # visible to HQ, but it is inspector1's
    client.force_login(cast.users["manager"])
    assert client.get(url).status_code == 403  # the hall's patrols are visible to its manager; not theirs to do
    client.force_login(cast.users["shopper"])
    assert client.get(url).status_code == 404
    # The visit's link names the hall of the visit: another hall is not found.
    visit = today_set["visit"]
    other = f"/inspections/new/{cast.hall2.pk}/{versions['mystery_shop'].pk}/?assignment={visit.pk}"
    assert client.get(other).status_code == 404


# --- the assignments page --------------------------------------------------------------------------------------


def _rows(cast, versions, count: int, first: int = 0) -> None:
    base = dt.datetime.now(tz=dt.UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    for n in range(first, first + count):
        start = base + dt.timedelta(minutes=n)
        status = ["done", "overdue", "scheduled"][n % 3]
        make(
            cast.hall1,
            "patrol",
            versions,
            start,
            start + dt.timedelta(hours=1),
            status=status,
            assignee=cast.users["inspector"],
        )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_5_and_50_rows(cast, versions, client):
    client.force_login(cast.users["hq"])
    _rows(cast, versions, 5)
    few = _queries(client, "/inspections/assignments/?month=")
    _rows(cast, versions, 45, first=5)
    many = _queries(client, "/inspections/assignments/?month=")

    assert few == many


def test_the_page_shows_completion_for_the_filter(cast, versions, client):
    _rows(cast, versions, 6)  # 2 done, 2 overdue, 2 scheduled
    client.force_login(cast.users["hq"])

    response = client.get("/inspections/assignments/", {"kind": "patrol", "status": "done"})

    html = response.content.decode()
    assert response.status_code == 200
    completion = html[html.index('id="completion"') : html.index('id="assignment-table"')]
    assert "50.0 %" in completion and "2 done, 2 overdue" in completion
    table = html[html.index('id="assignment-table"') :]
    assert table.count('<tr class="position-relative"') == 2
    assert table.count('data-kind="patrol" data-status="done"') == 2


def test_the_completion_export_lists_every_hall(cast, versions, client):
    _rows(cast, versions, 3)
    make(cast.hall2, "opening", versions, *_day_window(), status="overdue")
    client.force_login(cast.users["hq"])

    response = client.get("/inspections/assignments/completion.csv")

    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Hall,Name,")
    assert any(line.startswith("A001,") and ",50.0" in line for line in lines)
    assert any(line.startswith("A002,") for line in lines)


def _day_window():
    start = dt.datetime.now(tz=dt.UTC).replace(hour=1, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(hours=1)


def test_hq_adds_an_assignment_by_hand(cast, versions, client):
    client.force_login(cast.users["hq"])
    tomorrow = (dt.datetime.now(tz=cast.hall1.tzinfo) + dt.timedelta(days=1)).date()

    response = client.post(
        "/inspections/assignments/new/",
        {
            "hall": cast.hall1.pk,
            "kind": "patrol",
            "date": tomorrow.isoformat(),
            "starts": "10:00",
            "ends": "12:00",
            "assignee": cast.users["inspector"].pk,
        },
    )

    assert response.status_code == 302
    added = Assignment.objects.get()
    assert (added.origin, added.created_by, added.assignee) == ("manual", cast.users["hq"], cast.users["inspector"])
    assert added.window_start.astimezone(cast.hall1.tzinfo).time() == dt.time(10)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends": "09:00"}, "ends", "must be due after it starts"),
        ({"assignee": "shopper"}, "assignee", "is not an inspector of hall A001"),
        ({"kind": "mystery_shop", "assignee": "shopper"}, "scenario", "Say what the shopper asks for"),
        ({"date": "2020-01-01"}, "ends", "already passed"),
        ({"kind": "closing", "assignee": ""}, "kind", "no published"),
    ],
)
def test_adding_by_hand_names_the_field_and_keeps_what_was_typed(cast, versions, client, changes, field, message):
    client.force_login(cast.users["hq"])
    tomorrow = (dt.datetime.now(tz=cast.hall1.tzinfo) + dt.timedelta(days=1)).date()
    data = {"hall": cast.hall1.pk, "kind": "patrol", "date": tomorrow.isoformat(), "starts": "10:00", "ends": "12:00"}
    data["assignee"] = cast.users["inspector"].pk
    for name, value in changes.items():
        data[name] = cast.users[value].pk if name == "assignee" and value else value

    response = client.post("/inspections/assignments/new/", data)

    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(str(e) for e in form.errors.get(field, [])), form.errors
    assert 'value="10:00"' in response.content.decode()
    assert not Assignment.objects.exists()


def test_hq_reassigns_and_cancels_and_the_manager_may_not(cast, versions, today_set, client):
    patrol = today_set["patrol"]
    client.force_login(cast.users["manager"])
    assert client.post(f"/inspections/assignments/{patrol.pk}/cancel/", {"reason": "x"}).status_code == 403
    client.force_login(cast.users["hq_other"])
    assert client.post(f"/inspections/assignments/{patrol.pk}/cancel/", {"reason": "x"}).status_code == 404

    client.force_login(cast.users["hq"])
    refused = client.post(f"/inspections/assignments/{patrol.pk}/reassign/", {"assignee": cast.users["shopper"].pk})
    assert refused.status_code == 400 and patrol.assignee == Assignment.objects.get(pk=patrol.pk).assignee
    moved = client.post(f"/inspections/assignments/{patrol.pk}/reassign/", {"assignee": cast.users["hq"].pk})
    assert moved.status_code == 302 and Assignment.objects.get(pk=patrol.pk).assignee == cast.users["hq"]

    no_reason = client.post(f"/inspections/assignments/{patrol.pk}/cancel/", {"reason": " "})
    assert no_reason.status_code == 400 and Assignment.objects.get(pk=patrol.pk).status == "scheduled"
    done = client.post(f"/inspections/assignments/{patrol.pk}/cancel/", {"reason": "Hall closed for a burst pipe"})
    patrol.refresh_from_db()
    assert done.status_code == 302 and (patrol.status, patrol.cancel_reason) == (
        "cancelled",
        "Hall closed for a burst pipe",
    )
    again = client.post(f"/inspections/assignments/{patrol.pk}/cancel/", {"reason": "twice"})
    assert again.status_code == 400 and b"can no longer change" in again.content


def test_the_detail_page_shows_hqs_forms_only_to_hq(cast, versions, today_set, client):
    patrol = today_set["patrol"]
    client.force_login(cast.users["inspector"])
    mine = client.get(f"/inspections/assignments/{patrol.pk}/").content.decode()
    assert 'id="start-assignment"' in mine and 'id="cancel-form"' not in mine
    client.force_login(cast.users["hq"])
    hq = client.get(f"/inspections/assignments/{patrol.pk}/").content.decode()
    assert 'id="cancel-form"' in hq and 'id="reassign-form"' in hq and 'id="start-assignment"' not in hq


# --- plans ----------------------------------------------------------------------------------------------------


def _plan_form(**changes):
    data = {
        "opening_checks": "on",
        "closing_checks": "on",
        "self_check_window_minutes": 45,
        "patrols_per_month": 6,
        "mystery_visits_min": 10,
        "mystery_visits_max": 12,
        "mystery_peak_percent": 50,
        "active": "on",
    }
    data.update(changes)
    return data


def test_hq_gives_its_region_its_own_plan(cast, client):
    client.force_login(cast.users["hq"])
    assert b"follows the default" in client.get("/inspections/plans/").content

    response = client.post(f"/inspections/plans/{cast.region_a.pk}/", _plan_form())

    assert response.status_code == 302
    plan = InspectionPlan.objects.get(region=cast.region_a)
    assert (plan.patrols_per_month, plan.self_check_window_minutes, plan.mystery_peak_percent) == (6, 45, 50)


def test_the_plan_form_names_the_field_in_error_and_changes_nothing(cast, client):
    client.force_login(cast.users["hq"])

    response = client.post(
        f"/inspections/plans/{cast.region_a.pk}/",
        _plan_form(mystery_visits_min=12, mystery_visits_max=10, self_check_window_minutes=5),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "not be fewer than the least (12)" in errors["mystery_visits_max"][0]
    assert "self_check_window_minutes" in errors
    assert not InspectionPlan.objects.filter(region=cast.region_a).exists()


def test_only_administrators_change_the_default_plan(cast, client):
    client.force_login(cast.users["hq"])
    assert client.post("/inspections/plans/default/", _plan_form()).status_code == 403
    assert client.get(f"/inspections/plans/{cast.region_b.pk}/").status_code == 404
    client.force_login(cast.users["admin"])
    assert client.post("/inspections/plans/default/", _plan_form(patrols_per_month=8)).status_code == 302
    assert InspectionPlan.objects.get(region__isnull=True).patrols_per_month == 8


# --- API -----------------------------------------------------------------------------------------------------


def test_the_api_lists_the_users_own_by_default_and_all_on_request(cast, versions, today_set, api_client):
    api_client.force_authenticate(cast.users["inspector"])
    mine = {row["id"] for row in api_client.get("/api/v1/assignments/").json()["results"]}
    assert mine == {today_set["opening"].pk, today_set["patrol"].pk}

    api_client.force_authenticate(cast.users["hq"])
    assert api_client.get("/api/v1/assignments/").json()["count"] == 0
    everything = api_client.get("/api/v1/assignments/", {"scope": "all"}).json()
    assert everything["count"] == 4
    visits = api_client.get("/api/v1/assignments/", {"kind": "mystery_shop"}).json()["results"]
    assert [row["id"] for row in visits] == [today_set["visit"].pk]
    assert visits[0]["checklist_version"] == versions["mystery_shop"].pk and visits[0]["at_peak"] is True

    api_client.force_authenticate(cast.users["shopper"])
    (visit,) = api_client.get("/api/v1/assignments/").json()["results"]
    assert visit["scenario"].startswith("Ask about a family plan") and visit["hall_code"] == "A001"


def test_the_api_refuses_a_bad_month_naming_it(cast, versions, api_client):
    api_client.force_authenticate(cast.users["hq"])

    response = api_client.get("/api/v1/assignments/", {"month": "2027-13"})

    assert response.status_code == 400 and "month" in response.json()


def test_the_api_list_costs_the_same_queries_for_5_and_50_rows(cast, versions, api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api_client.force_authenticate(cast.users["inspector"])

    def count() -> int:
        cast.users["inspector"].__dict__.pop("_hallops_scope", None)
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/assignments/", {"scope": "all"}).status_code == 200
        return len(queries)

    _rows(cast, versions, 5)
    few = count()
    _rows(cast, versions, 45, first=5)
    assert count() == few


def test_hq_updates_its_regions_plan_through_the_api(cast, api_client):
    plan = InspectionPlan.objects.create(region=cast.region_a)
    default = InspectionPlan.objects.get(region__isnull=True)
    api_client.force_authenticate(cast.users["hq"])

    ok = api_client.patch(f"/api/v1/inspection-plans/{plan.pk}/", {"patrols_per_month": 6}, format="json")
    bad = api_client.patch(f"/api/v1/inspection-plans/{plan.pk}/", {"mystery_visits_min": 20}, format="json")
    refused = api_client.patch(f"/api/v1/inspection-plans/{default.pk}/", {"patrols_per_month": 1}, format="json")

    assert ok.status_code == 200 and ok.json()["patrols_per_month"] == 6
    assert bad.status_code == 400 and "mystery_visits_max" in bad.json()
    assert refused.status_code == 403
    assert InspectionPlan.objects.get(pk=plan.pk).mystery_visits_min == 10
    api_client.force_authenticate(cast.users["hq_other"])
    assert api_client.patch(f"/api/v1/inspection-plans/{plan.pk}/", {"active": False}, format="json").status_code == 404


def test_the_schema_documents_assignments_and_plans(cast, api_client):
    api_client.force_authenticate(cast.users["hq"])

    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    assert "/api/v1/assignments/" in schema["paths"] and "/api/v1/inspection-plans/{id}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/assignments/"]["get"]["parameters"]}
    assert {"scope", "hall", "kind", "status", "month", "assignee"} <= parameters
    submit = schema["components"]["schemas"]["InspectionSubmitRequest"]["properties"]
    assert "assignment" in submit
