"""Writes to regions, halls, opening hours, special days, zones and role assignments.

Every write that touches more than one row runs in one transaction: a hall is never saved without its
week of opening hours, and a failed validation leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.scoping import forget_scope

from .choices import Weekday
from .models import Hall, OpeningHours, Region, RoleAssignment, SpecialDay, Zone

HoursRow = Mapping[str, Any]


def week_hours(
    opens: dt.time, closes: dt.time, *, weekend: tuple[dt.time, dt.time] | None = None, closed_days: Iterable[int] = ()
) -> list[dict[str, Any]]:
    """Seven rows of hours: the same on weekdays, optionally other hours at the weekend."""
    rows = []
    for day in Weekday:
        day_opens, day_closes = weekend if weekend and day >= Weekday.SATURDAY else (opens, closes)
        closed = day in set(closed_days)
        rows.append(
            {
                "weekday": int(day),
                "closed": closed,
                "opens": None if closed else day_opens,
                "closes": None if closed else day_closes,
            }
        )
    return rows


def validate_hours(rows: Iterable[HoursRow]) -> list[dict[str, Any]]:
    """Check a week of hours; errors name the weekday. Returns the rows normalised (closed days blank)."""
    cleaned, errors, seen = [], [], set()
    for row in rows:
        day = Weekday(int(row["weekday"]))
        if day in seen:
            errors.append(_("%(day)s is given twice.") % {"day": day.label})
        seen.add(day)
        closed = bool(row.get("closed"))
        opens, closes = row.get("opens"), row.get("closes")
        if not closed:
            if opens is None or closes is None:
                errors.append(
                    _("%(day)s: give opening and closing times, or mark the day closed.") % {"day": day.label}
                )
            elif closes <= opens:
                errors.append(
                    _("%(day)s: closing time %(closes)s must be after opening time %(opens)s.")
                    % {"day": day.label, "closes": f"{closes:%H:%M}", "opens": f"{opens:%H:%M}"}
                )
        cleaned.append(
            {
                "weekday": int(day),
                "closed": closed,
                "opens": None if closed else opens,
                "closes": None if closed else closes,
            }
        )
    if errors:
        raise ValidationError({"opening_hours": errors})
    return cleaned


def _save(instance: Any) -> Any:
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def region_save(*, fields: Mapping[str, Any], region: Region | None = None) -> Region:
    region = region or Region()
    for name, value in fields.items():
        setattr(region, name, value)
    return _save(region)


@transaction.atomic
def hall_set_hours(*, hall: Hall, hours: Iterable[HoursRow]) -> None:
    for row in validate_hours(hours):
        OpeningHours.objects.update_or_create(
            hall=hall,
            weekday=row["weekday"],
            defaults={"closed": row["closed"], "opens": row["opens"], "closes": row["closes"]},
        )


@transaction.atomic
def hall_create(*, fields: Mapping[str, Any], hours: Iterable[HoursRow] | None = None) -> Hall:
    """Create a hall with a full week of opening hours (09:00-18:00 every day unless given)."""
    hours = validate_hours(hours if hours is not None else week_hours(dt.time(9), dt.time(18)))
    hall = _save(Hall(**fields))
    hall_set_hours(hall=hall, hours=hours)
    return hall


@transaction.atomic
def hall_update(*, hall: Hall, fields: Mapping[str, Any], hours: Iterable[HoursRow] | None = None) -> Hall:
    if hours is not None:
        hours = validate_hours(hours)
    for name, value in fields.items():
        setattr(hall, name, value)
    _save(hall)
    if hours is not None:
        hall_set_hours(hall=hall, hours=hours)
    return hall


@transaction.atomic
def zone_save(*, hall: Hall, fields: Mapping[str, Any], zone: Zone | None = None) -> Zone:
    zone = zone or Zone(hall=hall)
    for name, value in fields.items():
        setattr(zone, name, value)
    return _save(zone)


@transaction.atomic
def zone_delete(*, zone: Zone) -> None:
    zone.delete()


@transaction.atomic
def special_day_save(*, hall: Hall, fields: Mapping[str, Any], special_day: SpecialDay | None = None) -> SpecialDay:
    special_day = special_day or SpecialDay(hall=hall)
    for name, value in fields.items():
        setattr(special_day, name, value)
    if special_day.closed:
        special_day.opens = special_day.closes = None
    elif special_day.opens and special_day.closes and special_day.closes <= special_day.opens:
        raise ValidationError({"closes": _("Closing time must be after opening time.")})
    return _save(special_day)


@transaction.atomic
def special_day_delete(*, special_day: SpecialDay) -> None:
    special_day.delete()


@transaction.atomic
def role_assign(*, user: Any, role: str, regions: Iterable[Region] = (), halls: Iterable[Hall] = ()) -> RoleAssignment:
    """Give a user a role over regions or halls, replacing what that role covered before."""
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role)
    assignment.regions.set(regions)
    assignment.halls.set(halls)
    forget_scope(user)
    return assignment
