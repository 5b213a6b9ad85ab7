"""Signing in and out, password reset by mail, and the lock-out after repeated failures."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail

from halls.tests.factories import UserFactory

PASSWORD = "pw-for-tests"


@pytest.fixture
def person(db):
    return UserFactory(username="chen", email="chen@example.com")


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_a_person_signs_in_and_out(client, person):
    response = sign_in(client, "chen", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_says_so_and_keeps_the_username(client, person):
    response = sign_in(client, "chen", "wrong")
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert 'value="chen"' in response.content.decode()


def test_five_failures_lock_the_account_with_a_clear_message(client, person):
    for _ in range(5):
        sign_in(client, "chen", "wrong")
    response = sign_in(client, "chen", PASSWORD)
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The same account stays locked from another address too.
    assert sign_in(client, "chen", PASSWORD, ip="10.0.0.2").status_code == 429


def test_five_failures_lock_the_address_for_other_accounts_too(client, person):
    UserFactory(username="zhao")
    for attempt in range(5):
        sign_in(client, f"guess{attempt}", "wrong", ip="10.9.9.9")
    assert sign_in(client, "zhao", PASSWORD, ip="10.9.9.9").status_code == 429
    assert sign_in(client, "zhao", PASSWORD, ip="10.0.0.3").status_code == 302


def test_a_success_before_the_limit_clears_the_failures(client, person):
    for _ in range(3):
        sign_in(client, "chen", "wrong")
    assert sign_in(client, "chen", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="chen").exists()


def test_password_reset_mails_a_link_that_sets_a_new_password(client, person):
    response = client.post("/accounts/password_reset/", {"email": "chen@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chen@example.com"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "a-Long-new-pass-42", "new_password2": "a-Long-new-pass-42"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-Long-new-pass-42")


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, person):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_api_hands_out_a_token_that_authenticates(client, person):
    response = client.post("/api/v1/auth/token/", {"username": "chen", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    from rest_framework.test import APIClient

    api = APIClient()
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == "chen"
