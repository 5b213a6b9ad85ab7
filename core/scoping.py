"""The one scoping layer: who may see which rows. Every view, API view, filter, export and chart uses it.

A user's `Scope` says which regions and halls they hold which roles in. Models that belong to a hall or
a region inherit `ScopedModel`, declare the path to their hall and region, and get
`Model.objects.visible_to(user)`. Anything outside that queryset does not exist for the user (404).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.module_loading import import_string

_CACHE_ATTR = "_hallops_scope"


@dataclass(frozen=True)
class Scope:
    """What one user may see: roles per region and per hall; administrators see everything."""

    user_id: int | None = None
    is_admin: bool = False
    region_roles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    hall_roles: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # Regions that contain one of the user's halls (their name may be shown, nothing more).
    hall_region_ids: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()

    @property
    def region_ids(self) -> frozenset[int]:
        return frozenset(self.region_roles)

    @property
    def hall_ids(self) -> frozenset[int]:
        return frozenset(self.hall_roles)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def roles_on(self, obj: Any) -> frozenset[str]:
        """Roles the user holds on an object, through its hall or its region."""
        hall_id = obj.scope_hall_id() if hasattr(obj, "scope_hall_id") else None
        region_id = obj.scope_region_id() if hasattr(obj, "scope_region_id") else None
        held: frozenset[str] = frozenset()
        if hall_id is not None:
            held |= self.hall_roles.get(hall_id, frozenset())
        if region_id is not None:
            held |= self.region_roles.get(region_id, frozenset())
        return held


ANONYMOUS_SCOPE = Scope()


def get_scope(user: Any) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if user.is_superuser:
            cached = Scope(user_id=user.pk, is_admin=True)
        else:
            cached = import_string(settings.HALLOPS_SCOPE_PROVIDER)(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_scope(user: Any) -> None:
    """Drop a cached scope after the user's role assignments changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what a user may see."""

    def visible_to(self, user: Any) -> ScopedQuerySet:
        scope = get_scope(user)
        if scope.is_admin:
            return self.all()
        return self.filter(self.model.scope_q(scope))


class ScopedModel(models.Model):
    """Base for every row that belongs to a hall or a region.

    Subclasses set `scope_hall_field` and `scope_region_field` to the lookup paths of their hall and
    region (for example "hall" and "hall__region"), or override `scope_q` for other shapes.
    """

    scope_hall_field: ClassVar[str | None] = None
    scope_region_field: ClassVar[str | None] = None

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        q = Q(pk__in=[])
        if cls.scope_hall_field and scope.hall_ids:
            q |= Q(**{f"{cls.scope_hall_field}__in": sorted(scope.hall_ids)})
        if cls.scope_region_field and scope.region_ids:
            q |= Q(**{f"{cls.scope_region_field}__in": sorted(scope.region_ids)})
        return q

    def scope_hall_id(self) -> int | None:
        return _attr_path(self, self.scope_hall_field)

    def scope_region_id(self) -> int | None:
        return _attr_path(self, self.scope_region_field)


def _attr_path(obj: Any, path: str | None) -> int | None:
    """Follow a lookup path like "hall__region" to the id at its end, using *_id attributes."""
    if not path:
        return None
    if path == "pk":
        return obj.pk
    *parents, last = path.split("__")
    for name in parents:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)
