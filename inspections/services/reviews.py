"""HQ review of mystery shops, publication to the hall, and the hall's appeals (docs/reviews-and-appeals.md).

A submitted mystery shop waits in HQ's review queue (status under review, hidden from the hall). HQ may correct
an answer, always with a reason: the whole visit is re-scored with the submission's own scoring code, the answers,
findings, corrective actions and touchpoint-score rows follow, and a ScoreChange row keeps who, when, why and the
scores before and after. HQ records which staff were observed, then publishes: the hall sees the visit and its
managers are told. Until the end of the seventh day after publication (the hall's calendar) a manager of the hall
may appeal, naming the disputed answers; HQ upholds (correcting answers, re-scored the same way) or rejects, with a
reason either way, and the manager is told.

    under review ──correct*──▶ under review ──publish──▶ published ──appeal──▶ pending ──uphold / reject──▶ decided
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.notifications import notify
from core.roles import Role
from staffing.models import StaffMember

from .. import scoring
from ..choices import ActionStatus, AppealStatus, InspectionKind, InspectionStatus, ScoreChangeReason
from ..models import (
    APPEAL_WINDOW,
    Answer,
    Appeal,
    CorrectiveAction,
    Finding,
    Inspection,
    Item,
    Photo,
    ScoreChange,
)
from .findings import answer_summary, due_date, findings_create
from .photos import photo_store
from .submission import _invalid_value_message, _json_value, inspection_scores, stored_scores
from .touchpoint_scores import touchpoint_scores_write

MAX_REASON_LENGTH = 2000
# Answers that count in the score (or were taken out of it as not applicable): the ones a hall may appeal.
COUNTED = (scoring.SCORED, scoring.NOT_APPLICABLE)


@dataclass(frozen=True)
class Correction:
    """One answer's new value (already normalised for its item) or not applicable."""

    answer: Answer
    value: Any
    not_applicable: bool


# --- reading the state ------------------------------------------------------------------------------------


def appeal_last_day(inspection: Inspection) -> dt.date | None:
    """The last day (the hall's calendar) on which the hall may appeal: publication day + 7."""
    if inspection.published_at is None:
        return None
    return inspection.published_at.astimezone(inspection.hall.tzinfo).date() + APPEAL_WINDOW


def appeal_window_open(inspection: Inspection, now: dt.datetime | None = None) -> bool:
    """A published mystery shop whose appeal window has not closed yet."""
    last_day = appeal_last_day(inspection)
    if inspection.kind != InspectionKind.MYSTERY_SHOP or inspection.status != InspectionStatus.PUBLISHED:
        return False
    today = (now or timezone.now()).astimezone(inspection.hall.tzinfo).date()
    return last_day is not None and today <= last_day


def scores_snapshot(inspection: Inspection) -> dict[str, Any]:
    """The stored scores as JSON (overall as text), for ScoreChange.old_scores / new_scores."""
    overall = inspection.overall
    return {
        "overall": None if overall is None else str(overall),
        "by_touchpoint": dict(inspection.by_touchpoint or {}),
        "by_dimension": dict(inspection.by_dimension or {}),
    }


# --- checks shared by the services ---------------------------------------------------------------------------


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("hall__region", "template_version__template")
        .get(pk=inspection.pk)
    )


def _require(user: Any, perm: str, obj: Any, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _check_under_review(inspection: Inspection) -> None:
    if inspection.kind != InspectionKind.MYSTERY_SHOP:
        raise ValidationError({"inspection": _("Only mystery-shopper visits go through HQ review.")})
    if inspection.status == InspectionStatus.PUBLISHED:
        raise ValidationError(
            {
                "inspection": _(
                    "This mystery shop is already published: its answers change only through an appeal of the hall."
                )
            }
        )
    if inspection.status != InspectionStatus.UNDER_REVIEW:
        raise ValidationError({"inspection": _("This mystery shop has not been submitted for review.")})


def _reason(text: str | None, field: str = "reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Give a reason: it is kept with the change for everyone to see.")})
    if len(text) > MAX_REASON_LENGTH:
        raise ValidationError({field: _("At most %(count)s characters.") % {"count": MAX_REASON_LENGTH}})
    return text


