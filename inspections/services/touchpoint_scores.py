"""Keeps the narrow TouchpointScore table (inspections/models/scores.py) equal to each inspection's stored
`by_touchpoint` scores. Call it whenever an inspection's scores or visibility change (submission, an HQ
correction, publication, an upheld appeal)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from touchpoints.models import Touchpoint

from ..choices import InspectionKind, InspectionStatus
from ..models import Inspection, TouchpointScore


def visible_to_hall(inspection: Inspection) -> bool:
    return inspection.kind != InspectionKind.MYSTERY_SHOP or inspection.status == InspectionStatus.PUBLISHED


def touchpoint_scores_write(inspection: Inspection, touchpoint_ids: Mapping[str, int] | None = None) -> int:
    """Replace the inspection's rows: two queries (three without `touchpoint_ids`, code -> pk). Returns the
    number of rows written. Submitted inspections only: a draft has no scores."""
    TouchpointScore.objects.filter(inspection=inspection).delete()
    if inspection.submitted_at is None or not inspection.by_touchpoint:
        return 0
    if touchpoint_ids is None:
        touchpoint_ids = dict(Touchpoint.objects.values_list("code", "pk"))
    day = inspection.submitted_at.astimezone(inspection.hall.tzinfo).date()
    visible = visible_to_hall(inspection)
    rows = [
        TouchpointScore(
            inspection=inspection,
            hall_id=inspection.hall_id,
            touchpoint_id=touchpoint_ids[code],
            day=day,
            kind=inspection.kind,
            score=Decimal(str(value)),
            visible_to_hall=visible,
        )
        for code, value in sorted(inspection.by_touchpoint.items())
        if value is not None and code in touchpoint_ids
    ]
    TouchpointScore.objects.bulk_create(rows)
    return len(rows)


def touchpoint_scores_rebuild(inspections: Iterable[Inspection], batch: int = 2000) -> int:
    """Rewrite the rows of many inspections (a backfill, the demo): deletes and inserts in batches."""
    touchpoint_ids = dict(Touchpoint.objects.values_list("code", "pk"))
    written = 0
    pending: list[TouchpointScore] = []
    ids: list[int] = []

    def flush() -> None:
        TouchpointScore.objects.filter(inspection_id__in=ids).delete()
        TouchpointScore.objects.bulk_create(pending, batch_size=batch)
        pending.clear()
        ids.clear()

    for inspection in inspections:
        ids.append(inspection.pk)
        if inspection.submitted_at is not None:
            day = inspection.submitted_at.astimezone(inspection.hall.tzinfo).date()
            visible = visible_to_hall(inspection)
            for code, value in (inspection.by_touchpoint or {}).items():
                if value is None or code not in touchpoint_ids:
                    continue
                pending.append(
                    TouchpointScore(
                        inspection_id=inspection.pk,
                        hall_id=inspection.hall_id,
                        touchpoint_id=touchpoint_ids[code],
                        day=day,
                        kind=inspection.kind,
                        score=Decimal(str(value)),
                        visible_to_hall=visible,
                    )
                )
                written += 1
        if len(ids) >= batch:
            flush()
    if ids:
        flush()
    return written


__all__: list[Any] = ["touchpoint_scores_rebuild", "touchpoint_scores_write", "visible_to_hall"]
