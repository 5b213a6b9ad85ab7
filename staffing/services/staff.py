"""Staff members: create, update, and import from CSV (all rows or none, each error named by row and column)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from halls.models import Hall

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


@transaction.atomic
def staff_create(*, fields: Mapping[str, Any], roles: Iterable[str]) -> StaffMember:
    member = StaffMember(**fields)
    member.full_clean()
    member.save()
    _set_roles(member, roles)
    return member


@transaction.atomic
def staff_update(*, member: StaffMember, fields: Mapping[str, Any], roles: Iterable[str] | None = None) -> StaffMember:
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean()
    member.save()
    if roles is not None:
        _set_roles(member, roles)
    return member


@dataclass
class StaffImportError(Exception):
    """Every problem found in an import, each naming its row (1 = the header) and column."""

    errors: list[tuple[int, str, str]]

    def __str__(self) -> str:
        return "; ".join(f"row {row}, {column}: {message}" for row, column, message in self.errors)


def _parse_roles(value: str) -> list[str]:
    return [part.strip() for part in value.replace("|", ";").replace(",", ";").split(";") if part.strip()]


def _row_to_fields(row: Mapping[str, str], hall: Hall) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    fields: dict[str, Any] = {
        "hall": hall,
        "employee_number": row["employee_number"].strip(),
        "name": row["name"].strip(),
    }
    position = (row.get("position") or "").strip() or Position.COUNTER_CLERK
    if position not in Position.values:
        errors.append(("position", _("unknown position “%(value)s”") % {"value": position}))
    fields["position"] = position
    for column, default in (("contracted_hours_week", "40"), ("max_hours_week", "44"), ("star_grade", "1")):
        fields[column] = (row.get(column) or "").strip() or default
    roles = _parse_roles(row.get("roles") or "")
    unknown = [role for role in roles if role not in WorkRole.values]
    if unknown:
        errors.append(("roles", _("unknown role %(roles)s") % {"roles": ", ".join(f"“{r}”" for r in unknown)}))
    elif not roles:
        errors.append(("roles", _("give at least one role")))
    return fields, roles, errors


@transaction.atomic
def staff_import_csv(*, hall: Hall, data: bytes | str) -> list[StaffMember]:
    """Create or update the hall's staff from CSV; any error anywhere imports nothing.

    A row whose employee number already belongs to this hall updates that person; one that belongs to
    another hall is an error (people move halls through HR, not through an import).
    """
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise StaffImportError([(1, column, _("missing column")) for column in missing])
    reader.fieldnames = header
    errors: list[tuple[int, str, str]] = []
    prepared: list[tuple[int, StaffMember, list[str]]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        fields, roles, row_errors = _row_to_fields(row, hall)
        errors.extend((number, column, message) for column, message in row_errors)
        employee_number = fields["employee_number"]
        if employee_number in seen:
            errors.append((number, "employee_number", _("also on row %(row)s") % {"row": seen[employee_number]}))
        seen[employee_number] = number
        existing = StaffMember.objects.filter(employee_number=employee_number).first()
        if existing and existing.hall_id != hall.pk:
            errors.append((number, "employee_number", _("belongs to a person in another hall")))
            continue
        member = existing or StaffMember()
        for name, value in fields.items():
            setattr(member, name, value)
        try:
            member.full_clean(exclude=["user"], validate_unique=False)
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                errors.extend((number, column, message) for message in messages)
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
