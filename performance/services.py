"""Writes of the star ladder: ladder versions, quarterly evaluations and the decisions on their proposals,
mentoring pairs with their credit, honours by hand. Grade, pair and honour rows are written through the
staffing services (staffing/services/grades.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from halls.choices import HallStatus
from halls.models import Hall, Region
from staffing.models import GradeChange, Honour, MentoringPair, StaffMember
from staffing.services import grades as staffing_grades

from .choices import Criterion, ProposalChange, ProposalStatus
from .evidence import figures_for, people_for, quarter_of
from .ladder import assess
from .models import Evaluation, GradeProposal, Ladder, LadderStep

STEP_FIELDS = (
    "months_at_grade",
    "min_mystery_shop",
    "min_satisfaction",
    "max_complaints",
    "training_course",
    "mentor_sign_off",
)
# Thresholds that may not fall from one step to the next (a higher grade asks for at least as much).
RISING = ("months_at_grade", "min_mystery_shop", "min_satisfaction")

# --- Ladder versions -------------------------------------------------------------------------------


def ladder_in_force(region_id: int | None) -> Ladder | None:
    """The latest version of the region's ladder, else the latest default ladder."""
    ladders = Ladder.objects.prefetch_related("steps").order_by("-version")
    if region_id is not None:
        own = ladders.filter(region_id=region_id).first()
        if own is not None:
            return own
    return ladders.filter(region__isnull=True).first()


def _grade_label(grade: int) -> str:
    return _("step to %(grade)s stars") % {"grade": grade}


def ladder_check_steps(steps: Mapping[int, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Errors across steps, keyed "<grade>.<field>": thresholds must not fall as the grade rises."""
    errors: dict[str, list[str]] = {}
    for grade in range(3, 6):
        lower, upper = steps.get(grade - 1), steps.get(grade)
        if not lower or not upper:
            continue
        for name in RISING:
            low, high = lower.get(name), upper.get(name)
            if low is not None and high is not None and high < low:
                errors.setdefault(f"{grade}.{name}", []).append(
                    _(
                        "%(field)s of the step to %(grade)s stars (%(high)s) is below "
                        "the step to %(lower)s stars (%(low)s)."
                    )
                    % {
                        "field": LadderStep._meta.get_field(name).verbose_name.capitalize(),
                        "grade": grade,
                        "high": high,
                        "lower": grade - 1,
                        "low": low,
                    }
                )
        cap_low, cap_high = lower.get("max_complaints"), upper.get("max_complaints")
        if cap_low is not None and cap_high is not None and cap_high > cap_low:
            errors.setdefault(f"{grade}.max_complaints", []).append(
                _(
                    "The complaints cap of the step to %(grade)s stars (%(high)s) is above "
                    "the step to %(lower)s stars (%(low)s)."
                )
                % {"grade": grade, "high": cap_high, "lower": grade - 1, "low": cap_low}
            )
    return errors


@transaction.atomic
def ladder_save(
    *,
    region: Region | None,
    steps: Mapping[int, Mapping[str, Any]],
    demotion_quarters: int,
    note: str,
    by: Any,
) -> Ladder:
    """A new version of the region's (or the default) ladder with one step for each grade 2-5."""
    missing = [grade for grade in range(2, 6) if grade not in steps]
    if missing:
        raise ValidationError(_("Give the criteria of every step (missing: %(grades)s).") % {"grades": missing})
    errors = ladder_check_steps(steps)
    if errors:
        raise ValidationError(errors)
    latest = Ladder.objects.filter(region=region).aggregate(v=Max("version"))["v"] or 0
    ladder = Ladder(region=region, version=latest + 1, demotion_quarters=demotion_quarters, note=note, created_by=by)
    ladder.full_clean()
    ladder.save()
    for grade in range(2, 6):
        step = LadderStep(ladder=ladder, to_grade=grade, **{name: steps[grade].get(name) for name in STEP_FIELDS})
        if step.training_course is None:
            step.training_course = ""
        try:
            step.full_clean(exclude=["ladder"])
        except ValidationError as error:
            raise ValidationError(
                {f"{grade}.{name}": messages for name, messages in error.message_dict.items()}
            ) from error
        step.save()
    return ladder


# --- Quarterly evaluation ----------------------------------------------------------------------------


@transaction.atomic
def evaluation_run(*, hall: Hall, quarter_start: dt.date, by: Any = None) -> Evaluation:
    """Evaluate a hall's active staff for an ended quarter against the ladder in force: one proposal per
    person. Run again, it refreshes only the proposals nobody has acted on yet; grades never change here."""
    start, end = quarter_of(quarter_start)
    if end >= hall.local_now().date():
        raise ValidationError({"quarter": _("Only a quarter that has ended can be evaluated.")})
    ladder = ladder_in_force(hall.region_id)
    if ladder is None:
        raise ValidationError({"quarter": _("There is no star ladder for this region yet.")})
    evaluation, created = Evaluation.objects.get_or_create(
        hall=hall, quarter_start=start, defaults={"quarter_end": end, "ladder": ladder, "run_by": by}
    )
    if not created:
        evaluation.ladder, evaluation.run_by = ladder, by
        evaluation.save(update_fields=["ladder", "run_by", "updated_at"])
    members = list(StaffMember.objects.filter(hall=hall, active=True).order_by("pk"))
    people = people_for(hall, members, ladder, start, end)
    existing = {proposal.staff_id: proposal for proposal in evaluation.proposals.all()}
    untouched = (ProposalStatus.PROPOSED, ProposalStatus.NO_CHANGE)
    for member in members:
        proposal = existing.get(member.pk)
        if proposal is not None and proposal.status not in untouched:
            continue
        change, to_grade, evidence = assess(ladder, people[member.pk])
        status = ProposalStatus.NO_CHANGE if change == ProposalChange.NONE else ProposalStatus.PROPOSED
        fields = {
            "change": change,
            "from_grade": member.star_grade,
            "to_grade": to_grade,
            "evidence": evidence,
            "status": status,
        }
        if proposal is None:
            GradeProposal.objects.create(evaluation=evaluation, staff=member, **fields)
        else:
            for name, value in fields.items():
                setattr(proposal, name, value)
            proposal.save()
    for pair in MentoringPair.objects.filter(hall=hall).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)):
        mentoring_refresh_credit(pair=pair)
    return evaluation


