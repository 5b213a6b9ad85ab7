"""HTML URLs of the inspections app."""

from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("inspections/today/", views.today, name="today"),
    path("inspections/new/<int:hall>/<int:version>/", views.inspect, name="inspect"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
]
