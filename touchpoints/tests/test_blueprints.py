"""Blueprints: the demo draws one for every touchpoint; the swimlane page shows lanes, lines and fail points."""

from __future__ import annotations

import io

from touchpoints import demo, selectors, services
from touchpoints.models import BlueprintStep, HallTouchpoint, ServiceStandardVersion, Touchpoint
from touchpoints.tests.factories import BlueprintStepFactory, touchpoint


def _counts() -> list[int]:
    return [m.objects.count() for m in (Touchpoint, BlueprintStep, ServiceStandardVersion, HallTouchpoint)]


def test_the_demo_draws_a_blueprint_of_at_least_four_columns_for_every_touchpoint_and_runs_again(cast):
    demo.load({"halls": {h.code: h for h in (cast.hall1, cast.hall2)}}, io.StringIO())
    first = _counts()
    demo.load({"halls": {h.code: h for h in (cast.hall1, cast.hall2)}}, io.StringIO())

    assert _counts() == first
    for item in Touchpoint.objects.all():
        grid = selectors.blueprint_grid(touchpoint=item)
        assert len(grid.columns) >= 4, item.code
        assert grid.fail_points, item.code
        assert {row.lane for row in grid.lanes if any(row.cells)} == {
            "evidence",
            "customer",
            "frontstage",
            "backstage",
            "support",
        }


def test_the_demo_restores_the_sixteen_when_a_test_emptied_them(db):
    from django.db import connection

    from touchpoints.models import ServiceStandard

    # What a browser test's flush does; the models themselves refuse to delete these rows.
    with connection.cursor() as cursor:
        for model in (ServiceStandardVersion, ServiceStandard, Touchpoint):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - table names from the models
    assert services.touchpoints_ensure() == 16
    assert services.touchpoints_ensure() == 0
    assert ServiceStandardVersion.objects.count() == 48


def test_the_swimlane_page_draws_lanes_lines_and_fail_points(cast, client):
    BlueprintStepFactory(column=1, lane="customer", text_en="Walks in")
    BlueprintStepFactory(column=2, lane="frontstage", text_en="Greets", fail_point=True, fail_note_en="Nobody looks up")
    client.force_login(cast.users["shopper"])

    page = client.get("/touchpoints/TP04/blueprint/").content.decode()

    for text in ("Line of interaction", "Line of visibility", "Line of internal interaction", "Nobody looks up"):
        assert text in page
    assert page.count('class="bp-cell') == 2 * 5
    assert "@media print" in open("static/css/touchpoints.css").read()


def test_hq_adds_a_step_and_a_fail_point_needs_a_note(cast, client):
    client.force_login(cast.users["hq"])
    url = "/touchpoints/TP04/blueprint/steps/new/"
    body = {"column": 1, "lane": "evidence", "text_en": "Desk", "text_zh": "台", "fail_point": "on"}
    assert client.post(url, body).status_code == 400
    assert client.post(url, {**body, "fail_note_en": "Desk hidden"}).status_code == 302
    assert client.post(url, {**body, "fail_note_en": "again"}).status_code == 400  # the cell is taken
    assert touchpoint("TP04").blueprint_steps.count() == 1
