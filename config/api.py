"""The one API router: every app registers its viewsets here under /api/v1/."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from halls.api.urls import register as register_halls
from halls.api.views import MeView
from staffing.api.urls import extra_urlpatterns as staffing_paths
from staffing.api.urls import register as register_staffing

router = DefaultRouter()
register_halls(router)
register_staffing(router)

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    *staffing_paths(),
    *router.urls,
]
