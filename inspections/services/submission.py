"""Submitting an inspection from a tablet: permission, idempotency by client UUID, validation that names the
item, scoring (computed once, stored), answers, findings and corrective actions, all in one transaction and
a fixed number of queries however many items the checklist has."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from halls.models import Hall

from .. import scoring
from ..choices import InspectionKind, InspectionStatus
from ..models import Answer, Inspection, Item, TemplateVersion
from ..rules import SUBMIT_PERMISSION
from .assignments import assignment_fulfil
from .findings import findings_create
from .touchpoint_scores import touchpoint_scores_write

MAX_COMMENT_LENGTH = 2000
# A tablet's clock may run a little fast; anything later than this after the server's "now" is refused.
CLOCK_SKEW = dt.timedelta(minutes=10)


class SubmissionConflict(Exception):
    """The client UUID was already used for a submission with different content (the API answers 409)."""

    def __init__(self, inspection: Inspection) -> None:
        self.inspection = inspection
        super().__init__(
            _(
                "This client UUID was already used for inspection %(id)s with different content. "
                "Nothing was saved: generate a new UUID for a new inspection."
            )
            % {"id": inspection.pk}
        )


@dataclass
class _Parsed:
    """The answers after validation: for scoring, and the rows to store."""

    rules: list[scoring.Item]
    answers: list[scoring.Answer]
    comments: dict[int, str] = field(default_factory=dict)
    photos: dict[int, list[str]] = field(default_factory=dict)


def _invalid_value_message(error: scoring.InvalidAnswer) -> str:
    """The scoring module speaks plain English codes; people read translated sentences."""
    messages = {
        "yes_no": _('expected "yes", "no" or "na"'),
        "scale": _("expected a whole number from 0 to 5"),
        "number": _("expected a number"),
        "duration": _("expected seconds from 0 to 86400"),
        "text": _("expected text"),
        "text_length": _("expected at most %(count)s characters") % {"count": scoring.MAX_TEXT_LENGTH},
        "photos": _("expected a list of at most %(count)s photo UUIDs") % {"count": scoring.MAX_PHOTOS_PER_ANSWER},
    }
    return str(messages.get(error.code, error))


def _utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


def payload_hash(
    *,
    hall: Hall,
    template_version: TemplateVersion,
    by: Any,
    answers: Iterable[Mapping[str, Any]],
    timestamps: Mapping[str, dt.datetime | None],
    started_at: dt.datetime | None,
    comment: str,
) -> str:
    """SHA-256 of the submission in a canonical form (answers sorted by item, times in UTC): a resend of the
    same submission has the same hash, a different one (or the same from another person) does not."""
    canonical_answers = sorted(
        (
            {
                "item": _item_id(answer.get("item")),
                "value": answer.get("value"),
                "not_applicable": bool(answer.get("not_applicable", False)),
                "comment": (answer.get("comment") or "").strip(),
                "photos": sorted(str(p).lower() for p in answer.get("photos") or ()),
            }
            for answer in answers
        ),
        key=lambda row: (str(row["item"]), json.dumps(row, sort_keys=True, default=str)),
    )
    body = {
        "hall": hall.pk,
        "template_version": template_version.pk,
        "by": by.pk,
        "answers": canonical_answers,
        "timestamps": {name: _utc(value) for name, value in sorted(timestamps.items()) if value is not None},
        "started_at": _utc(started_at),
        "comment": (comment or "").strip(),
    }
    text = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _item_id(value: Any) -> Any:
    if isinstance(value, Item):
        return value.pk
    return value


def _check_allowed(*, hall: Hall, template_version: TemplateVersion, by: Any) -> None:
    kind = template_version.template.kind
    if not by.has_perm(SUBMIT_PERMISSION[kind], hall):
        raise PermissionDenied(
            _("You may not submit a %(kind)s for hall %(hall)s.")
            % {"kind": InspectionKind(kind).label.lower(), "hall": hall.code}
        )


def _check_version(*, hall: Hall, template_version: TemplateVersion) -> None:
    template = template_version.template
    if not template_version.is_published:
        raise ValidationError(
            {
                "template_version": _("Version %(number)s is a draft; inspect with a published version.")
                % {"number": template_version.number}
            }
        )
    if template.region_id is not None and template.region_id != hall.region_id:
        raise ValidationError(
            {
                "template_version": _("The checklist “%(name)s” is not used in the region of hall %(hall)s.")
                % {
                    "name": template.name,
                    "hall": hall.code,
                }
            }
        )


def _check_timeline(kind: str, timestamps: Mapping[str, dt.datetime | None], now: dt.datetime) -> dict[str, Any]:
    """Mystery-shop timestamps in the order a visit happens, none in the future."""
    given = {name: value for name, value in timestamps.items() if value is not None}
    unknown = set(given) - set(Inspection.TIMELINE)
    if unknown:
        raise ValidationError(
            {"timestamps": _("Unknown timestamps: %(names)s.") % {"names": ", ".join(sorted(unknown))}}
        )
    if given and kind != InspectionKind.MYSTERY_SHOP:
        raise ValidationError({"timestamps": _("Only mystery-shopper visits record a timeline.")})
    errors = []
    for name, value in given.items():
        if value > now + CLOCK_SKEW:
            errors.append(_("%(name)s is in the future.") % {"name": Inspection._meta.get_field(name).verbose_name})
    # Greeting, and the ticket, come after arrival; from the ticket on, each step follows the one before.
    order = [("arrived_at", "greeted_at"), ("arrived_at", "ticket_at")]
    chain = ["ticket_at", "called_at", "service_started_at", "service_ended_at", "left_at"]
    order += list(zip(chain, chain[1:], strict=False))
    order += [("arrived_at", "left_at"), ("arrived_at", "service_started_at"), ("service_ended_at", "left_at")]
    for first, then in order:
        if first in given and then in given and given[then] < given[first]:
            errors.append(
                _("%(then)s cannot come before %(first)s.")
                % {
                    "then": Inspection._meta.get_field(then).verbose_name,
                    "first": Inspection._meta.get_field(first).verbose_name,
                }
            )
    if errors:
        raise ValidationError({"timestamps": list(dict.fromkeys(str(e) for e in errors))})
    return given


def _parse_answers(items: list[Item], answers: Iterable[Mapping[str, Any]], applicable: set[str]) -> _Parsed:
    """Check every answer against its item; errors name the item. Returns what scoring and storage need."""
    by_id = {item.pk: item for item in items}
    errors: list[str] = []
    parsed = _Parsed(rules=[item.rule() for item in items], answers=[])
    seen: set[int] = set()
    photo_ids: set[str] = set()
    for raw in answers:
        item_id = _item_id(raw.get("item"))
        item = by_id.get(item_id) if isinstance(item_id, int) else None
        if item is None:
            errors.append(_("Item %(id)s is not in this checklist version.") % {"id": item_id})
            continue
        if item.pk in seen:
            errors.append(_("Item %(item)s is answered twice.") % {"item": item.label})
            continue
        seen.add(item.pk)
        not_applicable = bool(raw.get("not_applicable", False))
        value = None
        if not not_applicable and raw.get("value") is not None:
            try:
                value = scoring.normalise(item.answer_type, raw.get("value"))
            except scoring.InvalidAnswer as error:
                errors.append(
                    _("Item %(item)s: %(problem)s.") % {"item": item.label, "problem": _invalid_value_message(error)}
                )
                continue
        comment = (raw.get("comment") or "").strip()
        if len(comment) > MAX_COMMENT_LENGTH:
            errors.append(
                _("Item %(item)s: the comment is longer than %(count)s characters.")
                % {"item": item.label, "count": MAX_COMMENT_LENGTH}
            )
        try:
            photos = scoring.normalise(scoring.PHOTO, raw.get("photos") or [])
        except scoring.InvalidAnswer as error:
            errors.append(
                _("Item %(item)s, photos: %(problem)s.")
                % {"item": item.label, "problem": _invalid_value_message(error)}
            )
            continue
        if item.answer_type == scoring.PHOTO and value:
            photos = list(dict.fromkeys([*value, *photos]))
        if photo_ids.intersection(photos):
            errors.append(_("Item %(item)s: a photo UUID is used twice.") % {"item": item.label})
        photo_ids.update(photos)
        parsed.answers.append(scoring.Answer(item=item.pk, value=value, not_applicable=not_applicable))
        parsed.comments[item.pk] = comment
        parsed.photos[item.pk] = photos
    if errors:
        raise ValidationError({"answers": errors})
    visible = scoring.visible_items(parsed.rules, parsed.answers)
    answered = {a.item: a for a in parsed.answers}
    for item in items:
        if item.pk not in visible or item.touchpoint.code not in applicable:
            continue
        answer = answered.get(item.pk)
        needs_answer = item.answer_type not in scoring.INFORMATIVE_TYPES or item.required
        if needs_answer and (answer is None or (answer.value is None and not answer.not_applicable)):
            errors.append(_("Item %(item)s needs an answer (or “not applicable”).") % {"item": item.label})
    if errors:
        raise ValidationError({"answers": errors})
    return parsed


def _check_failure_photos(items: Mapping[int, Item], result: scoring.Result, parsed: _Parsed) -> None:
    missing = [
        items[failed.item].label
        for failed in result.failed
        if items[failed.item].photo_required_when_failed and not parsed.photos.get(failed.item)
    ]
    if missing:
        raise ValidationError(
            {
                "answers": [
                    _("Item %(item)s failed: attach a photo (a photo is required when it fails).") % {"item": label}
                    for label in missing
                ]
            }
        )


def _json_value(value: Any) -> Any:
    """Decimals are stored as text in JSON, so that 21.50 stays exactly what the inspector typed."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def inspection_scores(
    items: list[Item], answers: Iterable[scoring.Answer], applicable: Iterable[str]
) -> scoring.Result:
    """Score answers against a version's items (touchpoints selected) as at submission: the items' rules, the
    touchpoints' weights and the codes that apply to the hall. HQ review and appeals re-score with it too."""
    return scoring.score(
        [item.rule() for item in items],
        answers,
        touchpoint_weights={item.touchpoint.code: item.touchpoint.weight for item in items},
        applicable=applicable,
    )


