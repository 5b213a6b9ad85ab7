"""Demo data for halls: one city branch with 12 halls (8 self-owned, 4 partner-run) and the demo users."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.roles import Role

from . import services
from .choices import HallKind, HallStatus, ZoneKind
from .models import Hall, Region, SpecialDay, Zone

T = dt.time

# code, name, kind, address, counters, kiosks, weekday hours, weekend hours, closed weekdays, status
HALLS: list[tuple[Any, ...]] = [
    (
        "H001",
        "武林广场旗舰营业厅",
        HallKind.SELF_OWNED,
        "杭州市下城区武林广场21号",
        12,
        6,
        (T(8), T(21, 30)),  # a city-centre flagship: long days, so closing-then-opening breaks the rest rule
        None,
        (),
        HallStatus.OPEN,
    ),
    (
        "H002",
        "西湖文化广场营业厅",
        HallKind.SELF_OWNED,
        "杭州市拱墅区中山北路580号",
        8,
        4,
        (T(9), T(19)),
        (T(9), T(18)),
        (),
        HallStatus.OPEN,
    ),
    (
        "H003",
        "城站营业厅",
        HallKind.SELF_OWNED,
        "杭州市上城区环城东路1号",
        8,
        3,
        (T(8, 30), T(19, 30)),
        None,
        (),
        HallStatus.OPEN,
    ),
    (
        "H004",
        "滨江星光大道营业厅",
        HallKind.SELF_OWNED,
        "杭州市滨江区江南大道228号",
        6,
        3,
        (T(9), T(19)),
        (T(9, 30), T(18, 30)),
        (),
        HallStatus.OPEN,
    ),
    (
        "H005",
        "下沙大学城营业厅",
        HallKind.SELF_OWNED,
        "杭州市钱塘区学源街118号",
        6,
        4,
        (T(9), T(20)),
        (T(9), T(20)),
        (),
        HallStatus.OPEN,
    ),
    (
        "H006",
        "萧山人民广场营业厅",
        HallKind.SELF_OWNED,
        "杭州市萧山区人民路99号",
        7,
        2,
        (T(8, 30), T(18)),
        (T(9), T(17, 30)),
        (),
        HallStatus.OPEN,
    ),
    (
        "H007",
        "临平营业厅",
        HallKind.SELF_OWNED,
        "杭州市临平区迎宾路366号",
        5,
        2,
        (T(9), T(18)),
        (T(9), T(17)),
        (),
        HallStatus.RENOVATING,
    ),
    (
        "H008",
        "大关营业厅",
        HallKind.SELF_OWNED,
        "杭州市拱墅区大关路155号",
        5,
        2,
        (T(9), T(18)),
        (T(9), T(17)),
        (),
        HallStatus.OPEN,
    ),
    (
        "H009",
        "西溪银泰合作营业厅",
        HallKind.PARTNER,
        "杭州市西湖区五常大道1号西溪银泰城2楼",
        3,
        1,
        (T(10), T(22)),
        (T(10), T(22)),
        (),
        HallStatus.OPEN,
    ),
    (
        "H010",
        "转塘合作营业厅",
        HallKind.PARTNER,
        "杭州市西湖区转塘街道美院南街8号",
        2,
        0,
        (T(9), T(18)),
        (T(9), T(17)),
        (6,),
        HallStatus.OPEN,
    ),
    (
        "H011",
        "九堡合作营业厅",
        HallKind.PARTNER,
        "杭州市上城区九堡街道九和路12号",
        2,
        1,
        (T(9), T(19)),
        (T(9), T(18)),
        (),
        HallStatus.OPEN,
    ),
    (
        "H012",
        "富阳银湖合作营业厅",
        HallKind.PARTNER,
        "杭州市富阳区银湖街道富闲路9号",
        2,
        0,
        (T(8, 30), T(17, 30)),
        (T(9), T(17)),
        (6,),
        HallStatus.OPEN,
    ),
]

ZONES = [
    (ZoneKind.STOREFRONT, "门头与橱窗"),
    (ZoneKind.RECEPTION, "迎宾引导台"),
    (ZoneKind.EXPERIENCE, "终端体验区"),
    (ZoneKind.SELF_SERVICE, "自助服务区"),
    (ZoneKind.WAITING, "等候区"),
    (ZoneKind.COUNTERS, "业务办理柜台"),
    (ZoneKind.VIP, "VIP贵宾室"),
]

# Chinese New Year's Day by year, for realistic special days ahead of today.
SPRING_FESTIVAL = {
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
}

USERS = [
    # username, first name, last name, role, what it covers
    ("admin", "Admin", "", None, None),
    ("hq", "Li", "Wang", Role.HQ, "region"),
    ("manager1", "Jing", "Chen", Role.MANAGER, "H001"),
    ("manager2", "Min", "Zhao", Role.MANAGER, "H002"),
    ("inspector1", "Yang", "Liu", Role.INSPECTOR, ("H001", "H002", "H003", "H004")),
    ("shopper1", "Hui", "Sun", Role.SHOPPER, None),
    ("staff1", "Xin", "Zhou", Role.STAFF, "H001"),
]


def _special_days(kind: str, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    new_year = dt.date(today.year + 1, 1, 1)
    rows.append({"date": new_year, "closed": False, "opens": T(10), "closes": T(16), "reason": "元旦 New Year's Day"})
    festival = next((day for year, day in sorted(SPRING_FESTIVAL.items()) if day >= today), None)
    if festival:
        eve = festival - dt.timedelta(days=1)
        rows.append({"date": eve, "closed": False, "opens": T(9), "closes": T(14), "reason": "除夕 New Year's Eve"})
        if kind == HallKind.PARTNER:
            rows.append(
                {"date": festival, "closed": True, "opens": None, "closes": None, "reason": "春节 Spring Festival"}
            )
    return rows


def _hall(row: tuple[Any, ...], region: Region, today: dt.date) -> Hall:
    code, name, kind, address, counters, kiosks, weekday, weekend, closed_days, status = row
    fields = {
        "name": name,
        "region": region,
        "kind": kind,
        "address": address,
        "counters": counters,
        "kiosks": kiosks,
        "status": status,
        "time_zone": "Asia/Shanghai",
        "phone": "0571-10086",
    }
    hours = services.week_hours(*weekday, weekend=weekend, closed_days=closed_days)
    hall = Hall.objects.filter(code=code).first()
    if hall is None:
        hall = services.hall_create(fields={"code": code, **fields}, hours=hours)
    else:
        hall = services.hall_update(hall=hall, fields=fields, hours=hours)
    for order, (zone_kind, zone_name) in enumerate(ZONES, start=1):
        if zone_kind == ZoneKind.SELF_SERVICE and not kiosks:
            continue
        if zone_kind == ZoneKind.VIP and counters < 8:
            continue
        Zone.objects.update_or_create(hall=hall, kind=zone_kind, defaults={"name": zone_name, "order": order})
    for special in _special_days(kind, today):
        SpecialDay.objects.update_or_create(hall=hall, date=special.pop("date"), defaults=special)
    return hall


def _user(username: str, first: str, last: str) -> Any:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.hallops.local"},
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load(context: dict[str, Any], stdout: Any) -> None:
    today = timezone.localdate()
    region, _ = Region.objects.update_or_create(
        code="HZ", defaults={"name": "杭州市分公司 Hangzhou Branch", "time_zone": "Asia/Shanghai"}
    )
    halls = {row[0]: _hall(row, region, today) for row in HALLS}
    users = {}
    for username, first, last, role, covers in USERS:
        user = _user(username, first, last)
        users[username] = user
        if username == "admin":
            type(user).objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
            continue
        if covers == "region":
            services.role_assign(user=user, role=role, regions=[region])
        elif isinstance(covers, str):
            services.role_assign(user=user, role=role, halls=[halls[covers]])
        elif covers:
            services.role_assign(user=user, role=role, halls=[halls[code] for code in covers])
        else:
            services.role_assign(user=user, role=role)
    context.update(region=region, halls=halls, users=users)
    context.setdefault("logins", []).append(
        "Demo logins (password: DEMO_PASSWORD, default 'hallops-demo'): " + ", ".join(users)
    )
    stdout.write(f"halls: region {region.code} with {len(halls)} halls, {len(users)} users")
