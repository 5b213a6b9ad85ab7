"""HTML URLs of the staffing app; each views module adds its own patterns."""

from django.urls import path

from .views import rosters

app_name = "staffing"

urlpatterns: list = [
    *rosters.urlpatterns,
]
