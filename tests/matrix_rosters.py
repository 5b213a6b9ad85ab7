"""The permission matrix rows of rosters, shifts, "my shifts" and swaps.

`roster_setup(context)` runs before the test's database snapshot and adds to the matrix context:
roster1 (hall1, draft, week of 2027-03-01) with shift1 of member1b; roster2 (hall1, published, week of
2027-03-08) with shift2 of member1 (the staff user's own record), shift3 of member1b offered for swap
(swap_offered) and shift4 of member1b taken by member1 and awaiting approval (swap_accepted).
Rows marked no_change are actions that, in this setup, answer with a message and change nothing
(nothing to undo, no week before to copy, no file to import).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.permission_matrix import Endpoint, _row

MONDAY = dt.date(2027, 3, 1)


def roster_setup(context: Any) -> None:
    from staffing.choices import RosterStatus, SwapStatus
    from staffing.models import Roster, Shift, ShiftSwap

    hall = context.hall1

    def shift(roster: Roster, member: Any, day: dt.date) -> Shift:
        starts = dt.datetime.combine(day, dt.time(9), tzinfo=hall.tzinfo)
        return Shift.objects.create(
            roster=roster,
            staff=member,
            day=day,
            role="counter",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=8),
        )

    context.roster1 = Roster.objects.create(hall=hall, start_date=MONDAY)
    context.shift1 = shift(context.roster1, context.member1b, MONDAY)
    context.roster2 = Roster.objects.create(
        hall=hall, start_date=MONDAY + dt.timedelta(days=7), status=RosterStatus.PUBLISHED
    )
    context.shift2 = shift(context.roster2, context.member1, MONDAY + dt.timedelta(days=7))
    shift3 = shift(context.roster2, context.member1b, MONDAY + dt.timedelta(days=8))
    shift4 = shift(context.roster2, context.member1b, MONDAY + dt.timedelta(days=9))
    context.swap_offered = ShiftSwap.objects.create(shift=shift3, offered_by=context.member1b)
    context.swap_accepted = ShiftSwap.objects.create(
        shift=shift4, offered_by=context.member1b, taken_by=context.member1, status=SwapStatus.ACCEPTED
    )


ROSTER_RUNNERS = _row(
    admin="ok", hq="ok", manager="ok", inspector="403", manager_other="404", hq_other="404", shopper="404", staff="404"
)
RUNS_A_HALL = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", hq_other="ok", inspector="403", shopper="403", staff="403"
)
SHIFT_READERS = {**RUNS_A_HALL, "staff": "ok"}
CREATE_IN_HALL1 = {**RUNS_A_HALL, "manager_other": "400", "hq_other": "400"}
NO_CHANGE = {"no_change": True}


def _shift_form(c: Any) -> dict[str, Any]:
    return {
        "staff": c.member1b.pk,
        "day": "2027-03-02",
        "start": "09:00",
        "end": "17:00",
        "role": "counter",
        "version": c.roster1.version,
    }


def _shift_api(c: Any) -> dict[str, Any]:
    return {
        "roster": c.roster1.pk,
        "staff": c.member1b.pk,
        "day": "2027-03-02",
        "role": "counter",
        "start": "09:00",
        "end": "17:00",
        "roster_version": c.roster1.version,
    }


def _r1(suffix: str = "") -> Any:
    return lambda c: f"/rosters/{c.roster1.pk}/{suffix}"


ROSTER_ENDPOINTS: list[Endpoint] = [
    Endpoint("roster list", "get", lambda c: "/rosters/", RUNS_A_HALL, label_path="/rosters/"),
    Endpoint(
        "roster create",
        "post",
        lambda c: "/rosters/new/",
        {**CREATE_IN_HALL1},
        data=lambda c: {"hall": c.hall1.pk, "start_date": "2027-04-05", "weeks": 1, "time_limit": 5},
        label_path="/rosters/new/",
    ),
    Endpoint("roster page", "get", _r1(), ROSTER_RUNNERS, label_path="/rosters/{id}/"),
    Endpoint(
        "roster solver progress", "get", _r1("progress.json"), ROSTER_RUNNERS, label_path="/rosters/{id}/progress.json"
    ),
    Endpoint(
        "roster problem file", "get", _r1("problem.json"), ROSTER_RUNNERS, label_path="/rosters/{id}/problem.json"
    ),
    Endpoint(
        "roster solution file", "get", _r1("solution.json"), ROSTER_RUNNERS, label_path="/rosters/{id}/solution.json"
    ),
    Endpoint(
        "roster coverage CSV", "get", _r1("coverage.csv"), ROSTER_RUNNERS, label_path="/rosters/{id}/coverage.csv"
    ),
    Endpoint(
        "roster generate",
        "post",
        _r1("generate/"),
        ROSTER_RUNNERS,
        data=lambda c: {"time_limit": 5},
        label_path="/rosters/{id}/generate/",
    ),
    Endpoint("shift add form", "get", _r1("shifts/new/"), ROSTER_RUNNERS, label_path="/rosters/{id}/shifts/new/"),
    Endpoint(
        "shift add",
        "post",
        _r1("shifts/new/"),
        ROSTER_RUNNERS,
        data=_shift_form,
        label_path="/rosters/{id}/shifts/new/",
    ),
    Endpoint(
        "shift edit",
        "post",
        lambda c: f"/rosters/{c.roster1.pk}/shifts/{c.shift1.pk}/",
        ROSTER_RUNNERS,
        data=lambda c: {**_shift_form(c), "day": "2027-03-01", "start": "10:00"},
        label_path="/rosters/{id}/shifts/{shift}/",
    ),
    Endpoint(
        "shift delete",
        "post",
        lambda c: f"/rosters/{c.roster1.pk}/shifts/{c.shift1.pk}/delete/",
        ROSTER_RUNNERS,
        data=lambda c: {"version": c.roster1.version},
        label_path="/rosters/{id}/shifts/{shift}/delete/",
    ),
    Endpoint(
        "roster undo (nothing to undo)",
        "post",
        _r1("undo/"),
        ROSTER_RUNNERS,
        extra=NO_CHANGE,
        label_path="/rosters/{id}/undo/",
    ),
    Endpoint(
        "roster copy last week (none)",
        "post",
        _r1("copy-last-week/"),
        ROSTER_RUNNERS,
        data=lambda c: {"version": c.roster1.version},
        extra=NO_CHANGE,
        label_path="/rosters/{id}/copy-last-week/",
    ),
    Endpoint(
        "roster import (no file)",
        "post",
        _r1("import/"),
        ROSTER_RUNNERS,
        extra=NO_CHANGE,
        data=lambda c: {"version": c.roster1.version},
        label_path="/rosters/{id}/import/",
    ),
    Endpoint("roster publish", "post", _r1("publish/"), ROSTER_RUNNERS, label_path="/rosters/{id}/publish/"),
    Endpoint("my shifts", "get", lambda c: "/me/shifts/", SHIFT_READERS, label_path="/me/shifts/"),
    Endpoint(
        "offer own shift for swap",
        "post",
        lambda c: f"/me/shifts/{c.shift2.pk}/offer/",
        _row(
            admin="ok",
            staff="ok",
            hq="403",
            manager="403",
            inspector="403",
            manager_other="404",
            hq_other="404",
            shopper="404",
        ),
        label_path="/me/shifts/{shift}/offer/",
    ),
    Endpoint(
        "take a colleague's shift",
        "post",
        lambda c: f"/swaps/{c.swap_offered.pk}/take/",
        _row(
            staff="ok",
            admin="403",
            hq="403",
            manager="403",
            inspector="403",
            manager_other="404",
            hq_other="404",
            shopper="404",
        ),
        label_path="/swaps/{swap}/take/",
    ),
    Endpoint(
        "cancel a swap offer",
        "post",
        lambda c: f"/swaps/{c.swap_offered.pk}/cancel/",
        _row(
            admin="ok",
            hq="ok",
            manager="ok",
            staff="403",
            inspector="403",
            manager_other="404",
            hq_other="404",
            shopper="404",
        ),
        label_path="/swaps/{swap}/cancel/",
    ),
    Endpoint(
        "approve a swap",
        "post",
        lambda c: f"/swaps/{c.swap_accepted.pk}/decide/",
        _row(
            admin="ok",
            hq="ok",
            manager="ok",
            staff="403",
            inspector="403",
            manager_other="404",
            hq_other="404",
            shopper="404",
        ),
        data=lambda c: {"decision": "approve"},
        label_path="/swaps/{swap}/decide/",
    ),
    # --- API ---
    Endpoint(
        "API: roster list", "get", lambda c: "/api/v1/rosters/", RUNS_A_HALL, api=True, label_path="/api/v1/rosters/"
    ),
    Endpoint(
        "API: roster detail",
        "get",
        lambda c: f"/api/v1/rosters/{c.roster1.pk}/",
        ROSTER_RUNNERS,
        api=True,
        label_path="/api/v1/rosters/{id}/",
    ),
    Endpoint(
        "API: roster create",
        "post",
        lambda c: "/api/v1/rosters/",
        CREATE_IN_HALL1,
        api=True,
        data=lambda c: {"hall": c.hall1.pk, "start_date": "2027-04-05", "weeks": 1},
        label_path="/api/v1/rosters/",
    ),
    Endpoint(
        "API: roster generate",
        "post",
        lambda c: f"/api/v1/rosters/{c.roster1.pk}/generate/",
        ROSTER_RUNNERS,
        api=True,
        data=lambda c: {"time_limit": 5},
        label_path="/api/v1/rosters/{id}/generate/",
    ),
    Endpoint(
        "API: roster publish",
        "post",
        lambda c: f"/api/v1/rosters/{c.roster1.pk}/publish/",
        ROSTER_RUNNERS,
        api=True,
        data=lambda c: {},
        label_path="/api/v1/rosters/{id}/publish/",
    ),
    Endpoint(
        "API: roster violations",
        "get",
        lambda c: f"/api/v1/rosters/{c.roster1.pk}/violations/",
        ROSTER_RUNNERS,
        api=True,
        label_path="/api/v1/rosters/{id}/violations/",
    ),
    Endpoint(
        "API: roster delete",
        "delete",
        lambda c: f"/api/v1/rosters/{c.roster1.pk}/",
        ROSTER_RUNNERS,
        api=True,
        label_path="/api/v1/rosters/{id}/",
    ),
    Endpoint(
        "API: shift list", "get", lambda c: "/api/v1/shifts/", SHIFT_READERS, api=True, label_path="/api/v1/shifts/"
    ),
    Endpoint(
        "API: shift detail (draft roster)",
        "get",
        lambda c: f"/api/v1/shifts/{c.shift1.pk}/",
        ROSTER_RUNNERS,
        api=True,
        label_path="/api/v1/shifts/{id}/",
    ),
    Endpoint(
        "API: shift create",
        "post",
        lambda c: "/api/v1/shifts/",
        CREATE_IN_HALL1,
        api=True,
        data=_shift_api,
        label_path="/api/v1/shifts/",
    ),
    Endpoint(
        "API: shift update",
        "patch",
        lambda c: f"/api/v1/shifts/{c.shift1.pk}/",
        ROSTER_RUNNERS,
        api=True,
        data=lambda c: {"start": "10:00", "roster_version": c.roster1.version},
        label_path="/api/v1/shifts/{id}/",
    ),
    Endpoint(
        "API: shift delete",
        "delete",
        lambda c: f"/api/v1/shifts/{c.shift1.pk}/?roster_version={c.roster1.version}",
        ROSTER_RUNNERS,
        api=True,
        label_path="/api/v1/shifts/{id}/",
    ),
]
