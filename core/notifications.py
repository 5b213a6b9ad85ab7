"""Notifications to people: merged by topic while unread, held back in quiet hours unless urgent.

The seeds' "do not disturb" rule: reminders must be timely, clear and few, and nothing unimportant in
rest hours. Quiet hours are 21:00-08:00 in the time zone given (the hall's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import Notification

QUIET_START = dt.time(21)
QUIET_END = dt.time(8)


def next_allowed_moment(moment: dt.datetime, time_zone: str) -> dt.datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    local = moment.astimezone(ZoneInfo(time_zone))
    if QUIET_END <= local.time() < QUIET_START:
        return moment
    day = local.date() if local.time() < QUIET_END else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_END, tzinfo=ZoneInfo(time_zone)).astimezone(dt.UTC)


@transaction.atomic
def notify(
    *,
    users: Iterable[Any],
    topic: str,
    title: str,
    body: str = "",
    url: str = "",
    urgent: bool = False,
    time_zone: str = "Asia/Shanghai",
) -> int:
    """Send one message to each user; returns how many new rows were written (the rest were merged)."""
    now = timezone.now()
    visible_from = now if urgent else next_allowed_moment(now, time_zone)
    created = 0
    for user in {u.pk: u for u in users if u is not None}.values():
        merged = Notification.objects.filter(user=user, topic=topic, read_at__isnull=True).update(
            title=title, body=body, url=url, count=F("count") + 1, urgent=urgent
        )
        if not merged:
            Notification.objects.create(
                user=user, topic=topic, title=title, body=body, url=url, urgent=urgent, visible_from=visible_from
            )
            created += 1
    return created


def unread_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True, visible_from__lte=timezone.now())
