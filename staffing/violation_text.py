"""Broken roster rules in the reader's language.

The validator (`roster_rules.validate_roster`) speaks English, because its sentences go to the command line
and to files (ROSTER_FORMAT.md); each `Violation` also carries what it found as data (`code`, `params`), and
the pages and the API render it here with gettext, named placeholders and plural forms. A page that knows the
roster names the person ("Zhou Xin (A001-003)") and shows the hall's dates ("Mon 2027-03-01"); without them
the person's id and "day 3" stand in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .choices import WorkRole
from .roster_rules import (
    DAY_OUTSIDE,
    DAYS_IN_A_ROW,
    DAYS_IN_A_ROW_CARRIED,
    DAYS_IN_A_ROW_LATER,
    REST,
    REST_AFTER_PRIOR,
    REST_BEFORE_LATER,
    ROLE_NOT_HELD,
    SEVERAL_SHIFTS,
    SHIFT_BACKWARDS,
    SHIFT_OUTSIDE_DAY,
    SHIFT_TOO_LONG,
    SHIFT_TOO_SHORT,
    UNAVAILABLE_DAY,
    UNAVAILABLE_WINDOW,
    UNKNOWN_ROLE,
    UNKNOWN_STAFF,
    WEEKLY_DAYS,
    WEEKLY_HOURS,
    Violation,
)

# Found by the web app, not by the file validator: a shift of someone the roster's problem leaves out
# (inactive, or none of the hall's roles). params: name.
NOT_ROSTERED = "not_rostered"

DateOf = Callable[[int], dt.date]


def _role_label(role: str) -> str:
    try:
        return str(WorkRole(role).label)
    except ValueError:
        return role


def _hours(value: Any) -> str:
    """4 -> "4", 4.5 -> "4.5", in the active language's number format."""
    number = float(value)
    return number_format(int(number) if number.is_integer() else round(number, 2))


def _one_decimal(value: Any) -> str:
    return number_format(float(value), decimal_pos=1)


def _list(items: list[str]) -> str:
    return pgettext("list separator", ", ").join(items)


def _day(number: int, date_of: DateOf | None) -> str:
    if date_of is None:
        return _("day %(number)s") % {"number": number}
    # "D" is the weekday's short name, translated by Django's own catalogue.
    return dateformat.format(date_of(number), "D Y-m-d")


def _days(first: int, last: int, date_of: DateOf | None) -> str:
    if date_of is None:
        return _("days %(first)s-%(last)s") % {"first": first, "last": last}
    return pgettext("date range", "%(first)s – %(last)s") % {
        "first": _day(first, date_of),
        "last": _day(last, date_of),
    }


