"""The one API router: every app registers its viewsets here under /api/v1/."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from halls.api.urls import register as register_halls
from halls.api.views import MeView

router = DefaultRouter()
register_halls(router)

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    *router.urls,
]
