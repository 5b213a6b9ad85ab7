"""The monthly roll-up's stored 90th-percentile wait (issue #5, regional HQ dashboard speed): sorting the league
by the wait reads one number per hall instead of merging every hall's histogram per request. Filled here for the
rows already rolled up; performance/kpis/facts.py writes it with every roll-up."""

from django.db import migrations, models


def fill_p90(apps, schema_editor):
    from performance.kpis.definitions import nearest_rank_p90_of

    MonthlyFact = apps.get_model("performance", "MonthlyFact")
    batch = []
    rows = MonthlyFact.objects.filter(histogram__isnull=False).only("pk", "histogram").order_by("pk")
    for fact in rows.iterator(chunk_size=2000):
        if not fact.histogram:
            continue
        fact.p90_seconds = nearest_rank_p90_of(fact.histogram)
        batch.append(fact)
        if len(batch) >= 2000:
            MonthlyFact.objects.bulk_update(batch, ["p90_seconds"])
            batch = []
    if batch:
        MonthlyFact.objects.bulk_update(batch, ["p90_seconds"])


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0007_monthly_fact"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthlyfact",
            name="p90_seconds",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Nearest-rank 90th percentile of the merged histogram, stored by the roll-up.",
                null=True,
                verbose_name="90th percentile (seconds)",
            ),
        ),
        migrations.RunPython(fill_p90, migrations.RunPython.noop),
    ]
