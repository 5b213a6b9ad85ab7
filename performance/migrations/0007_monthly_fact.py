"""The monthly KPI roll-up (issue #5, regional HQ dashboard speed): MonthlyFact, maintained by
performance/kpis/facts.py from the daily facts. Existing daily facts are rolled up with
`manage.py kpi_rebuild --rollup-only --from ... --to ...` (docs/kpis.md)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("halls", "0004_queue_and_integration"),
        ("performance", "0006_roster_coverage_kpi"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyFact",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(help_text="First day of the month.", verbose_name="month")),
                (
                    "numerator",
                    models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name="numerator"),
                ),
                (
                    "denominator",
                    models.DecimalField(decimal_places=2, default=0, max_digits=18, verbose_name="denominator"),
                ),
                ("histogram", models.JSONField(blank=True, null=True, verbose_name="histogram")),
                ("days", models.PositiveSmallIntegerField(default=0, verbose_name="days with facts")),
                ("computed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="computed")),
                (
                    "hall",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="kpi_months",
                        to="halls.hall",
                        verbose_name="hall",
                    ),
                ),
                (
                    "kpi",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="monthly_facts",
                        to="performance.kpidefinition",
                        verbose_name="KPI",
                    ),
                ),
            ],
            options={
                "verbose_name": "monthly KPI fact",
                "verbose_name_plural": "monthly KPI facts",
                "ordering": ["hall", "month", "kpi"],
                "indexes": [models.Index(fields=["month", "kpi"], name="monthly_fact_month_kpi")],
                "constraints": [models.UniqueConstraint(fields=("hall", "month", "kpi"), name="monthly_fact_once")],
            },
        ),
    ]
