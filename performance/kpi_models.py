"""KPI definitions, their targets per hall kind and month, monthly sales figures and the daily facts per hall.

Imported by performance/models.py so Django sees the models; formulas live in performance/kpis/.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import ScopedTimeStampedModel
from core.scoping import ScopedModel
from halls.choices import HallKind
from halls.models import Hall


class Quadrant(models.TextChoices):
    """The four perspectives of the balanced scorecard."""

    CUSTOMER = "customer", pgettext_lazy("scorecard", "Customer")
    OPERATIONS = "operations", pgettext_lazy("scorecard", "Operations")
    PEOPLE = "people", pgettext_lazy("scorecard", "People")
    FINANCE = "finance", pgettext_lazy("scorecard", "Finance")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class KpiStatus(models.TextChoices):
    GREEN = "green", pgettext_lazy("kpi status", "On target")
    AMBER = "amber", pgettext_lazy("kpi status", "Near target")
    RED = "red", pgettext_lazy("kpi status", "Off target")


class KpiDefinition(models.Model):
    """One KPI: what it measures, its quadrant, unit and direction, and the key of its formula in
    performance/kpis/formulas.py (which writes its daily numerator and denominator). Seeded by a migration;
    an operator may rename or deactivate one, not invent a formula."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    quadrant = models.CharField(_("quadrant"), max_length=12, choices=Quadrant.choices)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=12, help_text=_("%, min, s, per 1,000, count, score."))
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    formula = models.CharField(_("formula key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("KPI definition")
        verbose_name_plural = _("KPI definitions")

    def __str__(self) -> str:
        return self.code


class KpiTarget(models.Model):
    """The thresholds of one KPI for one hall kind: in a given month, or (month empty) by default.
    Higher-is-better: value >= green is green, >= amber is amber, else red; lower-is-better the other way."""

    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="targets", verbose_name=_("KPI"))
    hall_kind = models.CharField(_("hall kind"), max_length=20, choices=HallKind.choices)
    month = models.DateField(_("month"), null=True, blank=True, help_text=_("First day of the month; empty: default."))
    green = models.DecimalField(_("green threshold (target)"), max_digits=10, decimal_places=2)
    amber = models.DecimalField(_("amber threshold"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["kpi", "hall_kind", "month"]
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "hall_kind", "month"], name="kpi_target_once"),
            models.UniqueConstraint(
                fields=["kpi", "hall_kind"], condition=Q(month__isnull=True), name="kpi_target_default_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.hall_kind} {self.month or '-'}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Give the first day of the month.")})
        if self.green is None or self.amber is None:
            return
        higher = self.kpi.direction == Direction.HIGHER
        if (higher and self.amber > self.green) or (not higher and self.amber < self.green):
            raise ValidationError({"amber": _("The amber threshold must lie on the worse side of the target.")})

    def status_of(self, value: Decimal | None) -> str | None:
        return status_for(value, direction=self.kpi.direction, green=self.green, amber=self.amber)


def status_for(value: Decimal | None, *, direction: str, green: Decimal, amber: Decimal) -> str | None:
    """green / amber / red for a value against thresholds; None when there is no value."""
    if value is None:
        return None
    if direction == Direction.HIGHER:
        return KpiStatus.GREEN if value >= green else KpiStatus.AMBER if value >= amber else KpiStatus.RED
    return KpiStatus.GREEN if value <= green else KpiStatus.AMBER if value <= amber else KpiStatus.RED


class SalesFigure(ScopedTimeStampedModel):
    """A hall's sales in one month as imported from the sales system, with the month's targets."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="sales_figures", verbose_name=_("hall"))
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    new_lines = models.PositiveIntegerField(_("new lines"), default=0)
    new_lines_target = models.PositiveIntegerField(_("new lines target"), default=0)
    broadband = models.PositiveIntegerField(_("broadband"), default=0)
    broadband_target = models.PositiveIntegerField(_("broadband target"), default=0)
    devices = models.PositiveIntegerField(_("devices"), default=0)
    devices_target = models.PositiveIntegerField(_("devices target"), default=0)

    class Meta:
        ordering = ["hall", "month"]
        verbose_name = _("sales figure")
        verbose_name_plural = _("sales figures")
        constraints = [models.UniqueConstraint(fields=["hall", "month"], name="sales_figure_once")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.month:%Y-%m}"


class DailyFact(ScopedModel):
    """One KPI of one hall on one local day, as a numerator and a denominator, so that any period's value is
    sum(numerator) / sum(denominator) (times the KPI's scale), never a mean of daily values. A percentile
    cannot be added up: its exact wait histogram ({seconds: tickets}) is kept and merged instead.
    Written only by performance/kpis/facts.py (rebuilt per hall and day range, idempotently)."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="kpi_facts", verbose_name=_("hall"))
    day = models.DateField(_("day"))
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.CASCADE, related_name="facts", verbose_name=_("KPI"))
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=2, default=0)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=2, default=0)
    histogram = models.JSONField(_("histogram"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        ordering = ["hall", "day", "kpi"]
        verbose_name = _("daily KPI fact")
        verbose_name_plural = _("daily KPI facts")
        constraints = [models.UniqueConstraint(fields=["hall", "day", "kpi"], name="daily_fact_once")]
        indexes = [models.Index(fields=["day", "hall"], name="daily_fact_day_hall")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.day} {self.kpi_id}"


class MonthlyFact(ScopedModel):
    """One KPI of one hall in one month (`month`: its first day): the sums of the month's DailyFact numerators
    and denominators, and for a percentile KPI the merged wait histogram, so that a month's or a quarter's value is
    sum(numerator) / sum(denominator) exactly as from the daily rows, reading 30 times fewer rows (the regional
    dashboard). Written only by performance/kpis/facts.py, recomputed from the daily rows whenever a day of the
    month is rebuilt."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="kpi_months", verbose_name=_("hall"))
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="monthly_facts", verbose_name=_("KPI")
    )
    numerator = models.DecimalField(_("numerator"), max_digits=18, decimal_places=2, default=0)
    denominator = models.DecimalField(_("denominator"), max_digits=18, decimal_places=2, default=0)
    histogram = models.JSONField(_("histogram"), null=True, blank=True)
    p90_seconds = models.PositiveIntegerField(
        _("90th percentile (seconds)"),
        null=True,
        blank=True,
        help_text=_("Nearest-rank 90th percentile of the merged histogram, stored by the roll-up."),
    )
    days = models.PositiveSmallIntegerField(_("days with facts"), default=0)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        ordering = ["hall", "month", "kpi"]
        verbose_name = _("monthly KPI fact")
        verbose_name_plural = _("monthly KPI facts")
        constraints = [models.UniqueConstraint(fields=["hall", "month", "kpi"], name="monthly_fact_once")]
        indexes = [models.Index(fields=["month", "kpi"], name="monthly_fact_month_kpi")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.month:%Y-%m} {self.kpi_id}"
