"""Add the operations KPI "Roster coverage of demand" (issue #5) with its default targets per hall kind."""

from django.db import migrations

CODE = "roster_coverage"
# Between "Corrective actions closed on time" (130) and "Star mix" (140) in the catalogue of 0004.
ORDER = 135
# Default targets (green, amber), percent of demanded staff-slots covered.
TARGETS = {"self_owned": (95, 85), "partner": (90, 80)}


def seed(apps, schema_editor):
    KpiDefinition = apps.get_model("performance", "KpiDefinition")
    KpiTarget = apps.get_model("performance", "KpiTarget")
    kpi, _created = KpiDefinition.objects.get_or_create(
        code=CODE,
        defaults={
            "quadrant": "operations",
            "name": "Roster coverage of demand",
            "unit": "%",
            "direction": "higher",
            "formula": CODE,
            "order": ORDER,
        },
    )
    for kind, (green, amber) in TARGETS.items():
        KpiTarget.objects.get_or_create(kpi=kpi, hall_kind=kind, month=None, defaults={"green": green, "amber": amber})


def unseed(apps, schema_editor):
    apps.get_model("performance", "KpiDefinition").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0005_incentives")]

    operations = [migrations.RunPython(seed, unseed)]
