"""Incentive schemes (versioned per region and hall kind), monthly runs, each hall's pool and each person's line.

Imported by performance/models.py so Django sees the models. The rules are written down in docs/incentives.md;
the arithmetic lives in performance/incentives/ (pure functions first, then the run service that feeds them).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ScopedTimeStampedModel, actor_field
from core.roles import Role
from core.scoping import Scope, ScopedModel
from halls.choices import HallKind
from halls.models import Hall, Region
from staffing.models import StaffMember

from .choices import GateScope, RunStatus
from .kpi_models import KpiDefinition


def _pay_scope_q(model: type[ScopedModel], scope: Scope) -> Q:
    """Pay is for those who run the hall: its managers (not its inspectors) and HQ of its region."""
    q = Q(pk__in=[])
    managed = sorted(hall for hall, roles in scope.hall_roles.items() if Role.MANAGER in roles)
    if managed:
        q |= Q(**{f"{model.scope_hall_field}__in": managed})
    if scope.region_ids:
        q |= Q(**{f"{model.scope_region_field}__in": sorted(scope.region_ids)})
    return q


MONEY = {"max_digits": 12, "decimal_places": 2}
FACTOR = {"max_digits": 7, "decimal_places": 4}
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class IncentiveScheme(ScopedTimeStampedModel):
    """One version of the incentive rules for the halls of one kind in one region, in force from a month on.

    For a hall and a month the scheme in force is the highest version of its region and kind whose
    `effective_from` is not after the month. A version that a run has used never changes (a change is a new
    version); an unused one may be edited. Field by field meaning: docs/incentives.md."""

    scope_region_field = "region"

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="incentive_schemes", verbose_name=_("region")
    )
    hall_kind = models.CharField(_("hall kind"), max_length=20, choices=HallKind.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("in force from"), help_text=_("First day of the first month it applies to."))
    name = models.CharField(_("name"), max_length=120)
    note = models.CharField(_("what changed"), max_length=200, blank=True)

    # The hall pool: (base + per head x people on the month's roster) x attainment factor.
    base_pool = models.DecimalField(_("base pool per hall"), **MONEY, validators=NOT_NEGATIVE)
    pool_per_head = models.DecimalField(
        _("pool per person"),
        **MONEY,
        default=Decimal("0"),
        validators=NOT_NEGATIVE,
        help_text=_("Added to the base for each person with rostered hours in the month."),
    )
    kpi_cap = models.DecimalField(
        _("cap on one KPI's attainment"),
        **FACTOR,
        default=Decimal("1.5"),
        validators=NOT_NEGATIVE,
        help_text=_("One KPI far above target cannot make up for the others beyond this."),
    )
    attainment_floor = models.DecimalField(
        _("pool floor"),
        **FACTOR,
        default=Decimal("0.5"),
        validators=NOT_NEGATIVE,
        help_text=_("The pool factor never falls below this (0.5: at least half the base)."),
    )
    attainment_cap = models.DecimalField(
        _("pool cap"),
        **FACTOR,
        default=Decimal("1.2"),
        validators=NOT_NEGATIVE,
        help_text=_("The pool factor never rises above this."),
    )

    # Gates.
    critical_fail_scope = models.CharField(
        _("failed critical item cuts"), max_length=8, choices=GateScope.choices, default=GateScope.HALL
    )
    critical_fail_cut = models.DecimalField(
        _("failed critical item cut (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=PERCENT,
        help_text=_("Per published inspection with a failed critical item; 100 voids the share."),
    )
    serious_complaint_scope = models.CharField(
        _("upheld serious complaint cuts"), max_length=8, choices=GateScope.choices, default=GateScope.PERSON
    )
    serious_complaint_cut = models.DecimalField(
        _("upheld serious complaint cut (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=PERCENT,
        help_text=_("Per upheld complaint of high or critical severity; 100 voids the share."),
    )

    # Each person's share: star coefficient x hours worked x personal factor.
    star1_coefficient = models.DecimalField(
        _("1-star coefficient"), **FACTOR, default=Decimal("1.0"), validators=NOT_NEGATIVE
    )
    star2_coefficient = models.DecimalField(
        _("2-star coefficient"), **FACTOR, default=Decimal("1.1"), validators=NOT_NEGATIVE
    )
    star3_coefficient = models.DecimalField(
        _("3-star coefficient"), **FACTOR, default=Decimal("1.2"), validators=NOT_NEGATIVE
    )
    star4_coefficient = models.DecimalField(
        _("4-star coefficient"), **FACTOR, default=Decimal("1.35"), validators=NOT_NEGATIVE
    )
    star5_coefficient = models.DecimalField(
        _("5-star coefficient"), **FACTOR, default=Decimal("1.5"), validators=NOT_NEGATIVE
    )
    mystery_standard = models.DecimalField(
        _("mystery-shop standard"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("85"),
        validators=PERCENT,
        help_text=_("A person's mystery-shop score above this raises their factor, below it lowers it."),
    )
    mystery_weight = models.DecimalField(
        _("mystery-shop weight"),
        **FACTOR,
        default=Decimal("1"),
        validators=NOT_NEGATIVE,
        help_text=_("Factor change per 100 points away from the standard."),
    )
    satisfaction_standard = models.DecimalField(
        _("satisfaction standard (%)"), max_digits=5, decimal_places=2, default=Decimal("90"), validators=PERCENT
    )
    satisfaction_weight = models.DecimalField(
        _("satisfaction weight"),
        **FACTOR,
        default=Decimal("1"),
        validators=NOT_NEGATIVE,
        help_text=_("Factor change per 100 percentage points away from the standard."),
    )
    personal_floor = models.DecimalField(
        _("personal factor floor"), **FACTOR, default=Decimal("0.8"), validators=NOT_NEGATIVE
    )
    personal_cap = models.DecimalField(
        _("personal factor cap"), **FACTOR, default=Decimal("1.2"), validators=NOT_NEGATIVE
    )

    created_by = actor_field(_("created by"))

    class Meta:
        ordering = ["region__code", "hall_kind", "-version"]
        verbose_name = _("incentive scheme")
        verbose_name_plural = _("incentive schemes")
        constraints = [
            models.UniqueConstraint(fields=["region", "hall_kind", "version"], name="incentive_scheme_version_once"),
            models.CheckConstraint(
                condition=Q(attainment_floor__lte=models.F("attainment_cap")), name="incentive_scheme_floor_below_cap"
            ),
            models.CheckConstraint(
                condition=Q(personal_floor__lte=models.F("personal_cap")),
                name="incentive_scheme_personal_floor_below_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def clean(self) -> None:
        errors = {}
        if self.effective_from and self.effective_from.day != 1:
            errors["effective_from"] = _("Give the first day of the month.")
        if None not in (self.attainment_floor, self.attainment_cap) and self.attainment_floor > self.attainment_cap:
            errors["attainment_floor"] = _("The floor cannot be above the cap.")
        if None not in (self.personal_floor, self.personal_cap) and self.personal_floor > self.personal_cap:
            errors["personal_floor"] = _("The floor cannot be above the cap.")
        if errors:
            raise ValidationError(errors)

    def star_coefficient(self, grade: int) -> Decimal:
        return getattr(self, f"star{min(max(grade, 1), 5)}_coefficient")


# The rule fields of a scheme (everything but who it is for and when): the form, the API and a new version's
# copy all read this list.
SCHEME_TERMS = (
    "base_pool",
    "pool_per_head",
    "kpi_cap",
    "attainment_floor",
    "attainment_cap",
    "critical_fail_scope",
    "critical_fail_cut",
    "serious_complaint_scope",
    "serious_complaint_cut",
    "star1_coefficient",
    "star2_coefficient",
    "star3_coefficient",
    "star4_coefficient",
    "star5_coefficient",
    "mystery_standard",
    "mystery_weight",
    "satisfaction_standard",
    "satisfaction_weight",
    "personal_floor",
    "personal_cap",
)


class SchemeKpi(models.Model):
    """One KPI counted by a scheme's pool, with its weight (weights need not add up to 100: they are
    normalised over the KPIs that have a value and a target that month)."""

    scheme = models.ForeignKey(IncentiveScheme, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("scheme"))
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.PROTECT, related_name="+", verbose_name=_("KPI"))
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["scheme", "kpi__order"]
        verbose_name = _("scheme KPI")
        verbose_name_plural = _("scheme KPIs")
        constraints = [models.UniqueConstraint(fields=["scheme", "kpi"], name="scheme_kpi_once")]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.kpi_id} {self.weight}"


class IncentiveRun(ScopedTimeStampedModel):
    """The month's incentive computation for one region: a hall pool per open hall and a line per person.

    Draft: recomputed at will; each hall's manager reviews their hall (and may correct hours worked). HQ
    approves, then locks. A locked run never changes; a correction is a new run with `corrects` set."""

    scope_region_field = "region"

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="incentive_runs", verbose_name=_("region")
    )
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("corrects")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    created_by = actor_field(_("created by"))
    approved_by = actor_field(_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    locked_by = actor_field(_("locked by"))
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "region__code", "-pk"]
        verbose_name = _("incentive run")
        verbose_name_plural = _("incentive runs")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month"], condition=Q(corrects__isnull=True), name="incentive_run_once_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} #{self.pk}"

    @property
    def is_locked(self) -> bool:
        return self.status == RunStatus.LOCKED


class HallPool(ScopedModel):
    """One hall's pool in a run and how it came about. `explanation` keeps the inputs as they were (KPI by
    KPI, touchpoint by touchpoint, each gate) so a locked run explains itself even after the data moved on.

    pool_before_gates - gate_cut = pool; the lines' shares add up to `pool` exactly; each line's
    amount + cut = its share, so paid + withheld = pool."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    run = models.ForeignKey(IncentiveRun, on_delete=models.CASCADE, related_name="pools", verbose_name=_("run"))
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="incentive_pools", verbose_name=_("hall"))
    scheme = models.ForeignKey(
        IncentiveScheme, on_delete=models.PROTECT, related_name="pools", verbose_name=_("scheme")
    )
    headcount = models.PositiveIntegerField(_("people"), default=0)
    base = models.DecimalField(_("base"), **MONEY, default=Decimal("0"))
    attainment = models.DecimalField(
        _("weighted attainment"), **FACTOR, null=True, blank=True, help_text=_("Empty when no KPI had data.")
    )
    factor = models.DecimalField(_("pool factor"), **FACTOR, default=Decimal("1"))
    pool_before_gates = models.DecimalField(_("pool before gates"), **MONEY, default=Decimal("0"))
    gate_cut = models.DecimalField(_("cut by gates"), **MONEY, default=Decimal("0"))
    pool = models.DecimalField(_("pool"), **MONEY, default=Decimal("0"))
    paid = models.DecimalField(_("paid"), **MONEY, default=Decimal("0"))
    withheld = models.DecimalField(_("withheld from people"), **MONEY, default=Decimal("0"))
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    frozen = models.BooleanField(
        _("frozen"), default=False, help_text=_("A pending mystery-shop appeal touches every line of the hall.")
    )
    reviewed_by = actor_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "hall__code"]
        verbose_name = _("hall incentive pool")
        verbose_name_plural = _("hall incentive pools")
        constraints = [models.UniqueConstraint(fields=["run", "hall"], name="hall_pool_once_per_run")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.hall_id} {self.pool}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return _pay_scope_q(cls, scope)


