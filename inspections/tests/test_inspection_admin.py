"""The Django admin of the inspections app: every page opens; a published checklist version, an inspection's
scores and a corrective action's workflow cannot be changed there; photos link to the scope-checked URL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import CorrectiveAction, Finding, Inspection, Item
from inspections.services.photos import photo_upload
from inspections.tests.builders import failing, make_version
from inspections.tests.test_photos import png


@pytest.fixture
def admin_client(client, cast):
    client.force_login(cast.users["admin"])
    return client


@pytest.fixture
def failed(cast, patrol, submit):
    overrides = failing(patrol, "greeted")
    inspection, _ = submit(patrol, overrides=overrides)
    photo, _ = photo_upload(
        inspection=inspection,
        by=cast.users["inspector"],
        upload=SimpleUploadedFile("door.png", png(), content_type="image/png"),
        client_uuid=overrides["greeted"]["photos"][0],
    )
    return inspection, photo


def test_every_admin_page_of_the_app_opens(admin_client, cast, patrol, failed):
    inspection, photo = failed
    finding = Finding.objects.get(inspection=inspection)
    action = CorrectiveAction.objects.get(finding=finding)
    pages = [
        "/admin/inspections/",
        "/admin/inspections/checklisttemplate/",
        f"/admin/inspections/checklisttemplate/{patrol.template_id}/change/",
        "/admin/inspections/templateversion/",
        f"/admin/inspections/templateversion/{patrol.pk}/change/",
        "/admin/inspections/item/",
        "/admin/inspections/inspection/",
        f"/admin/inspections/inspection/{inspection.pk}/change/",
        f"/admin/inspections/inspection/{inspection.pk}/history/",
        "/admin/inspections/photo/",
        f"/admin/inspections/photo/{photo.pk}/change/",
        "/admin/inspections/finding/",
        f"/admin/inspections/finding/{finding.pk}/change/",
        "/admin/inspections/correctiveaction/",
        f"/admin/inspections/correctiveaction/{action.pk}/change/",
        f"/admin/inspections/correctiveaction/{action.pk}/history/",
    ]
    for url in pages:
        assert admin_client.get(url).status_code == 200, url


def test_a_published_version_is_read_only(admin_client, patrol):
    url = f"/admin/inspections/templateversion/{patrol.pk}/change/"

    page = admin_client.get(url).content.decode()
    refused = admin_client.post(url, {"change_note": "Sneaky edit", "scenario": "x"})

    assert 'name="_save"' not in page
    assert refused.status_code == 403
    patrol.refresh_from_db()
    assert patrol.change_note == ""
    item = patrol.items.first()
    assert admin_client.post(f"/admin/inspections/item/{item.pk}/change/", {"text": "Changed"}).status_code == 403
    assert Item.objects.get(pk=item.pk).text == item.text


def test_a_draft_version_can_be_edited_and_published_from_the_admin(admin_client, cast):
    draft = make_version(name="Draft patrol", publish=False)
    page = admin_client.get(f"/admin/inspections/templateversion/{draft.pk}/change/").content.decode()
    assert 'name="_save"' in page

    response = admin_client.post(
        "/admin/inspections/templateversion/", {"action": "publish", "_selected_action": [draft.pk]}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.published_by == cast.users["admin"]


def test_an_inspections_scores_cannot_be_changed_in_the_admin(admin_client, failed):
    inspection, _photo = failed
    url = f"/admin/inspections/inspection/{inspection.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="overall"' not in page and 'name="by_touchpoint"' not in page

    admin_client.post(url, {"status": inspection.status, "comment": "Checked", "overall": "100"})

    stored = Inspection.objects.get(pk=inspection.pk)
    assert stored.overall == inspection.overall != Decimal("100")
    assert admin_client.get("/admin/inspections/inspection/add/").status_code == 403


def test_photos_are_linked_by_their_scope_checked_url(admin_client, failed):
    inspection, photo = failed

    page = admin_client.get(f"/admin/inspections/inspection/{inspection.pk}/change/").content.decode()

    assert f"/api/v1/photos/{photo.pk}/file/" in page
    assert "/media/" not in page


def test_a_corrective_actions_status_moves_only_through_the_product(admin_client, failed):
    inspection, _photo = failed
    action = CorrectiveAction.objects.get(finding__inspection=inspection)
    page = admin_client.get(f"/admin/inspections/correctiveaction/{action.pk}/change/").content.decode()

    assert 'name="status"' not in page
    assert 'name="due_date"' in page  # re-planning stays possible
