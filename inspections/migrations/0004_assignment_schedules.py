"""The default inspection plan, and the two schedules of assignments in django-celery-beat (kept in the database,
where an operator can change or pause them): each night at 22:30 (in the project's time zone) tomorrow's daily
checks and, near a month's end, next month's patrols and mystery visits; every hour, missed ones become
overdue. docs/schedules.md."""

from django.conf import settings
from django.db import migrations

GENERATE = ("Generate inspection assignments", "inspections.generate_assignments")
OVERDUE = ("Mark missed inspection assignments overdue", "inspections.mark_overdue_assignments")


def forwards(apps, schema_editor):
    InspectionPlan = apps.get_model("inspections", "InspectionPlan")
    if not InspectionPlan.objects.filter(region__isnull=True).exists():
        InspectionPlan.objects.create(region=None)  # the model's defaults: 10-12 mystery visits, 4 patrols

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="22",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name=GENERATE[0], defaults={"task": GENERATE[1], "crontab": nightly, "enabled": True}
    )
    PeriodicTask.objects.get_or_create(
        name=OVERDUE[0], defaults={"task": OVERDUE[1], "interval": every_hour, "enabled": True}
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[GENERATE[0], OVERDUE[0]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_plans_assignments_reviews_appeals"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