def _answer_of(inspection: Inspection, answer: Answer | int | str | None, field: str = "answer") -> Answer:
    answer_id = answer.pk if isinstance(answer, Answer) else answer
    try:
        found = inspection.answers.select_related("item__touchpoint").get(pk=int(answer_id))
    except (Answer.DoesNotExist, TypeError, ValueError):
        raise ValidationError(
            {field: _("Answer %(id)s is not an answer of this inspection.") % {"id": answer_id}}
        ) from None
    return found


def _answers_of(inspection: Inspection, answers: Iterable[Answer | int | str]) -> list[Answer]:
    """The disputed answers, all of this inspection (one query)."""
    wanted = []
    for answer in answers:
        try:
            wanted.append(answer.pk if isinstance(answer, Answer) else int(answer))
        except (TypeError, ValueError):
            raise ValidationError({"answers": _("“%(value)s” is not an answer.") % {"value": answer}}) from None
    if not wanted:
        raise ValidationError({"answers": _("Choose the answers you dispute.")})
    found = list(inspection.answers.select_related("item").filter(pk__in=wanted).order_by("item__order"))
    missing = sorted(set(wanted) - {answer.pk for answer in found})
    if missing:
        raise ValidationError(
            {
                "answers": _("Answers %(ids)s are not answers of this inspection.")
                % {"ids": ", ".join(str(pk) for pk in missing)}
            }
        )
    uncounted = [answer.item.label for answer in found if answer.status not in COUNTED]
    if uncounted:
        raise ValidationError(
            {
                "answers": _("These answers do not count in the score, so there is nothing to appeal: %(items)s.")
                % {"items": ", ".join(uncounted)}
            }
        )
    return found


def correction_of(
    answer: Answer, value: Any, not_applicable: bool = False, *, field: str = "value", current: bool = True
) -> Correction | None:
    """Check a corrected answer against its item; the error names the item. Returns None when it is the same as
    the stored answer (and `current` is False, i.e. the caller only wants the answers that changed)."""
    item: Item = answer.item
    if item.answer_type == scoring.PHOTO:
        raise ValidationError({field: _("Item %(item)s: photo answers cannot be corrected.") % {"item": item.label}})
    if not_applicable or (isinstance(value, str) and value.strip().lower() == scoring.NA):
        normalised, not_applicable = None, True
    elif value is None or (isinstance(value, str) and not value.strip() and item.answer_type != scoring.TEXT):
        raise ValidationError(
            {field: _("Item %(item)s: give the corrected answer, or mark it not applicable.") % {"item": item.label}}
        )
    else:
        try:
            normalised = scoring.normalise(item.answer_type, value)
        except scoring.InvalidAnswer as error:
            raise ValidationError(
                {
                    field: _("Item %(item)s: %(problem)s.")
                    % {"item": item.label, "problem": _invalid_value_message(error)}
                }
            ) from error
    same = scoring.canonical(normalised, not_applicable) == scoring.canonical(
        _stored_value(item, answer.value), answer.not_applicable
    )
    if same:
        if not current:
            return None
        raise ValidationError(
            {field: _("Item %(item)s already has this answer: nothing to correct.") % {"item": item.label}}
        )
    return Correction(answer=answer, value=_json_value(normalised), not_applicable=not_applicable)


def _stored_value(item: Item, value: Any) -> Any:
    if value is None:
        return None
    try:
        return scoring.normalise(item.answer_type, value)
    except scoring.InvalidAnswer:
        return value


# --- re-scoring -------------------------------------------------------------------------------------------


