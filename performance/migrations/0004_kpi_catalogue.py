"""Seed the KPI catalogue of issue #5 with default targets per hall kind, and schedule the nightly facts."""

from django.db import migrations

# code, quadrant, name, unit, direction, formula; default targets (green, amber) for self-owned and partner halls.
KPIS = [
    ("satisfaction", "customer", "Satisfaction rate", "%", "higher", (95, 90), (93, 88)),
    ("satisfaction_gold", "customer", "Satisfaction rate, gold customers", "%", "higher", (97, 93), (95, 90)),
    ("satisfaction_silver", "customer", "Satisfaction rate, silver customers", "%", "higher", (96, 92), (94, 89)),
    ("satisfaction_bronze", "customer", "Satisfaction rate, bronze customers", "%", "higher", (95, 90), (93, 88)),
    ("satisfaction_ordinary", "customer", "Satisfaction rate, ordinary customers", "%", "higher", (94, 89), (92, 87)),
    ("complaints_per_1000", "customer", "Complaints per 1,000 served", "‰", "lower", (1, 2), (1.5, 3)),
    ("mystery_shop", "customer", "Mystery-shop score", "score", "higher", (90, 80), (88, 78)),
    ("touchpoint_score", "customer", "Touchpoint score", "score", "higher", (90, 80), (88, 78)),
    ("wait_mean", "operations", "Mean wait", "min", "lower", (8, 12), (10, 15)),
    ("wait_p90", "operations", "90th-percentile wait", "min", "lower", (15, 20), (18, 25)),
    ("within_target", "operations", "Served within the target wait", "%", "higher", (85, 75), (80, 70)),
    ("walk_outs", "operations", "Walk-outs", "%", "lower", (3, 5), (4, 6)),
    ("inspection_completion", "operations", "Inspection completion", "%", "higher", (95, 85), (90, 80)),
    ("actions_on_time", "operations", "Corrective actions closed on time", "%", "higher", (90, 75), (85, 70)),
    ("star_mix", "people", "Star mix (3 stars or more)", "%", "higher", (60, 45), (50, 35)),
    ("mentoring_pairs", "people", "Active mentoring pairs", "pairs", "higher", (2, 1), (1, 0.5)),
    ("honours", "people", "Honours", "count", "higher", (2, 1), (1, 1)),
    ("sales_new_lines", "finance", "New lines against target", "%", "higher", (100, 90), (100, 85)),
    ("sales_broadband", "finance", "Broadband against target", "%", "higher", (100, 90), (100, 85)),
    ("sales_devices", "finance", "Devices against target", "%", "higher", (100, 90), (100, 85)),
]

TASK_NAME = "KPI daily facts (the last 7 days)"


def seed(apps, schema_editor):
    KpiDefinition = apps.get_model("performance", "KpiDefinition")
    KpiTarget = apps.get_model("performance", "KpiTarget")
    for order, (code, quadrant, name, unit, direction, self_owned, partner) in enumerate(KPIS):
        kpi, _created = KpiDefinition.objects.get_or_create(
            code=code,
            defaults={
                "quadrant": quadrant,
                "name": name,
                "unit": unit,
                "direction": direction,
                "formula": code,
                "order": order * 10,
            },
        )
        for kind, (green, amber) in (("self_owned", self_owned), ("partner", partner)):
            KpiTarget.objects.get_or_create(
                kpi=kpi, hall_kind=kind, month=None, defaults={"green": green, "amber": amber}
            )
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="15", hour="3", day_of_month="*", month_of_year="*", day_of_week="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME, defaults={"task": "performance.kpi_nightly", "crontab": crontab, "enabled": True}
    )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()
    apps.get_model("performance", "KpiDefinition").objects.filter(code__in=[row[0] for row in KPIS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0003_kpis"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
