"""Reads of the star ladder, already scoped to the user (visible_to) with their related rows fetched in a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from halls.models import Hall, Region
from staffing.choices import HonourKind, MentoringStatus
from staffing.models import GradeChange, Honour, MentoringPair, StaffMember

from .choices import ProposalChange, ProposalStatus
from .models import Evaluation, GradeProposal, Ladder, LadderStep, TrainingRecord


def ladder_list(*, user: Any) -> QuerySet[Ladder]:
    return (
        Ladder.objects.visible_to(user)
        .select_related("region", "created_by")
        .prefetch_related("steps")
        .order_by("region__code", "-version")
    )


def ladder_get(*, user: Any, pk: int) -> Ladder:
    return get_object_or_404(ladder_list(user=user), pk=pk)


def ladders_in_force(ladders: list[Ladder]) -> set[int]:
    """Ids of the versions in force among `ladders` (the latest per region and the latest default)."""
    latest: dict[int | None, Ladder] = {}
    for ladder in ladders:
        if ladder.region_id not in latest or ladder.version > latest[ladder.region_id].version:
            latest[ladder.region_id] = ladder
    return {ladder.pk for ladder in latest.values()}


def ladder_for_member(*, user: Any, member: StaffMember) -> Ladder | None:
    """The ladder in force for a person's hall, among the ladders the user may see."""
    ladders = Ladder.objects.visible_to(user).prefetch_related("steps").order_by("-version")
    return ladders.filter(region_id=member.hall.region_id).first() or ladders.filter(region__isnull=True).first()


def regions_governed(*, user: Any) -> QuerySet[Region]:
    """Regions whose ladder the user may write (HQ's regions; all for administrators)."""
    regions = Region.objects.visible_to(user).order_by("code")
    return regions.filter(pk__in=[r.pk for r in regions if user.has_perm("performance.add_ladder", r)])


def evaluation_list(*, user: Any) -> QuerySet[Evaluation]:
    """Evaluations with their hall and the count of proposals in each state: one query per page."""
    return (
        Evaluation.objects.visible_to(user)
        .select_related("hall", "ladder__region")
        .annotate(
            promotions=Count("proposals", filter=Q(proposals__change=ProposalChange.PROMOTE)),
            demotions=Count("proposals", filter=Q(proposals__change=ProposalChange.DEMOTE)),
            waiting=Count("proposals", filter=Q(proposals__status=ProposalStatus.PROPOSED)),
            recommended=Count("proposals", filter=Q(proposals__status=ProposalStatus.RECOMMENDED)),
        )
        .order_by("-quarter_start", "hall__code")
    )


def evaluation_get(*, user: Any, pk: int) -> Evaluation:
    queryset = Evaluation.objects.visible_to(user).select_related("hall__region", "ladder__region", "run_by")
    return get_object_or_404(queryset, pk=pk)


def evaluation_proposals(*, evaluation: Evaluation) -> QuerySet[GradeProposal]:
    """Changes first (promotions, demotions), then everyone else, by name."""
    return (
        evaluation.proposals.select_related("staff", "recommended_by", "decided_by")
        .annotate(is_change=Count("pk", filter=~Q(change=ProposalChange.NONE)))
        .order_by("-is_change", "staff__name")
    )


def proposal_list(*, user: Any) -> QuerySet[GradeProposal]:
    return GradeProposal.objects.visible_to(user).select_related(
        "staff", "evaluation__hall", "recommended_by", "decided_by"
    )


def proposal_get(*, user: Any, pk: int) -> GradeProposal:
    return get_object_or_404(proposal_list(user=user).select_related("evaluation__ladder"), pk=pk)


def approval_queue(*, user: Any) -> QuerySet[GradeProposal]:
    """What waits for HQ: recommended changes first, then held ones (with the manager's note)."""
    return (
        proposal_list(user=user)
        .filter(status__in=[ProposalStatus.RECOMMENDED, ProposalStatus.HELD])
        .order_by("-status", "evaluation__hall__code", "staff__name")
    )


def hall_get(*, user: Any, pk: int) -> Hall:
    return get_object_or_404(Hall.objects.visible_to(user).select_related("region"), pk=pk)


def mentoring_list(*, user: Any) -> QuerySet[MentoringPair]:
    return MentoringPair.objects.visible_to(user).select_related("hall", "mentor", "mentee", "created_by")


def mentoring_get(*, user: Any, pk: int) -> MentoringPair:
    return get_object_or_404(mentoring_list(user=user), pk=pk)


def hall_staff(*, user: Any, hall: Hall) -> QuerySet[StaffMember]:
    return StaffMember.objects.visible_to(user).filter(hall=hall, active=True).order_by("-star_grade", "name")


def honour_list(*, user: Any) -> QuerySet[Honour]:
    return Honour.objects.visible_to(user).select_related("staff__hall", "awarded_by")


def wall(*, user: Any, hall: Hall, today: dt.date) -> dict[str, Any]:
    """The hall's wall: recent honours, the stars mix, active mentoring pairs. Four queries."""
    since = today - dt.timedelta(days=183)
    honours = list(
        honour_list(user=user).filter(staff__hall=hall, period_end__gte=since).order_by("-period_end", "kind")[:200]
    )
    grades = Counter(
        StaffMember.objects.visible_to(user).filter(hall=hall, active=True).values_list("star_grade", flat=True)
    )
    total = sum(grades.values())
    mix = [
        {
            "grade": grade,
            "stars": "★" * grade,
            "count": grades.get(grade, 0),
            "share": _share(grades.get(grade, 0), total),
        }
        for grade in range(5, 0, -1)
    ]
    pairs = list(mentoring_list(user=user).filter(hall=hall, status=MentoringStatus.ACTIVE).order_by("-started_on"))
    # Zero-complaint streaks are common and modest: one card per period lists everyone who made it.
    streaks: dict[tuple, list[Honour]] = {}
    for honour in honours:
        if honour.kind == HonourKind.ZERO_COMPLAINTS:
            streaks.setdefault((honour.period_start, honour.period_end), []).append(honour)
    return {
        "honours": [h for h in honours if h.kind != HonourKind.ZERO_COMPLAINTS],
        "streaks": [{"start": s, "end": e, "honours": group} for (s, e), group in streaks.items()],
        "mix": mix,
        "staff_total": total,
        "pairs": pairs,
    }


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def grade_history(*, user: Any, member: StaffMember) -> QuerySet[GradeChange]:
    return GradeChange.objects.visible_to(user).filter(staff=member).select_related("decided_by", "recommended_by")


def training_of(*, user: Any, member: StaffMember) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.visible_to(user).filter(staff=member).order_by("-passed_on")


def own_member(*, user: Any) -> StaffMember:
    """The user's own staff record (404 when they have none)."""
    queryset = StaffMember.objects.visible_to(user).filter(user=user, active=True).select_related("hall__region")
    return get_object_or_404(queryset)


def latest_proposal_of(*, user: Any, member: StaffMember) -> GradeProposal | None:
    return proposal_list(user=user).filter(staff=member).order_by("-evaluation__quarter_start").first()


def ladder_steps(ladder: Ladder) -> list[LadderStep]:
    return sorted(ladder.steps.all(), key=lambda step: step.to_grade)


__all__ = ["Prefetch"]


def sales_figure_list(*, user: Any) -> QuerySet:
    """Monthly sales figures of the halls the user may see, with hall and region (one query per page)."""
    from .kpi_models import SalesFigure

    return SalesFigure.objects.visible_to(user).select_related("hall__region").order_by("-month", "hall__code")
