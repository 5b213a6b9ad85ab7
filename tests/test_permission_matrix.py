"""Walks docs/permissions.md: every halls and staffing URL and API endpoint, for anonymous, each role, outsiders."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
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


class _RolledBack(Exception):
    """Raised inside each role's savepoint so the request's writes are undone before the next role."""


def verdict(endpoint, context, role: str, before: list) -> str | None:
    """None when `role` gets what the matrix says; otherwise what went wrong."""
    expected = endpoint.outcome(role)
    response = send(endpoint, context, role)
    status = response.status_code
    if expected == "ok":
        if endpoint.method == "get":
            wanted = (200,)
        elif endpoint.api:
            wanted = (200, 201, 202, 204)
        else:
            wanted = (302,)
        if status not in wanted:
            return f"expected {wanted}, got {status}: {response.content[:300]!r}"
        if endpoint.method != "get" and not endpoint.extra.get("no_change") and database_state() == before:
            return "a successful write must change something"
        return None
    if expected == "login":
        if status != 302 or not response["Location"].startswith("/accounts/login/"):
            return f"expected a redirect to sign in, got {status}"
    elif status != int(expected):
        return f"expected {expected}, got {status}: {response.content[:300]!r}"
    if database_state() != before:
        return "a refused request must leave the database unchanged"
    return None


@pytest.mark.parametrize("endpoint", [pytest.param(e, id=e.name) for e in ENDPOINTS])
def test_each_role_gets_what_the_matrix_says(cast, staffing_cast, endpoint):
    """One setup per endpoint; each role's request runs in a savepoint that is rolled back, so every role
    starts from the same database (and the setup, the slow part, runs once instead of once per role)."""
    context = MatrixContext(cast, staffing_cast)
    roster_setup(context)
    for setup in SETUPS:
        setup(context)
        for user in context.users.values():
            user.__dict__.pop("_hallops_scope", None)
    before = database_state()
    failures = []
    for role in ROLES:
        try:
            with transaction.atomic():
                problem = verdict(endpoint, context, role, before)
                raise _RolledBack(problem)
        except _RolledBack as outcome:
            if outcome.args[0]:
                failures.append(f"{role}: {outcome.args[0]}")
        for user in context.users.values():
            user.__dict__.pop("_hallops_scope", None)
    assert not failures, f"{endpoint.name} {endpoint.method.upper()}:\n" + "\n".join(failures)


def test_docs_permissions_md_is_the_matrix_the_test_walks():
    assert render_markdown() in DOC.read_text(encoding="utf-8"), (
        "docs/permissions.md is out of date: regenerate the table with `python tests/permission_matrix.py`"
    )
