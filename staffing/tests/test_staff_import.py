"""CSV import of staff: all rows or none, and every problem named by row and column."""

from __future__ import annotations

import pytest

from staffing import services
from staffing.models import StaffMember, StaffSkill
from staffing.services.staff import CSV_COLUMNS
from staffing.tests.factories import StaffMemberFactory

HEADER = ",".join(CSV_COLUMNS)


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _snapshot():
    return list(StaffMember.objects.order_by("pk").values()), list(StaffSkill.objects.order_by("pk").values())


def _errors(cast, text):
    before = _snapshot()
    with pytest.raises(services.StaffImportError) as error:
        services.staff_import_csv(hall=cast.hall1, data=text)
    assert _snapshot() == before, "a failed import must import nothing"
    return error.value.errors


def test_a_good_file_creates_everyone_with_their_roles(cast):
    saved = services.staff_import_csv(
        hall=cast.hall1,
        data=_csv(
            "A001-101,张伟,counter_clerk,counter;greeter,40,44,3",
            'A001-102,李娜,consultant,"consultant,greeter",32,40,5',
            "A001-103,王芳,,counter,,,",
        ),
    )
    assert [m.employee_number for m in saved] == ["A001-101", "A001-102", "A001-103"]
    li = StaffMember.objects.get(employee_number="A001-102")
    assert (li.position, li.star_grade, sorted(li.roles)) == ("consultant", 5, ["consultant", "greeter"])
    wang = StaffMember.objects.get(employee_number="A001-103")
    assert (wang.position, wang.star_grade, str(wang.contracted_hours_week)) == ("counter_clerk", 1, "40.0")


def test_a_row_for_someone_already_in_the_hall_updates_them(cast):
    member = StaffMemberFactory(hall=cast.hall1, employee_number="A001-101", name="Old Name", star_grade=2)
    services.staff_import_csv(hall=cast.hall1, data=_csv("A001-101,New Name,greeter,greeter,40,44,4"))
    member.refresh_from_db()
    assert (member.name, member.star_grade, member.roles) == ("New Name", 4, ["greeter"])
    assert StaffMember.objects.count() == 1


def test_an_unknown_role_is_reported_on_its_row_and_column(cast):
    errors = _errors(cast, _csv("A001-101,张伟,counter_clerk,counter;cashier,40,44,3"))
    assert [(row, column) for row, column, _message in errors] == [(2, "roles")]
    assert "cashier" in errors[0][2]


@pytest.mark.parametrize("grade", ["6", "0", "three"])
def test_a_bad_star_grade_is_reported_on_its_row_and_column(cast, grade):
    errors = _errors(cast, _csv("A001-101,张伟,counter_clerk,counter,40,44,1", f"A001-102,李娜,,counter,40,44,{grade}"))
    assert [(row, column) for row, column, _message in errors] == [(3, "star_grade")]


def test_a_duplicate_employee_number_in_the_file_names_both_rows(cast):
    errors = _errors(
        cast, _csv("A001-101,张伟,,counter,40,44,3", "A001-102,李娜,,counter,40,44,3", "A001-101,王芳,,counter,40,44,3")
    )
    assert errors == [(4, "employee_number", "also on row 2")]


def test_an_employee_number_of_another_hall_is_refused(cast):
    StaffMemberFactory(hall=cast.hall2, employee_number="A002-001")
    errors = _errors(cast, _csv("A001-101,张伟,,counter,40,44,3", "A002-001,李娜,,counter,40,44,3"))
    assert errors == [(3, "employee_number", "belongs to a person in another hall")]


def test_a_missing_column_is_reported_on_the_header_row(cast):
    errors = _errors(cast, _csv("A001-101,张伟,40", header="employee_number,name,contracted_hours_week"))
    assert errors == [(1, "roles", "missing column")]


def test_a_misspelt_column_is_reported_rather_than_ignored(cast):
    errors = _errors(cast, _csv("A001-101,张伟,counter,3", header="employee_number,name,roles,star grade"))
    assert errors == [(1, "star grade", "unknown column")]


def test_every_problem_in_the_file_is_listed_at_once(cast):
    errors = _errors(
        cast,
        _csv(
            "A001-101,张伟,boss,counter,40,44,3",
            ",李娜,,counter,40,44,3",
            "A001-103,王芳,,counter,50,44,3",
            "A001-104,赵强,,,40,44,3",
        ),
    )
    assert [(row, column) for row, column, _message in errors] == [
        (2, "position"),
        (3, "employee_number"),
        (4, "contracted_hours_week"),
        (5, "roles"),
    ]


def test_a_short_row_is_an_error_not_a_crash(cast):
    errors = _errors(cast, _csv("A001-101"))
    assert {column for _row, column, _message in errors} == {"name", "roles"}


def test_an_unquoted_comma_list_of_roles_is_explained(cast):
    errors = _errors(cast, _csv("A001-101,张伟,,counter,greeter,40,44,3"))
    assert any("quote" in message for _row, _column, message in errors)


def test_a_file_saved_by_excel_in_gb18030_imports(cast):
    data = _csv("A001-101,张伟,,counter,40,44,3").encode("gb18030")
    [member] = services.staff_import_csv(hall=cast.hall1, data=data)
    assert member.name == "张伟"


def test_a_file_with_a_byte_order_mark_and_semicolons_imports(cast):
    text = _csv("A001-101;张伟;;counter;40;44;3", header=HEADER.replace(",", ";"))
    [member] = services.staff_import_csv(hall=cast.hall1, data=("\ufeff" + text).encode("utf-8"))
    assert member.employee_number == "A001-101"


def test_blank_lines_at_the_end_are_ignored_but_an_empty_file_is_an_error(cast):
    services.staff_import_csv(hall=cast.hall1, data=_csv("A001-101,张伟,,counter,40,44,3", ",,,,,,", ""))
    assert StaffMember.objects.count() == 1
    assert _errors(cast, _csv()) == [(2, "employee_number", "the file has no rows")]
