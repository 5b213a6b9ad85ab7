"""The permission matrix rows of the inspections pages and endpoints: today's list, the checklist form and
an inspection's page; through the API checklists, inspections and their photos, findings and corrective
actions.

`tests/permission_matrix.py` appends INSPECTION_ENDPOINTS to its ENDPOINTS and uses this module's
`MatrixContext`: the one wired before it plus `inspection_setup(context)`, which adds before the test's
snapshot of the database:

- `checklist_version1`, a published global patrol checklist (`template1`), `opening1` (a daily opening check) and
  `shop_version1` (a mystery-shop checklist);
- `inspection1`, inspector1's patrol of hall1 with two failed items: `finding1` with `action1` (open) and a
  second finding whose action `action_done1` the manager has marked done; `photo1`, a photo of it;
- `shop1`, shopper1's mystery shop of hall1, not yet published (the hall does not see it).

Photos of these tests go to a temporary folder, removed when the test process ends.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import uuid
from typing import Any

from tests.permission_matrix import EVERYONE, HALL1_READERS, HALL1_RUNNERS, Endpoint, _row
from tests.permission_matrix import MatrixContext as EarlierMatrixContext

# Checklists, inspections, photos and findings: everyone with an inspecting role reads (their own scope).
INSPECTING_ROLES = {**EVERYONE, "staff": "403"}
# Corrective actions are hall business: staff may own one, shoppers never see them.
ACTION_READERS = {**EVERYONE, "shopper": "403"}
HALL1_OUTSIDERS = {"manager_other": "404", "hq_other": "404", "shopper": "404", "staff": "404"}
# The patrol of hall1: HQ of region A, hall1's inspector and administrators; the others may not patrol.
PATROL_SUBMITTERS = _row(
    admin="ok", hq="ok", inspector="ok", manager="403", manager_other="403", hq_other="403", shopper="403", staff="403"
)
SELF_INSPECTION_SUBMITTERS = {**PATROL_SUBMITTERS, "manager": "ok"}
MYSTERY_SHOP_SUBMITTERS = {**PATROL_SUBMITTERS, "inspector": "403", "shopper": "ok"}
# An unpublished mystery shop: its shopper and HQ see it, the hall does not.
SHOP1_READERS = _row(
    admin="ok", hq="ok", shopper="ok", manager="404", inspector="404", manager_other="404", hq_other="404", staff="404"
)
PHOTO_ADDERS = {"admin": "ok", "hq": "ok", "inspector": "ok", "manager": "403", **HALL1_OUTSIDERS}
VERIFIERS = {"admin": "ok", "hq": "ok", "inspector": "ok", "manager": "403", **HALL1_OUTSIDERS}
CLASSIFIERS = {"admin": "ok", "hq": "ok", "inspector": "ok", "manager": "ok", **HALL1_OUTSIDERS}

_MEDIA: list[str] = []


def _photos_in_a_temporary_folder() -> None:
    from inspections.storage import private_storage

    if not _MEDIA:
        _MEDIA.append(tempfile.mkdtemp(prefix="hallops-matrix-media-"))
        atexit.register(shutil.rmtree, _MEDIA[0], True)
    # Cached properties of the storage: a settings change (MEDIA_ROOT) resets them again.
    private_storage.__dict__["base_location"] = _MEDIA[0]
    private_storage.__dict__["location"] = os.path.abspath(_MEDIA[0])


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), "orange").save(out, format="PNG")
    return out.getvalue()


def _version(kind: str, name: str, items: list[tuple[str, str, str, dict[str, Any]]]) -> Any:
    """A published checklist version in a handful of queries (this setup runs for every row of the matrix)."""
    from django.utils import timezone

    from inspections.models import ChecklistTemplate, Item, Section, TemplateVersion
    from touchpoints.models import Touchpoint

    touchpoints = {tp.code: tp for tp in Touchpoint.objects.filter(code__in=[row[1] for row in items])}
    template = ChecklistTemplate.objects.create(kind=kind, name=name)
    version = TemplateVersion.objects.create(template=template, number=1, published_at=timezone.now())
    (section,) = Section.objects.bulk_create([Section(version=version, order=1, title=name)])
    Item.objects.bulk_create(
        Item(
            version=version,
            section=section,
            order=order,
            code=code,
            text=code.capitalize(),
            touchpoint=touchpoints[tp],
            answer_type=answer_type,
            **extra,
        )
        for order, (code, tp, answer_type, extra) in enumerate(items, start=1)
    )
    return version


def _answers(version: Any, **values: Any) -> list[dict[str, Any]]:
    passing = {"yes_no": "yes", "scale": 5, "number": 22}
    return [
        {"item": pk, "value": values.get(code, passing[kind])}
        for pk, code, kind in version.items.values_list("pk", "code", "answer_type")
    ]


def inspection_setup(context: Any) -> None:
    """Rows the inspection endpoints act on; runs before the test's database snapshot."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections import services
    from inspections.services.photos import photo_store

    _photos_in_a_temporary_folder()
    users = context.users
    context.checklist_version1 = _version(
        "patrol",
        "Patrol",
        [
            ("door", "TP04", "yes_no", {}),
            ("temperature", "TP05", "number", {"min_value": 18, "max_value": 26}),
            ("explained", "TP07", "scale", {"severity": "high"}),
        ],
    )
    context.template1 = context.checklist_version1.template
    context.opening1 = _version("opening", "Opening check", [("door", "TP04", "yes_no", {})])
    context.shop_version1 = _version("mystery_shop", "Mystery shop", [("greeted", "TP04", "yes_no", {})])
    context.inspection1, _ = services.inspection_submit(
        hall=context.hall1,
        template_version=context.checklist_version1,
        by=users["inspector"],
        client_uuid=uuid.uuid4(),
        answers=_answers(context.checklist_version1, explained=1, temperature=30),
    )
    context.finding1 = context.inspection1.findings.get(item_code="explained")
    context.action1 = context.finding1.actions.get()
    context.action_done1 = services.action_done(
        action=context.inspection1.findings.get(item_code="temperature").actions.get(),
        by=users["manager"],
        evidence_text="Air conditioning repaired",
    )
    context.photo1, _ = photo_store(
        inspection=context.inspection1, by=users["inspector"], upload=SimpleUploadedFile("p.png", _png())
    )
    context.shop1, _ = services.inspection_submit(
        hall=context.hall1,
        template_version=context.shop_version1,
        by=users["shopper"],
        client_uuid=uuid.uuid4(),
        answers=_answers(context.shop_version1),
    )
    for user in users.values():
        user.__dict__.pop("_hallops_scope", None)


