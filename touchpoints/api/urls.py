"""Registers the touchpoints endpoints on the project's API router and adds its plain paths."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from .views import (
    BlueprintStepViewSet,
    HallTouchpointViewSet,
    StandardVersionViewSet,
    StandardViewSet,
    TouchpointViewSet,
)


def register(router: DefaultRouter) -> None:
    router.register("touchpoints", TouchpointViewSet, basename="touchpoint")
    router.register("standards", StandardViewSet, basename="servicestandard")
    router.register("standard-versions", StandardVersionViewSet, basename="servicestandardversion")
    router.register("blueprint-steps", BlueprintStepViewSet, basename="blueprintstep")
    router.register("hall-touchpoints", HallTouchpointViewSet, basename="halltouchpoint")
    from .complaints import ComplaintViewSet

    router.register("complaints", ComplaintViewSet, basename="complaint")


def extra_urlpatterns() -> list:
    from . import voice

    return list(voice.urlpatterns)
