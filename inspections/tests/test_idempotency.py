"""A tablet on weak Wi-Fi sends the same submission twice: the second returns the first, creates nothing;
the same client UUID with different content answers 409 and stores nothing."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from inspections.models import Answer, CorrectiveAction, Finding, Inspection
from inspections.services import SubmissionConflict
from inspections.tests.builders import answers, failing


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Inspection, Answer, Finding, CorrectiveAction))


def test_a_resend_returns_the_first_inspection_and_creates_nothing(cast, patrol, submit):
    key = uuid.uuid4()
    first, created = submit(patrol, client_uuid=key, overrides=failing(patrol, "explained"))
    before = counts()

    again, created_again = submit(patrol, client_uuid=key, overrides=failing(patrol, "explained"))

    assert created and not created_again
    assert again.pk == first.pk
    assert counts() == before == (1, 8, 1, 1)


def test_the_same_uuid_with_different_content_is_a_conflict(cast, patrol, submit):
    key = uuid.uuid4()
    first, _ = submit(patrol, client_uuid=key)
    before = counts()

    with pytest.raises(SubmissionConflict) as excinfo:
        submit(patrol, client_uuid=key, overrides={"explained": 2})

    assert excinfo.value.inspection == first
    assert counts() == before


def test_the_same_uuid_from_another_person_is_a_conflict(cast, patrol, submit):
    key = uuid.uuid4()
    submit(patrol, client_uuid=key)

    with pytest.raises(SubmissionConflict):
        submit(patrol, who="hq", client_uuid=key)


def _post(client: APIClient, cast, version, key, **overrides):
    body = {
        "client_uuid": str(key),
        "hall": cast.hall1.pk,
        "template_version": version.pk,
        "answers": answers(version, **overrides),
    }
    return client.post("/api/v1/inspections/", body, format="json")


def test_the_api_answers_201_then_200_with_the_same_body(cast, patrol):
    client = APIClient()
    client.force_authenticate(cast.users["inspector"])
    key = uuid.uuid4()

    first = _post(client, cast, patrol, key, **failing(patrol, "queue-wait"))
    again = _post(client, cast, patrol, key, **failing(patrol, "queue-wait"))

    assert first.status_code == 201, first.content
    assert again.status_code == 200
    assert again.json() == first.json()
    assert first.json()["scores"]["by_touchpoint"]["TP11"] == "0.0"
    assert counts() == (1, 8, 1, 1)


def test_the_api_answers_409_for_the_same_uuid_with_different_content(cast, patrol):
    client = APIClient()
    client.force_authenticate(cast.users["inspector"])
    key = uuid.uuid4()
    first = _post(client, cast, patrol, key)
    before = counts()

    conflict = _post(client, cast, patrol, key, explained=1)

    assert conflict.status_code == 409
    assert conflict.json()["inspection"] == first.json()["id"]
    assert "different content" in conflict.json()["detail"]
    assert counts() == before
