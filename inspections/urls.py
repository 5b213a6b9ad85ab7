"""HTML URLs of the inspections app; each views module adds its own patterns."""

from .views import tablet

app_name = "inspections"

urlpatterns: list = [
    *tablet.urlpatterns,
]