def violation_sentence(violation: Violation, *, name: str | None = None, date_of: DateOf | None = None) -> str:
    """One broken rule as a sentence in the active language.

    `name` is the person's name (shown with their id), `date_of` turns a day number of the roster into the
    hall's date. A violation without a known code (one built before codes existed) is shown as it is.
    """
    params: Mapping[str, Any] = violation.params
    who = _("%(name)s (%(number)s)") % {"name": name, "number": violation.staff} if name else violation.staff
    values: dict[str, Any] = {"who": who, "day": _day(violation.day, date_of)}
    code = violation.code
    if code == NOT_ROSTERED:
        return _("%(name)s is not active in this hall or has none of the roles rostered here.") % {
            "name": params.get("name") or who
        }
    if code == UNKNOWN_STAFF:
        return _("%(who)s on %(day)s: not on this roster's staff list") % values
    if code == DAY_OUTSIDE:
        values["last"] = params["last_day"]
        return _("%(who)s on %(day)s: the roster has days 0 to %(last)s only") % values
    if code == ROLE_NOT_HELD:
        values["role"] = _role_label(params["role"])
        values["roles"] = _list([_role_label(role) for role in params["roles"]])
        return _("%(who)s on %(day)s: cannot work as %(role)s (roles: %(roles)s)") % values
    if code == UNKNOWN_ROLE:
        values["role"] = params["role"]
        return _("%(who)s on %(day)s: “%(role)s” is not a role of this roster") % values
    if code in (SHIFT_BACKWARDS, SHIFT_OUTSIDE_DAY, SHIFT_TOO_SHORT, SHIFT_TOO_LONG, UNAVAILABLE_DAY):
        values.update(start=params["start"], end=params["end"])
    if code == SHIFT_BACKWARDS:
        return _("%(who)s on %(day)s: shift %(start)s-%(end)s does not end after it starts") % values
    if code == SHIFT_OUTSIDE_DAY:
        values.update(opens=params["day_start"], closes=params["day_end"])
        return _("%(who)s on %(day)s: shift %(start)s-%(end)s runs outside the day (%(opens)s-%(closes)s)") % values
    if code in (SHIFT_TOO_SHORT, SHIFT_TOO_LONG):
        values.update(hours=_one_decimal(params["hours"]), limit=_hours(params["limit"]))
        if code == SHIFT_TOO_SHORT:
            return _("%(who)s on %(day)s: shift %(start)s-%(end)s lasts %(hours)s h, below the %(limit)s h minimum") % (
                values
            )
        return _("%(who)s on %(day)s: shift %(start)s-%(end)s lasts %(hours)s h, above the %(limit)s h maximum") % (
            values
        )
    if code == SEVERAL_SHIFTS:
        values.update(count=params["count"], spans=_list(list(params["spans"])))
        return (
            ngettext(
                "%(who)s on %(day)s: %(count)s shift (%(spans)s); at most one a day",
                "%(who)s on %(day)s: %(count)s shifts (%(spans)s); at most one a day",
                params["count"],
            )
            % values
        )
    if code == UNAVAILABLE_DAY:
        return _("%(who)s on %(day)s: shift %(start)s-%(end)s on a day they are unavailable") % values
    if code == UNAVAILABLE_WINDOW:
        values.update(start=params["start"], end=params["end"], away_from=params["from"], away_to=params["to"])
        return (
            _("%(who)s on %(day)s: shift %(start)s-%(end)s overlaps their unavailability %(away_from)s-%(away_to)s")
            % values
        )
    if code in (WEEKLY_HOURS, WEEKLY_DAYS):
        values.update(week=params["week"], days=_days(params["first_day"], params["last_day"], date_of))
        if code == WEEKLY_HOURS:
            values.update(hours=_one_decimal(params["hours"]), limit=_hours(params["limit"]))
            return _("%(who)s in week %(week)s (%(days)s): %(hours)s h, above their %(limit)s h weekly maximum") % (
                values
            )
        values.update(count=params["count"], limit=params["limit"])
        return (
            ngettext(
                "%(who)s in week %(week)s (%(days)s): %(count)s working day, above the maximum of %(limit)s",
                "%(who)s in week %(week)s (%(days)s): %(count)s working days, above the maximum of %(limit)s",
                params["count"],
            )
            % values
        )
    if code in (DAYS_IN_A_ROW, DAYS_IN_A_ROW_CARRIED, DAYS_IN_A_ROW_LATER):
        values.update(
            days=_days(params["first_day"], params["last_day"], date_of), count=params["count"], limit=params["limit"]
        )
        if code == DAYS_IN_A_ROW:
            return (
                ngettext(
                    "%(who)s on %(days)s: %(count)s working day in a row, above the maximum of %(limit)s",
                    "%(who)s on %(days)s: %(count)s working days in a row, above the maximum of %(limit)s",
                    params["count"],
                )
                % values
            )
        values["before"] = params["before"]
        if code == DAYS_IN_A_ROW_LATER:
            values["after"] = params["after"]
            if params["before"]:
                return (
                    ngettext(
                        "%(who)s on %(days)s: %(count)s working day in a row with the %(before)s before and the "
                        "%(after)s after this roster, above the maximum of %(limit)s",
                        "%(who)s on %(days)s: %(count)s working days in a row with the %(before)s before and the "
                        "%(after)s after this roster, above the maximum of %(limit)s",
                        params["count"],
                    )
                    % values
                )
            return (
                ngettext(
                    "%(who)s on %(days)s: %(count)s working day in a row with the %(after)s after this roster, "
                    "above the maximum of %(limit)s",
                    "%(who)s on %(days)s: %(count)s working days in a row with the %(after)s after this roster, "
                    "above the maximum of %(limit)s",
                    params["count"],
                )
                % values
            )
        return (
            ngettext(
                "%(who)s on %(days)s: %(count)s working day in a row with the %(before)s before this roster, "
                "above the maximum of %(limit)s",
                "%(who)s on %(days)s: %(count)s working days in a row with the %(before)s before this roster, "
                "above the maximum of %(limit)s",
                params["count"],
            )
            % values
        )
    if code in (REST_AFTER_PRIOR, REST_BEFORE_LATER, REST):
        values.update(rest=_one_decimal(params["rest"]), limit=_hours(params["limit"]))
        if code == REST_BEFORE_LATER:
            return (
                _(
                    "%(who)s on %(day)s: rest %(rest)s h before their first shift after this roster, "
                    "below the %(limit)s h minimum"
                )
                % values
            )
        if code == REST_AFTER_PRIOR:
            return (
                _(
                    "%(who)s on %(day)s: rest %(rest)s h after their last shift before this roster, "
                    "below the %(limit)s h minimum"
                )
                % values
            )
        values["previous"] = _day(params["previous_day"], date_of)
        return (
            _("%(who)s on %(day)s: rest %(rest)s h after the shift on %(previous)s, below the %(limit)s h minimum")
            % values
        )
    return violation.message
