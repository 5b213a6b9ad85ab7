"""The permission matrix rows of assignments and inspection plans: the assignments page, its completion export,
one assignment with HQ's reassign and cancel, adding one by hand, the tablet form opened from an assignment,
the plan pages; through the API assignments and inspection plans.

`assignment_setup(context)` adds, before the test's snapshot (using the checklists of tests/matrix_inspections.py):

- `opening_assignment1`: hall1's opening check, due within the hour (the hall's team's, no assignee);
- `patrol_assignment1`: inspector1's patrol of hall1 today;
- `visit_assignment1`: shopper1's mystery visit to hall1 now (the hall never sees it);
- `plan_a`: region A's own inspection plan.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tests.permission_matrix import HALL1_READERS, Endpoint, _row

VIEWERS = _row(**{"*": "ok", "staff": "403"})
ADDERS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
# Adding for hall1: HQ of region B does not have hall1 among its choices (the form answers 400).
HALL1_ADDERS = {**ADDERS, "hq_other": "400"}
HALL1_HQ = _row(
    admin="ok", hq="ok", manager="403", inspector="403", manager_other="404", hq_other="404", shopper="404", staff="404"
)
VISIT_READERS = _row(
    admin="ok", hq="ok", shopper="ok", manager="404", inspector="404", manager_other="404", hq_other="404", staff="404"
)
# The visit's tablet form: only its shopper does it (HQ sees it, but it is given to someone else).
VISIT_DOER = {**VISIT_READERS, "admin": "403", "hq": "403"}
PLAN_READERS = ADDERS
# Region A's plan: its HQ; hall people of region A see that the region exists but may not plan (403).
PLAN_A = _row(
    admin="ok", hq="ok", manager="403", manager_other="403", inspector="403", hq_other="404", shopper="404", staff="404"
)
DEFAULT_PLAN = _row(**{"*": "403", "admin": "ok"})


def assignment_setup(context: Any) -> None:
    from django.utils import timezone

    from inspections.models import Assignment, InspectionPlan

    now = timezone.now()
    hour = dt.timedelta(hours=1)
    users = context.users
    context.opening_assignment1 = Assignment.objects.create(
        hall=context.hall1,
        kind="opening",
        template=context.opening1.template,
        window_start=now - hour,
        due_at=now + hour,
    )
    context.patrol_assignment1 = Assignment.objects.create(
        hall=context.hall1,
        kind="patrol",
        template=context.checklist_version1.template,
        assignee=users["inspector"],
        window_start=now - hour,
        due_at=now + 3 * hour,
    )
    context.visit_assignment1 = Assignment.objects.create(
        hall=context.hall1,
        kind="mystery_shop",
        template=context.shop_version1.template,
        assignee=users["shopper"],
        window_start=now - hour / 2,
        due_at=now + hour / 2,
        scenario="Ask about a family plan",
    )
    context.plan_a = InspectionPlan.objects.create(region=context.region_a)


def _add_patrol(c: Any) -> dict[str, Any]:
    tomorrow = (dt.datetime.now(tz=c.hall1.tzinfo) + dt.timedelta(days=1)).date()
    return {
        "hall": c.hall1.pk,
        "kind": "patrol",
        "date": tomorrow.isoformat(),
        "starts": "10:00",
        "ends": "12:00",
        "assignee": c.users["inspector"].pk,
    }


def _visit_form(c: Any) -> dict[str, Any]:
    data = {"client_uuid": str(uuid.uuid4())}
    for pk in c.shop_version1.items.values_list("pk", flat=True):
        data[f"item-{pk}"] = "yes"
    return data


def _plan_form(c: Any) -> dict[str, Any]:
    return {
        "opening_checks": "on",
        "closing_checks": "on",
        "self_check_window_minutes": 45,
        "patrols_per_month": 6,
        "mystery_visits_min": 10,
        "mystery_visits_max": 12,
        "mystery_peak_percent": 50,
        "active": "on",
    }


ASSIGNMENT_ENDPOINTS: list[Endpoint] = [
    # --- HTML ---
    Endpoint(
        "assignments page",
        "get",
        lambda c: "/inspections/assignments/",
        VIEWERS,
        label_path="/inspections/assignments/",
    ),
    Endpoint(
        "assignment completion export (CSV)",
        "get",
        lambda c: "/inspections/assignments/completion.csv",
        VIEWERS,
        label_path="/inspections/assignments/completion.csv",
    ),
    Endpoint(
        "add an assignment (form)",
        "get",
        lambda c: "/inspections/assignments/new/",
        ADDERS,
        label_path="/inspections/assignments/new/",
    ),
    Endpoint(
        "add a patrol of hall1 by hand",
        "post",
        lambda c: "/inspections/assignments/new/",
        HALL1_ADDERS,
        data=_add_patrol,
        label_path="/inspections/assignments/new/",
    ),
    Endpoint(
        "assignment page (patrol of hall1)",
        "get",
        lambda c: f"/inspections/assignments/{c.patrol_assignment1.pk}/",
        HALL1_READERS,
        label_path="/inspections/assignments/{id}/",
    ),
    Endpoint(
        "assignment page (mystery visit to hall1)",
        "get",
        lambda c: f"/inspections/assignments/{c.visit_assignment1.pk}/",
        VISIT_READERS,
        label_path="/inspections/assignments/{id}/",
    ),
    Endpoint(
        "reassign a patrol of hall1",
        "post",
        lambda c: f"/inspections/assignments/{c.patrol_assignment1.pk}/reassign/",
        HALL1_HQ,
        data=lambda c: {"assignee": c.users["hq"].pk},
        label_path="/inspections/assignments/{id}/reassign/",
    ),
    Endpoint(
        "cancel a patrol of hall1",
        "post",
        lambda c: f"/inspections/assignments/{c.patrol_assignment1.pk}/cancel/",
        HALL1_HQ,
        data=lambda c: {"reason": "The hall is closed for repairs"},
        label_path="/inspections/assignments/{id}/cancel/",
    ),
    Endpoint(
        "checklist form opened from hall1's opening check",
        "get",
        lambda c: f"/inspections/new/{c.hall1.pk}/{c.opening1.pk}/?assignment={c.opening_assignment1.pk}",
        HALL1_READERS,
        label_path="/inspections/new/{hall}/{version}/?assignment={id}",
    ),
    Endpoint(
        "checklist form opened from a mystery visit",
        "get",
        lambda c: f"/inspections/new/{c.hall1.pk}/{c.shop_version1.pk}/?assignment={c.visit_assignment1.pk}",
        VISIT_DOER,
        label_path="/inspections/new/{hall}/{version}/?assignment={id}",
    ),
    Endpoint(
        "submit the mystery visit from its assignment",
        "post",
        lambda c: f"/inspections/new/{c.hall1.pk}/{c.shop_version1.pk}/?assignment={c.visit_assignment1.pk}",
        VISIT_DOER,
        data=_visit_form,
        label_path="/inspections/new/{hall}/{version}/?assignment={id}",
    ),
    Endpoint(
        "inspection plans",
        "get",
        lambda c: "/inspections/plans/",
        PLAN_READERS,
        label_path="/inspections/plans/",
    ),
    Endpoint(
        "region A's plan (form)",
        "get",
        lambda c: f"/inspections/plans/{c.region_a.pk}/",
        PLAN_A,
        label_path="/inspections/plans/{region}/",
    ),
    Endpoint(
        "change region A's plan",
        "post",
        lambda c: f"/inspections/plans/{c.region_a.pk}/",
        PLAN_A,
        data=_plan_form,
        label_path="/inspections/plans/{region}/",
    ),
    Endpoint(
        "default plan (form)",
        "get",
        lambda c: "/inspections/plans/default/",
        DEFAULT_PLAN,
        label_path="/inspections/plans/default/",
    ),
    Endpoint(
        "change the default plan",
        "post",
        lambda c: "/inspections/plans/default/",
        DEFAULT_PLAN,
        data=_plan_form,
        label_path="/inspections/plans/default/",
    ),
    # --- API ---
    Endpoint(
        "API: assignment list",
        "get",
        lambda c: "/api/v1/assignments/?scope=all",
        VIEWERS,
        api=True,
        label_path="/api/v1/assignments/",
    ),
    Endpoint(
        "API: assignment detail (patrol of hall1)",
        "get",
        lambda c: f"/api/v1/assignments/{c.patrol_assignment1.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/assignments/{id}/",
    ),
    Endpoint(
        "API: assignment detail (mystery visit to hall1)",
        "get",
        lambda c: f"/api/v1/assignments/{c.visit_assignment1.pk}/",
        VISIT_READERS,
        api=True,
        label_path="/api/v1/assignments/{id}/",
    ),
    Endpoint(
        "API: inspection plan list",
        "get",
        lambda c: "/api/v1/inspection-plans/",
        PLAN_READERS,
        api=True,
        label_path="/api/v1/inspection-plans/",
    ),
    Endpoint(
        "API: region A's inspection plan",
        "get",
        lambda c: f"/api/v1/inspection-plans/{c.plan_a.pk}/",
        PLAN_A,
        api=True,
        label_path="/api/v1/inspection-plans/{id}/",
    ),
    Endpoint(
        "API: change region A's inspection plan",
        "patch",
        lambda c: f"/api/v1/inspection-plans/{c.plan_a.pk}/",
        PLAN_A,
        data=lambda c: {"patrols_per_month": 6, "mystery_peak_percent": 50},
        api=True,
        label_path="/api/v1/inspection-plans/{id}/",
    ),
]
