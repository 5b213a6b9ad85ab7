"""Registers the staffing endpoints on the project's API router and adds its plain paths."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from . import rosters


def register(router: DefaultRouter) -> None:
    rosters.register(router)


def extra_urlpatterns() -> list:
    return [*rosters.urlpatterns]
