"""KPIs, scorecards, the star ladder (evaluations, mentoring credit, honours), incentives and dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from core.hall_links import HallLink, register

        register(HallLink(_("Honours wall"), "performance:hall_wall", "performance.view_wall", "bi-award"))
        register(
            HallLink(_("Mentoring"), "performance:mentoring_list", "performance.view_mentoringpair", "bi-people-fill")
        )
        register(
            HallLink(_("KPI scorecard"), "performance:hall_scorecard", "performance.view_scorecard", "bi-speedometer2")
        )
        register(HallLink(_("Today"), "performance:hall_today", "performance.view_hall_today", "bi-clock-history"))
        register(
            HallLink(
                _("Star evaluations"),
                "performance:evaluation_list",
                "performance.view_evaluation",
                "bi-star-half",
                "?hall={pk}",
            )
        )
