"""factory_boy factories for staffing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from halls.tests.factories import HallFactory
from staffing import services
from staffing.choices import WorkRole
from staffing.models import LeaveRequest, StaffMember


class StaffMemberFactory(factory.django.DjangoModelFactory):
    """A staff member created through the service, with roles (counter by default)."""

    class Meta:
        model = StaffMember

    hall = factory.SubFactory(HallFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    contracted_hours_week = Decimal("40")
    max_hours_week = Decimal("44")
    star_grade = 3

    @classmethod
    def _create(cls, model_class, *args, roles=(WorkRole.COUNTER,), **kwargs):
        return services.staff_create(fields=kwargs, roles=[str(r) for r in roles])


class LeaveRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaveRequest

    staff = factory.SubFactory(StaffMemberFactory)
    first_day = dt.date(2027, 3, 1)
    last_day = dt.date(2027, 3, 2)
