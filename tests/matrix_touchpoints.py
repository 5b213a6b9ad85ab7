"""The permission matrix rows of the touchpoints pages and endpoints: the 16 touchpoints, their standards and
blueprints (the company's method: every role reads it, HQ and administrators write it) and halls' touchpoint
maps (hall data: scoped like the hall).

`tests/permission_matrix.py` appends TOUCHPOINT_ENDPOINTS to its ENDPOINTS and uses this module's
`MatrixContext`: the staffing one plus `touchpoint_setup(context)`, which adds before the test's snapshot
of the database `tp` (TP04), `standard1` (tp04-greet) and its version `version1`, a blueprint step
`step1` of TP04, hall1's touchpoint map (created with the defaults) and its TP08 row `map_row`.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_staffing import MatrixContext as StaffingMatrixContext
from tests.permission_matrix import ALL_HALL_READERS, EVERYONE, HALL1_READERS, HALL1_RUNNERS, Endpoint, _row

# HQ of any region and administrators: the method is one for the whole company.
METHOD_WRITERS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
NO_DELETE = _row(**{"*": "405"})
# A hall's map through the API: the hall must be one the user sees (else the filter answers 400).
HALL1_MAP_LISTERS = {**HALL1_READERS, "manager_other": "400", "hq_other": "400", "shopper": "403", "staff": "403"}

TEXT_FIELDS = ("name_en", "name_zh", "core_need_en", "core_need_zh", "key_moments_en", "key_moments_zh")
CODES = [f"TP{n:02d}" for n in range(1, 17)]


def touchpoint_setup(context: Any) -> None:
    """Rows the touchpoint endpoints act on; runs before the test's database snapshot."""
    from touchpoints import services
    from touchpoints.models import BlueprintStep, ServiceStandard, Touchpoint

    context.tp = Touchpoint.objects.get(code="TP04")
    context.standard1 = ServiceStandard.objects.get(key="tp04-greet")
    context.version1 = context.standard1.current_version
    context.step1 = BlueprintStep.objects.create(
        touchpoint=context.tp, lane="frontstage", column=1, text_en="Greets", text_zh="问候"
    )
    # hall1's map exists before the snapshot, so that reading it changes nothing.
    rows = services.hall_touchpoints(context.hall1)
    context.map_row = next(row for row in rows if row.touchpoint.code == "TP08")


class MatrixContext(StaffingMatrixContext):
    """The staffing matrix context plus `touchpoint_setup`."""

    def __init__(self, cast: Any, staffing_cast: Any) -> None:
        super().__init__(cast, staffing_cast)
        touchpoint_setup(self)


def _touchpoint_form(c: Any) -> dict[str, Any]:
    data = {name: getattr(c.tp, name) for name in TEXT_FIELDS}
    data["core_need_en"] = "To be noticed at once."
    return data


def _step_form(c: Any) -> dict[str, Any]:
    return {"column": 2, "lane": "evidence", "text_en": "Reception desk", "text_zh": "引导台"}


def _wording(c: Any) -> dict[str, Any]:
    return {
        "staff_action_en": "Greet within three seconds.",
        "staff_action_zh": "三秒内问候。",
        "customer_sees_en": "A greeting at once.",
        "customer_sees_zh": "马上有人问候。",
        "dimension": "attention",
        "change_note": "Faster",
    }


def _standard_create_form(c: Any) -> dict[str, Any]:
    return {"key": "tp04-matrix", "title_en": "Matrix standard", "title_zh": "矩阵标准", **_wording(c)}


def _standard_edit_form(c: Any) -> dict[str, Any]:
    titles = {"title_en": c.standard1.title_en, "title_zh": c.standard1.title_zh, "active": "on"}
    return {**titles, **_wording(c), "based_on": c.version1.number}


