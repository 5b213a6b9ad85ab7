"""Schedule the quarterly star evaluation and the monthly honours in django-celery-beat (kept in the database,
where an operator can change or pause them)."""

from django.db import migrations

SCHEDULES = [
    # name, task, crontab (minute, hour, day of month, month of year)
    ("Star evaluation of the quarter that ended", "performance.evaluate_last_quarter", ("0", "2", "1", "1,4,7,10")),
    ("Honours of the month that ended", "performance.award_monthly_honours", ("30", "2", "1", "*")),
]


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, day, month) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=day,
            month_of_year=month,
            day_of_week="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def unschedule(apps, schema_editor):
    names = [name for name, _task, _cron in SCHEDULES]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
