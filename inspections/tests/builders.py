"""Builders for inspection tests: published checklist versions of any size, and answer payloads."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from inspections.choices import InspectionKind
from inspections.models import ChecklistTemplate, Item, Section, TemplateVersion
from touchpoints.models import Touchpoint


def touchpoints() -> dict[str, Touchpoint]:
    return {tp.code: tp for tp in Touchpoint.objects.all()}


# A small patrol checklist with one item of each kind of rule (codes are stable item keys).
SMALL_ITEMS: list[dict[str, Any]] = [
    {"code": "door-clear", "touchpoint": "TP04", "answer_type": "yes_no", "dimension": "attention"},
    {
        "code": "greeted",
        "touchpoint": "TP04",
        "answer_type": "yes_no",
        "dimension": "emotion",
        "critical": True,
        "photo_required_when_failed": True,
    },
    {
        "code": "temperature",
        "touchpoint": "TP05",
        "answer_type": "number",
        "min_value": Decimal(18),
        "max_value": Decimal(26),
        "unit": "°C",
        "dimension": "emotion",
    },
    {"code": "explained", "touchpoint": "TP07", "answer_type": "scale", "dimension": "knowledge", "severity": "high"},
    {
        "code": "queue-wait",
        "touchpoint": "TP11",
        "answer_type": "duration",
        "max_seconds": 600,
        "dimension": "efficiency",
        "severity": "low",
    },
    {"code": "kiosk-on", "touchpoint": "TP09", "answer_type": "yes_no", "dimension": "efficiency"},
    {"code": "notes", "touchpoint": "TP16", "answer_type": "text"},
    {"code": "goodbye", "touchpoint": "TP16", "answer_type": "yes_no", "dimension": "emotion"},
    {
        "code": "goodbye-why",
        "touchpoint": "TP16",
        "answer_type": "text",
        "required": True,
        "condition": "goodbye",
        "condition_value": "no",
    },
]


def make_version(
    *,
    items: Iterable[Mapping[str, Any]] = SMALL_ITEMS,
    kind: str = InspectionKind.PATROL,
    name: str = "Patrol checklist",
    region: Any = None,
    template: ChecklistTemplate | None = None,
    publish: bool = True,
) -> TemplateVersion:
    """A version of a (new or given) template with one section per touchpoint, items in order."""
    tps = touchpoints()
    template = template or ChecklistTemplate.objects.create(kind=kind, name=name, region=region)
    number = template.versions.count() + 1
    version = TemplateVersion.objects.create(template=template, number=number)
    sections: dict[str, Section] = {}
    by_code: dict[str, Item] = {}
    for order, spec in enumerate(items, start=1):
        spec = dict(spec)
        code = spec.pop("touchpoint")
        condition = spec.pop("condition", None)
        if code not in sections:
            sections[code] = Section.objects.create(version=version, order=len(sections) + 1, title=tps[code].name_en)
        item = Item(
            version=version,
            section=sections[code],
            order=order,
            text=spec.pop("text", spec["code"].replace("-", " ").capitalize()),
            touchpoint=tps[code],
            condition_item=by_code.get(condition),
            **spec,
        )
        item.full_clean()
        item.save()
        by_code[item.code] = item
    if publish:
        version.published_at = timezone.now()
        version.save()
    return version


def many_items(count: int) -> list[dict[str, Any]]:
    """`count` yes/no items spread over the 16 touchpoints (for the query-count test)."""
    kinds = ["yes_no", "scale", "yes_no", "number"]
    items = []
    for index in range(count):
        answer_type = kinds[index % len(kinds)]
        spec: dict[str, Any] = {
            "code": f"item-{index:03d}",
            "touchpoint": f"TP{index % 16 + 1:02d}",
            "answer_type": answer_type,
            "dimension": ["emotion", "knowledge", "efficiency", "attention", "trust", "control"][index % 6],
        }
        if answer_type == "number":
            spec.update(min_value=Decimal(0), max_value=Decimal(10))
        items.append(spec)
    return items


PASSING = {"yes_no": "yes", "scale": 5, "number": 5, "duration": 120, "text": "ok", "photo": []}
FAILING = {"yes_no": "no", "scale": 1, "number": 99, "duration": 900}


def answers(version: TemplateVersion, **overrides: Any) -> list[dict[str, Any]]:
    """A passing answer for every item without a condition; `overrides` maps item codes to a value, to a
    dict of answer fields, or to None (leave the item out)."""
    rows = []
    for item in version.items.order_by("order"):
        if item.code in overrides:
            override = overrides[item.code]
            if override is None:
                continue
            row = {"item": item.pk, **override} if isinstance(override, dict) else {"item": item.pk, "value": override}
        elif item.condition_item_id:
            continue
        elif item.answer_type == "number":
            middle = ((item.min_value or item.max_value) + (item.max_value or item.min_value)) / 2
            row = {"item": item.pk, "value": str(middle)}
        else:
            row = {"item": item.pk, "value": PASSING[item.answer_type]}
        rows.append(row)
    return rows


def failing(version: TemplateVersion, *codes: str, photo: bool = True) -> dict[str, Any]:
    """Overrides that fail the given items (with a photo announced where one is required)."""
    overrides = {}
    for item in version.items.filter(code__in=codes):
        row: dict[str, Any] = {"value": FAILING[item.answer_type]}
        if photo and item.photo_required_when_failed:
            row["photos"] = [str(uuid.uuid4())]
        overrides[item.code] = row
    return overrides
