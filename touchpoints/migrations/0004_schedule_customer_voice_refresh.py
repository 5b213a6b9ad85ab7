"""Schedule the hourly safety net of the customer-voice figures in django-celery-beat (kept in the database,
where an operator can change or pause it): every hall and day that received queue events or device presses
in the last two hours is refreshed, in case the refresh queued by the delivery itself was lost."""

from django.db import migrations

TASK = "touchpoints.refresh_recent_customer_voice"
NAME = "Refresh recent customer-voice figures"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": every_hour, "enabled": True})


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("touchpoints", "0003_customer_voice"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
