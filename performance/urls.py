"""HTML URLs of the performance app; each views module adds its own patterns."""

from .views import evaluations, ladders, people, scorecard

app_name = "performance"

urlpatterns: list = [
    *ladders.urlpatterns,
    *evaluations.urlpatterns,
    *people.urlpatterns,
    *scorecard.urlpatterns,
]
