"""Registers the halls endpoints on the project's API router."""

from rest_framework.routers import DefaultRouter

from .views import HallViewSet, RegionViewSet, SpecialDayViewSet, ZoneViewSet


def register(router: DefaultRouter) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("halls", HallViewSet, basename="hall")
    router.register("zones", ZoneViewSet, basename="zone")
    router.register("special-days", SpecialDayViewSet, basename="specialday")
