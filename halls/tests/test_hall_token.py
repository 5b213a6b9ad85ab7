"""The per-hall integration token: HQ creates and rotates it on the hall page (shown once, stored as a hash);
it authenticates the bulk API for its own hall only."""

from __future__ import annotations

import hashlib

import pytest
from rest_framework.test import APIClient

from halls.models import HallToken, QueueEvent
from halls.tokens import token_issue

EVENT = [{"event_id": "e1", "ticket": "A001", "type": "issued", "occurred_at": "2026-03-02T09:00:00+08:00"}]


def test_hq_creates_the_token_on_the_hall_page_and_sees_it_once(cast, client):
    client.force_login(cast.users["hq"])

    response = client.post(f"/halls/{cast.hall1.pk}/integration-token/")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    token = HallToken.objects.get(hall=cast.hall1)
    shown = page.split('id="new-token-value"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert shown.startswith("hall_") and len(shown) > 40
    assert token.key_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert shown not in str(HallToken.objects.values().get())
    again = client.get(f"/halls/{cast.hall1.pk}/").content.decode()
    assert shown not in again
    assert token.prefix in again


def test_rotating_replaces_the_token_at_once(cast):
    old = token_issue(hall=cast.hall1, by=cast.users["hq"])
    new = token_issue(hall=cast.hall1, by=cast.users["hq"])
    client = APIClient()
    url = f"/api/v1/halls/{cast.hall1.pk}/queue-events/"

    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.post(url, EVENT, format="json").status_code == 401
    client.credentials(HTTP_X_HALL_TOKEN=new)
    assert client.post(url, EVENT, format="json").status_code == 200
    assert HallToken.objects.filter(hall=cast.hall1).count() == 1
    assert HallToken.objects.get().last_used_at is not None


def test_a_manager_sees_the_token_status_but_may_not_rotate_it(cast, client):
    token_issue(hall=cast.hall1, by=cast.users["hq"])
    client.force_login(cast.users["manager"])

    page = client.get(f"/halls/{cast.hall1.pk}/").content.decode()

    assert 'id="token-status"' in page and 'id="token-issue"' not in page
    assert client.post(f"/halls/{cast.hall1.pk}/integration-token/").status_code == 403
    assert client.post(f"/halls/{cast.hall1.pk}/integration-token/revoke/").status_code == 403
    assert HallToken.objects.filter(hall=cast.hall1).exists()


def test_revoking_stops_the_token(cast, client):
    key = token_issue(hall=cast.hall1, by=cast.users["hq"])
    client.force_login(cast.users["admin"])

    assert client.post(f"/halls/{cast.hall1.pk}/integration-token/revoke/").status_code == 302

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post(f"/api/v1/halls/{cast.hall1.pk}/queue-events/", EVENT, format="json").status_code == 401


@pytest.mark.parametrize("path", ["queue-events", "device-presses"])
def test_a_token_of_hall_a_on_hall_b_answers_404_and_stores_nothing(cast, path):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(hall=cast.hall1, by=None)}")

    response = client.post(f"/api/v1/halls/{cast.hall2.pk}/{path}/", EVENT, format="json")

    assert response.status_code == 404
    assert not QueueEvent.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Token hall_not-a-real-token"}, {"HTTP_X_HALL_TOKEN": "hall_nope"}],
    ids=["no token", "unknown token", "unknown X-Hall-Token"],
)
def test_without_a_valid_token_the_api_answers_401(cast, headers):
    client = APIClient()
    client.credentials(**headers)

    response = client.post(f"/api/v1/halls/{cast.hall1.pk}/queue-events/", EVENT, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not QueueEvent.objects.exists()


def test_a_hall_token_opens_nothing_else_of_the_api(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(hall=cast.hall1, by=None)}")

    assert client.get(f"/api/v1/halls/{cast.hall1.pk}/").status_code == 401
    assert client.get("/api/v1/me/").status_code == 401