def stored_scores(result: scoring.Result) -> dict[str, Any]:
    """The Inspection fields that store a result: `overall`, and the touchpoint and dimension scores as text."""
    return {
        "overall": result.overall,
        "by_touchpoint": {code: str(value) for code, value in result.by_touchpoint.items()},
        "by_dimension": {name: str(value) for name, value in result.by_dimension.items()},
    }


def applicable_touchpoint_codes(hall: Hall, items: Iterable[Item]) -> set[str]:
    """Codes of the items' touchpoints that apply to the hall (the hall's touchpoint map)."""
    from touchpoints.selectors import applicable_touchpoint_ids

    applies = applicable_touchpoint_ids(hall)
    return {item.touchpoint.code for item in items if item.touchpoint_id in applies}


@transaction.atomic
def inspection_submit(
    *,
    hall: Hall,
    template_version: TemplateVersion,
    by: Any,
    client_uuid: uuid.UUID | str | None,
    answers: Iterable[Mapping[str, Any]],
    timestamps: Mapping[str, dt.datetime | None] | None = None,
    started_at: dt.datetime | None = None,
    comment: str = "",
    now: dt.datetime | None = None,
    assignment: Any = None,
) -> tuple[Inspection, bool]:
    """Submit a completed inspection; returns it and whether it was created.

    It fulfils `assignment` (an Assignment or its id, as the tablet's Start link passes it) or else the open
    assignment of this hall and kind it matches (services/assignments.py, assignment_fulfil).

    The same `client_uuid` with the same content returns the first inspection and creates nothing; with
    other content it raises SubmissionConflict. Bad answers raise ValidationError naming the item; a hall
    the user may not inspect raises PermissionDenied. Either way nothing is stored.
    """
    answers = list(answers)
    timestamps = dict(timestamps or {})
    now = now or timezone.now()
    _check_allowed(hall=hall, template_version=template_version, by=by)
    digest = payload_hash(
        hall=hall,
        template_version=template_version,
        by=by,
        answers=answers,
        timestamps=timestamps,
        started_at=started_at,
        comment=comment,
    )
    if client_uuid:
        client_uuid = uuid.UUID(str(client_uuid))
        existing = _existing(client_uuid, digest)
        if existing is not None:
            return existing, False
    _check_version(hall=hall, template_version=template_version)
    kind = template_version.template.kind
    timeline = _check_timeline(kind, timestamps, now)
    if len(comment or "") > MAX_COMMENT_LENGTH:
        raise ValidationError({"comment": _("At most %(count)s characters.") % {"count": MAX_COMMENT_LENGTH}})

    items = list(template_version.items.select_related("touchpoint").order_by("order"))
    items_by_id = {item.pk: item for item in items}
    applicable = applicable_touchpoint_codes(hall, items)
    parsed = _parse_answers(items, answers, applicable)
    result = inspection_scores(items, parsed.answers, applicable)
    _check_failure_photos(items_by_id, result, parsed)

    inspection = Inspection(
        hall=hall,
        template_version=template_version,
        kind=kind,
        inspector=by,
        status=InspectionStatus.UNDER_REVIEW if kind == InspectionKind.MYSTERY_SHOP else InspectionStatus.SUBMITTED,
        client_uuid=client_uuid or None,
        payload_hash=digest,
        started_at=started_at,
        submitted_at=now,
        comment=(comment or "").strip(),
        **stored_scores(result),
        applicable_touchpoints=sorted(applicable),
        **timeline,
    )
    inspection._history_user = by
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        # Another request with the same client UUID won the race: answer as if it had come first.
        existing = _existing(client_uuid, digest)
        if existing is None:
            raise
        return existing, False

    rows = []
    for answer in parsed.answers:
        scored = result.items[answer.item]
        rows.append(
            Answer(
                inspection=inspection,
                item_id=answer.item,
                value=_json_value(answer.value),
                not_applicable=answer.not_applicable,
                comment=parsed.comments.get(answer.item, ""),
                photo_uuids=parsed.photos.get(answer.item, []),
                status=scored.status,
                score=scored.score,
                passed=scored.passed,
            )
        )
    stored = Answer.objects.bulk_create(rows)
    findings_create(
        inspection=inspection,
        items=items_by_id,
        answers={row.item_id: row for row in stored},
        failed=result.failed,
        by=by,
    )
    touchpoint_scores_write(inspection, {item.touchpoint.code: item.touchpoint_id for item in items})
    assignment_fulfil(inspection=inspection, by=by, assignment=assignment, now=now)
    return inspection, True


def _existing(client_uuid: uuid.UUID, digest: str) -> Inspection | None:
    existing = Inspection.objects.filter(client_uuid=client_uuid).first()
    if existing is None:
        return None
    if existing.payload_hash != digest:
        raise SubmissionConflict(existing)
    return existing