class IncentiveLine(ScopedModel):
    """One person's share of their hall's pool in a run, with the numbers it came from.

    points = star coefficient x hours worked x personal factor; share = pool x points / all points (rounded
    to the cent by largest remainder); amount = share - cut. A frozen line (a pending appeal on a mystery
    shop it depends on) is not exported for payroll until the appeal is decided and the run recomputed (or,
    once locked, corrected). The person sees their own lines, and nobody else's."""

    scope_hall_field = "pool__hall"
    scope_region_field = "pool__hall__region"

    pool = models.ForeignKey(HallPool, on_delete=models.CASCADE, related_name="lines", verbose_name=_("hall pool"))
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="incentive_lines", verbose_name=_("staff member")
    )
    grade = models.PositiveSmallIntegerField(_("star grade"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    star_coefficient = models.DecimalField(_("star coefficient"), **FACTOR)
    hours_rostered = models.DecimalField(_("hours rostered"), max_digits=7, decimal_places=2, default=Decimal("0"))
    hours_worked = models.DecimalField(_("hours worked"), max_digits=7, decimal_places=2, default=Decimal("0"))
    hours_note = models.CharField(
        _("why hours worked differ"),
        max_length=200,
        blank=True,
        help_text=_("Set when the manager corrects hours worked; kept when the run is recomputed."),
    )
    mystery_score = models.DecimalField(_("mystery-shop score"), max_digits=5, decimal_places=2, null=True, blank=True)
    satisfaction_rate = models.DecimalField(
        _("satisfaction (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    personal_factor = models.DecimalField(_("personal factor"), **FACTOR, default=Decimal("1"))
    points = models.DecimalField(_("points"), max_digits=14, decimal_places=4, default=Decimal("0"))
    share = models.DecimalField(_("share"), **MONEY, default=Decimal("0"))
    cut = models.DecimalField(_("cut by gates"), **MONEY, default=Decimal("0"))
    amount = models.DecimalField(_("amount"), **MONEY, default=Decimal("0"))
    previous_amount = models.DecimalField(
        _("amount in the corrected run"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("Only on a correction run: what the run it corrects gave this person."),
    )
    frozen = models.BooleanField(_("frozen"), default=False)
    frozen_reason = models.CharField(_("why frozen"), max_length=200, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pool", "staff__name"]
        verbose_name = _("incentive line")
        verbose_name_plural = _("incentive lines")
        constraints = [models.UniqueConstraint(fields=["pool", "staff"], name="incentive_line_once_per_pool")]

    def __str__(self) -> str:
        return f"{self.pool_id} {self.staff_id} {self.amount}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # A staff member sees their own lines (the hall's managers and HQ see the hall's, by the usual scope).
        own = Q(staff__user_id=scope.user_id) if scope.user_id else Q(pk__in=[])
        return _pay_scope_q(cls, scope) | own
