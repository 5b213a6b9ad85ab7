"""Builders for star-ladder tests: a ladder, published mystery shops where someone was observed, satisfaction
presses and complaints attributed to a person, all on given days."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from inspections.choices import InspectionKind, InspectionStatus
from inspections.models import ChecklistTemplate, Inspection, TemplateVersion
from performance import services
from touchpoints.models import Complaint, DevicePress, Touchpoint

_SEQUENCE = itertools.count(1)

STEPS = {
    2: {
        "months_at_grade": 3,
        "min_mystery_shop": Decimal("70"),
        "min_satisfaction": Decimal("75"),
        "max_complaints": 2,
    },
    3: {
        "months_at_grade": 6,
        "min_mystery_shop": Decimal("80"),
        "min_satisfaction": Decimal("85"),
        "max_complaints": 1,
        "training_course": "Service basics",
    },
    4: {
        "months_at_grade": 12,
        "min_mystery_shop": Decimal("85"),
        "min_satisfaction": Decimal("90"),
        "max_complaints": 0,
        "training_course": "Advanced service",
        "mentor_sign_off": True,
    },
    5: {
        "months_at_grade": 18,
        "min_mystery_shop": Decimal("90"),
        "min_satisfaction": Decimal("93"),
        "max_complaints": 0,
    },
}


def steps(**changes: dict[str, Any]) -> dict[int, dict[str, Any]]:
    result = {grade: {"training_course": "", "mentor_sign_off": False, **values} for grade, values in STEPS.items()}
    for key, values in changes.items():
        result[int(key.removeprefix("g"))].update(values)
    return result


def make_ladder(region=None, by=None, demotion_quarters: int = 2, **changes: Any):
    return services.ladder_save(
        region=region, steps=steps(**changes), demotion_quarters=demotion_quarters, note="test", by=by
    )


def at(day: dt.date, hour: int = 11) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_default_timezone())


def _shop_version() -> TemplateVersion:
    template, _ = ChecklistTemplate.objects.get_or_create(kind=InspectionKind.MYSTERY_SHOP, name="Test shop")
    version, _ = TemplateVersion.objects.get_or_create(
        template=template, number=1, defaults={"published_at": timezone.now()}
    )
    return version


def shop(hall, staff, day: dt.date, overall: str, by, published: bool = True) -> Inspection:
    inspection = Inspection.objects.create(
        hall=hall,
        template_version=_shop_version(),
        kind=InspectionKind.MYSTERY_SHOP,
        inspector=by,
        status=InspectionStatus.PUBLISHED if published else InspectionStatus.SUBMITTED,
        submitted_at=at(day),
        overall=Decimal(overall),
    )
    inspection.observed_staff.add(*(staff if isinstance(staff, list | tuple) else [staff]))
    return inspection


def presses(hall, staff, day: dt.date, satisfied: int, other: int = 0) -> None:
    rows = []
    for index in range(satisfied + other):
        rows.append(
            DevicePress(
                hall=hall,
                source_event_id=f"t{next(_SEQUENCE)}",
                counter=1,
                occurred_at=at(day) + dt.timedelta(minutes=index),
                service_day=day,
                rating="satisfied" if index < satisfied else "dissatisfied",
                staff=staff,
                attribution="roster",
            )
        )
    DevicePress.objects.bulk_create(rows)


def complaint(hall, staff, day: dt.date, outcome: str = "upheld") -> Complaint:
    return Complaint.objects.create(
        hall=hall,
        channel="in_hall",
        touchpoint=Touchpoint.objects.get(code="TP15"),
        category="attitude",
        occurred_at=at(day),
        staff=staff,
        staff_basis="roster",
        summary="Test complaint",
        outcome=outcome,
    )
