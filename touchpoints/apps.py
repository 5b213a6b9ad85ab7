"""The customer's 16 touchpoints, their service standards and blueprints, and each hall's touchpoint map."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TouchpointsConfig(AppConfig):
    name = "touchpoints"
    verbose_name = _("Touchpoints")

    def ready(self) -> None:
        from core.hall_links import HallLink, register

        register(
            HallLink(
                _("Touchpoint map"),
                "touchpoints:hall_touchpoints",
                "touchpoints.view_halltouchpoint",
                "bi-signpost-split",
            )
        )
        register(
            HallLink(_("Queue and satisfaction"), "touchpoints:hall_voice", "halls.view_queuehour", "bi-emoji-smile")
        )
        register(
            HallLink(
                _("Complaints"),
                "touchpoints:complaint_list",
                "touchpoints.change_complaint",
                "bi-megaphone",
                "?hall={pk}",
            )
        )
