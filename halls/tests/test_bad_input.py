"""Bad input names the field at fault and saves nothing: HTML forms and the API alike."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from halls.models import Hall, OpeningHours
from tests.permission_matrix import hall_form


def snapshot():
    return list(Hall.objects.order_by("pk").values()), list(OpeningHours.objects.order_by("pk").values())


@pytest.fixture
def hq_client(client, cast):
    client.force_login(cast.users["hq"])
    return client


@pytest.fixture
def hq_api(cast):
    api = APIClient()
    api.force_login(cast.users["hq"])
    return api


def test_form_refuses_a_duplicate_hall_code_and_keeps_what_was_typed(hq_client, cast):
    before = snapshot()
    response = hq_client.post("/halls/new/", hall_form(cast, code="A002", name="Typed name"))
    assert response.status_code == 400
    form = response.context["form"]
    assert "code" in form.errors
    assert "already exists" in str(form.errors["code"])
    assert 'value="Typed name"' in response.content.decode()
    assert snapshot() == before


def test_form_refuses_opening_hours_that_end_before_they_start(hq_client, cast):
    before = snapshot()
    data = hall_form(cast, code="A100", **{"hours-2-opens": "18:00", "hours-2-closes": "09:00"})
    response = hq_client.post("/halls/new/", data)
    assert response.status_code == 400
    hours = response.context["hours"]
    assert hours.forms[2].errors["closes"] == ["Closing time must be after opening time."]
    assert all(not f.errors for i, f in enumerate(hours.forms) if i != 2)
    assert snapshot() == before


def test_form_refuses_an_unknown_time_zone(hq_client, cast):
    before = snapshot()
    response = hq_client.post("/halls/new/", hall_form(cast, code="A101", time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 400
    assert "time_zone" in response.context["form"].errors
    assert snapshot() == before


def test_editing_with_bad_hours_changes_neither_the_hall_nor_its_hours(client, cast):
    client.force_login(cast.users["manager"])
    before = snapshot()
    data = hall_form(cast, name="Should not stick", **{"hours-6-opens": "20:00", "hours-6-closes": "20:00"})
    response = client.post(f"/halls/{cast.hall1.pk}/edit/", data)
    assert response.status_code == 400
    assert response.context["hours"].forms[6].errors["closes"]
    assert snapshot() == before


def test_api_refuses_a_duplicate_code_naming_the_field(hq_api, cast):
    before = snapshot()
    response = hq_api.post("/api/v1/halls/", {"code": "A001", "name": "x", "region": cast.region_a.pk}, format="json")
    assert response.status_code == 400
    assert "code" in response.json()
    assert snapshot() == before


def test_api_refuses_hours_that_end_before_they_start_naming_the_day_and_field(hq_api, cast):
    before = snapshot()
    hours = [{"weekday": d, "closed": False, "opens": "09:00", "closes": "18:00"} for d in range(7)]
    hours[3] = {"weekday": 3, "closed": False, "opens": "17:00", "closes": "08:00"}
    body = {"code": "A102", "name": "x", "region": cast.region_a.pk, "opening_hours": hours}
    response = hq_api.post("/api/v1/halls/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["opening_hours"]
    assert errors["3"] == {"closes": ["Closing time must be after opening time."]}
    assert snapshot() == before


def test_api_refuses_an_unknown_time_zone_naming_the_field(hq_api, cast):
    before = snapshot()
    body = {"code": "A103", "name": "x", "region": cast.region_a.pk, "time_zone": "Europe/Atlantis"}
    response = hq_api.post("/api/v1/halls/", body, format="json")
    assert response.status_code == 400
    assert "Europe/Atlantis" in response.json()["time_zone"][0]
    assert snapshot() == before


def test_a_manager_cannot_change_the_code_region_or_kind_through_the_api(client, cast):
    api = APIClient()
    api.force_login(cast.users["manager"])
    before = snapshot()
    response = api.patch(f"/api/v1/halls/{cast.hall1.pk}/", {"code": "HACK", "kind": "partner"}, format="json")
    assert response.status_code == 403
    assert "code" in response.json()["detail"] and "kind" in response.json()["detail"]
    assert snapshot() == before


def test_a_managers_form_shows_identity_fields_read_only_and_ignores_tampering(client, cast):
    client.force_login(cast.users["manager"])
    response = client.get(f"/halls/{cast.hall1.pk}/edit/")
    assert response.context["form"].fields["code"].disabled
    response = client.post(f"/halls/{cast.hall1.pk}/edit/", hall_form(cast, code="HACKED", name="Manager name"))
    assert response.status_code == 302
    cast.hall1.refresh_from_db()
    assert (cast.hall1.code, cast.hall1.name) == ("A001", "Manager name")


def test_zone_names_are_unique_within_a_hall(client, cast):
    client.force_login(cast.users["manager"])
    response = client.post(f"/halls/{cast.hall1.pk}/zones/new/", {"kind": "counters", "name": "counters", "order": 1})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert cast.hall1.zones.count() == 1


def test_a_special_day_with_shortened_hours_must_close_after_it_opens(client, cast):
    client.force_login(cast.users["manager"])
    data = {"date": "2027-03-08", "closed": "", "opens": "15:00", "closes": "10:00", "reason": "x"}
    response = client.post(f"/halls/{cast.hall1.pk}/special-days/new/", data)
    assert response.status_code == 400
    assert "closes" in response.context["form"].errors
    assert not cast.hall1.special_days.filter(date="2027-03-08").exists()


def test_the_database_itself_refuses_hours_that_end_before_they_start(cast):
    import datetime as dt

    from django.db import IntegrityError, transaction

    row = cast.hall1.opening_hours.get(weekday=0)
    row.opens, row.closes = dt.time(18), dt.time(9)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_deleting_a_hall_that_has_staff_answers_409_and_keeps_it(cast, staffing_cast):
    api = APIClient()
    api.force_login(cast.users["admin"])
    response = api.delete(f"/api/v1/halls/{cast.hall1.pk}/")
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]
    assert Hall.objects.filter(pk=cast.hall1.pk).exists()
