"""The one API router: every app registers its viewsets here under /api/v1/."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from halls.api.urls import register as register_halls
from halls.api.views import MeView
from inspections.api.urls import extra_urlpatterns as inspections_paths
from inspections.api.urls import register as register_inspections
from performance.api.urls import register as register_performance
from staffing.api.urls import extra_urlpatterns as staffing_paths
from staffing.api.urls import register as register_staffing
from touchpoints.api.urls import extra_urlpatterns as touchpoints_paths
from touchpoints.api.urls import register as register_touchpoints

router = DefaultRouter()
register_halls(router)
register_staffing(router)
register_touchpoints(router)
register_inspections(router)
register_performance(router)

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    *staffing_paths(),
    *touchpoints_paths(),
    *inspections_paths(),
    *router.urls,
]