def _rescore(
    inspection: Inspection,
    corrections: Sequence[Correction],
    *,
    cause: str,
    reason: str,
    by: Any,
    now: dt.datetime,
    appeal: Appeal | None = None,
) -> list[ScoreChange]:
    """Apply the corrections one after the other, re-scoring the whole visit after each (so every ScoreChange
    shows what its own correction did), then store answers, scores, findings and touchpoint-score rows."""
    items = list(inspection.template_version.items.select_related("touchpoint").order_by("order"))
    items_by_id = {item.pk: item for item in items}
    answers = {answer.pk: answer for answer in inspection.answers.all()}
    before = {pk: (a.value, a.not_applicable, a.status, a.score, a.passed) for pk, a in answers.items()}
    applicable = inspection.applicable_touchpoints or None
    changes: list[ScoreChange] = []
    result = None
    for correction in corrections:
        row = answers[correction.answer.pk]
        old_scores = scores_snapshot(inspection)
        old_value, old_na = row.value, row.not_applicable
        row.value, row.not_applicable = correction.value, correction.not_applicable
        result = inspection_scores(
            items, [scoring.Answer(a.item_id, a.value, a.not_applicable) for a in answers.values()], applicable
        )
        for name, value in stored_scores(result).items():
            setattr(inspection, name, value)
        changes.append(
            ScoreChange(
                inspection=inspection,
                answer=row,
                item_code=items_by_id[row.item_id].code,
                cause=cause,
                appeal=appeal,
                reason=reason,
                by=by,
                at=now,
                old_value=old_value,
                new_value=row.value,
                old_not_applicable=old_na,
                new_not_applicable=row.not_applicable,
                old_scores=old_scores,
                new_scores=scores_snapshot(inspection),
            )
        )
    if result is None:
        return []
    changed = []
    for pk, row in answers.items():
        scored = result.items[row.item_id]
        row.status, row.score, row.passed = scored.status, scored.score, scored.passed
        if (row.value, row.not_applicable, row.status, row.score, row.passed) != before[pk]:
            row.updated_at = now
            changed.append(row)
    Answer.objects.bulk_update(changed, ["value", "not_applicable", "status", "score", "passed", "updated_at"])
    ScoreChange.objects.bulk_create(changes)
    inspection._history_user = by
    inspection._change_reason = reason[:100]
    inspection.save(
        update_fields=["overall", "by_touchpoint", "by_dimension", "reviewed_by", "reviewed_at", "updated_at"]
    )
    _sync_findings(inspection, items_by_id, {row.item_id: row for row in answers.values()}, result, by, now, reason)
    touchpoint_scores_write(inspection, {item.touchpoint.code: item.touchpoint_id for item in items})
    return changes


def _untouched(action: CorrectiveAction) -> bool:
    """Nobody has worked on the action yet (an escalation is not work)."""
    return (
        action.status == ActionStatus.OPEN
        and action.started_at is None
        and action.done_at is None
        and not action.evidence_text
        and action.reopened_count == 0
    )


def _sync_findings(
    inspection: Inspection,
    items: Mapping[int, Item],
    answers: Mapping[int, Answer],
    result: scoring.Result,
    by: Any,
    now: dt.datetime,
    reason: str,
) -> None:
    """Findings follow the corrected answers: a new failure gets a finding and an action (due from today); a
    failure that was corrected away loses its finding when nobody worked on its action yet, otherwise the
    finding stays with a note and its action is closed (status verified) so the work done stays on record."""
    failed = {score.item: score for score in result.failed}
    existing = {
        finding.item_id: finding
        for finding in Finding.objects.filter(inspection=inspection).prefetch_related("actions")
    }
    note = _("Withdrawn after HQ corrected the answer (%(date)s): %(reason)s") % {
        "date": now.astimezone(inspection.hall.tzinfo).strftime("%Y-%m-%d"),
        "reason": reason,
    }
    for item_id, finding in existing.items():
        actions = list(finding.actions.all())
        if item_id in failed:
            description = _finding_description(items[item_id], answers.get(item_id))
            if finding.description.split("\n", 1)[0] != description.split("\n", 1)[0]:
                finding.description = description
                finding.save(update_fields=["description", "updated_at"])
            continue
        if all(_untouched(action) for action in actions):
            for action in actions:
                action._history_user = by
                action._change_reason = note[:100]
                action.delete()
            finding.delete()
            continue
        if note not in finding.description:
            finding.description = f"{finding.description}\n{note}"
            finding.save(update_fields=["description", "updated_at"])
        for action in actions:
            if action.status == ActionStatus.VERIFIED:
                continue
            action.status = ActionStatus.VERIFIED
            action.verified_at, action.verified_by = now, by
            action.evidence_text = f"{action.evidence_text}\n{note}".strip()
            action._history_user = by
            action._change_reason = note[:100]
            action.save()
    new_failures = [score for item_id, score in failed.items() if item_id not in existing]
    if not new_failures:
        return
    created = findings_create(inspection=inspection, items=items, answers=answers, failed=new_failures, by=by)
    photos = {}
    for photo in Photo.objects.filter(answer__in=[f.answer_id for f in created]).order_by("-pk"):
        photos[photo.answer_id] = photo
    for finding in created:
        if finding.answer_id in photos:
            finding.photo = photos[finding.answer_id]
            finding.save(update_fields=["photo", "updated_at"])
    # The hall learns of the failure now (at publication for a visit still under review): due from today.
    for action in CorrectiveAction.objects.filter(finding__in=created).select_related("finding"):
        action.due_date = due_date(action.finding.severity, now, inspection.hall)
        action.save(update_fields=["due_date", "updated_at"])


