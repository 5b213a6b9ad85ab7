"""The inspections demo: a checklist of each kind covering the 16 touchpoints, a quarter of plausible
inspections in the 12 halls, findings and corrective actions in every state; running it again adds nothing."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Avg

from inspections.models import ChecklistTemplate, CorrectiveAction, Finding, Inspection


def test_the_demo_builds_a_quarter_of_inspections_and_runs_again_without_duplicates(db):
    call_command("demo")
    counts = [model.objects.count() for model in (ChecklistTemplate, Inspection, Finding, CorrectiveAction)]

    for template in ChecklistTemplate.objects.all():
        version = template.versions.get()
        assert version.is_published
        assert version.items.values("touchpoint").distinct().count() == 16, template.name
    sizes = {t.kind: t.versions.get().items.count() for t in ChecklistTemplate.objects.all()}
    # The closing check comes with the schedule (inspections/demo_assignments.py).
    assert sizes == {"opening": 30, "patrol": 51, "mystery_shop": 40, "closing": 19}
    assert "家庭套餐" in ChecklistTemplate.objects.get(kind="mystery_shop").versions.get().scenario_zh
    assert Inspection.objects.values("hall").distinct().count() == 12
    assert set(Inspection.objects.values_list("kind", flat=True)) == {"opening", "closing", "patrol", "mystery_shop"}
    averages = dict(
        Inspection.objects.filter(kind="mystery_shop").values_list("hall__kind").annotate(score=Avg("overall"))
    )
    assert averages["self_owned"] > averages["partner"] + 5, "partner halls score lower"
    assert set(CorrectiveAction.objects.values_list("status", flat=True)) == {
        "open",
        "in_progress",
        "done",
        "verified",
        "reopened",
    }
    assert Finding.objects.filter(recurring=True).exists()
    assert CorrectiveAction.objects.filter(escalation_level=2).exists()
    assert Finding.objects.exclude(root_cause="").exists()

    call_command("demo")

    assert [model.objects.count() for model in (ChecklistTemplate, Inspection, Finding, CorrectiveAction)] == counts
