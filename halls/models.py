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

from core.models import ScopedTimeStampedModel, TimeStampedModel
from core.roles import Role
from core.scoping import Scope
from core.validators import validate_time_zone

from .choices import HallKind, HallStatus, Weekday, ZoneKind

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
