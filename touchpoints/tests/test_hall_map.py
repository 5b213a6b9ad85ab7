"""A hall's touchpoint map: defaults, what a manager may change, and what scores must leave out."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from halls import services as hall_services
from halls.choices import HallKind, ZoneKind
from halls.tests.factories import HallFactory, ZoneFactory
from touchpoints import selectors, services
from touchpoints.models import HallTouchpoint, Touchpoint
from touchpoints.tests.factories import touchpoint


@pytest.fixture
def partner_hall(cast):
    return HallFactory(code="A003", region=cast.region_a, kind=HallKind.PARTNER, kiosks=0, counters=2)


def test_a_partner_hall_without_kiosks_gets_tp09_not_applicable_by_default(partner_hall):
    rows = services.hall_touchpoints(partner_hall)

    assert [row.touchpoint.code for row in rows] == [f"TP{n:02d}" for n in range(1, 17)]
    not_applicable = [row.touchpoint.code for row in rows if not row.applies]
    assert not_applicable == ["TP09"]
    assert "kiosk" in rows[8].reason_display
    assert touchpoint("TP09").pk not in selectors.applicable_touchpoint_ids(partner_hall)
    assert len(selectors.applicable_touchpoint_ids(partner_hall)) == 15


def test_a_hall_with_kiosks_has_all_sixteen_applicable(cast):
    assert selectors.applicable_touchpoint_ids(cast.hall1) == frozenset(Touchpoint.objects.values_list("pk", flat=True))


def test_each_touchpoint_starts_in_the_halls_zone_of_its_usual_kind(cast):
    counters = cast.zone1  # the "Counters" zone of hall1
    waiting = ZoneFactory(hall=cast.hall1, kind=ZoneKind.WAITING, name="Waiting")
    rows = {row.touchpoint.code: row for row in services.hall_touchpoints(cast.hall1)}
    assert rows["TP12"].zone == counters and rows["TP14"].zone == counters
    assert rows["TP11"].zone == waiting
    assert rows["TP05"].zone is None  # the environment is the whole hall


def test_defaults_follow_the_hall_until_someone_changes_them(partner_hall):
    services.hall_touchpoints(partner_hall)
    hall_services.hall_update(hall=partner_hall, fields={"kiosks": 1})

    rows = {row.touchpoint.code: row for row in services.hall_touchpoints(partner_hall)}

    assert rows["TP09"].applies and not rows["TP09"].customised
    assert touchpoint("TP09").pk in selectors.applicable_touchpoint_ids(partner_hall)


def test_what_a_manager_switches_off_stays_off_and_scores_leave_it_out(cast):
    changed = services.hall_touchpoint_map_save(
        hall=cast.hall1,
        rows={"TP08": {"zone": None, "applies": False, "reason": "No demo devices"}},
        by=cast.users["manager"],
    )
    assert changed == 1
    row = HallTouchpoint.objects.get(hall=cast.hall1, touchpoint__code="TP08")
    assert row.customised and row.updated_by == cast.users["manager"]
    services.hall_touchpoints(cast.hall1)
    row.refresh_from_db()
    assert not row.applies
    assert touchpoint("TP08").pk not in selectors.applicable_touchpoint_ids(cast.hall1)


def test_switching_a_touchpoint_off_needs_a_reason_and_nothing_is_saved_without_one(cast):
    services.hall_touchpoints(cast.hall1)
    before = list(HallTouchpoint.objects.filter(hall=cast.hall1).values())
    with pytest.raises(ValidationError) as error:
        services.hall_touchpoint_map_save(
            hall=cast.hall1,
            rows={
                "TP01": {"zone": None, "applies": False, "reason": "Inside a mall"},
                "TP08": {"zone": None, "applies": False, "reason": ""},
            },
            by=cast.users["manager"],
        )
    assert "TP08" in str(error.value)
    assert list(HallTouchpoint.objects.filter(hall=cast.hall1).values()) == before


def test_a_zone_of_another_hall_is_refused(cast):
    other_zone = ZoneFactory(hall=cast.hall2, name="Elsewhere")
    with pytest.raises(ValidationError):
        services.hall_touchpoint_map_save(
            hall=cast.hall1, rows={"TP12": {"zone": other_zone, "applies": True, "reason": ""}}, by=None
        )


def _map_post(cast, **changes) -> dict:
    rows = services.hall_touchpoints(cast.hall1)
    data = {"map-TOTAL_FORMS": len(rows), "map-INITIAL_FORMS": len(rows)}
    for index, row in enumerate(rows):
        data[f"map-{index}-touchpoint"] = row.touchpoint.code
        data[f"map-{index}-zone"] = row.zone_id or ""
        if row.applies:
            data[f"map-{index}-applies"] = "on"
        data[f"map-{index}-reason"] = row.reason
    data.update(changes)
    return data


def test_the_manager_saves_the_map_page(cast, client):
    client.force_login(cast.users["manager"])
    data = _map_post(cast)
    del data["map-7-applies"]
    data["map-7-reason"] = "No demo devices"

    response = client.post(f"/halls/{cast.hall1.pk}/touchpoints/", data)

    assert response.status_code == 302
    assert not HallTouchpoint.objects.get(hall=cast.hall1, touchpoint__code="TP08").applies


def test_the_map_page_shows_the_error_and_keeps_the_input(cast, client):
    client.force_login(cast.users["manager"])
    data = _map_post(cast)
    del data["map-7-applies"]
    data["map-6-reason"] = "typed but kept"

    response = client.post(f"/halls/{cast.hall1.pk}/touchpoints/", data)

    assert response.status_code == 400
    assert "TP08" in response.content.decode() and 'id="form-errors"' in response.content.decode()
    assert HallTouchpoint.objects.get(hall=cast.hall1, touchpoint__code="TP08").applies


def test_the_map_of_another_hall_is_404_for_a_manager(cast, client):
    client.force_login(cast.users["manager"])
    assert client.get(f"/halls/{cast.hall2.pk}/touchpoints/").status_code == 404
    assert client.post(f"/halls/{cast.hall2.pk}/touchpoints/", {}).status_code == 404
    assert not HallTouchpoint.objects.filter(hall=cast.hall2).exists()


def test_an_inspector_reads_the_map_but_cannot_change_it(cast, client):
    client.force_login(cast.users["inspector"])
    page = client.get(f"/halls/{cast.hall1.pk}/touchpoints/")
    assert page.status_code == 200 and "map-form" not in page.content.decode()
    assert client.post(f"/halls/{cast.hall1.pk}/touchpoints/", _map_post(cast)).status_code == 403


def test_the_api_lists_a_halls_sixteen_and_needs_the_hall(cast, api_client):
    api_client.force_login(cast.users["manager"])
    response = api_client.get(f"/api/v1/hall-touchpoints/?hall={cast.hall1.pk}")
    assert response.status_code == 200
    assert [row["touchpoint"] for row in response.json()] == [f"TP{n:02d}" for n in range(1, 17)]
    assert api_client.get("/api/v1/hall-touchpoints/").status_code == 400
    assert api_client.get(f"/api/v1/hall-touchpoints/?hall={cast.hall2.pk}").status_code == 400


def test_the_api_patch_switches_a_touchpoint_off_with_a_reason(cast, api_client):
    api_client.force_login(cast.users["manager"])
    row = services.hall_touchpoints(cast.hall1)[7]
    missing = api_client.patch(f"/api/v1/hall-touchpoints/{row.pk}/", {"applies": False}, format="json")
    assert missing.status_code == 400
    response = api_client.patch(
        f"/api/v1/hall-touchpoints/{row.pk}/", {"applies": False, "reason": "No demo devices"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["applies"] is False and response.json()["customised"] is True


def test_applicable_ids_for_many_halls_take_two_queries(cast):
    halls = [HallFactory(region=cast.region_a, kiosks=n % 2) for n in range(30)]
    with CaptureQueriesContext(connection) as queries:
        result = selectors.applicable_touchpoint_ids_by_hall(halls)
    assert len(queries) == 2
    assert {len(ids) for ids in result.values()} == {15, 16}


def test_the_map_takes_the_same_number_of_queries_however_it_looks(cast):
    services.hall_touchpoints(cast.hall1)
    with CaptureQueriesContext(connection) as queries:
        services.hall_touchpoints(cast.hall1)
    assert len(queries) <= 6
