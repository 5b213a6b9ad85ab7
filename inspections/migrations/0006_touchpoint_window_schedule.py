"""Schedule the nightly rebuild of the touchpoint score windows (inspections.TouchpointWindow) in
django-celery-beat at 00:40 in the project's time zone, just after its midnight: the windows end yesterday.
docs/performance.md, "Touchpoint heatmap"."""

from django.conf import settings
from django.db import migrations

NAME = "Rebuild touchpoint score windows"
TASK = "inspections.rebuild_touchpoint_windows"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="40",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": nightly, "enabled": True})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0005_complaint_findings_touchpoint_windows"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
