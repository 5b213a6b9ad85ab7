"""`manage.py demo` builds the documented demo world and can run again without changing it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.scoping import get_scope
from halls.choices import HallKind
from halls.models import Hall, OpeningHours, Region, RoleAssignment, SpecialDay, Zone
from staffing.choices import RosterStatus
from staffing.models import Roster
from staffing.services.rosters import roster_violations


def counts():
    return [m.objects.count() for m in (Region, Hall, OpeningHours, SpecialDay, Zone, RoleAssignment)]


def test_demo_builds_one_region_of_twelve_halls_with_the_demo_users(db, settings):
    call_command("demo")
    assert Region.objects.count() == 1
    assert Hall.objects.filter(kind=HallKind.SELF_OWNED).count() == 8
    assert Hall.objects.filter(kind=HallKind.PARTNER).count() == 4
    assert OpeningHours.objects.count() == 12 * 7
    assert all(hall.zones.count() >= 5 for hall in Hall.objects.all())
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {"admin", "hq", "manager1", "manager2", "inspector1", "shopper1", "staff1"}
    assert users["manager1"].check_password(settings.DEMO_PASSWORD)
    assert users["admin"].is_superuser and users["admin"].is_staff
    first, second = Hall.objects.order_by("code")[:2]
    assert get_scope(users["manager1"]).hall_ids == {first.pk}
    assert get_scope(users["manager2"]).hall_ids == {second.pk}
    # Every published week, the repeated past ones included, keeps every rule, across week boundaries too
    # (the demo once had clerks close on Sunday and open on Monday).
    published = list(Roster.objects.filter(hall__in=(first, second), status=RosterStatus.PUBLISHED))
    assert len(published) > 8
    assert [(r.hall.code, r.start_date) for r in published if roster_violations(roster=r)] == []
    assert len(get_scope(users["inspector1"]).hall_ids) == 4
    assert get_scope(users["hq"]).region_ids == {Region.objects.get().pk}
    assert not get_scope(users["shopper1"]).hall_ids and not get_scope(users["staff1"]).hall_ids


def test_demo_runs_again_without_duplicating_anything(db):
    call_command("demo")
    before = counts()
    call_command("demo")
    assert counts() == before
