"""The permission matrix: every halls and staffing URL and API endpoint, what each role gets.

`tests/test_permission_matrix.py` walks it; `python tests/permission_matrix.py` prints it as the
Markdown table kept in docs/permissions.md (a test checks the two agree).

Outcomes: ok (the action works), login (HTML: redirect to sign-in), 401 (API: not authenticated),
403 (visible, but the role may not do this), 404 (outside the user's scope: it does not exist for them),
400 (the request names something outside the user's scope, reported as an invalid field).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ["anonymous", "admin", "hq", "manager", "manager_other", "inspector", "shopper", "staff", "hq_other"]
ROLE_NOTES = {
    "anonymous": "not signed in",
    "admin": "administrator (superuser)",
    "hq": "HQ of region A",
    "manager": "manager of hall A001 (the target hall)",
    "manager_other": "manager of hall A002, same region",
    "inspector": "inspector assigned to A001",
    "shopper": "mystery shopper",
    "staff": "staff member of A001",
    "hq_other": "HQ of region B",
}


@dataclass
class Endpoint:
    name: str
    method: str
    path: Callable[[Any], str]
    expect: dict[str, str]
    data: Callable[[Any], dict[str, Any]] | None = None
    api: bool = False
    format: str = "json"
    label_path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def outcome(self, role: str) -> str:
        if role == "anonymous":
            return self.expect.get("anonymous", "401" if self.api else "login")
        return self.expect.get(role, self.expect.get("*", "?"))


def _row(**kw: str) -> dict[str, str]:
    return kw


def hall_form(cast: Any, **changes: Any) -> dict[str, Any]:
    """A valid POST body for the hall form (hall + its week of hours)."""
    hall = cast.hall1
    data = {
        "code": hall.code,
        "name": "Renamed hall",
        "region": hall.region_id,
        "kind": hall.kind,
        "status": hall.status,
        "address": "1 Test Road",
        "phone": "",
        "time_zone": "Asia/Shanghai",
        "counters": 5,
        "kiosks": 1,
        "hours-TOTAL_FORMS": 7,
        "hours-INITIAL_FORMS": 0,
        "hours-MIN_NUM_FORMS": 7,
        "hours-MAX_NUM_FORMS": 7,
    }
    for day in range(7):
        data.update({f"hours-{day}-weekday": day, f"hours-{day}-opens": "09:00", f"hours-{day}-closes": "18:00"})
    data.update(changes)
    return data


ALL_HALL_READERS = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", inspector="ok", hq_other="ok", shopper="403", staff="403"
)
HALL1_READERS = _row(
    admin="ok", hq="ok", manager="ok", inspector="ok", manager_other="404", hq_other="404", shopper="404", staff="404"
)
HALL1_RUNNERS = _row(
    admin="ok", hq="ok", manager="ok", inspector="403", manager_other="404", hq_other="404", shopper="404", staff="404"
)
HALL1_ADMIN_ONLY = _row(
    admin="ok",
    hq="403",
    manager="403",
    inspector="403",
    manager_other="404",
    hq_other="404",
    shopper="404",
    staff="404",
)
REGION_A_READERS = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", inspector="ok", hq_other="404", shopper="404", staff="404"
)
REGION_A_GOVERNORS = _row(
    admin="ok", hq="ok", manager="403", manager_other="403", inspector="403", hq_other="404", shopper="404", staff="404"
)
HALL_CREATORS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
ADMIN_ONLY = _row(
    admin="ok",
    hq="403",
    hq_other="403",
    manager="403",
    manager_other="403",
    inspector="403",
    shopper="403",
    staff="403",
)
EVERYONE = _row(**{"*": "ok"})


def _zone_body(cast: Any) -> dict[str, Any]:
    return {"hall": cast.hall1.pk, "kind": "waiting", "name": "New waiting area", "order": 9}


def _special_body(cast: Any) -> dict[str, Any]:
    return {"hall": cast.hall1.pk, "date": "2027-05-01", "closed": True, "reason": "Labour Day"}


# Areas added later register here instead of extending a MatrixContext subclass: a setup runs (in order) before
# the test's snapshot of the database, and WATCHED_MODELS ("app_label.Model") join the models whose rows a
# refused request must leave unchanged. Each area appends its own block at the bottom of this file.
SETUPS: list[Callable[[Any], None]] = []
WATCHED_MODELS: list[str] = []

ENDPOINTS: list[Endpoint] = [
    # --- HTML ---
    Endpoint("home", "get", lambda c: "/", EVERYONE, label_path="/"),
    Endpoint("hall list", "get", lambda c: "/halls/", ALL_HALL_READERS, label_path="/halls/"),
    Endpoint("hall detail", "get", lambda c: f"/halls/{c.hall1.pk}/", HALL1_READERS, label_path="/halls/{id}/"),
    Endpoint(
        "hall edit form", "get", lambda c: f"/halls/{c.hall1.pk}/edit/", HALL1_RUNNERS, label_path="/halls/{id}/edit/"
    ),
    Endpoint(
        "hall edit (manager's fields)",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/edit/",
        HALL1_RUNNERS,
        data=hall_form,
        label_path="/halls/{id}/edit/",
    ),
    Endpoint("hall create form", "get", lambda c: "/halls/new/", HALL_CREATORS, label_path="/halls/new/"),
    Endpoint(
        "hall create in region A",
        "post",
        lambda c: "/halls/new/",
        {**HALL_CREATORS, "hq_other": "400"},
        label_path="/halls/new/",
        data=lambda c: hall_form(c, code="A999", name="New hall"),
    ),
    Endpoint(
        "zone create form",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/zones/new/",
        HALL1_RUNNERS,
        label_path="/halls/{id}/zones/new/",
    ),
    Endpoint(
        "zone create",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/zones/new/",
        HALL1_RUNNERS,
        data=_zone_body,
        label_path="/halls/{id}/zones/new/",
    ),
    Endpoint(
        "zone edit",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/zones/{c.zone1.pk}/edit/",
        HALL1_RUNNERS,
        data=_zone_body,
        label_path="/halls/{id}/zones/{zone}/edit/",
    ),
    Endpoint(
        "zone delete",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/zones/{c.zone1.pk}/delete/",
        HALL1_RUNNERS,
        label_path="/halls/{id}/zones/{zone}/delete/",
    ),
    Endpoint(
        "special day create",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/special-days/new/",
        HALL1_RUNNERS,
        data=_special_body,
        label_path="/halls/{id}/special-days/new/",
    ),
    Endpoint(
        "special day edit",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/special-days/{c.special1.pk}/edit/",
        HALL1_RUNNERS,
        data=_special_body,
        label_path="/halls/{id}/special-days/{day}/edit/",
    ),
    Endpoint(
        "special day delete",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/special-days/{c.special1.pk}/delete/",
        HALL1_RUNNERS,
        label_path="/halls/{id}/special-days/{day}/delete/",
    ),
    Endpoint("region list", "get", lambda c: "/regions/", ALL_HALL_READERS, label_path="/regions/"),
    Endpoint(
        "region detail", "get", lambda c: f"/regions/{c.region_a.pk}/", REGION_A_READERS, label_path="/regions/{id}/"
    ),
    Endpoint(
        "region edit",
        "post",
        lambda c: f"/regions/{c.region_a.pk}/edit/",
        REGION_A_GOVERNORS,
        data=lambda c: {"code": "RA", "name": "Region A renamed", "time_zone": "Asia/Shanghai"},
        label_path="/regions/{id}/edit/",
    ),
    Endpoint(
        "region create",
        "post",
        lambda c: "/regions/new/",
        ADMIN_ONLY,
        data=lambda c: {"code": "RC", "name": "Region C", "time_zone": "Asia/Shanghai"},
        label_path="/regions/new/",
    ),
    Endpoint("API docs (Swagger UI)", "get", lambda c: "/api/docs/", EVERYONE, label_path="/api/docs/"),
    Endpoint("health", "get", lambda c: "/healthz", {**EVERYONE, "anonymous": "ok"}, label_path="/healthz"),
    # --- API ---
    Endpoint("API: me", "get", lambda c: "/api/v1/me/", EVERYONE, api=True, label_path="/api/v1/me/"),
    Endpoint("API: schema", "get", lambda c: "/api/schema/", EVERYONE, api=True, label_path="/api/schema/"),
    Endpoint(
        "API: hall list", "get", lambda c: "/api/v1/halls/", ALL_HALL_READERS, api=True, label_path="/api/v1/halls/"
    ),
    Endpoint(
        "API: hall detail",
        "get",
        lambda c: f"/api/v1/halls/{c.hall1.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/halls/{id}/",
    ),
    Endpoint(
        "API: hall update",
        "patch",
        lambda c: f"/api/v1/halls/{c.hall1.pk}/",
        HALL1_RUNNERS,
        api=True,
        data=lambda c: {"name": "Renamed by API", "counters": 6},
        label_path="/api/v1/halls/{id}/",
    ),
    Endpoint(
        "API: hall create",
        "post",
        lambda c: "/api/v1/halls/",
        {**HALL_CREATORS, "hq_other": "400"},
        api=True,
        data=lambda c: {"code": "A998", "name": "API hall", "region": c.region_a.pk, "kind": "partner"},
        label_path="/api/v1/halls/",
    ),
    # Hall B001 (region B) has no staff: a hall with staff cannot be deleted (StaffMember.hall is PROTECT).
    Endpoint(
        "API: hall delete (hall B001, no staff)",
        "delete",
        lambda c: f"/api/v1/halls/{c.hall_b.pk}/",
        _row(
            admin="ok",
            hq_other="403",
            hq="404",
            manager="404",
            manager_other="404",
            inspector="404",
            shopper="404",
            staff="404",
        ),
        api=True,
        label_path="/api/v1/halls/{id}/",
    ),
    Endpoint(
        "API: region list",
        "get",
        lambda c: "/api/v1/regions/",
        ALL_HALL_READERS,
        api=True,
        label_path="/api/v1/regions/",
    ),
    Endpoint(
        "API: region detail",
        "get",
        lambda c: f"/api/v1/regions/{c.region_a.pk}/",
        REGION_A_READERS,
        api=True,
        label_path="/api/v1/regions/{id}/",
    ),
    Endpoint(
        "API: region update",
        "patch",
        lambda c: f"/api/v1/regions/{c.region_a.pk}/",
        REGION_A_GOVERNORS,
        api=True,
        data=lambda c: {"name": "Renamed region"},
        label_path="/api/v1/regions/{id}/",
    ),
    Endpoint(
        "API: region create",
        "post",
        lambda c: "/api/v1/regions/",
        ADMIN_ONLY,
        api=True,
        data=lambda c: {"code": "RC", "name": "Region C", "time_zone": "Asia/Shanghai"},
        label_path="/api/v1/regions/",
    ),
    Endpoint(
        "API: zone list", "get", lambda c: "/api/v1/zones/", ALL_HALL_READERS, api=True, label_path="/api/v1/zones/"
    ),
    Endpoint(
        "API: zone detail",
        "get",
        lambda c: f"/api/v1/zones/{c.zone1.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/zones/{id}/",
    ),
    Endpoint(
        "API: zone create",
        "post",
        lambda c: "/api/v1/zones/",
        {**HALL1_RUNNERS, "manager_other": "400", "hq_other": "400", "shopper": "403", "staff": "403"},
        api=True,
        data=_zone_body,
        label_path="/api/v1/zones/",
    ),
    Endpoint(
        "API: zone update",
        "patch",
        lambda c: f"/api/v1/zones/{c.zone1.pk}/",
        HALL1_RUNNERS,
        api=True,
        data=lambda c: {"name": "Renamed zone"},
        label_path="/api/v1/zones/{id}/",
    ),
    Endpoint(
        "API: zone delete",
        "delete",
        lambda c: f"/api/v1/zones/{c.zone1.pk}/",
        HALL1_RUNNERS,
        api=True,
        label_path="/api/v1/zones/{id}/",
    ),
    Endpoint(
        "API: special day list",
        "get",
        lambda c: "/api/v1/special-days/",
        ALL_HALL_READERS,
        api=True,
        label_path="/api/v1/special-days/",
    ),
    Endpoint(
        "API: special day create",
        "post",
        lambda c: "/api/v1/special-days/",
        {**HALL1_RUNNERS, "manager_other": "400", "hq_other": "400", "shopper": "403", "staff": "403"},
        api=True,
        data=_special_body,
        label_path="/api/v1/special-days/",
    ),
    Endpoint(
        "API: special day update",
        "patch",
        lambda c: f"/api/v1/special-days/{c.special1.pk}/",
        HALL1_RUNNERS,
        api=True,
        data=lambda c: {"reason": "Changed"},
        label_path="/api/v1/special-days/{id}/",
    ),
    Endpoint(
        "API: special day delete",
        "delete",
        lambda c: f"/api/v1/special-days/{c.special1.pk}/",
        HALL1_RUNNERS,
        api=True,
        label_path="/api/v1/special-days/{id}/",
    ),
]


def render_markdown() -> str:
    lines = [
        "| endpoint | method | path | " + " | ".join(ROLES) + " |",
        "|---|---|---|" + "---|" * len(ROLES),
    ]
    for endpoint in ENDPOINTS:
        cells = " | ".join(endpoint.outcome(role) for role in ROLES)
        lines.append(f"| {endpoint.name} | {endpoint.method.upper()} | `{endpoint.label_path}` | {cells} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    # Run as a script: render from the importable module, which has the other apps' rows appended.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.permission_matrix import render_markdown as render_all

    print(render_all(), end="")
else:
    # At the bottom: these modules import the rows and Endpoint defined above.
    from tests.matrix_staffing import STAFF_ENDPOINTS, MatrixContext  # noqa: F401

    ENDPOINTS += STAFF_ENDPOINTS

    from tests.matrix_rosters import ROSTER_ENDPOINTS, roster_setup  # noqa: F401

    ENDPOINTS += ROSTER_ENDPOINTS

    from tests.matrix_touchpoints import TOUCHPOINT_ENDPOINTS, MatrixContext  # noqa: F401, F811

    ENDPOINTS += TOUCHPOINT_ENDPOINTS

    from tests.matrix_inspections import INSPECTION_ENDPOINTS, MatrixContext  # noqa: F401, F811

    ENDPOINTS += INSPECTION_ENDPOINTS

    from tests.matrix_inspection_lists import INSPECTION_LIST_ENDPOINTS  # noqa: E402

    ENDPOINTS += INSPECTION_LIST_ENDPOINTS

    from tests.matrix_reports import REPORT_ENDPOINTS  # noqa: E402

    ENDPOINTS += REPORT_ENDPOINTS

    from tests.matrix_checklists import CHECKLIST_ENDPOINTS, checklist_setup  # noqa: E402

    ENDPOINTS += CHECKLIST_ENDPOINTS
    SETUPS.append(checklist_setup)
    WATCHED_MODELS += ["inspections.ChecklistTemplate", "inspections.TemplateVersion", "inspections.Section"]
    WATCHED_MODELS += ["inspections.Item"]

    from tests.matrix_actions import ACTION_ENDPOINTS  # noqa: E402

    ENDPOINTS += ACTION_ENDPOINTS

    from tests.matrix_reviews import REVIEW_ENDPOINTS, review_setup  # noqa: E402

    ENDPOINTS += REVIEW_ENDPOINTS
    SETUPS.append(review_setup)
    WATCHED_MODELS += ["inspections.Appeal", "inspections.ScoreChange", "inspections.TouchpointScore"]
    WATCHED_MODELS += ["inspections.TouchpointWindow"]
    WATCHED_MODELS += ["inspections.Inspection_observed_staff", "inspections.Appeal_answers"]

    from tests.matrix_star_ladder import STAR_LADDER_ENDPOINTS, star_ladder_setup  # noqa: E402

    ENDPOINTS += STAR_LADDER_ENDPOINTS
    SETUPS.append(star_ladder_setup)
    WATCHED_MODELS += ["performance.Ladder", "performance.LadderStep", "performance.TrainingRecord"]
    WATCHED_MODELS += ["performance.Evaluation", "performance.GradeProposal"]
    WATCHED_MODELS += ["staffing.GradeChange", "staffing.MentoringPair", "staffing.Honour"]

    from tests.matrix_customer_voice import VOICE_ENDPOINTS, VOICE_MODELS, voice_setup  # noqa: E402

    ENDPOINTS += VOICE_ENDPOINTS
    SETUPS.append(voice_setup)
    WATCHED_MODELS += VOICE_MODELS

    from tests.matrix_assignments import ASSIGNMENT_ENDPOINTS, assignment_setup  # noqa: E402

    ENDPOINTS += ASSIGNMENT_ENDPOINTS
    SETUPS.append(assignment_setup)
    WATCHED_MODELS += ["inspections.Assignment", "inspections.InspectionPlan"]

    from tests.matrix_complaint_links import COMPLAINT_LINK_ENDPOINTS, complaint_links_setup  # noqa: E402

    ENDPOINTS += COMPLAINT_LINK_ENDPOINTS
    SETUPS.append(complaint_links_setup)

    from tests.matrix_kpis import KPI_ENDPOINTS, KPI_MODELS  # noqa: E402

    ENDPOINTS += KPI_ENDPOINTS
    WATCHED_MODELS += KPI_MODELS

    from tests.matrix_sales import SALES_ENDPOINTS  # noqa: E402

    ENDPOINTS += SALES_ENDPOINTS

    from tests.matrix_counters import COUNTER_ENDPOINTS  # noqa: E402

    ENDPOINTS += COUNTER_ENDPOINTS

    from tests.matrix_dashboards_region import REGION_DASHBOARD_ENDPOINTS  # noqa: E402

    ENDPOINTS += REGION_DASHBOARD_ENDPOINTS

    from tests.matrix_incentives import INCENTIVE_ENDPOINTS, INCENTIVE_MODELS, incentive_setup  # noqa: E402

    ENDPOINTS += INCENTIVE_ENDPOINTS
    SETUPS.append(incentive_setup)
    WATCHED_MODELS += INCENTIVE_MODELS

    from tests.matrix_dashboards_hall import DASHBOARD_HALL_ENDPOINTS  # noqa: E402

    ENDPOINTS += DASHBOARD_HALL_ENDPOINTS