def _map_form(c: Any) -> dict[str, Any]:
    """All 16 rows as they are by default for hall1, except TP08 switched off with a reason."""
    data: dict[str, Any] = {"map-TOTAL_FORMS": 16, "map-INITIAL_FORMS": 16}
    for index, code in enumerate(CODES):
        data[f"map-{index}-touchpoint"] = code
        data[f"map-{index}-zone"] = c.zone1.pk if code in ("TP12", "TP13", "TP14") else ""
        data[f"map-{index}-reason"] = ""
        if code != "TP08":
            data[f"map-{index}-applies"] = "on"
    data["map-7-reason"] = "No demo devices"
    return data


TOUCHPOINT_ENDPOINTS: list[Endpoint] = [
    # --- HTML ---
    Endpoint("touchpoint journey", "get", lambda c: "/touchpoints/", EVERYONE, label_path="/touchpoints/"),
    Endpoint("touchpoint detail", "get", lambda c: "/touchpoints/TP04/", EVERYONE, label_path="/touchpoints/{code}/"),
    Endpoint(
        "touchpoint text form",
        "get",
        lambda c: "/touchpoints/TP04/edit/",
        METHOD_WRITERS,
        label_path="/touchpoints/{code}/edit/",
    ),
    Endpoint(
        "touchpoint text edit",
        "post",
        lambda c: "/touchpoints/TP04/edit/",
        METHOD_WRITERS,
        data=_touchpoint_form,
        label_path="/touchpoints/{code}/edit/",
    ),
    Endpoint(
        "blueprint swimlanes",
        "get",
        lambda c: "/touchpoints/TP04/blueprint/",
        EVERYONE,
        label_path="/touchpoints/{code}/blueprint/",
    ),
    Endpoint(
        "blueprint step create form",
        "get",
        lambda c: "/touchpoints/TP04/blueprint/steps/new/",
        METHOD_WRITERS,
        label_path="/touchpoints/{code}/blueprint/steps/new/",
    ),
    Endpoint(
        "blueprint step create",
        "post",
        lambda c: "/touchpoints/TP04/blueprint/steps/new/",
        METHOD_WRITERS,
        data=_step_form,
        label_path="/touchpoints/{code}/blueprint/steps/new/",
    ),
    Endpoint(
        "blueprint step edit",
        "post",
        lambda c: f"/touchpoints/TP04/blueprint/steps/{c.step1.pk}/edit/",
        METHOD_WRITERS,
        data=_step_form,
        label_path="/touchpoints/{code}/blueprint/steps/{id}/edit/",
    ),
    Endpoint(
        "blueprint step delete",
        "post",
        lambda c: f"/touchpoints/TP04/blueprint/steps/{c.step1.pk}/delete/",
        METHOD_WRITERS,
        label_path="/touchpoints/{code}/blueprint/steps/{id}/delete/",
    ),
    Endpoint(
        "standard create form",
        "get",
        lambda c: "/touchpoints/TP04/standards/new/",
        METHOD_WRITERS,
        label_path="/touchpoints/{code}/standards/new/",
    ),
    Endpoint(
        "standard create (version 1)",
        "post",
        lambda c: "/touchpoints/TP04/standards/new/",
        METHOD_WRITERS,
        data=_standard_create_form,
        label_path="/touchpoints/{code}/standards/new/",
    ),
    Endpoint(
        "standard with version history",
        "get",
        lambda c: f"/touchpoints/standards/{c.standard1.pk}/",
        EVERYONE,
        label_path="/touchpoints/standards/{id}/",
    ),
    Endpoint(
        "standard edit form",
        "get",
        lambda c: f"/touchpoints/standards/{c.standard1.pk}/edit/",
        METHOD_WRITERS,
        label_path="/touchpoints/standards/{id}/edit/",
    ),
    Endpoint(
        "standard edit (new version)",
        "post",
        lambda c: f"/touchpoints/standards/{c.standard1.pk}/edit/",
        METHOD_WRITERS,
        data=_standard_edit_form,
        label_path="/touchpoints/standards/{id}/edit/",
    ),
    Endpoint(
        "hall touchpoint maps", "get", lambda c: "/touchpoints/maps/", ALL_HALL_READERS, label_path="/touchpoints/maps/"
    ),
    Endpoint(
        "hall touchpoint map",
        "get",
        lambda c: f"/halls/{c.hall1.pk}/touchpoints/",
        HALL1_READERS,
        label_path="/halls/{id}/touchpoints/",
    ),
    Endpoint(
        "hall touchpoint map save",
        "post",
        lambda c: f"/halls/{c.hall1.pk}/touchpoints/",
        HALL1_RUNNERS,
        data=_map_form,
        label_path="/halls/{id}/touchpoints/",
    ),
    # --- API ---
    Endpoint(
        "API: touchpoint list",
        "get",
        lambda c: "/api/v1/touchpoints/",
        EVERYONE,
        api=True,
        label_path="/api/v1/touchpoints/",
    ),
    Endpoint(
        "API: touchpoint detail",
        "get",
        lambda c: "/api/v1/touchpoints/TP04/",
        EVERYONE,
        api=True,
        label_path="/api/v1/touchpoints/{code}/",
    ),
    Endpoint(
        "API: touchpoint text update",
        "patch",
        lambda c: "/api/v1/touchpoints/TP04/",
        METHOD_WRITERS,
        api=True,
        data=lambda c: {"core_need_en": "To be noticed at once."},
        label_path="/api/v1/touchpoints/{code}/",
    ),
    Endpoint(
        "API: touchpoint delete (never)",
        "delete",
        lambda c: "/api/v1/touchpoints/TP04/",
        NO_DELETE,
        api=True,
        label_path="/api/v1/touchpoints/{code}/",
    ),
    Endpoint(
        "API: standard list", "get", lambda c: "/api/v1/standards/", EVERYONE, api=True, label_path="/api/v1/standards/"
    ),
    Endpoint(
        "API: standard detail",
        "get",
        lambda c: f"/api/v1/standards/{c.standard1.pk}/",
        EVERYONE,
        api=True,
        label_path="/api/v1/standards/{id}/",
    ),
    Endpoint(
        "API: standard new version",
        "post",
        lambda c: f"/api/v1/standards/{c.standard1.pk}/versions/",
        METHOD_WRITERS,
        api=True,
        data=lambda c: {**_wording(c), "based_on": c.version1.number},
        label_path="/api/v1/standards/{id}/versions/",
    ),
    Endpoint(
        "API: standard version list",
        "get",
        lambda c: "/api/v1/standard-versions/?current=true",
        EVERYONE,
        api=True,
        label_path="/api/v1/standard-versions/",
    ),
    Endpoint(
        "API: standard version detail",
        "get",
        lambda c: f"/api/v1/standard-versions/{c.version1.pk}/",
        EVERYONE,
        api=True,
        label_path="/api/v1/standard-versions/{id}/",
    ),
    Endpoint(
        "API: blueprint step list",
        "get",
        lambda c: "/api/v1/blueprint-steps/?touchpoint=TP04",
        EVERYONE,
        api=True,
        label_path="/api/v1/blueprint-steps/",
    ),
    Endpoint(
        "API: blueprint step detail",
        "get",
        lambda c: f"/api/v1/blueprint-steps/{c.step1.pk}/",
        EVERYONE,
        api=True,
        label_path="/api/v1/blueprint-steps/{id}/",
    ),
    Endpoint(
        "API: hall touchpoint map (?hall=A001)",
        "get",
        lambda c: f"/api/v1/hall-touchpoints/?hall={c.hall1.pk}",
        HALL1_MAP_LISTERS,
        api=True,
        label_path="/api/v1/hall-touchpoints/",
    ),
    Endpoint(
        "API: hall touchpoint detail",
        "get",
        lambda c: f"/api/v1/hall-touchpoints/{c.map_row.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/hall-touchpoints/{id}/",
    ),
    Endpoint(
        "API: hall touchpoint update",
        "patch",
        lambda c: f"/api/v1/hall-touchpoints/{c.map_row.pk}/",
        HALL1_RUNNERS,
        api=True,
        data=lambda c: {"applies": False, "reason": "No demo devices"},
        label_path="/api/v1/hall-touchpoints/{id}/",
    ),
]
