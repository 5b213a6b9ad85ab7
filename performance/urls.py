"""HTML URLs of the performance app; each views module adds its own patterns."""

from .views import (
    dashboard_me,
    dashboard_region,
    dashboards_hall,
    evaluations,
    incentives,
    ladders,
    people,
    sales,
    schemes,
    scorecard,
)

app_name = "performance"

urlpatterns: list = [
    *ladders.urlpatterns,
    *evaluations.urlpatterns,
    *people.urlpatterns,
    *scorecard.urlpatterns,
    *sales.urlpatterns,
    *schemes.urlpatterns,
    *incentives.urlpatterns,
    *dashboards_hall.urlpatterns,
    *dashboard_me.urlpatterns,
    *dashboard_region.urlpatterns,
]
