"""Touchpoint scores copied out of each inspection into a narrow, indexed table, so region reports (the
halls x touchpoints heatmap, scorecards) aggregate numbers instead of unpacking JSON."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import Scope, ScopedModel
from halls.models import Hall

from ..choices import InspectionKind
from .checks import Inspection, inspection_scope_q


class TouchpointScore(ScopedModel):
    """One touchpoint's score in one inspection (the value of `Inspection.by_touchpoint[code]`), with the hall,
    the hall-local day and the kind repeated for grouping. `visible_to_hall` is false for a mystery shop until
    it is published. Rewritten whenever the inspection's stored scores change."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="touchpoint_scores", verbose_name=_("inspection")
    )
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint", on_delete=models.PROTECT, related_name="+", verbose_name=_("touchpoint")
    )
    day = models.DateField(_("day"), help_text=_("In the hall's time zone."))
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)
    visible_to_hall = models.BooleanField(_("visible to the hall"), default=True)

    class Meta:
        verbose_name = _("touchpoint score")
        verbose_name_plural = _("touchpoint scores")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "touchpoint"], name="touchpoint_score_once"),
        ]
        indexes = [
            models.Index(fields=["day", "hall", "touchpoint"], name="tpscore_day_hall_tp"),
            models.Index(fields=["hall", "touchpoint", "day"], name="tpscore_hall_tp_day"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.touchpoint_id} {self.score}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Like inspection_scope_q, with the hall's view limited to rows visible to the hall.
        q = Q(pk__in=[])
        if scope.region_ids:
            q |= Q(hall__region__in=sorted(scope.region_ids))
        if scope.hall_ids:
            q |= Q(hall__in=sorted(scope.hall_ids), visible_to_hall=True)
        if scope.user_id:
            # A subquery, not a join: joined, every row of a region-wide report would be matched against the
            # inspections table (bench/heatmap.py: 2.3 s against 1.2 s for 2,000 halls over 90 days).
            q |= Q(inspection__in=Inspection.objects.filter(inspector_id=scope.user_id).values("pk"))
        return q


class TouchpointWindow(ScopedModel):
    """The sums of TouchpointScore over a window of `days` days ending on `as_of` (the day before the report's
    today), per hall and touchpoint, split by kind of inspection so every report filter is a sum of columns:
    self-inspections, patrols, published mystery shops and unpublished ones (HQ only). Rebuilt nightly; reports add
    today's rows from TouchpointScore. Keeps the 2,000-hall heatmap a read of 64,000 rows instead of millions."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    as_of = models.DateField(_("last day"))
    days = models.PositiveSmallIntegerField(_("days"))
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint", on_delete=models.CASCADE, related_name="+", verbose_name=_("touchpoint")
    )
    self_total = models.DecimalField(max_digits=11, decimal_places=1, default=0)
    self_count = models.PositiveIntegerField(default=0)
    patrol_total = models.DecimalField(max_digits=11, decimal_places=1, default=0)
    patrol_count = models.PositiveIntegerField(default=0)
    shop_total = models.DecimalField(max_digits=11, decimal_places=1, default=0)
    shop_count = models.PositiveIntegerField(default=0)
    hidden_shop_total = models.DecimalField(max_digits=11, decimal_places=1, default=0)
    hidden_shop_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("touchpoint score window")
        verbose_name_plural = _("touchpoint score windows")
        constraints = [
            models.UniqueConstraint(fields=["as_of", "days", "hall", "touchpoint"], name="touchpoint_window_once"),
        ]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.touchpoint_id} {self.days}d to {self.as_of}"


__all__ = ["TouchpointScore", "TouchpointWindow", "inspection_scope_q"]