def _finding_description(item: Item, answer: Answer | None) -> str:
    description = _("%(item)s: %(answer)s.") % {"item": item.text, "answer": answer_summary(item, answer)}
    if answer is not None and answer.comment:
        description += "\n" + answer.comment
    return description


# --- HQ review ----------------------------------------------------------------------------------------------


@transaction.atomic
def inspection_correct(
    *,
    inspection: Inspection,
    by: Any,
    answer: Answer | int,
    value: Any = None,
    not_applicable: bool = False,
    reason: str,
    now: dt.datetime | None = None,
) -> ScoreChange:
    """HQ corrects one answer of a mystery shop under review (a new value, or not applicable) with a reason.
    The visit is re-scored; returns the ScoreChange row."""
    now = now or timezone.now()
    _require(by, "inspections.review_inspection", inspection, _("Only HQ of the hall's region reviews mystery shops."))
    inspection = _locked(inspection)
    _check_under_review(inspection)
    reason = _reason(reason)
    correction = correction_of(_answer_of(inspection, answer), value, not_applicable)
    inspection.reviewed_by_id = inspection.reviewed_by_id or by.pk
    inspection.reviewed_at = inspection.reviewed_at or now
    (change,) = _rescore(inspection, [correction], cause=ScoreChangeReason.REVIEW, reason=reason, by=by, now=now)
    return change


@transaction.atomic
def inspection_observed_staff_set(*, inspection: Inspection, by: Any, staff: Iterable[StaffMember | int]) -> Inspection:
    """Record which staff of the hall served or were watched during the visit (replaces the earlier list)."""
    _require(by, "inspections.review_inspection", inspection, _("Only HQ of the hall's region reviews mystery shops."))
    inspection = _locked(inspection)
    if inspection.kind != InspectionKind.MYSTERY_SHOP:
        raise ValidationError({"inspection": _("Only mystery-shopper visits go through HQ review.")})
    ids = {member.pk if isinstance(member, StaffMember) else int(member) for member in staff}
    found = set(StaffMember.objects.filter(pk__in=ids, hall=inspection.hall_id).values_list("pk", flat=True))
    strangers = sorted(ids - found)
    if strangers:
        raise ValidationError(
            {
                "observed_staff": _("Staff %(ids)s do not work in hall %(hall)s.")
                % {"ids": ", ".join(str(pk) for pk in strangers), "hall": inspection.hall.code}
            }
        )
    inspection.observed_staff.set(sorted(found))
    return inspection