class MatrixContext(EarlierMatrixContext):
    """The matrix context wired before this one, plus `inspection_setup`."""

    def __init__(self, cast: Any, staffing_cast: Any) -> None:
        super().__init__(cast, staffing_cast)
        inspection_setup(self)


def _submission(version_attr: str) -> Any:
    def body(c: Any) -> dict[str, Any]:
        version = getattr(c, version_attr)
        return {
            "client_uuid": str(uuid.uuid4()),
            "hall": c.hall1.pk,
            "template_version": version.pk,
            "answers": _answers(version),
        }

    return body


def _photo_upload(c: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"image": SimpleUploadedFile("new.png", _png(), content_type="image/png"), "client_uuid": str(uuid.uuid4())}


def _opening_form(c: Any) -> dict[str, Any]:
    data = {"client_uuid": str(uuid.uuid4()), "comment": "Matrix"}
    for pk in c.opening1.items.values_list("pk", flat=True):
        data[f"item-{pk}"] = "yes"
    return data


INSPECTION_ENDPOINTS: list[Endpoint] = [
    # --- HTML ---
    Endpoint(
        "today's inspections",
        "get",
        lambda c: "/inspections/today/",
        INSPECTING_ROLES,
        label_path="/inspections/today/",
    ),
    Endpoint(
        "checklist form (opening check of hall1)",
        "get",
        lambda c: f"/inspections/new/{c.hall1.pk}/{c.opening1.pk}/",
        HALL1_READERS,
        label_path="/inspections/new/{hall}/{version}/",
    ),
    Endpoint(
        "checklist form (patrol of hall1)",
        "get",
        lambda c: f"/inspections/new/{c.hall1.pk}/{c.checklist_version1.pk}/",
        {**HALL1_READERS, "manager": "403"},
        label_path="/inspections/new/{hall}/{version}/",
    ),
    Endpoint(
        "submit the opening check of hall1",
        "post",
        lambda c: f"/inspections/new/{c.hall1.pk}/{c.opening1.pk}/",
        HALL1_READERS,
        data=_opening_form,
        label_path="/inspections/new/{hall}/{version}/",
    ),
    Endpoint(
        "inspection page (patrol of hall1)",
        "get",
        lambda c: f"/inspections/{c.inspection1.pk}/",
        HALL1_READERS,
        label_path="/inspections/{id}/",
    ),
    Endpoint(
        "inspection page (unpublished mystery shop of hall1)",
        "get",
        lambda c: f"/inspections/{c.shop1.pk}/",
        SHOP1_READERS,
        label_path="/inspections/{id}/",
    ),
    # --- API: checklists ---
    Endpoint(
        "API: checklist template list",
        "get",
        lambda c: "/api/v1/checklist-templates/",
        INSPECTING_ROLES,
        api=True,
        label_path="/api/v1/checklist-templates/",
    ),
    Endpoint(
        "API: checklist template detail (global)",
        "get",
        lambda c: f"/api/v1/checklist-templates/{c.template1.pk}/",
        INSPECTING_ROLES,
        api=True,
        label_path="/api/v1/checklist-templates/{id}/",
    ),
    Endpoint(
        "API: checklist version list",
        "get",
        lambda c: "/api/v1/checklist-versions/",
        INSPECTING_ROLES,
        api=True,
        label_path="/api/v1/checklist-versions/",
    ),
    Endpoint(
        "API: checklist version with sections and items",
        "get",
        lambda c: f"/api/v1/checklist-versions/{c.checklist_version1.pk}/",
        INSPECTING_ROLES,
        api=True,
        label_path="/api/v1/checklist-versions/{id}/",
    ),
    # --- API: inspections ---
    Endpoint(
        "API: inspection list",
        "get",
        lambda c: "/api/v1/inspections/",
        INSPECTING_ROLES,
        api=True,
        label_path="/api/v1/inspections/",
    ),
    Endpoint(
        "API: inspection detail (patrol of hall1)",
        "get",
        lambda c: f"/api/v1/inspections/{c.inspection1.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/inspections/{id}/",
    ),
    Endpoint(
        "API: inspection detail (unpublished mystery shop of hall1)",
        "get",
        lambda c: f"/api/v1/inspections/{c.shop1.pk}/",
        SHOP1_READERS,
        api=True,
        label_path="/api/v1/inspections/{id}/",
    ),
    Endpoint(
        "API: submit a patrol of hall1",
        "post",
        lambda c: "/api/v1/inspections/",
        PATROL_SUBMITTERS,
        data=_submission("checklist_version1"),
        api=True,
        label_path="/api/v1/inspections/",
    ),
    Endpoint(
        "API: submit an opening check of hall1",
        "post",
        lambda c: "/api/v1/inspections/",
        SELF_INSPECTION_SUBMITTERS,
        data=_submission("opening1"),
        api=True,
        label_path="/api/v1/inspections/",
    ),
    Endpoint(
        "API: submit a mystery shop of hall1",
        "post",
        lambda c: "/api/v1/inspections/",
        MYSTERY_SHOP_SUBMITTERS,
        data=_submission("shop_version1"),
        api=True,
        label_path="/api/v1/inspections/",
    ),
    Endpoint(
        "API: photos of an inspection",
        "get",
        lambda c: f"/api/v1/inspections/{c.inspection1.pk}/photos/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/inspections/{id}/photos/",
    ),
    Endpoint(
        "API: upload a photo (multipart)",
        "post",
        lambda c: f"/api/v1/inspections/{c.inspection1.pk}/photos/",
        PHOTO_ADDERS,
        data=_photo_upload,
        api=True,
        format="multipart",
        label_path="/api/v1/inspections/{id}/photos/",
    ),
    Endpoint(
        "API: photo list",
        "get",
        lambda c: "/api/v1/photos/",
        {**INSPECTING_ROLES, "staff": "ok"},  # staff: the photos of the actions they own (none here)
        api=True,
        label_path="/api/v1/photos/",
    ),
    Endpoint(
        "API: photo detail",
        "get",
        lambda c: f"/api/v1/photos/{c.photo1.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/photos/{id}/",
    ),
    Endpoint(
        "API: photo file (JPEG)",
        "get",
        lambda c: f"/api/v1/photos/{c.photo1.pk}/file/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/photos/{id}/file/",
    ),
    # --- API: findings ---
    Endpoint(
        "API: finding list",
        "get",
        lambda c: "/api/v1/findings/",
        INSPECTING_ROLES,
        api=True,
        label_path="/api/v1/findings/",
    ),
    Endpoint(
        "API: finding detail",
        "get",
        lambda c: f"/api/v1/findings/{c.finding1.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/findings/{id}/",
    ),
    Endpoint(
        "API: classify a finding (gap, root cause)",
        "post",
        lambda c: f"/api/v1/findings/{c.finding1.pk}/classify/",
        CLASSIFIERS,
        data=lambda c: {"quality_gap": "delivery", "root_cause": "people"},
        api=True,
        label_path="/api/v1/findings/{id}/classify/",
    ),
    # --- API: corrective actions ---
    Endpoint(
        "API: corrective action list",
        "get",
        lambda c: "/api/v1/corrective-actions/",
        ACTION_READERS,
        api=True,
        label_path="/api/v1/corrective-actions/",
    ),
    Endpoint(
        "API: corrective action detail",
        "get",
        lambda c: f"/api/v1/corrective-actions/{c.action1.pk}/",
        HALL1_READERS,
        api=True,
        label_path="/api/v1/corrective-actions/{id}/",
    ),
    Endpoint(
        "API: start a corrective action",
        "post",
        lambda c: f"/api/v1/corrective-actions/{c.action1.pk}/start/",
        HALL1_RUNNERS,
        api=True,
        label_path="/api/v1/corrective-actions/{id}/start/",
    ),
    Endpoint(
        "API: mark a corrective action done (evidence)",
        "post",
        lambda c: f"/api/v1/corrective-actions/{c.action1.pk}/done/",
        HALL1_RUNNERS,
        data=lambda c: {"evidence_text": "Consultants briefed on the family plans"},
        api=True,
        label_path="/api/v1/corrective-actions/{id}/done/",
    ),
    Endpoint(
        "API: verify a corrective action",
        "post",
        lambda c: f"/api/v1/corrective-actions/{c.action_done1.pk}/verify/",
        VERIFIERS,
        api=True,
        label_path="/api/v1/corrective-actions/{id}/verify/",
    ),
    Endpoint(
        "API: reopen a corrective action",
        "post",
        lambda c: f"/api/v1/corrective-actions/{c.action_done1.pk}/reopen/",
        VERIFIERS,
        data=lambda c: {"reason": "Too warm again at 15:00"},
        api=True,
        label_path="/api/v1/corrective-actions/{id}/reopen/",
    ),
]
