"""Regions, halls, zones, opening hours and who holds which role where."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallsConfig(AppConfig):
    name = "halls"
    verbose_name = _("Halls")
