"""Registers the inspections endpoints on the project's API router and adds its plain paths."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    return None


def extra_urlpatterns() -> list:
    return []