def _locked(proposal: GradeProposal) -> GradeProposal:
    return GradeProposal.objects.select_for_update().select_related("evaluation__hall", "staff").get(pk=proposal.pk)


def _refuse_unless(proposal: GradeProposal, *statuses: str) -> None:
    if proposal.status not in statuses:
        raise ValidationError(
            _("This proposal is %(status)s; it cannot be changed that way now.")
            % {"status": proposal.get_status_display().lower()}
        )


@transaction.atomic
def proposal_recommend(*, proposal: GradeProposal, by: Any, note: str = "") -> GradeProposal:
    """The manager recommends the proposed change to HQ."""
    proposal = _locked(proposal)
    _refuse_unless(proposal, ProposalStatus.PROPOSED, ProposalStatus.HELD)
    proposal.status = ProposalStatus.RECOMMENDED
    proposal.recommended_by, proposal.recommended_at = by, timezone.now()
    proposal.manager_note = (note or "").strip()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_hold(*, proposal: GradeProposal, by: Any, note: str) -> GradeProposal:
    """The manager holds the change back, saying why (HQ sees the note)."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the change is held.")})
    proposal = _locked(proposal)
    _refuse_unless(proposal, ProposalStatus.PROPOSED, ProposalStatus.RECOMMENDED)
    proposal.status = ProposalStatus.HELD
    proposal.recommended_by, proposal.recommended_at = by, timezone.now()
    proposal.manager_note = note.strip()
    proposal.save()
    return proposal


def _approval_reason(proposal: GradeProposal) -> str:
    met = [row["criterion"] for row in proposal.evidence if row.get("met")]
    labels = ", ".join(str(Criterion(key).label) for key in met if key in Criterion.values and key != "floor")
    if proposal.change == ProposalChange.DEMOTE:
        return _("Below the floor of %(grade)s stars for %(n)s quarters (%(quarter)s evaluation).") % {
            "grade": proposal.from_grade,
            "n": proposal.evaluation.ladder.demotion_quarters,
            "quarter": proposal.evaluation.quarter_label,
        }
    return _("Met every criterion of the step to %(grade)s stars in the %(quarter)s evaluation: %(met)s.") % {
        "grade": proposal.to_grade,
        "quarter": proposal.evaluation.quarter_label,
        "met": labels,
    }


@transaction.atomic
def proposal_approve(*, proposal: GradeProposal, by: Any, note: str = "") -> GradeProposal:
    """HQ approves a recommended change: the grade changes and the step is recorded (GradeChange)."""
    proposal = _locked(proposal)
    _refuse_unless(proposal, ProposalStatus.RECOMMENDED)
    reason = _approval_reason(proposal)
    if (note or "").strip():
        reason = f"{reason} {note.strip()}"
    change = staffing_grades.grade_change_apply(
        staff=proposal.staff,
        to_grade=proposal.to_grade,
        expected_from=proposal.from_grade,
        by=by,
        recommended_by=proposal.recommended_by,
        reason=reason,
        source=proposal.source,
        effective_on=proposal.evaluation.hall.local_now().date(),
    )
    proposal.status = ProposalStatus.APPROVED
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.decision_note = (note or "").strip()
    proposal.grade_change = change
    proposal.save()
    for pair in MentoringPair.objects.filter(mentee=proposal.staff):
        mentoring_refresh_credit(pair=pair)
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: GradeProposal, by: Any, note: str) -> GradeProposal:
    """HQ rejects a recommended or held change, saying why; the grade stays."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the change is rejected.")})
    proposal = _locked(proposal)
    _refuse_unless(proposal, ProposalStatus.RECOMMENDED, ProposalStatus.HELD)
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.decision_note = note.strip()
    proposal.save()
    return proposal


