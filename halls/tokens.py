"""The integration token of a hall: issue (or rotate), revoke, and look one up from a request.

A token is "hall_" and 43 URL-safe characters (256 random bits). Only its SHA-256 hash is stored, so a
database leak does not give the tokens away, and it is shown exactly once: when it is issued.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Hall, HallToken

PREFIX = "hall_"
# Last use is written at most this often, so a busy queuing system does not write on every request.
LAST_USED_RESOLUTION_SECONDS = 60


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_issue(*, hall: Hall, by: Any) -> str:
    """A new token for the hall, replacing the one it had (which stops working at once). Returns the token:
    the only time anyone sees it."""
    key = PREFIX + secrets.token_urlsafe(32)
    HallToken.objects.update_or_create(
        hall=hall,
        defaults={"key_hash": token_hash(key), "prefix": key[:12], "created_by": by, "last_used_at": None},
    )
    return key


@transaction.atomic
def token_revoke(*, hall: Hall) -> bool:
    deleted, _ = HallToken.objects.filter(hall=hall).delete()
    return bool(deleted)


def token_lookup(key: str) -> HallToken | None:
    """The token row for a presented token (with its hall), or None when it is unknown or revoked."""
    if not key.startswith(PREFIX):
        return None
    token = HallToken.objects.select_related("hall").filter(key_hash=token_hash(key)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        HallToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
