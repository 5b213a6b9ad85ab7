"""Staff, availability, labour rules, demand from the queue, rosters and the solver, swaps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        from core.hall_links import HallLink, register

        register(HallLink(_("Demand"), "staffing:demand_day", "staffing.view_demand", "bi-graph-up"))
        register(HallLink(_("Staff"), "staffing:staff_list", "staffing.view_staffmember", "bi-people", "?hall={pk}"))
        register(
            HallLink(_("Rosters"), "staffing:roster_list", "staffing.view_roster", "bi-calendar-week", "?hall={pk}")
        )
        register(HallLink(_("Labour rules"), "staffing:labour_hall", "staffing.change_labourrules", "bi-sliders"))
