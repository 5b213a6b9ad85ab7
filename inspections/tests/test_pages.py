"""The inspector's pages: today's list, the checklist one touchpoint per screen, and the inspection's page
with its scores, findings and corrective actions."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import Inspection, Photo
from inspections.tests.builders import make_version
from inspections.tests.test_photos import png


@pytest.fixture
def opening(cast):
    return make_version(kind="opening", name="Opening check")


def form_data(version, **values) -> dict:
    """A filled-in form: every unconditional item passing, unless `values` (by item code) says otherwise."""
    data = {"client_uuid": str(uuid.uuid4()), "comment": "Quiet morning"}
    passing = {"yes_no": "yes", "scale": "5", "number": "22", "duration": "60", "text": "ok"}
    for item in version.items.all():
        if item.condition_item_id or item.answer_type == "photo":
            continue
        value = values.get(item.code, passing[item.answer_type])
        if value is not None:
            data[f"item-{item.pk}"] = value
    return data


def test_today_offers_the_checks_the_user_may_do(client, cast, opening, patrol):
    client.force_login(cast.users["inspector"])
    page = client.get("/inspections/today/")
    assert page.status_code == 200
    assert f"/inspections/new/{cast.hall1.pk}/{opening.pk}/" in page.content.decode()
    assert f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/" in page.content.decode()

    client.force_login(cast.users["manager"])
    content = client.get("/inspections/today/").content.decode()
    assert f"/inspections/new/{cast.hall1.pk}/{opening.pk}/" in content
    assert f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/" not in content  # managers do not patrol


def test_the_form_shows_one_section_per_touchpoint_in_the_customers_order(client, cast, patrol):
    client.force_login(cast.users["inspector"])

    page = client.get(f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/")

    assert page.status_code == 200
    codes = [screen.touchpoint.code for screen in page.context["screens"]]
    assert codes == ["TP04", "TP05", "TP07", "TP09", "TP11", "TP16"]
    assert 'capture="environment"' in page.content.decode()


def test_submitting_the_form_stores_the_inspection_and_its_photo(client, cast, patrol):
    client.force_login(cast.users["inspector"])
    greeted = patrol.items.get(code="greeted")
    data = form_data(patrol, greeted="no")
    data[f"photo-{greeted.pk}"] = SimpleUploadedFile("door.png", png(), content_type="image/png")

    response = client.post(f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/", data)

    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{inspection.pk}/"
    assert inspection.by_touchpoint["TP04"] == "0.0"
    finding = inspection.findings.get()
    assert finding.photo == Photo.objects.get()
    assert inspection.comment == "Quiet morning"


def test_sending_the_form_twice_makes_one_inspection(client, cast, opening):
    client.force_login(cast.users["manager"])
    data = form_data(opening)
    url = f"/inspections/new/{cast.hall1.pk}/{opening.pk}/"

    first = client.post(url, data)
    again = client.post(url, data)

    assert first["Location"] == again["Location"]
    assert Inspection.objects.count() == 1


def test_a_missing_answer_comes_back_with_what_was_typed_and_nothing_stored(client, cast, patrol):
    client.force_login(cast.users["inspector"])
    data = form_data(patrol, temperature=None, explained="2")

    page = client.post(f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/", data)

    assert page.status_code == 400
    assert page.context["errors"] == ["Item temperature “Temperature” needs an answer (or “not applicable”)."]
    explained = patrol.items.get(code="explained")
    assert f'id="item-{explained.pk}-2" value="2" autocomplete="off" checked' in page.content.decode()
    assert page.context["client_uuid"] == data["client_uuid"]
    assert not Inspection.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_naming_the_item(client, cast, patrol):
    client.force_login(cast.users["inspector"])
    greeted = patrol.items.get(code="greeted")
    data = form_data(patrol, greeted="no")
    data[f"photo-{greeted.pk}"] = SimpleUploadedFile("door.jpg", b"not a picture", content_type="image/jpeg")

    page = client.post(f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/", data)

    assert page.status_code == 400
    assert page.context["errors"][0].startswith("Item greeted “Greeted”, photo: This file is not an image")
    assert not Inspection.objects.exists() and not Photo.objects.exists()


def test_the_manager_sees_the_finding_and_its_corrective_action(client, cast, patrol):
    client.force_login(cast.users["inspector"])
    explained = patrol.items.get(code="explained")
    client.post(f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/", form_data(patrol, explained="1"))
    inspection = Inspection.objects.get()
    assert explained.pk == inspection.findings.get().item_id

    client.force_login(cast.users["manager"])
    page = client.get(f"/inspections/{inspection.pk}/")

    content = page.content.decode()
    assert page.status_code == 200
    assert 'data-finding="explained"' in content
    assert 'data-status="open"' in content and "manager1" in content


def test_who_gets_which_page(client, cast, patrol, opening):
    client.force_login(cast.users["staff"])
    assert client.get("/inspections/today/").status_code == 403
    client.force_login(cast.users["manager_other"])
    assert client.get(f"/inspections/new/{cast.hall1.pk}/{opening.pk}/").status_code == 404
    client.force_login(cast.users["manager"])
    assert client.get(f"/inspections/new/{cast.hall1.pk}/{patrol.pk}/").status_code == 403
