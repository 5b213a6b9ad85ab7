"""Inspection plans and the assignments they generate: daily self-inspections at opening and closing, patrol
coverage across inspectors, and unannounced mystery-shopper visits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ScopedTimeStampedModel, actor_field
from core.scoping import Scope
from halls.models import Hall, Region

from ..choices import AssignmentOrigin, AssignmentStatus, InspectionKind
from .checks import ChecklistTemplate, Inspection


class InspectionPlan(ScopedTimeStampedModel):
    """How often the halls of a region are inspected. The plan without a region is the default for regions
    that have none of their own. Mystery-shop visits are 10-12 per hall per month by default, a share of them
    at peak times; patrols at least `patrols_per_month`, spread across the hall's inspectors."""

    region = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inspection_plan",
        verbose_name=_("region"),
        help_text=_("Empty: the default plan for regions without one of their own."),
    )
    opening_checks = models.BooleanField(_("opening checks"), default=True)
    closing_checks = models.BooleanField(_("closing checks"), default=True)
    self_check_window_minutes = models.PositiveSmallIntegerField(
        _("time for a daily check (minutes)"),
        default=60,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
        help_text=_(
            "The opening check is due this long after opening; the closing check starts this long before closing."
        ),
    )
    patrols_per_month = models.PositiveSmallIntegerField(
        _("patrols per hall per month"), default=4, validators=[MaxValueValidator(31)]
    )
    mystery_visits_min = models.PositiveSmallIntegerField(
        _("mystery visits per hall per month, at least"), default=10, validators=[MaxValueValidator(60)]
    )
    mystery_visits_max = models.PositiveSmallIntegerField(
        _("mystery visits per hall per month, at most"), default=12, validators=[MaxValueValidator(60)]
    )
    mystery_peak_percent = models.PositiveSmallIntegerField(
        _("share of mystery visits at peak times (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(mystery_visits_min__lte=models.F("mystery_visits_max")),
                name="inspection_plan_mystery_range",
                violation_error_message=_("The least number of mystery visits is above the most."),
            ),
            models.UniqueConstraint(
                fields=["active"], condition=Q(region__isnull=True), name="inspection_plan_one_default"
            ),
        ]

    def __str__(self) -> str:
        return str(self.region) if self.region_id else str(_("Default plan"))

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        regions = sorted(scope.region_ids | scope.hall_region_ids)
        return Q(region__isnull=True) | Q(region__in=regions)


def assignment_scope_q(scope: Scope, prefix: str = "") -> Q:
    """HQ sees its regions' assignments; the hall's people see their halls' self-inspections and patrols but
    never a mystery-shop visit (it is unannounced); whoever an assignment is given to sees it."""
    q = Q(pk__in=[])
    if scope.region_ids:
        q |= Q(**{f"{prefix}hall__region__in": sorted(scope.region_ids)})
    if scope.hall_ids:
        q |= Q(**{f"{prefix}hall__in": sorted(scope.hall_ids)}) & ~Q(**{f"{prefix}kind": InspectionKind.MYSTERY_SHOP})
    if scope.user_id:
        q |= Q(**{f"{prefix}assignee_id": scope.user_id})
    return q


class Assignment(ScopedTimeStampedModel):
    """One inspection somebody has to do in a hall between `window_start` and `due_at`. Self-inspections have
    no assignee (anyone who runs or inspects the hall may do them); patrols go to an inspector of the hall,
    mystery-shop visits to a shopper. Done when an inspection is submitted for it; overdue once `due_at` has
    passed without one (and it then counts against completion)."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("hall"))
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("checklist"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_assignments",
        verbose_name=_("assigned to"),
        help_text=_("Empty for daily self-inspections: the hall's team does them."),
    )
    window_start = models.DateTimeField(_("from"))
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.SCHEDULED
    )
    inspection = models.OneToOneField(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignment",
        verbose_name=_("inspection"),
    )
    at_peak = models.BooleanField(_("at a peak time"), default=False)
    scenario = models.TextField(_("scenario"), blank=True, help_text=_("Mystery shops: what the shopper asks for."))
    origin = models.CharField(
        _("origin"), max_length=20, choices=AssignmentOrigin.choices, default=AssignmentOrigin.SCHEDULE
    )
    created_by = actor_field(_("created by"))
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["hall", "kind", "window_start"], name="assignment_once_per_slot"),
            models.CheckConstraint(
                condition=Q(window_start__lt=models.F("due_at")),
                name="assignment_window_order",
                violation_error_message=_("An assignment must start before it is due."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["assignee", "status", "due_at"]),
            models.Index(fields=["hall", "kind", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hall_id} {self.due_at:%Y-%m-%d %H:%M}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return assignment_scope_q(scope)

    def is_open(self) -> bool:
        return self.status in (AssignmentStatus.SCHEDULED, AssignmentStatus.OVERDUE)

    def describe(self) -> dict[str, Any]:
        return {"hall": self.hall_id, "kind": self.kind, "due_at": self.due_at}
