"""Checklists, inspections and mystery shops, scores, findings and corrective actions, reviews and appeals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from core import object_panels
        from core.hall_links import HallLink, register

        from .views.complaint_findings import complaint_panel

        # A complaint's page: its finding and corrective action, or the button that opens them.
        object_panels.register("touchpoints.complaint", complaint_panel)

        # The closed loop of the hall: its corrective actions and its issue log.
        register(
            HallLink(
                _("Corrective actions"),
                "inspections:action_list",
                "inspections.view_correctiveaction",
                "bi-tools",
                "?hall={pk}",
            )
        )
        register(
            HallLink(
                _("Findings"),
                "inspections:finding_list",
                "inspections.view_finding",
                "bi-exclamation-triangle",
                "?hall={pk}",
            )
        )
        # The hall's 16 touchpoints over 30 and 90 days (docs/reports.md).
        register(
            HallLink(
                _("Touchpoint scorecard"),
                "inspections:hall_scorecard",
                "inspections.view_scorecard",
                "bi-clipboard-data",
            )
        )
