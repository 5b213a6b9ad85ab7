"""Staff services: roles, the linked user account and its staff role, hours, and availability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.roles import Role
from core.scoping import get_scope
from halls.models import RoleAssignment
from halls.tests.factories import UserFactory
from staffing import services
from staffing.models import DatedUnavailability, StaffMember, WeeklyUnavailability


def _fields(hall, **changes):
    fields = {"hall": hall, "employee_number": "A001-500", "name": "Chen Jing", "star_grade": 4}
    fields.update(changes)
    return fields


def test_staff_create_saves_the_person_with_their_roles(cast):
    member = services.staff_create(fields=_fields(cast.hall1), roles=["counter", "greeter", "counter"])
    assert sorted(member.roles) == ["counter", "greeter"]
    assert str(member) == "Chen Jing ★★★★"


def test_linking_a_user_gives_them_the_staff_role_for_the_hall(cast):
    user = UserFactory(username="chenjing")
    member = services.staff_create(fields=_fields(cast.hall1, user=user), roles=["counter"])
    assignment = RoleAssignment.objects.get(user=user, role=Role.STAFF)
    assert list(assignment.halls.all()) == [cast.hall1]
    assert get_scope(user).has_role(Role.STAFF)
    assert StaffMember.objects.visible_to(user).get() == member


def test_unlinking_a_user_takes_the_hall_off_their_staff_role(cast):
    user = UserFactory(username="chenjing")
    member = services.staff_create(fields=_fields(cast.hall1, user=user), roles=["counter"])
    services.staff_update(member=member, fields={"user": None})
    assert not RoleAssignment.objects.get(user=user, role=Role.STAFF).halls.exists()
    assert not StaffMember.objects.visible_to(user).exists()


def test_contracted_hours_above_the_maximum_are_refused_on_their_field(cast):
    with pytest.raises(ValidationError) as error:
        services.staff_create(
            fields=_fields(cast.hall1, contracted_hours_week=Decimal("46"), max_hours_week=Decimal("44")),
            roles=["counter"],
        )
    assert list(error.value.message_dict) == ["contracted_hours_week"]
    assert "cannot exceed" in error.value.message_dict["contracted_hours_week"][0]
    assert not StaffMember.objects.filter(employee_number="A001-500").exists()


def test_a_person_needs_at_least_one_known_role(cast):
    with pytest.raises(ValidationError) as error:
        services.staff_create(fields=_fields(cast.hall1), roles=["juggler"])
    assert "roles" in error.value.message_dict
    assert not StaffMember.objects.filter(employee_number="A001-500").exists()


def test_weekly_unavailability_is_a_whole_day_or_a_window(staffing_cast):
    member = staffing_cast.member1b
    whole = services.weekly_unavailability_add(staff=member, fields={"weekday": 6, "start": None, "end": None})
    window = services.weekly_unavailability_add(
        staff=member, fields={"weekday": 2, "start": dt.time(18), "end": dt.time(21)}
    )
    assert list(member.weekly_unavailability.order_by("weekday")) == [window, whole]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(dt.time(18), None, "end"), (None, dt.time(9), "start"), (dt.time(12), dt.time(9), "end")],
)
def test_an_unavailability_window_needs_both_ends_in_order(staffing_cast, start, end, field):
    with pytest.raises(ValidationError) as error:
        services.dated_unavailability_add(
            staff=staffing_cast.member1b, fields={"date": dt.date(2027, 3, 3), "start": start, "end": end}
        )
    assert field in error.value.message_dict
    assert not DatedUnavailability.objects.exists()


def test_deleting_an_unavailability_removes_only_it(staffing_cast):
    member = staffing_cast.member1b
    keep = services.weekly_unavailability_add(staff=member, fields={"weekday": 1})
    gone = services.weekly_unavailability_add(staff=member, fields={"weekday": 2})
    services.unavailability_delete(item=gone)
    assert list(WeeklyUnavailability.objects.all()) == [keep]
