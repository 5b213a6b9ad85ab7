"""Rules predicates built on the scope: the object-level half of the scoping layer."""

from __future__ import annotations

from typing import Any

import rules

from .scoping import get_scope


@rules.predicate
def is_admin(user: Any) -> bool:
    return get_scope(user).is_admin


def holds_role(*roles: str) -> rules.Predicate:
    """True when the user holds one of `roles` on the object (or anywhere, when there is no object)."""
    wanted = frozenset(roles)

    def check(user: Any, obj: Any = None) -> bool:
        scope = get_scope(user)
        if obj is None:
            return bool(scope.roles & wanted)
        return bool(scope.roles_on(obj) & wanted)

    return rules.Predicate(check, name=f"holds_role({','.join(sorted(wanted))})")


def holds_role_anywhere(*roles: str) -> rules.Predicate:
    """True when the user holds one of `roles` somewhere. For view permissions: which rows they see
    is already decided by `visible_to`, so the object itself does not narrow it further."""
    wanted = frozenset(roles)

    def check(user: Any, obj: Any = None) -> bool:
        return bool(get_scope(user).roles & wanted)

    return rules.Predicate(check, name=f"holds_role_anywhere({','.join(sorted(wanted))})")
