"""The permission matrix rows of the checklist pages (inspections/views/checklists.py): the list, a checklist
and its history, creating and editing one, a version's page, and every write on a draft.

`checklist_setup(context)` adds, before the test's snapshot of the database:

- `checklist_a`: region A's patrol checklist, version 1 published (`checklist_a_v1`) and draft 2 (`checklist_a_draft`)
  with, at TP16, `draft_notes` (text), `draft_goodbye` (yes/no) and `draft_why` (shown when goodbye is "no");
  `draft_door` at TP04; `draft_section` (holds the items) and `draft_empty_section` (none);
- `checklist_b`: region A's opening check, version 1 published and no draft (for "new draft").

The global patrol checklist `template1` of the inspections rows is kept by administrators only.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_inspections import INSPECTING_ROLES
from tests.permission_matrix import Endpoint, _row

# A checklist of region A: HQ of region A and administrators keep it; the people of region A's halls read it;
# HQ of region B, a shopper (no hall, no region) and staff (no hall data) do not see it.
REGION_A_CHECKLIST_READERS = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", inspector="ok", staff="404", hq_other="404", shopper="404"
)
REGION_A_CHECKLIST_GOVERNORS = _row(
    admin="ok", hq="ok", manager="403", manager_other="403", inspector="403", staff="404", hq_other="404", shopper="404"
)
# A published version: nobody may change it (403 with the reason), those outside region A do not see it.
NOBODY_CHANGES_REGION_A = {**REGION_A_CHECKLIST_GOVERNORS, "admin": "403", "hq": "403"}
# Any HQ may start a checklist (in its own regions); the others may not.
CHECKLIST_CREATORS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
# The global checklist: everyone with an inspecting role sees it; only administrators keep it.
GLOBAL_CHECKLIST_KEEPERS = {"*": "403", "admin": "ok"}


def checklist_setup(context: Any) -> None:
    """Rows the checklist pages act on; runs before the test's database snapshot."""
    from django.utils import timezone

    from inspections.models import ChecklistTemplate, Item, Section, TemplateVersion
    from touchpoints.models import Touchpoint

    tps = {tp.code: tp for tp in Touchpoint.objects.filter(code__in=["TP04", "TP16"])}
    rows = [
        ("door", "TP04", "yes_no", None, ""),
        ("notes", "TP16", "text", None, ""),
        ("goodbye", "TP16", "yes_no", None, ""),
        ("why", "TP16", "text", "goodbye", "no"),
    ]

    def build(template: Any, number: int, publish: bool) -> tuple[Any, Any, dict[str, Any]]:
        version = TemplateVersion.objects.create(template=template, number=number)
        section = Section.objects.create(version=version, order=1, title="Checks")
        items: dict[str, Any] = {}
        for order, (code, tp, answer_type, condition, value) in enumerate(rows, start=1):
            items[code] = Item.objects.create(
                version=version,
                section=section,
                order=order,
                code=code,
                text=code.capitalize(),
                touchpoint=tps[tp],
                answer_type=answer_type,
                condition_item=items.get(condition) if condition else None,
                condition_value=value,
            )
        if publish:  # after the items: a published version refuses changes
            TemplateVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
            version.refresh_from_db()
        return version, section, items

    context.checklist_a = ChecklistTemplate.objects.create(
        kind="patrol", name="Region A patrol", region=context.region_a
    )
    context.checklist_a_v1, _section, _items = build(context.checklist_a, 1, publish=True)
    context.checklist_a_draft, context.draft_section, items = build(context.checklist_a, 2, publish=False)
    context.draft_door, context.draft_notes = items["door"], items["notes"]
    context.draft_goodbye, context.draft_why = items["goodbye"], items["why"]
    context.draft_empty_section = Section.objects.create(version=context.checklist_a_draft, order=2, title="Empty")
    context.checklist_b = ChecklistTemplate.objects.create(
        kind="opening", name="Region A opening", region=context.region_a
    )
    build(context.checklist_b, 1, publish=True)


