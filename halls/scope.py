"""The scope provider core asks for: turns a user's role assignments into a `Scope`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from core.roles import HALL_DATA_ROLES, REGION_ROLES
from core.scoping import Scope

from .models import Hall, RoleAssignment


def scope_for_user(user: Any) -> Scope:
    """Two queries: the user's assignments with their region and hall ids, then the halls' regions."""
    region_roles: dict[int, set[str]] = defaultdict(set)
    hall_roles: dict[int, set[str]] = defaultdict(set)
    roles: set[str] = set()
    rows = RoleAssignment.objects.filter(user=user).values_list("role", "regions", "halls")
    for role, region_id, hall_id in rows:
        roles.add(role)
        if role in REGION_ROLES and region_id is not None:
            region_roles[region_id].add(role)
        if role in HALL_DATA_ROLES and hall_id is not None:
            hall_roles[hall_id].add(role)
    hall_region_ids = frozenset(
        Hall.objects.filter(pk__in=list(hall_roles)).values_list("region_id", flat=True) if hall_roles else ()
    )
    return Scope(
        user_id=user.pk,
        region_roles={pk: frozenset(r) for pk, r in region_roles.items()},
        hall_roles={pk: frozenset(r) for pk, r in hall_roles.items()},
        hall_region_ids=hall_region_ids,
        roles=frozenset(roles),
    )
