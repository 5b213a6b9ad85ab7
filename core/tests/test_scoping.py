"""The scoping layer: what each role sees of regions, halls and zones."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from core.roles import Role
from core.scoping import get_scope
from halls import services
from halls.models import Hall, Region, Zone


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_hq_sees_every_hall_of_their_region_and_nothing_else(cast):
    assert codes(Hall.objects.visible_to(cast.users["hq"])) == ["A001", "A002"]
    assert codes(Region.objects.visible_to(cast.users["hq"])) == ["RA"]


def test_a_manager_sees_only_their_hall_and_its_region(cast):
    assert codes(Hall.objects.visible_to(cast.users["manager"])) == ["A001"]
    assert codes(Region.objects.visible_to(cast.users["manager"])) == ["RA"]
    assert list(Zone.objects.visible_to(cast.users["manager_other"])) == []


def test_an_inspector_sees_the_halls_assigned_to_them(cast):
    services.role_assign(user=cast.users["inspector"], role=Role.INSPECTOR, halls=[cast.hall1, cast.hall_b])
    assert codes(Hall.objects.visible_to(cast.users["inspector"])) == ["A001", "B001"]
    assert codes(Region.objects.visible_to(cast.users["inspector"])) == ["RA", "RB"]


def test_shoppers_staff_and_anonymous_see_no_hall_data(cast):
    for who in (cast.users["shopper"], cast.users["staff"], AnonymousUser()):
        assert not Hall.objects.visible_to(who).exists()
        assert not Region.objects.visible_to(who).exists()
        assert not Zone.objects.visible_to(who).exists()


def test_an_administrator_sees_everything(cast):
    assert codes(Hall.objects.visible_to(cast.users["admin"])) == ["A001", "A002", "B001"]


def test_an_inactive_user_sees_nothing(cast):
    cast.users["hq"].is_active = False
    assert not Hall.objects.visible_to(cast.users["hq"]).exists()


def test_roles_held_on_an_object_come_from_its_hall_and_its_region(cast):
    services.role_assign(user=cast.users["manager"], role=Role.INSPECTOR, halls=[cast.hall1])
    scope = get_scope(cast.users["manager"])
    assert scope.roles_on(cast.zone1) == {Role.MANAGER, Role.INSPECTOR}
    assert scope.roles_on(cast.hall2) == frozenset()
    assert get_scope(cast.users["hq"]).roles_on(cast.zone1) == {Role.HQ}


def test_the_scope_is_computed_once_per_user_object(cast, django_assert_num_queries):
    user = cast.users["manager"]
    services.role_assign(user=user, role=Role.MANAGER, halls=[cast.hall1])  # forgets the cached scope
    with django_assert_num_queries(2):
        get_scope(user)
        get_scope(user)
