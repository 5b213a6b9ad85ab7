"""Reads of the mystery-shop review and appeals, already narrowed to the user: HQ's review queue, appeals, the
score history of an inspection, and the review page's answers grouped by touchpoint. Writes are in
inspections/services/reviews.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from . import scoring
from .choices import AppealStatus, InspectionKind, InspectionStatus
from .models import Answer, Appeal, Finding, Inspection, Photo, ScoreChange
from .services.findings import answer_summary


def _count(model: type, **where: Any) -> Coalesce:
    """A correlated count (no join that multiplies rows), 0 when there is none."""
    rows = model.objects.filter(**where).order_by().values("inspection").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def review_queue(*, user: Any) -> QuerySet[Inspection]:
    """Mystery shops awaiting HQ review that the user sees (HQ: their regions), oldest first, with the number of
    findings and corrections so far."""
    return (
        Inspection.objects.visible_to(user)
        .filter(kind=InspectionKind.MYSTERY_SHOP, status=InspectionStatus.UNDER_REVIEW)
        .select_related("hall__region", "inspector", "template_version__template", "reviewed_by")
        .annotate(
            finding_count=_count(Finding, inspection=OuterRef("pk")),
            correction_count=_count(ScoreChange, inspection=OuterRef("pk")),
        )
        .order_by("submitted_at", "pk")
    )


def review_detail_list(*, user: Any) -> QuerySet[Inspection]:
    """Mystery shops the user sees, with what the review page shows: answers (item, touchpoint), photos, the
    staff observed."""
    answers = Answer.objects.select_related("item__touchpoint").order_by("item__order")
    return (
        Inspection.objects.visible_to(user)
        .filter(kind=InspectionKind.MYSTERY_SHOP)
        .select_related("hall__region", "inspector", "template_version__template", "reviewed_by", "published_by")
        .prefetch_related(
            Prefetch("answers", queryset=answers),
            Prefetch("photos", queryset=Photo.objects.order_by("pk")),
            "observed_staff",
        )
    )


def score_changes(*, user: Any, inspection: Inspection) -> QuerySet[ScoreChange]:
    """The inspection's score history, oldest first."""
    return (
        ScoreChange.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("by", "answer__item", "appeal")
        .order_by("at", "pk")
    )


def appeal_list(*, user: Any) -> QuerySet[Appeal]:
    """Appeals the user sees: pending ones first (oldest first: they are waiting), then the decided, newest first."""
    return (
        Appeal.objects.visible_to(user)
        .select_related("inspection__hall__region", "filed_by", "decided_by")
        .annotate(
            answer_count=Count("answers", distinct=True),
            pending_first=Case(When(status=AppealStatus.PENDING, then=Value(0)), default=Value(1)),
        )
        .order_by("pending_first", "-filed_at", "pk")
    )


def appeal_detail_list(*, user: Any) -> QuerySet[Appeal]:
    answers = Answer.objects.select_related("item__touchpoint").order_by("item__order")
    return (
        Appeal.objects.visible_to(user)
        .select_related("inspection__hall__region", "inspection__inspector", "filed_by", "decided_by", "evidence_photo")
        .prefetch_related(Prefetch("answers", queryset=answers))
    )


def appeals_of(*, user: Any, inspection: Inspection) -> list[Appeal]:
    answers = Answer.objects.select_related("item").order_by("item__order")
    return list(
        Appeal.objects.visible_to(user)
        .filter(inspection=inspection)
        .select_related("filed_by", "decided_by", "evidence_photo")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("-filed_at", "-pk")
    )


def pending_appeal_count(*, user: Any) -> int:
    return Appeal.objects.visible_to(user).filter(status=AppealStatus.PENDING).count()


# --- the review page ---------------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    """One answer as the review page shows it, with what to put in its correction form."""

    answer: Answer
    shown: str
    current: str
    photos: list[int] = field(default_factory=list)
    correctable: bool = True
    # A correction that came back with errors: open its form again with what was typed.
    errors: list[str] = field(default_factory=list)
    open: bool = False
    posted_na: bool = False
    posted_reason: str = ""


@dataclass
class TouchpointGroup:
    touchpoint: Any
    score: str | None
    rows: list[AnswerRow] = field(default_factory=list)


def shown_value(answer: Answer) -> str:
    """An answer in words (the findings' wording), or "not applicable"."""
    from django.utils.translation import gettext as _

    if is_not_applicable(answer):
        return _("not applicable")
    return answer_summary(answer.item, answer)


def is_not_applicable(answer: Answer) -> bool:
    return answer.not_applicable or answer.value == scoring.NA


def current_value(answer: Answer) -> str:
    """The answer in the form a correction field takes ("yes", "3", "21.5", the text)."""
    if answer.not_applicable:
        return scoring.NA
    return scoring.canonical(answer.value)


def answers_by_touchpoint(inspection: Inspection) -> list[TouchpointGroup]:
    """The answers (prefetched with their item and touchpoint) grouped by touchpoint in the customer's order."""
    photos: dict[int, list[int]] = {}
    for photo in inspection.photos.all():
        photos.setdefault(photo.answer_id, []).append(photo.pk)
    groups: dict[int, TouchpointGroup] = {}
    for answer in inspection.answers.all():
        touchpoint = answer.item.touchpoint
        group = groups.get(touchpoint.pk)
        if group is None:
            group = groups[touchpoint.pk] = TouchpointGroup(touchpoint, inspection.by_touchpoint.get(touchpoint.code))
        group.rows.append(
            AnswerRow(
                answer=answer,
                shown=shown_value(answer),
                current=current_value(answer),
                photos=photos.get(answer.pk, []),
                correctable=answer.item.answer_type != scoring.PHOTO,
                posted_na=is_not_applicable(answer),
            )
        )
    return sorted(groups.values(), key=lambda group: group.touchpoint.order)


def timeline(inspection: Inspection) -> list[dict[str, Any]]:
    """The shopper's timestamps in visit order (None where not recorded)."""
    return [
        {"name": name, "label": Inspection._meta.get_field(name).verbose_name, "at": getattr(inspection, name)}
        for name in Inspection.TIMELINE
    ]
