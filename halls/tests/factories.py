"""factory_boy factories for regions, halls, zones, special days and users with roles."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from halls import services
from halls.choices import HallKind, ZoneKind
from halls.models import Hall, Region, SpecialDay, Zone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw-for-tests")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    name = factory.LazyAttribute(lambda r: f"Region {r.code}")


class HallFactory(factory.django.DjangoModelFactory):
    """A hall with a full week of opening hours, created through the service like in the product."""

    class Meta:
        model = Hall

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.LazyAttribute(lambda h: f"Hall {h.code}")
    region = factory.SubFactory(RegionFactory)
    kind = HallKind.SELF_OWNED
    counters = 4
    kiosks = 2

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.hall_create(fields=kwargs, hours=services.week_hours(dt.time(9), dt.time(18)))


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    hall = factory.SubFactory(HallFactory)
    kind = ZoneKind.COUNTERS
    name = factory.Sequence(lambda n: f"Zone {n}")
    order = factory.Sequence(int)


class SpecialDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialDay

    hall = factory.SubFactory(HallFactory)
    date = factory.Sequence(lambda n: dt.date(2027, 1, 1) + dt.timedelta(days=n))
    closed = True
    reason = "Holiday"
