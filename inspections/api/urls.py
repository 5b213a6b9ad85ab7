"""Registers the inspections endpoints on the project's API router and adds its plain paths."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from . import assignments, views
from . import reviews as review_api

# Each API module of an area has register(router) and, when it needs plain paths, urlpatterns.
AREAS: list = [assignments]
AREAS.append(review_api)


def register(router: DefaultRouter) -> None:
    views.register(router)
    for area in AREAS:
        area.register(router)


def extra_urlpatterns() -> list:
    return [pattern for area in AREAS for pattern in getattr(area, "urlpatterns", [])]
