"""Who may submit which inspection for which hall: refused with 403 and nothing stored."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from inspections.models import Answer, Inspection
from inspections.tests.builders import answers, make_version


def test_an_inspector_submitting_for_a_hall_not_assigned_to_them_is_refused(cast, patrol, submit):
    with pytest.raises(PermissionDenied):
        submit(patrol, hall=cast.hall2)

    assert not Inspection.objects.exists() and not Answer.objects.exists()


def test_the_api_answers_403_and_stores_nothing(cast, patrol):
    client = APIClient()
    client.force_authenticate(cast.users["inspector"])
    body = {
        "client_uuid": str(uuid.uuid4()),
        "hall": cast.hall2.pk,
        "template_version": patrol.pk,
        "answers": answers(patrol),
    }

    response = client.post("/api/v1/inspections/", body, format="json")

    assert response.status_code == 403
    assert "A002" in response.json()["detail"]
    assert not Inspection.objects.exists() and not Answer.objects.exists()


@pytest.mark.parametrize(
    ("who", "kind", "allowed"),
    [
        ("inspector", "patrol", True),
        ("inspector", "opening", True),
        ("manager", "opening", True),
        ("manager", "patrol", False),
        ("manager", "mystery_shop", False),
        ("hq", "patrol", True),
        ("hq", "mystery_shop", True),
        ("shopper", "mystery_shop", True),
        ("shopper", "patrol", False),
        ("staff", "opening", False),
        ("manager_other", "opening", False),
        ("hq_other", "patrol", False),
    ],
)
def test_who_may_submit_what_for_hall1(cast, submit, who, kind, allowed):
    version = make_version(kind=kind, name=kind)

    if allowed:
        inspection, _ = submit(version, who=who)
        assert inspection.kind == kind
    else:
        with pytest.raises(PermissionDenied):
            submit(version, who=who)
        assert not Inspection.objects.exists()


def test_a_version_outside_the_users_scope_is_an_invalid_field(cast):
    hidden = make_version(region=cast.region_b, name="Region B patrol")
    client = APIClient()
    client.force_authenticate(cast.users["inspector"])
    body = {"client_uuid": str(uuid.uuid4()), "hall": cast.hall1.pk, "template_version": hidden.pk, "answers": []}

    response = client.post("/api/v1/inspections/", body, format="json")

    assert response.status_code == 400
    assert "template_version" in response.json()


def test_staff_may_not_submit_at_all(cast, patrol):
    client = APIClient()
    client.force_authenticate(cast.users["staff"])
    body = {"client_uuid": str(uuid.uuid4()), "hall": cast.hall1.pk, "template_version": patrol.pk, "answers": []}

    assert client.post("/api/v1/inspections/", body, format="json").status_code == 403
