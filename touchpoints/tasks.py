"""Celery tasks of the touchpoints app: they take ids and call a service."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from halls.models import Hall, QueueEvent

from .models import DevicePress
from .voice import voice_refresh

# The hourly safety net looks back this far: longer than its interval, so a late run misses nothing.
RECENT_HOURS = 2


@shared_task(name="touchpoints.refresh_customer_voice")
def refresh_customer_voice_task(hall_id: int, days: list[str]) -> dict:
    """Tickets, their staff, hourly figures and presses of one hall's days (after a delivery)."""
    hall = Hall.objects.get(pk=hall_id)
    return voice_refresh(hall=hall, days=[dt.date.fromisoformat(day) for day in days]).as_dict()


@shared_task(name="touchpoints.refresh_recent_customer_voice")
def refresh_recent_customer_voice_task(hours: int = RECENT_HOURS) -> dict:
    """Refresh every (hall, day) that received events or presses in the last hours: catches deliveries whose
    own refresh was lost (a broker outage, a worker restart). Scheduled hourly in django-celery-beat."""
    since = timezone.now() - dt.timedelta(hours=hours)
    pairs: set[tuple[int, dt.date]] = set()
    for model in (QueueEvent, DevicePress):
        pairs.update(model.objects.filter(received_at__gte=since).values_list("hall_id", "service_day").distinct())
    by_hall: dict[int, list[dt.date]] = {}
    for hall_id, day in pairs:
        by_hall.setdefault(hall_id, []).append(day)
    for hall in Hall.objects.filter(pk__in=by_hall):
        voice_refresh(hall=hall, days=by_hall[hall.pk])
    return {"halls": len(by_hall), "days": len(pairs)}
