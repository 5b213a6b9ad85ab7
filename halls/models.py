"""Regions, halls and their zones, opening hours and special days, and users' role assignments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ScopedTimeStampedModel, TimeStampedModel, actor_field
from core.roles import Role
from core.scoping import Scope, ScopedModel
from core.validators import validate_time_zone

from .choices import CustomerTier, HallKind, HallStatus, IngestKind, IngestSource, QueueEventType, Weekday, ZoneKind

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$",
    _("Use 1-20 letters, digits, '-' or '_', starting with a letter or digit."),
)


class Region(ScopedTimeStampedModel):
    """A regional company or city branch that runs a set of halls; HQ users are scoped to regions."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return Q(pk__in=sorted(scope.region_ids | scope.hall_region_ids))

    def scope_region_id(self) -> int | None:
        return self.pk


class Hall(ScopedTimeStampedModel):
    """A customer-facing business hall (营业厅), self-owned or partner-run."""

    scope_hall_field = "pk"
    scope_region_field = "region"

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="halls", verbose_name=_("region"))
    kind = models.CharField(_("kind"), max_length=20, choices=HallKind.choices, default=HallKind.SELF_OWNED)
    address = models.CharField(_("address"), max_length=255, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    counters = models.PositiveSmallIntegerField(
        _("counters"), default=4, validators=[MaxValueValidator(200)], help_text=_("Service counters in the hall.")
    )
    kiosks = models.PositiveSmallIntegerField(_("self-service kiosks"), default=0, validators=[MaxValueValidator(200)])
    status = models.CharField(_("status"), max_length=20, choices=HallStatus.choices, default=HallStatus.OPEN)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        indexes = [models.Index(fields=["region", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def scope_hall_id(self) -> int | None:
        return self.pk

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local_now(self) -> dt.datetime:
        return timezone.now().astimezone(self.tzinfo)

    def hours_on(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        """Opening and closing time on a date, after special days; None when closed.

        Uses prefetched `opening_hours` and `special_days` when they are there.
        """
        if self.status != HallStatus.OPEN:
            return None
        for special in self.special_days.all():
            if special.date == day:
                return None if special.closed else (special.opens, special.closes)
        for hours in self.opening_hours.all():
            if hours.weekday == day.weekday():
                return None if hours.closed else (hours.opens, hours.closes)
        return None

    def is_open_at(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.tzinfo)
        hours = self.hours_on(local.date())
        return hours is not None and hours[0] <= local.time() < hours[1]


class HoursBase(models.Model):
    """Opening and closing time, or closed; closing must come after opening."""

    closed = models.BooleanField(_("closed"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def hours_constraint(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(closed=True) | Q(opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
            name=name,
        )


class OpeningHours(HoursBase, ScopedTimeStampedModel):
    """A hall's regular hours on one weekday."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("hall"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)

    class Meta:
        ordering = ["hall", "weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(fields=["hall", "weekday"], name="opening_hours_one_per_weekday"),
            HoursBase.hours_constraint("opening_hours_close_after_open"),
        ]

    def __str__(self) -> str:
        if self.closed:
            return f"{self.get_weekday_display()}: {_('closed')}"
        return f"{self.get_weekday_display()}: {self.opens:%H:%M}-{self.closes:%H:%M}"


class SpecialDay(HoursBase, ScopedTimeStampedModel):
    """A dated exception to the regular hours: a holiday closure or shortened hours."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="special_days", verbose_name=_("hall"))
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["hall", "date"]
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        constraints = [
            models.UniqueConstraint(fields=["hall", "date"], name="special_day_one_per_date"),
            HoursBase.hours_constraint("special_day_close_after_open"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


class Zone(ScopedTimeStampedModel):
    """A functional area of a hall (storefront, reception, experience area, counters, ...)."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="zones", verbose_name=_("hall"))
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices)
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["hall", "order", "pk"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [models.UniqueConstraint(fields=["hall", "name"], name="zone_name_unique_in_hall")]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(TimeStampedModel):
    """A user's role and where it applies: regions for HQ, halls for managers, inspectors and staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    regions = models.ManyToManyField(Region, blank=True, related_name="role_assignments", verbose_name=_("regions"))
    halls = models.ManyToManyField(Hall, blank=True, related_name="role_assignments", verbose_name=_("halls"))

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_user_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class TrafficCount(models.Model):
    """Customers who arrived at a hall in one 30-minute slot (from the queuing system or a door counter)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="traffic", verbose_name=_("hall"))
    date = models.DateField(_("date"))
    slot_start = models.TimeField(_("slot start"), help_text=_("Local time at which the 30-minute slot begins."))
    arrivals = models.PositiveIntegerField(_("arrivals"))

    class Meta:
        ordering = ["hall", "date", "slot_start"]
        verbose_name = _("traffic count")
        verbose_name_plural = _("traffic counts")
        constraints = [models.UniqueConstraint(fields=["hall", "date", "slot_start"], name="traffic_one_per_slot")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.date} {self.slot_start:%H:%M} {self.arrivals}"


# --- Hall operating data: the queue and the integration that feeds it (docs/customer-voice.md) ---


class HallToken(TimeStampedModel):
    """The integration token of one hall's queuing system and satisfaction devices.

    Only a SHA-256 hash of the token is kept (the token has 256 random bits, so a plain hash is enough);
    the token itself is shown once, when HQ creates or rotates it. Rotating replaces it at once.
    """

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="token", verbose_name=_("hall"))
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    prefix = models.CharField(_("token starts with"), max_length=16, help_text=_("To recognise it; not secret."))
    created_by = actor_field(_("created by"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("hall integration token")
        verbose_name_plural = _("hall integration tokens")

    def __str__(self) -> str:
        return f"{self.hall_id} {self.prefix}…"


class IngestBatch(ScopedModel):
    """One delivery of events (an API request or a CSV file) and what became of each row."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="ingest_batches", verbose_name=_("hall"))
    kind = models.CharField(_("kind"), max_length=20, choices=IngestKind.choices)
    source = models.CharField(_("source"), max_length=10, choices=IngestSource.choices)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    by = actor_field(_("sent by"))
    strict = models.BooleanField(_("strict"), default=False, help_text=_("All rows or none."))
    received = models.PositiveIntegerField(_("received"), default=0)
    stored = models.PositiveIntegerField(_("stored"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # [{"index": 0, "row": 2, "event_id": "...", "errors": {"field": "message"}}], the first MAX_KEPT_REJECTIONS.
    rejections = models.JSONField(_("rejected rows"), default=list, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)

    MAX_KEPT_REJECTIONS = 1000

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ingest batch")
        verbose_name_plural = _("ingest batches")
        indexes = [models.Index(fields=["hall", "kind", "-created_at"], name="ingest_batch_hall_kind")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def refused(self) -> bool:
        """A strict delivery with a rejected row stores nothing."""
        return self.strict and self.rejected > 0


class QueueEvent(ScopedModel):
    """One event of one ticket as the hall's queuing system reported it, exactly as received.

    `source_event_id` is the queuing system's own id of the event: unique per hall, so sending the same
    events again stores nothing new. Ticket numbers restart every day, so a ticket is (hall, service_day,
    ticket); `service_day` is the hall's local date of `occurred_at`.
    """

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="queue_events", verbose_name=_("hall"))
    source_event_id = models.CharField(_("source event id"), max_length=64)
    ticket = models.CharField(_("ticket"), max_length=20)
    event_type = models.CharField(_("event"), max_length=24, choices=QueueEventType.choices)
    counter = models.PositiveSmallIntegerField(_("counter"), null=True, blank=True)
    service_type = models.CharField(_("service type"), max_length=40, blank=True)
    tier = models.CharField(_("customer tier"), max_length=10, choices=CustomerTier.choices, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    service_day = models.DateField(_("service day"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    batch = models.ForeignKey(
        IngestBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("batch")
    )

    class Meta:
        ordering = ["hall", "occurred_at", "pk"]
        verbose_name = _("queue event")
        verbose_name_plural = _("queue events")
        constraints = [
            models.UniqueConstraint(fields=["hall", "source_event_id"], name="queue_event_source_id_unique"),
        ]
        indexes = [
            models.Index(fields=["hall", "service_day"], name="queue_event_hall_day"),
            models.Index(fields=["received_at"], name="queue_event_received"),
        ]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.ticket} {self.event_type} {self.occurred_at:%Y-%m-%d %H:%M:%S}"


class QueueTicket(ScopedModel):
    """One customer's ticket, derived from its events: when it was issued, called, started, served or
    abandoned, the wait and the handling time. Rebuilt from the events whenever its day is refreshed.

    wait = (called, else service started) - issued; handling = served - (service started, else called);
    walked out = left without service and never served. Formulas and edge cases: docs/customer-voice.md.
    The staff member attributed to the ticket is in touchpoints (TicketAttribution): halls knows no staff.
    """

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="queue_tickets", verbose_name=_("hall"))
    day = models.DateField(_("day"))
    ticket = models.CharField(_("ticket"), max_length=20)
    tier = models.CharField(_("customer tier"), max_length=10, choices=CustomerTier.choices)
    service_type = models.CharField(_("service type"), max_length=40, blank=True)
    counter = models.PositiveSmallIntegerField(_("counter"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    served_at = models.DateTimeField(_("served"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    hour = models.PositiveSmallIntegerField(_("hour"), help_text=_("Local hour of arrival, 0-23."))
    wait_seconds = models.PositiveIntegerField(_("wait (s)"), null=True, blank=True)
    handling_seconds = models.PositiveIntegerField(_("handling (s)"), null=True, blank=True)
    walked_out = models.BooleanField(_("walked out"), default=False)

    class Meta:
        ordering = ["hall", "day", "issued_at", "pk"]
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        constraints = [models.UniqueConstraint(fields=["hall", "day", "ticket"], name="queue_ticket_unique")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.day} {self.ticket}"

    @property
    def served(self) -> bool:
        return self.served_at is not None


class QueueHour(ScopedModel):
    """The queue of one hall in one local hour, rolled up from its tickets (by the hour they arrived in).

    The figures are kept as counts and sums so that days, weeks and regions add up exactly; the means and
    the 90th percentile are for this hour only (a percentile cannot be added up). `target_wait_seconds` is the
    hall's target wait when the hour was rolled up (staffing's demand profile, passed in by the caller).
    """

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="queue_hours", verbose_name=_("hall"))
    day = models.DateField(_("day"))
    hour = models.PositiveSmallIntegerField(_("hour"), help_text=_("Local hour, 0-23."))
    starts_at = models.DateTimeField(_("starts"))
    tickets = models.PositiveIntegerField(_("tickets"), default=0)
    served = models.PositiveIntegerField(_("served"), default=0)
    walk_outs = models.PositiveIntegerField(_("walk-outs"), default=0)
    waits_measured = models.PositiveIntegerField(_("served with a measured wait"), default=0)
    wait_seconds_total = models.PositiveBigIntegerField(_("total wait (s)"), default=0)
    mean_wait_seconds = models.DecimalField(_("mean wait (s)"), max_digits=9, decimal_places=1, null=True)
    p90_wait_seconds = models.PositiveIntegerField(_("90th-percentile wait (s)"), null=True)
    target_wait_seconds = models.PositiveIntegerField(_("target wait (s)"))
    served_within_target = models.PositiveIntegerField(_("served within the target wait"), default=0)
    handled = models.PositiveIntegerField(_("served with a measured handling time"), default=0)
    handling_seconds_total = models.PositiveBigIntegerField(_("total handling (s)"), default=0)
    mean_handling_seconds = models.DecimalField(_("mean handling (s)"), max_digits=9, decimal_places=1, null=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        ordering = ["hall", "day", "hour"]
        verbose_name = _("queue hour")
        verbose_name_plural = _("queue hours")
        constraints = [models.UniqueConstraint(fields=["hall", "day", "hour"], name="queue_hour_unique")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.day} {self.hour:02d}h"

    @property
    def within_target_share(self) -> float | None:
        return self.served_within_target / self.waits_measured if self.waits_measured else None
