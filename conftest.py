"""Fixtures shared by every test: the cast of users and the halls they do or do not see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.roles import Role
from halls import services
from halls.models import Hall, Region, SpecialDay, Zone
from halls.tests.factories import HallFactory, RegionFactory, SpecialDayFactory, UserFactory, ZoneFactory


@dataclass
class Cast:
    """Two regions; region A has hall1 (manager1's) and hall2 (manager2's); region B has hall_b."""

    region_a: Region
    region_b: Region
    hall1: Hall
    hall2: Hall
    hall_b: Hall
    zone1: Zone
    special1: SpecialDay
    users: dict[str, Any]


CAST_ROLES = ["admin", "hq", "manager", "manager_other", "inspector", "shopper", "staff", "hq_other"]


@pytest.fixture
def cast(db) -> Cast:
    region_a = RegionFactory(code="RA", name="Region A")
    region_b = RegionFactory(code="RB", name="Region B")
    hall1 = HallFactory(code="A001", region=region_a)
    hall2 = HallFactory(code="A002", region=region_a)
    hall_b = HallFactory(code="B001", region=region_b)
    users = {"admin": UserFactory(username="admin", is_staff=True, is_superuser=True)}
    users["hq"] = UserFactory(username="hq")
    services.role_assign(user=users["hq"], role=Role.HQ, regions=[region_a])
    users["hq_other"] = UserFactory(username="hq_other")
    services.role_assign(user=users["hq_other"], role=Role.HQ, regions=[region_b])
    users["manager"] = UserFactory(username="manager1")
    services.role_assign(user=users["manager"], role=Role.MANAGER, halls=[hall1])
    users["manager_other"] = UserFactory(username="manager2")
    services.role_assign(user=users["manager_other"], role=Role.MANAGER, halls=[hall2])
    users["inspector"] = UserFactory(username="inspector1")
    services.role_assign(user=users["inspector"], role=Role.INSPECTOR, halls=[hall1])
    users["shopper"] = UserFactory(username="shopper1")
    services.role_assign(user=users["shopper"], role=Role.SHOPPER)
    users["staff"] = UserFactory(username="staff1")
    services.role_assign(user=users["staff"], role=Role.STAFF, halls=[hall1])
    return Cast(
        region_a=region_a,
        region_b=region_b,
        hall1=hall1,
        hall2=hall2,
        hall_b=hall_b,
        zone1=ZoneFactory(hall=hall1, name="Counters"),
        special1=SpecialDayFactory(hall=hall1),
        users=users,
    )


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@dataclass
class StaffingCast:
    """Staff of hall1 (one linked to the staff user) and of hall2, and a pending leave request."""

    member1: Any
    member1b: Any
    member2: Any
    leave1: Any


@pytest.fixture
def staffing_cast(cast) -> StaffingCast:
    from staffing.choices import WorkRole
    from staffing.tests.factories import LeaveRequestFactory, StaffMemberFactory

    member1 = StaffMemberFactory(hall=cast.hall1, name="Zhou Xin", employee_number="A001-001", user=cast.users["staff"])
    member1b = StaffMemberFactory(
        hall=cast.hall1, name="Wang Li", employee_number="A001-002", roles=(WorkRole.COUNTER, WorkRole.GREETER)
    )
    member2 = StaffMemberFactory(hall=cast.hall2, name="Li Na", employee_number="A002-001")
    return StaffingCast(member1=member1, member1b=member1b, member2=member2, leave1=LeaveRequestFactory(staff=member1))
