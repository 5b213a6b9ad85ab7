"""Staff members: create, update, and import from CSV (all rows or none, each error named by row and column)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import Role
from halls.models import Hall
from halls.services import role_assign

from ..choices import Position, WorkRole
from ..models import StaffMember, StaffSkill

CSV_COLUMNS = (
    "employee_number",
    "name",
    "position",
    "roles",
    "contracted_hours_week",
    "max_hours_week",
    "star_grade",
)
REQUIRED_COLUMNS = ("employee_number", "name", "roles")


def _set_roles(member: StaffMember, roles: Iterable[str]) -> None:
    wanted = list(dict.fromkeys(roles))
    unknown = [role for role in wanted if role not in WorkRole.values]
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}})
    if not wanted:
        raise ValidationError({"roles": _("Give at least one role this person can work.")})
    member.skills.exclude(role__in=wanted).delete()
    have = set(member.skills.values_list("role", flat=True))
    StaffSkill.objects.bulk_create(StaffSkill(staff=member, role=role) for role in wanted if role not in have)


def _full_clean(member: StaffMember, **kwargs: Any) -> None:
    """full_clean, with the contract-within-maximum constraint reported on its field in words."""
    errors: dict[str, list[Any]] = {}
    try:
        member.full_clean(**kwargs)
    except ValidationError as error:
        errors = error.update_error_dict({})
    contracted, maximum = member.contracted_hours_week, member.max_hours_week
    if isinstance(contracted, Decimal) and isinstance(maximum, Decimal) and contracted > maximum:
        # Drop the database constraint's generic message; say which field and why.
        generic = [m for m in errors.get(NON_FIELD_ERRORS, []) if "staff_contract_within_max" not in str(m)]
        if generic:
            errors[NON_FIELD_ERRORS] = generic
        else:
            errors.pop(NON_FIELD_ERRORS, None)
        errors.setdefault("contracted_hours_week", []).append(
            ValidationError(
                _("Contracted hours (%(contracted)s) cannot exceed the maximum hours per week (%(maximum)s).")
                % {"contracted": contracted, "maximum": maximum}
            )
        )
    if errors:
        raise ValidationError(errors)


def _link_user(member: StaffMember, previous_user: Any = None) -> None:
    """A linked user account gets the staff role for the member's hall (their shifts, leave and swaps)."""
    if member.user is not None:
        role_assign(user=member.user, role=Role.STAFF, halls=[member.hall])
    if previous_user is not None and previous_user.pk != member.user_id:
        # The old account no longer stands for anyone in this hall.
        role_assign(user=previous_user, role=Role.STAFF, halls=[])


@transaction.atomic
def staff_create(*, fields: Mapping[str, Any], roles: Iterable[str]) -> StaffMember:
    member = StaffMember(**fields)
    _full_clean(member)
    member.save()
    _set_roles(member, roles)
    _link_user(member)
    return member


@transaction.atomic
def staff_update(*, member: StaffMember, fields: Mapping[str, Any], roles: Iterable[str] | None = None) -> StaffMember:
    previous_user = member.user if member.user_id else None
    previous_hall = member.hall_id
    for name, value in fields.items():
        setattr(member, name, value)
    _full_clean(member)
    member.save()
    if roles is not None:
        _set_roles(member, roles)
    if member.user_id != getattr(previous_user, "pk", None) or member.hall_id != previous_hall:
        _link_user(member, previous_user)
    return member


@dataclass
class StaffImportError(Exception):
    """Every problem found in an import, each naming its row (1 = the header) and column."""

    errors: list[tuple[int, str, str]]

    def __str__(self) -> str:
        return "; ".join(f"row {row}, {column}: {message}" for row, column, message in self.errors)


def _parse_roles(value: str) -> list[str]:
    return [part.strip() for part in value.replace("|", ";").replace(",", ";").split(";") if part.strip()]


def _cell(row: Mapping[str | None, Any], column: str) -> str:
    # A short row leaves None in its missing cells; treat them as empty.
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


def _row_to_fields(row: Mapping[str, str], hall: Hall) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    fields: dict[str, Any] = {
        "hall": hall,
        "employee_number": _cell(row, "employee_number"),
        "name": _cell(row, "name"),
    }
    position = _cell(row, "position") or Position.COUNTER_CLERK
    if position not in Position.values:
        errors.append(("position", _("unknown position “%(value)s”") % {"value": position}))
    fields["position"] = position
    for column, default in (("contracted_hours_week", "40"), ("max_hours_week", "44"), ("star_grade", "1")):
        fields[column] = _cell(row, column) or default
    roles = _parse_roles(_cell(row, "roles"))
    unknown = [role for role in roles if role not in WorkRole.values]
    if unknown:
        errors.append(("roles", _("unknown role %(roles)s") % {"roles": ", ".join(f"“{r}”" for r in unknown)}))
    elif not roles:
        errors.append(("roles", _("give at least one role")))
    return fields, roles, errors


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without a byte-order mark), else GB18030 as Excel
    saves it on Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StaffImportError([(1, "", _("the file is neither UTF-8 nor GB18030 text"))])


@transaction.atomic
def staff_import_csv(*, hall: Hall, data: bytes | str) -> list[StaffMember]:
    """Create or update the hall's staff from CSV; any error anywhere imports nothing.

    A row whose employee number already belongs to this hall updates that person; one that belongs to
    another hall is an error (people move halls through HR, not through an import).
    """
    text = decode_csv(data) if isinstance(data, bytes) else data
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to some locales save with semicolons or tabs; the header tells which.
    delimiter = next((d for d in (",", ";", "\t") if d in first_line), ",")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip() for name in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if missing or unknown:
        raise StaffImportError(
            [(1, column, _("missing column")) for column in missing]
            + [(1, column or "?", _("unknown column")) for column in unknown]
        )
    reader.fieldnames = header
    errors: list[tuple[int, str, str]] = []
    prepared: list[tuple[int, StaffMember, list[str]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(_cell(row, column) for column in header):
            continue  # a blank line, as spreadsheets like to leave at the end
        fields, roles, row_errors = _row_to_fields(row, hall)
        errors.extend((number, column, message) for column, message in row_errors)
        if row.get(None):
            errors.append((number, header[-1], _("more cells than columns (quote cells that contain commas)")))
        employee_number = fields["employee_number"]
        if employee_number and employee_number in seen:
            errors.append((number, "employee_number", _("also on row %(row)s") % {"row": seen[employee_number]}))
        seen.setdefault(employee_number, number)
        existing = StaffMember.objects.filter(employee_number=employee_number).first() if employee_number else None
        if existing and existing.hall_id != hall.pk:
            errors.append((number, "employee_number", _("belongs to a person in another hall")))
            continue
        member = existing or StaffMember()
        for name, value in fields.items():
            setattr(member, name, value)
        try:
            _full_clean(member, exclude=["user"], validate_unique=False)
        except ValidationError as error:
            reported = {column for column, _message in row_errors}
            for column, messages in error.message_dict.items():
                if column not in reported:
                    errors.extend((number, column if column != NON_FIELD_ERRORS else "", m) for m in messages)
            continue
        prepared.append((number, member, roles))
    if not prepared and not errors:
        errors.append((2, "employee_number", _("the file has no rows")))
    if errors:
        raise StaffImportError(sorted(errors))
    saved = []
    for _number, member, roles in prepared:
        member.save()
        _set_roles(member, roles)
        saved.append(member)
    return saved
