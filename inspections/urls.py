"""HTML URLs of the inspections app; each views module adds its own patterns."""

from .views import actions, checklists, complaint_findings, lists, pdf, reports, tablet
from .views import assignments as assignment_views
from .views import reviews as review_views

app_name = "inspections"

urlpatterns: list = [
    *tablet.urlpatterns,
    *lists.urlpatterns,
    *pdf.urlpatterns,
    *actions.urlpatterns,
    *complaint_findings.urlpatterns,
    *checklists.urlpatterns,
    *reports.urlpatterns,
    *review_views.urlpatterns,
    *assignment_views.urlpatterns,
]
