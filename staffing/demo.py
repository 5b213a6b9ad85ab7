"""Demo data for staffing: staff with skills and star grades in every hall, eight weeks of arrivals
with real morning and afternoon peaks and busier weekends, labour rules and a pending leave request."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from halls.models import Hall, Region, TrafficCount

from . import services
from .choices import LeaveStatus, Position, WorkRole
from .demand import SLOT_MINUTES, slot_starts
from .models import LeaveRequest, RegionLabourRules, StaffMember

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "丽",
    "静",
    "敏",
    "磊",
    "洋",
    "婷",
    "杰",
    "娟",
    "涛",
    "燕",
    "鹏",
    "晨",
    "琳",
    "浩",
    "雪",
    "宇",
    "佳",
    "欣",
    "悦",
    "凯",
]
HISTORY_WEEKS = 8


def arrivals_curve(minute_of_day: float) -> float:
    """Relative arrivals through the day: a late-morning peak, a lunch dip, a longer afternoon peak."""
    hour = minute_of_day / 60
    morning = math.exp(-(((hour - 10.5) / 1.1) ** 2))
    afternoon = 0.9 * math.exp(-(((hour - 15.5) / 1.6) ** 2))
    evening = 0.35 * math.exp(-(((hour - 19.0) / 1.2) ** 2))
    return 0.15 + morning + afternoon + evening


def _staff_count(hall: Hall) -> int:
    return max(5, round(hall.counters * 1.6 + 3))


def _skills(index: int, hall: Hall) -> tuple[str, list[str], int]:
    """Position, roles and star grade for the index-th person of a hall (a realistic mix)."""
    if index == 0:
        return Position.DUTY_MANAGER, [WorkRole.COUNTER, WorkRole.CONSULTANT, WorkRole.GREETER], 5
    pattern = index % 6
    if pattern in (1, 2, 3):
        roles = [WorkRole.COUNTER] + ([WorkRole.CONSULTANT] if pattern == 1 else [])
        position = Position.COUNTER_CLERK
    elif pattern == 4:
        roles, position = [WorkRole.GREETER, WorkRole.SELF_SERVICE, WorkRole.COUNTER], Position.GREETER
    else:
        roles, position = [WorkRole.CONSULTANT, WorkRole.GREETER], Position.CONSULTANT
    if not hall.kiosks and WorkRole.SELF_SERVICE in roles:
        roles.remove(WorkRole.SELF_SERVICE)
    star = 1 + (index * 7) % 5
    return position, [str(r) for r in roles], star


def _staff(hall: Hall, rng: random.Random, users: dict[str, Any]) -> list[StaffMember]:
    people = []
    for index in range(_staff_count(hall)):
        number = f"{hall.code}-{index + 1:03d}"
        position, roles, star = _skills(index, hall)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        contracted = Decimal("40") if index % 5 else Decimal("32")
        member = StaffMember.objects.filter(employee_number=number).first()
        fields = {
            "hall": hall,
            "name": name,
            "position": position,
            "contracted_hours_week": contracted,
            "max_hours_week": Decimal("44"),
            "star_grade": star,
        }
        if member is None:
            member = services.staff_create(fields={"employee_number": number, **fields}, roles=roles)
        people.append(member)
    if hall.code == "H001" and "staff1" in users:
        first = people[1]
        if first.user_id != users["staff1"].pk:
            StaffMember.objects.filter(user=users["staff1"]).update(user=None)
            first.user = users["staff1"]
            first.name = "周欣"
            first.save(update_fields=["user", "name"])
    return people


def _traffic(hall: Hall, rng: random.Random, today: dt.date) -> None:
    """Arrivals per slot for the last HISTORY_WEEKS weeks (only days not loaded yet)."""
    first = today - dt.timedelta(weeks=HISTORY_WEEKS)
    have = set(TrafficCount.objects.filter(hall=hall, date__gte=first).values_list("date", flat=True).distinct())
    scale = hall.counters * 1.6
    rows = []
    for offset in range(HISTORY_WEEKS * 7):
        date = first + dt.timedelta(days=offset)
        if date in have or date >= today:
            continue
        hours = hall.hours_on(date)
        if not hours:
            continue
        weekend = 1.3 if date.weekday() >= 5 else 1.0
        monday = 1.1 if date.weekday() == 0 else 1.0
        for start in slot_starts(*hours):
            middle = start.hour * 60 + start.minute + SLOT_MINUTES / 2
            mean = scale * weekend * monday * arrivals_curve(middle)
            rows.append(
                TrafficCount(hall=hall, date=date, slot_start=start, arrivals=max(0, round(rng.gauss(mean, mean**0.5))))
            )
    TrafficCount.objects.bulk_create(rows, batch_size=2000)


def load(context: dict[str, Any], stdout: Any) -> None:
    today = timezone.localdate()
    region: Region = context["region"]
    RegionLabourRules.objects.get_or_create(region=region)
    people = 0
    for code, hall in sorted(context["halls"].items()):
        rng = random.Random(f"hallops-demo-{code}")  # noqa: S311 - demo data, not security
        staff = _staff(hall, rng, context.get("users", {}))
        people += len(staff)
        _traffic(hall, rng, today)
        if code == "H001":
            context["h001_staff"] = staff
    h001 = context["h001_staff"]
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    LeaveRequest.objects.get_or_create(
        staff=h001[3],
        first_day=next_monday + dt.timedelta(days=9),
        defaults={
            "last_day": next_monday + dt.timedelta(days=10),
            "reason": "家中有事",
            "status": LeaveStatus.REQUESTED,
        },
    )
    stdout.write(f"staffing: {people} staff, {HISTORY_WEEKS} weeks of arrivals per hall")