def _item_body(c: Any, **changes: Any) -> dict[str, Any]:
    from touchpoints.models import Touchpoint

    body = {
        "touchpoint": Touchpoint.objects.get(code="TP04").pk,
        "text": "Door mat in place",
        "answer_type": "yes_no",
        "weight": "1",
        "severity": "medium",
        "code": "",
    }
    body.update(changes)
    return body


def _draft(c: Any) -> str:
    return f"/inspections/checklists/versions/{c.checklist_a_draft.pk}"


CHECKLIST_ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "checklist list",
        "get",
        lambda c: "/inspections/checklists/",
        INSPECTING_ROLES,
        label_path="/inspections/checklists/",
    ),
    Endpoint(
        "checklist create form",
        "get",
        lambda c: "/inspections/checklists/new/",
        CHECKLIST_CREATORS,
        label_path="/inspections/checklists/new/",
    ),
    Endpoint(
        "checklist create in region A",
        "post",
        lambda c: "/inspections/checklists/new/",
        {**CHECKLIST_CREATORS, "hq_other": "400"},
        data=lambda c: {"kind": "patrol", "name": "New patrol", "region": c.region_a.pk, "active": "on"},
        label_path="/inspections/checklists/new/",
    ),
    Endpoint(
        "checklist page (region A)",
        "get",
        lambda c: f"/inspections/checklists/{c.checklist_a.pk}/",
        REGION_A_CHECKLIST_READERS,
        label_path="/inspections/checklists/{id}/",
    ),
    Endpoint(
        "checklist page (global)",
        "get",
        lambda c: f"/inspections/checklists/{c.template1.pk}/",
        INSPECTING_ROLES,
        label_path="/inspections/checklists/{id}/",
    ),
    Endpoint(
        "checklist edit form (region A)",
        "get",
        lambda c: f"/inspections/checklists/{c.checklist_a.pk}/edit/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/{id}/edit/",
    ),
    Endpoint(
        "checklist edit (region A)",
        "post",
        lambda c: f"/inspections/checklists/{c.checklist_a.pk}/edit/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=lambda c: {"kind": "patrol", "name": "Renamed patrol", "region": c.region_a.pk, "active": "on"},
        label_path="/inspections/checklists/{id}/edit/",
    ),
    Endpoint(
        "checklist edit form (global)",
        "get",
        lambda c: f"/inspections/checklists/{c.template1.pk}/edit/",
        GLOBAL_CHECKLIST_KEEPERS,
        label_path="/inspections/checklists/{id}/edit/",
    ),
    Endpoint(
        "checklist new draft (region A opening)",
        "post",
        lambda c: f"/inspections/checklists/{c.checklist_b.pk}/new-draft/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/{id}/new-draft/",
    ),
    Endpoint(
        "checklist version page (draft)",
        "get",
        lambda c: f"{_draft(c)}/",
        REGION_A_CHECKLIST_READERS,
        label_path="/inspections/checklists/versions/{id}/",
    ),
    Endpoint(
        "checklist version page (published)",
        "get",
        lambda c: f"/inspections/checklists/versions/{c.checklist_a_v1.pk}/",
        REGION_A_CHECKLIST_READERS,
        label_path="/inspections/checklists/versions/{id}/",
    ),
    Endpoint(
        "checklist version publish confirmation",
        "get",
        lambda c: f"{_draft(c)}/publish/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/publish/",
    ),
    Endpoint(
        "checklist version publish",
        "post",
        lambda c: f"{_draft(c)}/publish/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=lambda c: {"change_note": "Door mat added"},
        label_path="/inspections/checklists/versions/{id}/publish/",
    ),
    Endpoint(
        "checklist version publish (already published)",
        "post",
        lambda c: f"/inspections/checklists/versions/{c.checklist_a_v1.pk}/publish/",
        NOBODY_CHANGES_REGION_A,
        data=lambda c: {"change_note": "Again"},
        label_path="/inspections/checklists/versions/{id}/publish/",
    ),
    Endpoint(
        "checklist draft discard confirmation",
        "get",
        lambda c: f"{_draft(c)}/discard/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/discard/",
    ),
    Endpoint(
        "checklist draft discard",
        "post",
        lambda c: f"{_draft(c)}/discard/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/discard/",
    ),
    # --- Sections of the draft ---
    Endpoint(
        "checklist section create form",
        "get",
        lambda c: f"{_draft(c)}/sections/new/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/sections/new/",
    ),
    Endpoint(
        "checklist section create",
        "post",
        lambda c: f"{_draft(c)}/sections/new/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=lambda c: {"title": "Back office", "title_zh": "后台"},
        label_path="/inspections/checklists/versions/{id}/sections/new/",
    ),
    Endpoint(
        "checklist section edit form",
        "get",
        lambda c: f"{_draft(c)}/sections/{c.draft_section.pk}/edit/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/sections/{section}/edit/",
    ),
    Endpoint(
        "checklist section edit",
        "post",
        lambda c: f"{_draft(c)}/sections/{c.draft_section.pk}/edit/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=lambda c: {"title": "Renamed", "title_zh": ""},
        label_path="/inspections/checklists/versions/{id}/sections/{section}/edit/",
    ),
    Endpoint(
        "checklist section delete (empty)",
        "post",
        lambda c: f"{_draft(c)}/sections/{c.draft_empty_section.pk}/delete/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/sections/{section}/delete/",
    ),
    Endpoint(
        "checklist section move",
        "post",
        lambda c: f"{_draft(c)}/sections/{c.draft_empty_section.pk}/move/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=lambda c: {"direction": "up"},
        label_path="/inspections/checklists/versions/{id}/sections/{section}/move/",
    ),
    # --- Items of the draft ---
    Endpoint(
        "checklist item create form",
        "get",
        lambda c: f"{_draft(c)}/items/new/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/items/new/",
    ),
    Endpoint(
        "checklist item create",
        "post",
        lambda c: f"{_draft(c)}/items/new/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=_item_body,
        label_path="/inspections/checklists/versions/{id}/items/new/",
    ),
    Endpoint(
        "checklist item edit form",
        "get",
        lambda c: f"{_draft(c)}/items/{c.draft_door.pk}/edit/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/items/{item}/edit/",
    ),
    Endpoint(
        "checklist item edit",
        "post",
        lambda c: f"{_draft(c)}/items/{c.draft_door.pk}/edit/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=lambda c: _item_body(c, code="door", text="Door open and clear", weight="2"),
        label_path="/inspections/checklists/versions/{id}/items/{item}/edit/",
    ),
    Endpoint(
        "checklist item edit (published version)",
        "post",
        lambda c: (
            f"/inspections/checklists/versions/{c.checklist_a_v1.pk}/items/"
            f"{c.checklist_a_v1.items.get(code='door').pk}/edit/"
        ),
        NOBODY_CHANGES_REGION_A,
        data=lambda c: _item_body(c, code="door", text="Changed after publishing", weight="2"),
        label_path="/inspections/checklists/versions/{id}/items/{item}/edit/",
    ),
    Endpoint(
        "checklist item delete confirmation",
        "get",
        lambda c: f"{_draft(c)}/items/{c.draft_door.pk}/delete/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/items/{item}/delete/",
    ),
    Endpoint(
        "checklist item delete",
        "post",
        lambda c: f"{_draft(c)}/items/{c.draft_door.pk}/delete/",
        REGION_A_CHECKLIST_GOVERNORS,
        label_path="/inspections/checklists/versions/{id}/items/{item}/delete/",
    ),
    Endpoint(
        "checklist item move",
        "post",
        lambda c: f"{_draft(c)}/items/{c.draft_notes.pk}/move/",
        REGION_A_CHECKLIST_GOVERNORS,
        data=lambda c: {"direction": "down"},
        label_path="/inspections/checklists/versions/{id}/items/{item}/move/",
    ),
]
