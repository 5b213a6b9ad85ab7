"""Staff pages: the list (filters, sorting, stars, a fixed number of queries), a person's record, the
form with roles and the linked account, availability, and the CSV import page."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from halls.models import RoleAssignment
from halls.tests.factories import UserFactory
from staffing.models import DatedUnavailability, StaffMember, WeeklyUnavailability
from staffing.services.staff import CSV_COLUMNS
from staffing.tests.factories import StaffMemberFactory


@pytest.fixture
def manager(client, cast):
    client.force_login(cast.users["manager"])
    return client


def _grow(hall, people: int) -> None:
    for _ in range(people - StaffMember.objects.filter(hall=hall).count()):
        StaffMemberFactory(hall=hall, roles=("counter", "greeter"))


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# session, user, scope (one query, two for a manager or inspector: plus their halls' regions), the hall
# filter's value, the halls the user runs, pending leave (for those who decide it), count, the hall choices,
# the page, the page's skills.
@pytest.mark.parametrize(("user", "expected"), [("manager", 11), ("hq", 10), ("inspector", 9), ("admin", 9)])
def test_the_staff_list_query_count_does_not_grow_with_the_staff(client, cast, user, expected):
    client.force_login(cast.users[user])
    url = f"/staff/?hall={cast.hall1.pk}&ordering=-star_grade"
    _grow(cast.hall1, 5)
    five = _count(client, url)
    _grow(cast.hall1, 50)
    fifty = _count(client, url)
    assert five == fifty
    assert fifty == expected


def test_the_staff_list_shows_each_name_with_its_stars_and_roles(manager, staffing_cast):
    response = manager.get("/staff/")
    html = response.content.decode()
    assert 'Zhou Xin</span><span class="stars ms-1"' in html
    assert "★★★" in html
    assert "Greeter" in html
    assert "Li Na" not in html  # hall2 is not the manager's


def test_the_staff_list_filters_by_role_and_searches_by_number(manager, staffing_cast):
    by_role = manager.get("/staff/?role=greeter")
    assert [m.name for m in by_role.context["page_obj"]] == ["Wang Li"]
    by_number = manager.get("/staff/?q=A001-001")
    assert [m.name for m in by_number.context["page_obj"]] == ["Zhou Xin"]


def test_people_who_left_are_hidden_until_asked_for(manager, staffing_cast):
    staffing_cast.member1b.active = False
    staffing_cast.member1b.save()
    assert [m.name for m in manager.get("/staff/").context["page_obj"]] == ["Zhou Xin"]
    left = manager.get("/staff/?active=no")
    assert [m.name for m in left.context["page_obj"]] == ["Wang Li"]
    everyone = manager.get("/staff/?active=")
    assert everyone.context["page_obj"].paginator.count == 2


def test_the_list_sorts_by_star_grade(manager, cast):
    StaffMemberFactory(hall=cast.hall1, name="Low", star_grade=1)
    StaffMemberFactory(hall=cast.hall1, name="High", star_grade=5)
    names = [m.name for m in manager.get("/staff/?ordering=-star_grade").context["page_obj"]]
    assert names == ["High", "Low"]


def test_the_detail_shows_skills_hours_availability_and_leave(manager, staffing_cast):
    member = staffing_cast.member1
    WeeklyUnavailability.objects.create(staff=member, weekday=6)
    response = manager.get(f"/staff/{member.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sunday" in html
    assert "2027-03-01" in html  # the pending leave
    assert "staff1" in html  # the linked account


def test_creating_a_person_with_a_user_account_gives_them_the_staff_role(manager, cast):
    UserFactory(username="newbie")
    response = manager.post(
        "/staff/new/",
        {
            "hall": cast.hall1.pk,
            "employee_number": "A001-300",
            "name": "New Person",
            "position": "greeter",
            "roles": ["greeter", "self_service"],
            "star_grade": 2,
            "contracted_hours_week": "32",
            "max_hours_week": "40",
            "username": "newbie",
            "active": "on",
        },
    )
    member = StaffMember.objects.get(employee_number="A001-300")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/{member.pk}/"
    assert sorted(member.roles) == ["greeter", "self_service"]
    assert member.user.username == "newbie"
    assert list(RoleAssignment.objects.get(user=member.user, role=Role.STAFF).halls.all()) == [cast.hall1]


def test_the_form_refuses_an_unknown_username_and_keeps_what_was_typed(manager, cast):
    data = {
        "hall": cast.hall1.pk,
        "employee_number": "A001-300",
        "name": "Typed Name",
        "position": "greeter",
        "roles": ["greeter"],
        "star_grade": 2,
        "contracted_hours_week": "46",
        "max_hours_week": "44",
        "username": "nobody",
        "active": "on",
    }
    response = manager.post("/staff/new/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "username" in form.errors
    assert "contracted_hours_week" in form.errors or "username" in form.errors
    assert 'value="Typed Name"' in response.content.decode()
    assert not StaffMember.objects.filter(employee_number="A001-300").exists()


def test_the_form_offers_only_halls_the_user_runs(manager, cast):
    form = manager.get("/staff/new/").context["form"]
    assert list(form.fields["hall"].queryset) == [cast.hall1]


def test_editing_keeps_roles_as_checkboxes_and_saves_them(manager, staffing_cast):
    member = staffing_cast.member1b
    page = manager.get(f"/staff/{member.pk}/edit/").content.decode()
    checked = re.findall(r'<input type="checkbox"[^>]*name="roles" value="(\w+)"[^>]*checked', page)
    assert sorted(checked) == ["counter", "greeter"]
    data = {
        "hall": member.hall_id,
        "employee_number": member.employee_number,
        "name": member.name,
        "position": member.position,
        "roles": ["consultant"],
        "star_grade": 5,
        "contracted_hours_week": "40",
        "max_hours_week": "44",
        "active": "on",
    }
    assert manager.post(f"/staff/{member.pk}/edit/", data).status_code == 302
    member.refresh_from_db()
    assert (member.roles, member.star_grade) == (["consultant"], 5)


def test_adding_and_deleting_a_dated_unavailability(manager, staffing_cast):
    member = staffing_cast.member1b
    response = manager.post(
        f"/staff/{member.pk}/unavailability/dated/new/",
        {"date": "2027-03-05", "start": "", "end": "", "reason": "Exam"},
    )
    assert response.status_code == 302
    item = DatedUnavailability.objects.get(staff=member)
    assert item.start is None
    assert manager.post(f"/staff/{member.pk}/unavailability/dated/{item.pk}/delete/").status_code == 302
    assert not DatedUnavailability.objects.exists()


def test_a_half_given_window_is_refused_on_the_form(manager, staffing_cast):
    member = staffing_cast.member1b
    response = manager.post(f"/staff/{member.pk}/unavailability/weekly/new/", {"weekday": 1, "start": "18:00"})
    assert response.status_code == 400
    assert "end" in response.context["form"].errors
    assert not WeeklyUnavailability.objects.exists()


def test_an_unavailability_of_another_person_cannot_be_deleted_through_this_one(manager, staffing_cast):
    other = WeeklyUnavailability.objects.create(staff=staffing_cast.member1, weekday=3)
    response = manager.post(f"/staff/{staffing_cast.member1b.pk}/unavailability/weekly/{other.pk}/delete/")
    assert response.status_code == 404
    assert WeeklyUnavailability.objects.filter(pk=other.pk).exists()


def test_the_import_template_is_the_header_row(manager):
    response = manager.get("/staff/import/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().strip() == ",".join(CSV_COLUMNS)
    assert response.content.decode().strip() == (
        "employee_number,name,position,roles,contracted_hours_week,max_hours_week,star_grade"
    )


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("staff.csv", text.encode("utf-8"), content_type="text/csv")


def test_the_import_page_imports_a_good_file(manager, cast):
    text = ",".join(CSV_COLUMNS) + "\nA001-201,张伟,counter_clerk,counter;greeter,40,44,3\n"
    response = manager.post("/staff/import/", {"hall": cast.hall1.pk, "file": _upload(text)})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/?hall={cast.hall1.pk}"
    assert StaffMember.objects.get(employee_number="A001-201").star_grade == 3


def test_the_import_page_lists_every_problem_and_imports_nothing(manager, cast):
    text = ",".join(CSV_COLUMNS) + "\nA001-201,张伟,,counter,40,44,3\nA001-202,李娜,,wizard,40,44,9\n"
    response = manager.post("/staff/import/", {"hall": cast.hall1.pk, "file": _upload(text)})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-error-table"' in html
    assert response.context["errors"] == [
        (3, "roles", "unknown role “wizard”"),
        (3, "star_grade", "Ensure this value is less than or equal to 5."),
    ]
    assert not StaffMember.objects.exists()


def test_the_import_refuses_a_hall_the_user_does_not_run(manager, cast):
    text = ",".join(CSV_COLUMNS) + "\nA002-201,张伟,,counter,40,44,3\n"
    response = manager.post("/staff/import/", {"hall": cast.hall2.pk, "file": _upload(text)})
    assert response.status_code == 400
    assert "hall" in response.context["form"].errors
    assert not StaffMember.objects.exists()


def test_the_staff_page_shows_honours_and_grade_history(manager, cast, staffing_cast):
    import datetime as dt

    from staffing.models import GradeChange, Honour

    member = staffing_cast.member1
    Honour.objects.create(
        staff=member,
        kind="service_star",
        title="Star of March",
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 3, 31),
    )
    GradeChange.objects.create(
        staff=member, from_grade=2, to_grade=3, effective_on=dt.date(2026, 4, 1), reason="Met every criterion"
    )

    page = manager.get(f"/staff/{member.pk}/")

    content = page.content.decode()
    assert "Star of March" in content and "Met every criterion" in content
    assert [h.title for h in page.context["honours"]] == ["Star of March"]
