"""Registers the performance endpoints on the project's API router."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from . import incentives, views


def register(router: DefaultRouter) -> None:
    views.register(router)
    incentives.register(router)


def extra_urlpatterns() -> list:
    return []
