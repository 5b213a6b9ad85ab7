"""/healthz reports the database and the broker: 200 when usable, 503 when not."""

from __future__ import annotations

from unittest import mock

from django.db.utils import OperationalError


def test_it_is_healthy_with_eager_tasks_and_needs_no_sign_in(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": True, "mode": "eager", "detail": "no broker configured; tasks run in-process"}


def test_it_reaches_the_local_redis_broker(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["broker"]["transport"] == "redis"


def test_it_answers_503_when_the_broker_is_unreachable(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_CONNECTION_TIMEOUT = 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["broker"]["ok"] is False and body["broker"]["error"]


def test_it_answers_503_when_the_database_fails(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    with mock.patch("core.health.connection") as connection:
        connection.vendor = "postgresql"
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "vendor": "postgresql", "error": "connection refused"}
