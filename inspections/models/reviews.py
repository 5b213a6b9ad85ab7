"""What happens to a mystery shop after it is submitted: HQ reviews it (correcting answers, each with a
reason), publishes it to the hall, and the hall manager may appeal within seven days. Every change to a
stored score is a ScoreChange row: who, when, why, the scores before and after."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ScopedTimeStampedModel, actor_field
from core.scoping import Scope

from ..choices import AppealStatus, ScoreChangeReason
from .checks import Answer, Inspection, Photo, inspection_scope_q

# The hall has this long after publication to appeal a mystery shop.
APPEAL_WINDOW = dt.timedelta(days=7)


class _OfInspection(ScopedTimeStampedModel):
    scope_hall_field = "inspection__hall"
    scope_region_field = "inspection__hall__region"

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return inspection_scope_q(scope, "inspection__")


class Appeal(_OfInspection):
    """A hall manager's appeal against a published mystery shop: a reason, evidence, the answers disputed.
    HQ upholds (and corrects the answers, which re-scores the visit) or rejects it, with a reason."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("inspection")
    )
    answers = models.ManyToManyField(Answer, blank=True, related_name="appeals", verbose_name=_("disputed answers"))
    reason = models.TextField(_("reason"))
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_photo = models.ForeignKey(
        Photo, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("evidence photo")
    )
    status = models.CharField(_("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    filed_by = actor_field(_("filed by"))
    filed_at = models.DateTimeField(_("filed"))
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_at", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(status="pending"), name="appeal_one_pending_per_inspection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.get_status_display()}"


class ScoreChange(_OfInspection):
    """One change to an inspection's stored scores after submission, with who, when, why and the scores
    before and after (`overall`, `by_touchpoint`, `by_dimension`); `answer` and the values when one answer
    was corrected."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="score_changes", verbose_name=_("inspection")
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes", verbose_name=_("answer")
    )
    item_code = models.SlugField(_("item code"), max_length=40, blank=True)
    cause = models.CharField(_("cause"), max_length=20, choices=ScoreChangeReason.choices)
    appeal = models.ForeignKey(
        Appeal, on_delete=models.SET_NULL, null=True, blank=True, related_name="score_changes", verbose_name=_("appeal")
    )
    reason = models.TextField(_("reason"))
    by = actor_field(_("changed by"))
    at = models.DateTimeField(_("changed"))
    old_value = models.JSONField(_("answer before"), null=True, blank=True)
    new_value = models.JSONField(_("answer after"), null=True, blank=True)
    old_not_applicable = models.BooleanField(_("not applicable before"), default=False)
    new_not_applicable = models.BooleanField(_("not applicable after"), default=False)
    old_scores = models.JSONField(_("scores before"), default=dict)
    new_scores = models.JSONField(_("scores after"), default=dict)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.item_code} {self.at:%Y-%m-%d}"
