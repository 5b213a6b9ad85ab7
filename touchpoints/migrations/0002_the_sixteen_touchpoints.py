"""Data migration: the 16 touchpoints in the customer's order, TP01 to TP16, and their first standards."""

from decimal import Decimal

from django.db import migrations

from touchpoints import catalogue


def create_touchpoints(apps, schema_editor):
    Touchpoint = apps.get_model("touchpoints", "Touchpoint")
    ServiceStandard = apps.get_model("touchpoints", "ServiceStandard")
    ServiceStandardVersion = apps.get_model("touchpoints", "ServiceStandardVersion")
    for order, row in enumerate(catalogue.TOUCHPOINTS, start=1):
        touchpoint, _ = Touchpoint.objects.get_or_create(
            code=row["code"],
            defaults={
                "order": order,
                "name_en": row["name_en"],
                "name_zh": row["name_zh"],
                "core_need_en": row["core_need_en"],
                "core_need_zh": row["core_need_zh"],
                "key_moments_en": row["key_moments_en"],
                "key_moments_zh": row["key_moments_zh"],
                "dimensions": row["dimensions"],
                "usual_zone": row["usual_zone"],
                "weight": row.get("weight", Decimal("1.0")),
            },
        )
        for position, standard in enumerate(catalogue.STANDARDS.get(row["code"], ()), start=1):
            key, title_en, title_zh, staff_en, staff_zh, sees_en, sees_zh, dimension = standard
            created_standard, created = ServiceStandard.objects.get_or_create(
                key=key,
                defaults={"touchpoint": touchpoint, "title_en": title_en, "title_zh": title_zh, "order": position},
            )
            if created:
                ServiceStandardVersion.objects.create(
                    standard=created_standard,
                    number=1,
                    staff_action_en=staff_en,
                    staff_action_zh=staff_zh,
                    customer_sees_en=sees_en,
                    customer_sees_zh=sees_zh,
                    dimension=dimension,
                    is_current=True,
                )


def remove_touchpoints(apps, schema_editor):
    for model in ("HallTouchpoint", "BlueprintStep", "ServiceStandardVersion", "ServiceStandard", "Touchpoint"):
        apps.get_model("touchpoints", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("touchpoints", "0001_initial")]

    operations = [migrations.RunPython(create_touchpoints, remove_touchpoints)]
