"""Choice lists of the halls app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HallKind(models.TextChoices):
    SELF_OWNED = "self_owned", _("Self-owned")
    PARTNER = "partner", _("Partner-run")


class HallStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("hall status", "In operation")
    RENOVATING = "renovating", pgettext_lazy("hall status", "Renovating")
    CLOSED = "closed", pgettext_lazy("hall status", "Closed")


class ZoneKind(models.TextChoices):
    STOREFRONT = "storefront", _("Storefront and signage")
    RECEPTION = "reception", _("Reception and guidance")
    EXPERIENCE = "experience", _("Experience area")
    SELF_SERVICE = "self_service", _("Self-service")
    WAITING = "waiting", _("Waiting area")
    COUNTERS = "counters", _("Counter area")
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


class QueueEventType(models.TextChoices):
    """What the queuing system (叫号系统) reports about a ticket."""

    ISSUED = "issued", _("Ticket issued")
    CALLED = "called", _("Called to a counter")
    SERVICE_STARTED = "service_started", _("Service started")
    SERVED = "served", _("Served")
    LEFT_WITHOUT_SERVICE = "left_without_service", _("Left without service")


class CustomerTier(models.TextChoices):
    """The customer's value tier as the queuing system knows it (star customers)."""

    GOLD = "gold", _("Gold")
    SILVER = "silver", _("Silver")
    BRONZE = "bronze", _("Bronze")
    ORDINARY = "ordinary", _("Ordinary")


class IngestKind(models.TextChoices):
    QUEUE_EVENTS = "queue_events", _("Queue ticket events")
    DEVICE_PRESSES = "device_presses", _("Satisfaction-device presses")


class IngestSource(models.TextChoices):
    TOKEN = "token", _("Integration token")
    API = "api", _("API, signed-in user")
    CSV = "csv", _("CSV upload")
