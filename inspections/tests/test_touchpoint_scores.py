"""The narrow TouchpointScore table mirrors each inspection's stored touchpoint scores."""

from __future__ import annotations

from decimal import Decimal

from inspections.models import Inspection, TouchpointScore
from inspections.services.touchpoint_scores import touchpoint_scores_rebuild, touchpoint_scores_write
from inspections.tests.builders import failing


def rows_of(inspection: Inspection) -> dict[str, Decimal]:
    return dict(TouchpointScore.objects.filter(inspection=inspection).values_list("touchpoint__code", "score"))


def test_submission_writes_one_row_per_scored_touchpoint(cast, patrol, submit):
    inspection, _ = submit(patrol, overrides=failing(patrol, "greeted"))

    assert rows_of(inspection) == {code: Decimal(value) for code, value in inspection.by_touchpoint.items()}
    assert rows_of(inspection)["TP04"] == Decimal("0.0")
    row = TouchpointScore.objects.filter(inspection=inspection).first()
    assert row.hall_id == cast.hall1.pk and row.kind == "patrol" and row.visible_to_hall
    assert row.day == inspection.submitted_at.astimezone(cast.hall1.tzinfo).date()


def test_rewriting_follows_changed_scores_and_publication(cast, patrol, submit):
    inspection, _ = submit(patrol)
    inspection.by_touchpoint = {"TP04": "50.0"}
    inspection.kind = "mystery_shop"
    inspection.status = "under_review"

    assert touchpoint_scores_write(inspection) == 1
    assert rows_of(inspection) == {"TP04": Decimal("50.0")}
    assert not TouchpointScore.objects.get(inspection=inspection).visible_to_hall


def test_rebuild_restores_rows_for_many_inspections(cast, patrol, submit):
    first, _ = submit(patrol)
    second, _ = submit(patrol, overrides={"explained": 2})
    TouchpointScore.objects.all().delete()

    written = touchpoint_scores_rebuild(Inspection.objects.select_related("hall"), batch=1)

    assert written == len(first.by_touchpoint) + len(second.by_touchpoint)
    assert rows_of(second)["TP07"] == Decimal("40.0")


def test_a_manager_does_not_see_rows_of_an_unpublished_mystery_shop(cast, patrol, submit):
    inspection, _ = submit(patrol)
    inspection.kind, inspection.status = "mystery_shop", "under_review"
    touchpoint_scores_write(inspection)

    assert not TouchpointScore.objects.visible_to(cast.users["manager"]).exists()
    assert TouchpointScore.objects.visible_to(cast.users["hq"]).count() == len(inspection.by_touchpoint)
