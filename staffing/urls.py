"""HTML URLs of the staffing app; each views module adds its own patterns."""

from .views import demand, labour, leave, rosters, staff

app_name = "staffing"

urlpatterns: list = [
    *rosters.urlpatterns,
    *staff.urlpatterns,
    *leave.urlpatterns,
    *labour.urlpatterns,
    *demand.urlpatterns,
]