@transaction.atomic
def inspection_publish(*, inspection: Inspection, by: Any, now: dt.datetime | None = None) -> Inspection:
    """Publish a reviewed mystery shop to the hall: its scores, findings and actions become the hall's, the
    corrective actions nobody has touched are due counting from today, and the hall's managers are told."""
    now = now or timezone.now()
    _require(by, "inspections.publish_inspection", inspection, _("Only HQ of the hall's region publishes."))
    inspection = _locked(inspection)
    _check_under_review(inspection)
    inspection.status = InspectionStatus.PUBLISHED
    inspection.published_at, inspection.published_by = now, by
    inspection.reviewed_by_id = inspection.reviewed_by_id or by.pk
    inspection.reviewed_at = inspection.reviewed_at or now
    inspection._history_user = by
    inspection._change_reason = _("Published")
    inspection.save()
    touchpoint_scores_write(inspection)
    waiting = [
        action
        for action in CorrectiveAction.objects.filter(finding__inspection=inspection).select_related("finding")
        if _untouched(action)
    ]
    for action in waiting:
        action.due_date = due_date(action.finding.severity, now, inspection.hall)
    if waiting:
        bulk_update_with_history(
            waiting, CorrectiveAction, ["due_date"], default_user=by, default_change_reason=_("Due from publication")
        )
    _tell_managers(
        inspection,
        topic=f"inspections:mystery-shop-published:hall:{inspection.hall_id}",
        title=_("Mystery-shop result published for %(hall)s: %(score)s")
        % {"hall": inspection.hall.name, "score": inspection.overall if inspection.overall is not None else "–"},
        body=_("You may appeal until %(date)s.") % {"date": appeal_last_day(inspection).isoformat()},
    )
    return inspection


# --- appeals -----------------------------------------------------------------------------------------------


@transaction.atomic
def appeal_file(
    *,
    inspection: Inspection,
    by: Any,
    reason: str,
    answers: Iterable[Answer | int],
    evidence_text: str = "",
    evidence_photo: Any = None,
    now: dt.datetime | None = None,
) -> Appeal:
    """A manager of the hall appeals a published mystery shop within the window, naming the disputed answers,
    with a reason, evidence and optionally a photo (decoded and re-encoded like every photo)."""
    now = now or timezone.now()
    _require(by, "inspections.add_appeal", inspection, _("Only a manager of the hall may appeal its mystery shops."))
    inspection = _locked(inspection)
    if inspection.kind != InspectionKind.MYSTERY_SHOP or inspection.status != InspectionStatus.PUBLISHED:
        raise ValidationError({"inspection": _("Only a published mystery shop can be appealed.")})
    if not appeal_window_open(inspection, now):
        raise ValidationError(
            {
                "inspection": _("The appeal window closed at the end of %(date)s (7 days after publication).")
                % {"date": appeal_last_day(inspection).isoformat()}
            }
        )
    if inspection.appeals.filter(status=AppealStatus.PENDING).exists():
        raise ValidationError(
            {"inspection": _("An appeal of this mystery shop is already pending: wait for HQ's decision.")}
        )
    reason = _reason(reason)
    evidence_text = (evidence_text or "").strip()
    if len(evidence_text) > MAX_REASON_LENGTH:
        raise ValidationError({"evidence_text": _("At most %(count)s characters.") % {"count": MAX_REASON_LENGTH}})
    disputed = _answers_of(inspection, answers)
    appeal = Appeal(inspection=inspection, reason=reason, evidence_text=evidence_text, filed_by=by, filed_at=now)
    if evidence_photo is not None:
        try:
            appeal.evidence_photo, _created = photo_store(
                inspection=inspection, by=by, upload=evidence_photo, caption=_("Evidence for an appeal")
            )
        except ValidationError as error:
            raise ValidationError({"evidence_photo": error.messages}) from error
    appeal._history_user = by
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError:
        # Another request filed one first (one pending appeal per inspection).
        raise ValidationError(
            {"inspection": _("An appeal of this mystery shop is already pending: wait for HQ's decision.")}
        ) from None
    appeal.answers.set(disputed)
    hq = _users_with_role(Role.HQ, role_assignments__regions=inspection.hall.region_id)
    notify(
        users=hq,
        topic=f"inspections:appeals:region:{inspection.hall.region_id}",
        title=_("Appeal from %(hall)s against the mystery shop of %(date)s")
        % {"hall": inspection.hall.name, "date": _local_date(inspection.submitted_at, inspection)},
        body=reason[:300],
        url=reverse("inspections:appeal_detail", args=[appeal.pk]),
        time_zone=inspection.hall.region.time_zone,
    )
    return appeal


def _locked_appeal(appeal: Appeal, by: Any) -> Appeal:
    _require(by, "inspections.decide_appeal", appeal, _("Only HQ of the hall's region decides appeals."))
    appeal = Appeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError(
            {"status": _("This appeal was already decided (%(status)s).") % {"status": appeal.get_status_display()}}
        )
    return appeal