# --- Mentoring ------------------------------------------------------------------------------------

BASELINE_DAYS = 90
CREDIT_PER_STAR = Decimal("1")
CREDIT_PER_POINT = Decimal("0.05")  # per mystery-shop point and per satisfaction percentage point gained
CENT = Decimal("0.01")


def mentee_figures(member: StaffMember, until: dt.date) -> dict[str, Any]:
    """The mentee's figures over the BASELINE_DAYS days up to `until` (a baseline, or the figures now)."""
    start = until - dt.timedelta(days=BASELINE_DAYS - 1)
    figures = figures_for([member.pk], start, until, member.hall.tzinfo)[member.pk]
    return {"grade": member.star_grade, "from": start.isoformat(), "to": until.isoformat(), **figures.as_json()}


def mentor_credit(*, pair: MentoringPair, stars_gained: int, now: Mapping[str, Any]) -> Decimal:
    """credit = 1 per star the mentee gained during the pair + 0.05 per mystery-shop point and per
    satisfaction percentage point above the baseline (each gain counted from 0 up), to the cent, half up."""
    credit = CREDIT_PER_STAR * max(0, stars_gained)
    for key in ("mystery_shop", "satisfaction"):
        before, after = pair.baseline.get(key), now.get(key)
        if before is not None and after is not None:
            credit += CREDIT_PER_POINT * max(Decimal("0"), Decimal(str(after)) - Decimal(str(before)))
    return credit.quantize(CENT, ROUND_HALF_UP)


def mentoring_refresh_credit(*, pair: MentoringPair, today: dt.date | None = None) -> MentoringPair:
    until = pair.ended_on or today or timezone.localdate()
    steps = GradeChange.objects.filter(staff=pair.mentee_id, effective_on__gte=pair.started_on, effective_on__lte=until)
    stars = sum(to - frm for frm, to in steps.values_list("from_grade", "to_grade"))
    now = mentee_figures(pair.mentee, until)
    return staffing_grades.mentoring_set_credit(pair=pair, credit=mentor_credit(pair=pair, stars_gained=stars, now=now))


@transaction.atomic
def mentoring_create(
    *,
    mentor: StaffMember,
    mentee: StaffMember,
    goals: str,
    started_on: dt.date,
    ends_on: dt.date | None,
    by: Any,
) -> MentoringPair:
    """Start a pair with the mentee's baseline taken over the BASELINE_DAYS days before the start."""
    baseline = mentee_figures(mentee, started_on - dt.timedelta(days=1))
    return staffing_grades.mentoring_start(
        mentor=mentor, mentee=mentee, goals=goals, started_on=started_on, ends_on=ends_on, baseline=baseline, by=by
    )


@transaction.atomic
def mentoring_close(*, pair: MentoringPair, completed: bool, on: dt.date | None = None) -> MentoringPair:
    pair = staffing_grades.mentoring_end(pair=pair, completed=completed, on=on)
    return mentoring_refresh_credit(pair=pair)


# --- Honours by hand ------------------------------------------------------------------------------


def honour_award_by_hand(
    *,
    staff: StaffMember,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    reason: str,
    by: Any,
) -> Honour:
    honour, _created = staffing_grades.honour_award(
        staff=staff,
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        reason=reason,
        by=by,
    )
    return honour


def halls_to_evaluate(hall_ids: Iterable[int] | None = None):
    """Halls the scheduled runs cover: every hall not closed (a renovating hall still has its people)."""
    halls = Hall.objects.exclude(status=HallStatus.CLOSED).order_by("pk")
    return halls.filter(pk__in=list(hall_ids)) if hall_ids is not None else halls
