"""The staff API: roles as a list, filters, writes through the services, scope on every field."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.roles import Role
from halls.models import RoleAssignment
from halls.tests.factories import UserFactory
from staffing.models import StaffMember
from staffing.tests.factories import StaffMemberFactory


@pytest.fixture
def api(cast):
    client = APIClient()
    client.force_login(cast.users["manager"])
    return client


def test_the_list_gives_roles_as_a_list_and_stars(api, staffing_cast):
    rows = api.get("/api/v1/staff/").json()["results"]
    wang = next(row for row in rows if row["name"] == "Wang Li")
    assert wang["roles"] == ["counter", "greeter"]
    assert wang["stars"] == "★★★"
    assert {row["name"] for row in rows} == {"Zhou Xin", "Wang Li"}


def test_the_list_filters_by_hall_role_and_active(cast, staffing_cast):
    hq = APIClient()
    hq.force_login(cast.users["hq"])
    assert {r["name"] for r in hq.get(f"/api/v1/staff/?hall={cast.hall2.pk}").json()["results"]} == {"Li Na"}
    assert {r["name"] for r in hq.get("/api/v1/staff/?role=greeter").json()["results"]} == {"Wang Li"}
    staffing_cast.member2.active = False
    staffing_cast.member2.save()
    assert {r["name"] for r in hq.get("/api/v1/staff/?active=no").json()["results"]} == {"Li Na"}


def test_the_api_list_query_count_does_not_grow_with_the_staff(api, cast):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/staff/").status_code == 200
        return len(queries)

    for _ in range(5):
        StaffMemberFactory(hall=cast.hall1)
    five = count()
    for _ in range(45):
        StaffMemberFactory(hall=cast.hall1)
    assert count() == five


def test_creating_with_a_username_links_the_account_and_gives_the_staff_role(api, cast):
    UserFactory(username="newbie")
    response = api.post(
        "/api/v1/staff/",
        {"hall": cast.hall1.pk, "employee_number": "A001-400", "name": "New", "roles": ["counter"], "user": "newbie"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    member = StaffMember.objects.get(employee_number="A001-400")
    assert RoleAssignment.objects.get(user=member.user, role=Role.STAFF).halls.get() == cast.hall1


def test_bad_input_names_the_field_and_saves_nothing(api, cast):
    response = api.post(
        "/api/v1/staff/",
        {
            "hall": cast.hall1.pk,
            "employee_number": "A001-400",
            "name": "New",
            "roles": ["wizard"],
            "star_grade": 7,
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"roles", "star_grade"}
    response = api.post(
        "/api/v1/staff/",
        {
            "hall": cast.hall1.pk,
            "employee_number": "A001-400",
            "name": "New",
            "roles": ["counter"],
            "contracted_hours_week": "50",
            "max_hours_week": "44",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["contracted_hours_week"]
    assert not StaffMember.objects.filter(employee_number="A001-400").exists()


def test_a_manager_cannot_move_a_person_to_a_hall_they_do_not_run(api, cast, staffing_cast):
    response = api.patch(f"/api/v1/staff/{staffing_cast.member1b.pk}/", {"hall": cast.hall2.pk}, format="json")
    assert response.status_code == 400
    assert "hall" in response.json()
    staffing_cast.member1b.refresh_from_db()
    assert staffing_cast.member1b.hall == cast.hall1
