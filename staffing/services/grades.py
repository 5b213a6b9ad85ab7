"""Star grades, mentoring pairs and honours: the writes. The ladder's rules live in performance, which calls
these; staffing keeps the data and its invariants (a grade step is recorded, a mentor outranks the mentee)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import HonourKind, MentoringStatus
from ..models import GradeChange, Honour, MentoringPair, StaffMember

# A mentor holds at least this grade and a higher grade than the mentee (docs/star-ladder.md).
MIN_MENTOR_GRADE = 3
# A mentor looks after at most this many mentees at a time.
MAX_ACTIVE_MENTEES = 3


@transaction.atomic
def grade_change_apply(
    *,
    staff: StaffMember,
    to_grade: int,
    by: Any,
    reason: str,
    expected_from: int | None = None,
    recommended_by: Any = None,
    source: str = "",
    effective_on: dt.date | None = None,
) -> GradeChange:
    """Change a person's star grade and record the step (who decided, who recommended, why, from where).

    `expected_from` guards against a stale decision: when the grade changed since it was proposed, nothing
    is written and the error says so.
    """
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    if not 1 <= int(to_grade) <= 5:
        raise ValidationError({"to_grade": _("A star grade is between 1 and 5.")})
    if expected_from is not None and staff.star_grade != expected_from:
        raise ValidationError(
            _("%(name)s is now at %(now)s stars, not %(expected)s: evaluate again before deciding.")
            % {"name": staff.name, "now": staff.star_grade, "expected": expected_from}
        )
    if staff.star_grade == int(to_grade):
        raise ValidationError({"to_grade": _("%(name)s already has this grade.") % {"name": staff.name}})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the grade changes.")})
    change = GradeChange.objects.create(
        staff=staff,
        from_grade=staff.star_grade,
        to_grade=int(to_grade),
        effective_on=effective_on or timezone.localdate(),
        decided_by=by,
        recommended_by=recommended_by,
        reason=reason.strip(),
        source=source[:120],
    )
    staff.star_grade = int(to_grade)
    staff.save(update_fields=["star_grade", "updated_at"])
    return change


def _check_pair(mentor: StaffMember, mentee: StaffMember) -> None:
    errors: dict[str, list[str]] = {}
    if mentor.pk == mentee.pk:
        errors.setdefault("mentee", []).append(_("A person cannot mentor themself."))
    if mentor.hall_id != mentee.hall_id:
        errors.setdefault("mentee", []).append(_("Mentor and mentee must work in the same hall."))
    if not mentor.active or not mentee.active:
        errors.setdefault("mentor", []).append(_("Both people must be active staff."))
    if mentor.star_grade < MIN_MENTOR_GRADE:
        errors.setdefault("mentor", []).append(
            _("A mentor needs at least %(min)s stars; %(name)s has %(grade)s.")
            % {"min": MIN_MENTOR_GRADE, "name": mentor.name, "grade": mentor.star_grade}
        )
    elif mentor.star_grade <= mentee.star_grade:
        errors.setdefault("mentor", []).append(
            _("A mentor needs a higher grade than the mentee (%(mentor)s stars against %(mentee)s).")
            % {"mentor": mentor.star_grade, "mentee": mentee.star_grade}
        )
    active = MentoringPair.objects.filter(status=MentoringStatus.ACTIVE)
    if active.filter(mentor=mentor, mentee=mentee).exists():
        errors.setdefault("mentee", []).append(_("These two already have an active pair."))
    elif active.filter(mentor=mentor).count() >= MAX_ACTIVE_MENTEES:
        errors.setdefault("mentor", []).append(
            _("%(name)s already mentors %(max)s people.") % {"name": mentor.name, "max": MAX_ACTIVE_MENTEES}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mentoring_start(
    *,
    mentor: StaffMember,
    mentee: StaffMember,
    goals: str,
    started_on: dt.date,
    ends_on: dt.date | None,
    baseline: dict[str, Any],
    by: Any,
) -> MentoringPair:
    """Pair a mentor with a mentee; the mentee's figures at the start (`baseline`) are kept for the credit."""
    _check_pair(mentor, mentee)
    if not (goals or "").strip():
        raise ValidationError({"goals": _("Write down what the pair works on.")})
    if ends_on is not None and ends_on <= started_on:
        raise ValidationError({"ends_on": _("The planned end must come after the start.")})
    return MentoringPair.objects.create(
        hall_id=mentor.hall_id,
        mentor=mentor,
        mentee=mentee,
        goals=goals.strip(),
        started_on=started_on,
        ends_on=ends_on,
        baseline=baseline,
        created_by=by,
    )


@transaction.atomic
def mentoring_sign_off(*, pair: MentoringPair) -> MentoringPair:
    """The mentor confirms the mentee is ready (a criterion of the ladder's steps that ask for it)."""
    pair = MentoringPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != MentoringStatus.ACTIVE:
        raise ValidationError(_("Only an active pair can be signed off."))
    if pair.mentor_signed_off:
        raise ValidationError(_("The mentor has already signed off."))
    pair.mentor_signed_off = True
    pair.save(update_fields=["mentor_signed_off", "updated_at"])
    return pair


@transaction.atomic
def mentoring_end(*, pair: MentoringPair, completed: bool, on: dt.date | None = None) -> MentoringPair:
    """Close a pair: completed (goals reached) or ended early."""
    pair = MentoringPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != MentoringStatus.ACTIVE:
        raise ValidationError(_("This pair has already ended."))
    pair.status = MentoringStatus.COMPLETED if completed else MentoringStatus.ENDED
    pair.ended_on = on or timezone.localdate()
    if pair.ended_on < pair.started_on:
        raise ValidationError({"ended_on": _("A pair cannot end before it started.")})
    pair.save(update_fields=["status", "ended_on", "updated_at"])
    return pair


def mentoring_set_credit(*, pair: MentoringPair, credit: Decimal) -> MentoringPair:
    """Store the mentor's credit as performance computed it (docs/star-ladder.md)."""
    if pair.credit != credit:
        pair.credit = credit
        pair.save(update_fields=["credit", "updated_at"])
    return pair


@transaction.atomic
def honour_award(
    *,
    staff: StaffMember,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    title: str = "",
    reason: str = "",
    rule: str = "",
    by: Any = None,
) -> tuple[Honour, bool]:
    """Award an honour; the same person, kind and period again returns the first one (rules rerun safely)."""
    if kind not in HonourKind.values:
        raise ValidationError({"kind": _("Unknown kind of honour.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after its start.")})
    if not rule and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this person is honoured.")})
    existing = Honour.objects.filter(staff=staff, kind=kind, period_start=period_start).first()
    if existing is not None:
        if not rule:
            raise ValidationError(
                {"kind": _("%(name)s already has this honour for a period starting then.") % {"name": staff.name}}
            )
        return existing, False
    honour = Honour.objects.create(
        staff=staff,
        kind=kind,
        title=title[:120],
        period_start=period_start,
        period_end=period_end,
        reason=reason.strip(),
        rule=rule,
        awarded_by=by,
    )
    return honour, True
