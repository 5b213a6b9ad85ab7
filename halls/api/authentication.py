"""DRF authentication by a hall's integration token: `Authorization: Token hall_…` or `X-Hall-Token: hall_…`.

The request is then made by the hall's integration, not by a person: `request.user` is a `HallTokenUser`
(authenticated, but with no roles, so every scoped query and rule sees nothing through it) and
`request.auth` is the `HallToken`. Views that accept it check `request.auth.hall_id` themselves: a token
is valid for its own hall only, and another hall's id answers 404 (that hall does not exist for it).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from ..models import HallToken
from ..tokens import PREFIX, token_lookup


class HallTokenUser(AnonymousUser):
    """The queuing system or satisfaction devices of one hall, authenticated by the hall's token."""

    def __init__(self, token: HallToken) -> None:
        self.token = token
        self.hall_id = token.hall_id

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True

    def __str__(self) -> str:
        return f"hall token {self.token.prefix}…"


def hall_token_from(request: Any) -> str | None:
    """The hall token a request presents, if any (other tokens are left to DRF's own TokenAuthentication)."""
    header = request.META.get("HTTP_X_HALL_TOKEN", "").strip()
    if header:
        return header
    parts = get_authorization_header(request).split()
    if len(parts) == 2 and parts[0].lower() in (b"token", b"bearer") and parts[1].startswith(PREFIX.encode()):
        return parts[1].decode(errors="replace")
    return None


class HallTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[HallTokenUser, HallToken] | None:
        key = hall_token_from(request)
        if key is None:
            return None
        token = token_lookup(key)
        if token is None:
            raise AuthenticationFailed(_("Unknown or revoked hall token."))
        return HallTokenUser(token), token

    def authenticate_header(self, request: Any) -> str:
        return "Token"


def hall_for_ingest(request: Any, pk: int, perm: str) -> Any:
    """The hall a delivery is for. With a hall token: its own hall only (another id answers 404, as a hall out
    of scope does). With a signed-in user: a hall they see (else 404) and may send for (else 403)."""
    from django.shortcuts import get_object_or_404
    from rest_framework.exceptions import NotFound, PermissionDenied

    from ..models import Hall

    if isinstance(request.auth, HallToken):
        if request.auth.hall_id != pk:
            raise NotFound(_("This token belongs to another hall."))
        return request.auth.hall
    hall = get_object_or_404(Hall.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm(perm, hall):
        raise PermissionDenied(_("You may not send events for this hall."))
    return hall


class HallTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the hall token (drf-spectacular finds this class by its target)."""

    target_class = "halls.api.authentication.HallTokenAuthentication"
    name = "hallToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Hall-Token",
            "description": "The hall's integration token (hall_…); also accepted as `Authorization: Token hall_…`.",
        }
