"""Walks docs/permissions.md: every halls and staffing URL and API endpoint, for anonymous, each role, outsiders."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from rest_framework.test import APIClient

from halls.models import Hall, OpeningHours, Region, SpecialDay, Zone
from inspections.models import Answer, CorrectiveAction, Finding, Inspection, Photo
from staffing.models import (
    DatedUnavailability,
    DemandProfile,
    HallLabourRules,
    LeaveRequest,
    RegionLabourRules,
    Roster,
    Shift,
    ShiftSwap,
    SolveRun,
    StaffMember,
    StaffSkill,
    WeeklyUnavailability,
)
from django.apps import apps

from tests.permission_matrix import (
    ENDPOINTS,
    ROLES,
    SETUPS,
    WATCHED_MODELS,
    MatrixContext,
    render_markdown,
    roster_setup,
)
from touchpoints.models import BlueprintStep, HallTouchpoint, ServiceStandard, ServiceStandardVersion, Touchpoint

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
CASES = [pytest.param(endpoint, role, id=f"{endpoint.name}-{role}") for endpoint in ENDPOINTS for role in ROLES]


MODELS = (
    *(Region, Hall, OpeningHours, SpecialDay, Zone),
    *(StaffMember, StaffSkill, WeeklyUnavailability, DatedUnavailability, LeaveRequest),
    *(RegionLabourRules, HallLabourRules, DemandProfile),
    *(Roster, Shift, ShiftSwap, SolveRun),
    *(Touchpoint, ServiceStandard, ServiceStandardVersion, BlueprintStep, HallTouchpoint),
    *(Inspection, Answer, Photo, Finding, CorrectiveAction),
    *(apps.get_model(label) for label in WATCHED_MODELS),
)


def database_state() -> list:
    return [list(model.objects.order_by("pk").values()) for model in MODELS]


def send(endpoint, cast, role):
    client = APIClient() if endpoint.api else Client()
    if role != "anonymous":
        client.force_login(cast.users[role])
    data = endpoint.data(cast) if endpoint.data else None
    method = getattr(client, endpoint.method)
    if endpoint.api:
        if data is None:
            return method(endpoint.path(cast))
        return method(endpoint.path(cast), data, format=endpoint.format)
    return method(endpoint.path(cast), data) if data is not None else method(endpoint.path(cast))


@pytest.mark.parametrize(("endpoint", "role"), CASES)
def test_each_role_gets_what_the_matrix_says(cast, staffing_cast, endpoint, role):
    context = MatrixContext(cast, staffing_cast)
    roster_setup(context)
    for setup in SETUPS:
        setup(context)
        for user in context.users.values():
            user.__dict__.pop("_hallops_scope", None)
    expected = endpoint.outcome(role)
    before = database_state()

    response = send(endpoint, context, role)

    if expected == "ok":
        if endpoint.method == "get":
            assert response.status_code == 200, response.content[:300]
        elif endpoint.api:
            assert response.status_code in (200, 201, 202, 204), response.content[:300]
        else:
            assert response.status_code == 302, response.content[:500]
        if endpoint.method != "get" and not endpoint.extra.get("no_change"):
            assert database_state() != before, "a successful write must change something"
        return
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == "401":
        assert response.status_code == 401
    else:
        assert response.status_code == int(expected), response.content[:300]
    assert database_state() == before, "a refused request must leave the database unchanged"


def test_docs_permissions_md_is_the_matrix_the_test_walks():
    assert render_markdown() in DOC.read_text(encoding="utf-8"), (
        "docs/permissions.md is out of date: regenerate the table with `python tests/permission_matrix.py`"
    )
