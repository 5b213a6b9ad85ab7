"""The star ladder (versioned per region), training records, quarterly evaluations and their proposals."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ScopedTimeStampedModel, actor_field
from core.scoping import Scope
from halls.models import Hall, Region
from staffing.models import GradeChange, StaffMember

from .choices import ProposalChange, ProposalStatus

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Ladder(ScopedTimeStampedModel):
    """One version of the star ladder of a region (or the default, with no region): the criteria of each
    step up and the demotion rule. A change is a new version; the latest version of the region is in force,
    and a region without one uses the latest default. Evaluations keep the version they used."""

    scope_region_field = "region"

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="star_ladders",
        verbose_name=_("region"),
        help_text=_("Empty for the default ladder used by regions without their own."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    demotion_quarters = models.PositiveSmallIntegerField(
        _("quarters below the floor before a demotion"),
        default=2,
        validators=[MaxValueValidator(8)],
        help_text=_("0 turns demotions off."),
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = actor_field(_("created by"))

    class Meta:
        ordering = ["region__code", "-version"]
        verbose_name = _("star ladder")
        verbose_name_plural = _("star ladders")
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="ladder_version_once_per_region"),
            models.UniqueConstraint(
                fields=["version"], condition=Q(region__isnull=True), name="ladder_default_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.code if self.region_id else '*'} v{self.version}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # The default ladder applies everywhere; a region's ladder to the people who work in or govern it.
        regions = sorted(scope.region_ids | scope.hall_region_ids)
        q = Q(region__isnull=True) | Q(region__in=regions)
        if scope.user_id:
            # A staff member sees the ladder of their own hall's region (what their next step needs).
            q |= Q(region__in=StaffMember.objects.filter(user_id=scope.user_id).values("hall__region_id"))
        return q

    def step_to(self, grade: int) -> LadderStep | None:
        for step in self.steps.all():
            if step.to_grade == grade:
                return step
        return None


class LadderStep(models.Model):
    """The criteria for one step up the ladder, to `to_grade` (2-5). An empty threshold is not asked for.
    The same figures are the floor of that grade: someone at it who falls below them quarter after quarter
    is proposed for demotion."""

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="steps")
    to_grade = models.PositiveSmallIntegerField(_("to grade"), validators=[MinValueValidator(2), MaxValueValidator(5)])
    months_at_grade = models.PositiveSmallIntegerField(
        _("months at the current grade"), default=6, validators=[MaxValueValidator(120)]
    )
    min_mystery_shop = models.DecimalField(
        _("minimum mystery-shop score"), max_digits=4, decimal_places=1, null=True, blank=True, validators=PERCENT
    )
    min_satisfaction = models.DecimalField(
        _("minimum satisfaction rate (%)"), max_digits=4, decimal_places=1, null=True, blank=True, validators=PERCENT
    )
    max_complaints = models.PositiveSmallIntegerField(
        _("complaints cap per quarter"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    training_course = models.CharField(
        _("training or exam to pass"), max_length=80, blank=True, help_text=_("Empty when none is asked for.")
    )
    mentor_sign_off = models.BooleanField(_("mentor's sign-off required"), default=False)

    class Meta:
        ordering = ["ladder", "to_grade"]
        verbose_name = _("ladder step")
        verbose_name_plural = _("ladder steps")
        constraints = [
            models.UniqueConstraint(fields=["ladder", "to_grade"], name="ladder_step_once_per_grade"),
            models.CheckConstraint(condition=Q(to_grade__gte=2, to_grade__lte=5), name="ladder_step_2_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.ladder} -> {self.to_grade}"


class TrainingRecord(ScopedTimeStampedModel):
    """A course or exam a staff member passed (a criterion of ladder steps that name the course)."""

    scope_hall_field = "staff__hall"
    scope_region_field = "staff__hall__region"

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="training_records", verbose_name=_("staff member")
    )
    course = models.CharField(_("course or exam"), max_length=80)
    passed_on = models.DateField(_("passed on"))
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True, validators=PERCENT)
    recorded_by = actor_field(_("recorded by"))

    class Meta:
        ordering = ["staff", "-passed_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return f"{self.staff_id} {self.course} {self.passed_on}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        own = Q(staff__user_id=scope.user_id) if scope.user_id else Q(pk__in=[])
        return super().scope_q(scope) | own


class Evaluation(ScopedTimeStampedModel):
    """The quarterly star evaluation of one hall: the ladder version it used and one proposal per person."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="star_evaluations", verbose_name=_("hall"))
    quarter_start = models.DateField(_("quarter from"))
    quarter_end = models.DateField(_("quarter to"))
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("ladder"))
    run_by = actor_field(_("run by"))

    class Meta:
        ordering = ["-quarter_start", "hall__code"]
        verbose_name = _("star evaluation")
        verbose_name_plural = _("star evaluations")
        constraints = [models.UniqueConstraint(fields=["hall", "quarter_start"], name="evaluation_once_per_quarter")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.quarter_label}"

    @property
    def quarter_label(self) -> str:
        return f"{self.quarter_start.year} Q{(self.quarter_start.month - 1) // 3 + 1}"


class GradeProposal(ScopedTimeStampedModel):
    """What the evaluation proposes for one person, with the evidence (each criterion: value, threshold, met,
    where the numbers come from). Nothing changes a grade until HQ approves; approval writes a GradeChange."""

    scope_hall_field = "evaluation__hall"
    scope_region_field = "evaluation__hall__region"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="proposals")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="grade_proposals", verbose_name=_("staff member")
    )
    change = models.CharField(_("proposal"), max_length=20, choices=ProposalChange.choices)
    from_grade = models.PositiveSmallIntegerField(_("from"))
    to_grade = models.PositiveSmallIntegerField(_("to"))
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices)
    recommended_by = actor_field(_("recommended by"))
    recommended_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    manager_note = models.CharField(_("manager's note"), max_length=300, blank=True)
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("HQ's note"), max_length=300, blank=True)
    grade_change = models.OneToOneField(
        GradeChange, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "staff__name"]
        verbose_name = _("grade proposal")
        verbose_name_plural = _("grade proposals")
        constraints = [models.UniqueConstraint(fields=["evaluation", "staff"], name="proposal_once_per_person")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.from_grade}->{self.to_grade} ({self.status})"

    @property
    def source(self) -> str:
        """What GradeChange.source records: the evaluation that proposed the change."""
        return f"evaluation {self.evaluation.hall.code} {self.evaluation.quarter_label} #{self.evaluation_id}"


# KPIs, targets, sales figures and daily facts (kept in their own module).
# Incentive schemes, runs, hall pools and lines (kept in their own module).
from .incentive_models import HallPool, IncentiveLine, IncentiveRun, IncentiveScheme, SchemeKpi  # noqa: E402, F401
from .kpi_models import DailyFact, KpiDefinition, KpiTarget, MonthlyFact, SalesFigure  # noqa: E402, F401
