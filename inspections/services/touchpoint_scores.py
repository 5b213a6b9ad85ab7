"""Keeps the narrow TouchpointScore table (inspections/models/scores.py) equal to each inspection's stored
`by_touchpoint` scores. Call it whenever an inspection's scores or visibility change (submission, an HQ
correction, publication, an upheld appeal). Both writers also keep the nightly window roll-up exact
(services/touchpoint_windows.py): the difference between the old and the new rows is added to the windows
holding their day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection

from touchpoints.models import Touchpoint

from ..choices import InspectionKind, InspectionStatus
from ..models import Inspection, TouchpointScore
from .touchpoint_windows import ScoreRow, touchpoint_windows_adjust

SCORE_ROW_FIELDS = ("hall_id", "touchpoint_id", "day", "kind", "visible_to_hall", "score")


def _delete_returning(inspection_ids: Sequence[int]) -> list[ScoreRow]:
    """Delete the inspections' rows and return what they held, in one query (DELETE ... RETURNING: PostgreSQL,
    SQLite >= 3.35), so keeping the windows exact costs a submission nothing."""
    if not inspection_ids:
        return []
    table = TouchpointScore._meta.db_table
    marks = ", ".join(["%s"] * len(inspection_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            # Only the model's table name is formatted in; the ids are parameters.
            f"DELETE FROM {table} WHERE inspection_id IN ({marks}) RETURNING {', '.join(SCORE_ROW_FIELDS)}",  # noqa: S608
            list(inspection_ids),
        )
        return [
            ScoreRow(
                hall_id,
                touchpoint_id,
                day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
                kind,
                bool(visible),
                Decimal(str(score)),
            )
            for hall_id, touchpoint_id, day, kind, visible, score in cursor.fetchall()
        ]


def _rows(scores: Iterable[TouchpointScore]) -> list[ScoreRow]:
    return [ScoreRow(*(getattr(score, name) for name in SCORE_ROW_FIELDS)) for score in scores]


def visible_to_hall(inspection: Inspection) -> bool:
    return inspection.kind != InspectionKind.MYSTERY_SHOP or inspection.status == InspectionStatus.PUBLISHED


def touchpoint_scores_write(inspection: Inspection, touchpoint_ids: Mapping[str, int] | None = None) -> int:
    """Replace the inspection's rows: two queries (three without `touchpoint_ids`, code -> pk), plus one UPDATE
    of the windows per touchpoint whose score changed on a day before today. Returns the number of rows written.
    Submitted inspections only: a draft has no scores."""
    old = _delete_returning([inspection.pk])
    if inspection.submitted_at is None or not inspection.by_touchpoint:
        touchpoint_windows_adjust(old, [])
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
    touchpoint_windows_adjust(old, _rows(rows))
    return len(rows)


def touchpoint_scores_rebuild(inspections: Iterable[Inspection], batch: int = 2000) -> int:
    """Rewrite the rows of many inspections (a backfill, the demo): deletes and inserts in batches."""
    touchpoint_ids = dict(Touchpoint.objects.values_list("code", "pk"))
    written = 0
    pending: list[TouchpointScore] = []
    ids: list[int] = []

    def flush() -> None:
        old = _delete_returning(ids)
        TouchpointScore.objects.bulk_create(pending, batch_size=batch)
        touchpoint_windows_adjust(old, _rows(pending))
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
