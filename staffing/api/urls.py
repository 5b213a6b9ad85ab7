"""Registers the staffing endpoints on the project's API router and adds its plain paths."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from . import demand, rosters, staff


def register(router: DefaultRouter) -> None:
    rosters.register(router)
    staff.register(router)
    demand.register(router)


def extra_urlpatterns() -> list:
    return [*rosters.urlpatterns, *staff.urlpatterns, *demand.urlpatterns]