def _decide(appeal: Appeal, by: Any, status: str, reason: str, now: dt.datetime) -> None:
    appeal.status = status
    appeal.decided_by, appeal.decided_at, appeal.decision_reason = by, now, reason
    appeal._history_user = by
    appeal._change_reason = str(AppealStatus(status).label)
    appeal.save()


@transaction.atomic
def appeal_uphold(
    *,
    appeal: Appeal,
    by: Any,
    reason: str,
    corrections: Iterable[Mapping[str, Any]],
    now: dt.datetime | None = None,
) -> Appeal:
    """HQ upholds an appeal with the corrected answers (`{"answer", "value", "not_applicable"}` each): the visit
    is re-scored, each change kept as a ScoreChange caused by the appeal; the appellant is told."""
    now = now or timezone.now()
    appeal = _locked_appeal(appeal, by)
    reason = _reason(reason)
    inspection = _locked(appeal.inspection)
    rows = []
    for raw in corrections:
        answer = _answer_of(inspection, raw.get("answer"), field="corrections")
        correction = correction_of(
            answer, raw.get("value"), bool(raw.get("not_applicable")), field="corrections", current=False
        )
        if correction is not None:
            rows.append(correction)
    if not rows:
        raise ValidationError(
            {"corrections": _("Upholding changes at least one answer: give the corrected answers (or reject).")}
        )
    if len({row.answer.pk for row in rows}) != len(rows):
        raise ValidationError({"corrections": _("Each answer can be corrected only once per decision.")})
    _rescore(inspection, rows, cause=ScoreChangeReason.APPEAL, reason=reason, by=by, now=now, appeal=appeal)
    _decide(appeal, by, AppealStatus.UPHELD, reason, now)
    _tell_decision(appeal, inspection)
    return appeal


@transaction.atomic
def appeal_reject(*, appeal: Appeal, by: Any, reason: str, now: dt.datetime | None = None) -> Appeal:
    """HQ rejects an appeal with a reason; the scores do not change. The appellant is told."""
    now = now or timezone.now()
    appeal = _locked_appeal(appeal, by)
    reason = _reason(reason)
    _decide(appeal, by, AppealStatus.REJECTED, reason, now)
    _tell_decision(appeal, appeal.inspection)
    return appeal


# --- telling people --------------------------------------------------------------------------------------------


def _local_date(moment: dt.datetime | None, inspection: Inspection) -> str:
    return "" if moment is None else moment.astimezone(inspection.hall.tzinfo).date().isoformat()


def _users_with_role(role: str, **where: Any) -> list[Any]:
    return list(
        get_user_model().objects.filter(is_active=True, role_assignments__role=role, **where).distinct().order_by("pk")
    )


def _tell_managers(
    inspection: Inspection, *, topic: str, title: str, body: str = "", extra: Iterable[Any] = ()
) -> None:
    managers = _users_with_role(Role.MANAGER, role_assignments__halls=inspection.hall_id)
    notify(
        users=[*managers, *extra],
        topic=topic,
        title=title,
        body=body,
        url=reverse("inspections:inspection_detail", args=[inspection.pk]),
        time_zone=inspection.hall.time_zone,
    )


def _tell_decision(appeal: Appeal, inspection: Inspection) -> None:
    title = (
        _("Your appeal for %(hall)s was upheld: the score is now %(score)s")
        if appeal.status == AppealStatus.UPHELD
        else _("Your appeal for %(hall)s was rejected")
    ) % {"hall": inspection.hall.name, "score": inspection.overall if inspection.overall is not None else "–"}
    _tell_managers(
        inspection,
        topic=f"inspections:appeal:{appeal.pk}",
        title=title,
        body=appeal.decision_reason[:300],
        extra=[appeal.filed_by] if appeal.filed_by_id else [],
    )


__all__ = [
    "Correction",
    "appeal_file",
    "appeal_last_day",
    "appeal_reject",
    "appeal_uphold",
    "appeal_window_open",
    "correction_of",
    "inspection_correct",
    "inspection_observed_staff_set",
    "inspection_publish",
    "scores_snapshot",
]
