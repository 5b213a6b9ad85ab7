"""Health of the things HallOps needs to work: the database and the task broker."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection


def database_health() -> dict[str, Any]:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not usable"; the message says why
        return {"ok": False, "vendor": connection.vendor, "error": str(exc)[:200]}
    return {"ok": True, "vendor": connection.vendor, "ms": round((time.monotonic() - started) * 1000, 1)}


def broker_health() -> dict[str, Any]:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "mode": "eager", "detail": "no broker configured; tasks run in-process"}
    from kombu import Connection

    started = time.monotonic()
    try:
        with Connection(url, connect_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT) as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT)
    except Exception as exc:
        return {"ok": False, "mode": "broker", "transport": url.split(":", 1)[0], "error": str(exc)[:200]}
    return {
        "ok": True,
        "mode": "broker",
        "transport": url.split(":", 1)[0],
        "ms": round((time.monotonic() - started) * 1000, 1),
    }


def health_report() -> tuple[bool, dict[str, Any]]:
    checks = {"database": database_health(), "broker": broker_health()}
    healthy = all(check["ok"] for check in checks.values())
    return healthy, {"status": "ok" if healthy else "unavailable", **checks}
