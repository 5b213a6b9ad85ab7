"""Choice lists of the halls app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HallKind(models.TextChoices):
    SELF_OWNED = "self_owned", _("Self-owned")
    PARTNER = "partner", _("Partner-run")


class HallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RENOVATING = "renovating", _("Renovating")
    CLOSED = "closed", _("Closed")


class ZoneKind(models.TextChoices):
    STOREFRONT = "storefront", _("Storefront")
    RECEPTION = "reception", _("Reception")
    EXPERIENCE = "experience", _("Experience area")
    SELF_SERVICE = "self_service", _("Self-service")
    WAITING = "waiting", _("Waiting area")
    COUNTERS = "counters", _("Counters")
    VIP = "vip", _("VIP room")
    OTHER = "other", _("Other")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
