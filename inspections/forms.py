"""The tablet checklist form: one screen per touchpoint, read back into the answers the submission service
takes. Not a Django Form: the fields come from the checklist version's items."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import scoring
from .models import Item, TemplateVersion
from .services.photos import read_upload, reencode


@dataclass
class Screen:
    """One touchpoint's items, in order: one screen of the tablet form."""

    touchpoint: Any
    items: list[Item]


@dataclass
class ParsedForm:
    answers: list[dict[str, Any]]
    photos: list[tuple[uuid.UUID, Any, Item]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def screens(version: TemplateVersion) -> list[Screen]:
    """The version's items grouped by touchpoint in the customer's order (TP01 first)."""
    items = sorted(version.items.select_related("touchpoint"), key=lambda i: (i.touchpoint.order, i.order))
    result: list[Screen] = []
    for item in items:
        if not result or result[-1].touchpoint.pk != item.touchpoint_id:
            result.append(Screen(touchpoint=item.touchpoint, items=[]))
        result[-1].items.append(item)
    return result


def _photo(upload: Any, item: Item) -> tuple[uuid.UUID, Any, Item]:
    """Check that the upload is an image now, so that a bad photo is reported with the form."""
    try:
        reencode(read_upload(upload))
    except ValidationError as error:
        raise ValidationError(
            _("Item %(item)s, photo: %(problem)s") % {"item": item.label, "problem": error.messages[0]}
        ) from error
    upload.seek(0)
    return uuid.uuid4(), upload, item


def parse(items: list[Item], data: Mapping[str, Any], files: Mapping[str, Any]) -> ParsedForm:
    """Answers from the posted fields `item-<id>`, `na-<id>`, `comment-<id>` and files `photo-<id>`. Items
    left empty are left out: the service says which of them needed an answer."""
    parsed = ParsedForm(answers=[])
    for item in items:
        raw = (data.get(f"item-{item.pk}") or "").strip()
        not_applicable = data.get(f"na-{item.pk}") == "on" or raw == scoring.NA
        comment = (data.get(f"comment-{item.pk}") or "").strip()
        photo_ids = []
        upload = files.get(f"photo-{item.pk}")
        if upload:
            try:
                key, upload, _item = _photo(upload, item)
            except ValidationError as error:
                parsed.errors.extend(error.messages)
                continue
            parsed.photos.append((key, upload, item))
            photo_ids.append(str(key))
        if item.answer_type == scoring.PHOTO:
            if photo_ids or not_applicable:
                parsed.answers.append({"item": item.pk, "value": photo_ids, "not_applicable": not_applicable})
            continue
        if not raw and not not_applicable and not comment and not photo_ids:
            continue
        answer: dict[str, Any] = {"item": item.pk, "not_applicable": not_applicable, "comment": comment}
        if not not_applicable and raw:
            answer["value"] = raw
        if photo_ids:
            answer["photos"] = photo_ids
        parsed.answers.append(answer)
    return parsed
