"""The checklist pages HQ keeps checklists with: list, checklist, version with its coverage, editing a draft
(sections, items, order), publishing. A published version cannot be changed through them, bad input names
the field and writes nothing, and the pages cost a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from inspections import services
from inspections.models import ChecklistTemplate, Inspection, Item, Section, TemplateVersion
from inspections.tests.builders import SMALL_ITEMS, make_version, many_items
from touchpoints.models import ServiceStandardVersion, Touchpoint

# Session, user, the user's scope (HQ: its role assignments); then the version, its items (with touchpoint, section,
# condition and standard), the 16 touchpoints, the sections, the checklist's versions.
VERSION_PAGE_QUERIES = 8
# Session, user, scope; the page's count, the checklists (with region), their versions (with item counts).
LIST_QUERIES = 6


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hq(cast) -> Client:
    return _client(cast.users["hq"])


@pytest.fixture
def regional(cast) -> TemplateVersion:
    """Region A's patrol checklist: version 1 published."""
    return make_version(name="Region A patrol", region=cast.region_a)


@pytest.fixture
def draft(cast, regional) -> TemplateVersion:
    """Draft 2 of region A's patrol checklist, a copy of version 1."""
    return services.version_draft(template=regional.template, by=cast.users["hq"])


def _tp(code: str) -> Touchpoint:
    return Touchpoint.objects.get(code=code)


def _item_form(**changes) -> dict:
    data = {
        "touchpoint": _tp("TP05").pk,
        "section": "",
        "code": "",
        "text": "Floor is clean",
        "text_zh": "地面清洁",
        "guidance": "",
        "standard": "",
        "dimension": "emotion",
        "answer_type": "yes_no",
        "pass_threshold": "",
        "min_value": "",
        "max_value": "",
        "unit": "",
        "max_seconds": "",
        "weight": "1",
        "severity": "medium",
        "condition_item": "",
        "condition_value": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _snapshot(version: TemplateVersion) -> list:
    return list(Item.objects.filter(version=version).order_by("pk").values()) + list(
        Section.objects.filter(version=version).order_by("pk").values()
    )


# --- The list --------------------------------------------------------------------------------------------------


def test_the_list_shows_each_checklist_with_its_latest_published_version_and_draft(cast, hq, draft):
    make_version(name="Global opening check", kind="opening")

    response = hq.get("/inspections/checklists/")

    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index(f'id="checklist-{draft.template_id}"') :]
    row = row[: row.index("</tr>")]
    assert "Region A patrol" in row and "Region A" in row and "Patrol inspection" in row
    assert "v1 ·" in row and "Draft 2" in row and "9 items" in row
    assert "Global opening check" in page and "Global" in page
    assert 'id="checklist-create"' in page


def test_the_list_filters_by_kind(cast, hq, regional):
    make_version(name="Global opening check", kind="opening")

    page = hq.get("/inspections/checklists/?kind=opening").content.decode()

    assert "Global opening check" in page and "Region A patrol" not in page


def test_readers_see_the_list_without_create_or_edit_buttons(cast, regional):
    page = _client(cast.users["manager"]).get("/inspections/checklists/").content.decode()

    assert "Region A patrol" in page
    assert 'id="checklist-create"' not in page and "/edit/" not in page


def test_hq_edits_its_region_s_checklists_but_not_the_global_ones(cast, hq, regional):
    global_one = make_version(name="Global opening check", kind="opening").template

    page = hq.get("/inspections/checklists/").content.decode()

    assert f"/inspections/checklists/{regional.template_id}/edit/" in page
    assert f"/inspections/checklists/{global_one.pk}/edit/" not in page
    assert hq.get(f"/inspections/checklists/{global_one.pk}/edit/").status_code == 403


def test_the_list_costs_the_same_queries_for_3_and_12_checklists(cast, hq):
    def count() -> int:
        cast.users["hq"].__dict__.pop("_hallops_scope", None)
        with CaptureQueriesContext(connection) as queries:
            assert hq.get("/inspections/checklists/").status_code == 200
        return len(queries)

    for index in range(3):
        make_version(name=f"Checklist {index}", region=cast.region_a, items=SMALL_ITEMS[:2])
    three = count()
    for index in range(3, 12):
        template = make_version(name=f"Checklist {index}", region=cast.region_a, items=SMALL_ITEMS[:2]).template
        services.version_draft(template=template)
    twelve = count()

    assert three == twelve == LIST_QUERIES


# --- Creating and editing a checklist ---------------------------------------------------------------------------


def test_hq_creates_a_checklist_in_its_region_and_lands_on_draft_1(cast, hq):
    response = hq.post(
        "/inspections/checklists/new/",
        {
            "kind": "mystery_shop",
            "name": "Family plan visit",
            "region": cast.region_a.pk,
            "active": "on",
            "scenario": "Ask about a family plan",
            "scenario_zh": "咨询家庭套餐",
        },
    )

    template = ChecklistTemplate.objects.get(name="Family plan visit")
    version = template.versions.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/checklists/versions/{version.pk}/"
    assert template.region == cast.region_a and version.number == 1 and not version.is_published
    assert version.scenario == "Ask about a family plan" and version.scenario_zh == "咨询家庭套餐"


def test_a_new_checklist_can_start_from_a_published_version(cast, hq, regional):
    hq.post(
        "/inspections/checklists/new/",
        {"kind": "opening", "name": "Opening, from the patrol", "region": cast.region_a.pk, "based_on": regional.pk},
    )

    draft = TemplateVersion.objects.get(template__name="Opening, from the patrol")
    assert sorted(draft.items.values_list("code", flat=True)) == sorted(item["code"] for item in SMALL_ITEMS)
    assert draft.items.get(code="goodbye-why").condition_item.version == draft


def test_hq_cannot_create_a_global_checklist_or_one_in_another_region(cast, hq):
    for region in ("", cast.region_b.pk):
        response = hq.post("/inspections/checklists/new/", {"kind": "patrol", "name": "Nope", "region": region})

        assert response.status_code == 400
        assert response.context["form"].errors["region"]
    assert not ChecklistTemplate.objects.filter(name="Nope").exists()


def test_a_scenario_is_refused_on_a_checklist_that_is_not_a_mystery_shop(cast, hq):
    response = hq.post(
        "/inspections/checklists/new/",
        {"kind": "patrol", "name": "Patrol", "region": cast.region_a.pk, "scenario": "Ask for a plan"},
    )

    assert response.status_code == 400 and "scenario" in response.context["form"].errors
    assert not ChecklistTemplate.objects.filter(name="Patrol").exists()


def test_kind_and_region_are_fixed_once_a_version_is_published(cast, hq, regional):
    response = hq.post(
        f"/inspections/checklists/{regional.template_id}/edit/",
        {"kind": "opening", "name": "Renamed patrol", "region": cast.region_a.pk, "active": "on"},
    )

    template = ChecklistTemplate.objects.get(pk=regional.template_id)
    assert response.status_code == 302
    assert (template.name, template.kind) == ("Renamed patrol", "patrol")
    with pytest.raises(Exception, match="Fixed once a version is published"):
        services.template_update(template=template, fields={"kind": "opening"})


# --- New drafts and the version page ----------------------------------------------------------------------------


def test_new_draft_copies_the_latest_published_version_and_a_second_one_is_refused(cast, hq, regional):
    response = hq.post(f"/inspections/checklists/{regional.template_id}/new-draft/")

    draft = regional.template.versions.get(number=2)
    assert response["Location"] == f"/inspections/checklists/versions/{draft.pk}/"
    assert draft.items.count() == regional.items.count()

    again = hq.post(f"/inspections/checklists/{regional.template_id}/new-draft/", follow=True)

    assert regional.template.versions.count() == 2
    assert "still a draft" in again.content.decode()


def test_the_version_page_groups_items_by_touchpoint_in_customer_order_and_shows_coverage(cast, hq, regional):
    page = hq.get(f"/inspections/checklists/versions/{regional.pk}/").content.decode()

    groups = [page.index(f'id="tp-{code}"') for code in ("TP04", "TP05", "TP07", "TP09", "TP11", "TP16")]
    assert groups == sorted(groups), "touchpoints in the customer's order (TP09 before TP11)"
    assert "6 of 16 touchpoints checked" in page
    uncovered = page[page.index('id="coverage-TP01"') - 60 : page.index('id="coverage-TP01"')]
    assert "is-uncovered" in uncovered
    covered = page[page.index('id="coverage-TP04"') - 60 : page.index('id="coverage-TP04"')]
    assert "is-uncovered" not in covered
    # Every attribute of an item: rule, weight, critical, photo when failed, condition.
    assert "passes from 18 to 26 °C" in page and "passes at 600 s or less" in page
    assert "only when goodbye = no" in page and "photo when failed" in page
    assert 'id="immutable-note"' in page and 'id="add-item"' not in page


def test_the_version_page_costs_the_same_queries_for_20_and_80_items(cast, hq):
    standard = ServiceStandardVersion.objects.filter(is_current=True).select_related("standard").first()

    def build(size: int) -> TemplateVersion:
        version = make_version(items=many_items(size), name=f"Patrol of {size}", region=cast.region_a, publish=False)
        items = list(version.items.order_by("order"))
        Item.objects.filter(pk__in=[item.pk for item in items[1::3]]).update(
            standard=standard, touchpoint=standard.standard.touchpoint
        )
        for item in items[5::7]:
            Item.objects.filter(pk=item.pk).update(condition_item=items[0], condition_value="yes")
        return version

    def count(version: TemplateVersion) -> int:
        cast.users["hq"].__dict__.pop("_hallops_scope", None)
        with CaptureQueriesContext(connection) as queries:
            response = hq.get(f"/inspections/checklists/versions/{version.pk}/")
        assert response.status_code == 200 and 'id="add-item"' in response.content.decode()
        return len(queries)

    twenty, eighty = count(build(20)), count(build(80))

    assert twenty == eighty == VERSION_PAGE_QUERIES


# --- Items of a draft ------------------------------------------------------------------------------------------


def test_an_item_is_added_last_at_its_touchpoint_with_a_code_and_the_touchpoint_s_section(cast, hq, draft):
    response = hq.post(f"/inspections/checklists/versions/{draft.pk}/items/new/", _item_form())

    item = draft.items.get(text="Floor is clean")
    assert response.status_code == 302
    assert item.code == "TP05-01" and item.section.title == _tp("TP05").name_en
    codes = list(draft.items.order_by("order").values_list("code", flat=True))
    assert codes.index("TP05-01") == codes.index("temperature") + 1
    assert list(draft.items.order_by("order").values_list("order", flat=True)) == list(range(1, len(codes) + 1))


def test_the_answer_type_decides_which_fields_are_kept(cast, hq, draft):
    hq.post(
        f"/inspections/checklists/versions/{draft.pk}/items/new/",
        _item_form(answer_type="scale", pass_threshold="4", min_value="1", max_value="3", max_seconds="60"),
    )

    item = draft.items.get(text="Floor is clean")
    assert item.pass_threshold == Decimal("4")
    assert (item.min_value, item.max_value, item.max_seconds) == (None, None, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"answer_type": "number", "min_value": "30", "max_value": "18"}, "max_value", "must not be below"),
        ({"answer_type": "number"}, "min_value", "needs a pass range"),
        ({"answer_type": "duration"}, "max_seconds", "needs a maximum"),
        ({"weight": "0"}, "weight", "above 0"),
        ({"weight": "-1"}, "weight", "above 0"),
        ({"weight": "12"}, "weight", "less than or equal to 10"),
        ({"code": "door-clear"}, "code", "Another item of this version"),
        ({"condition_value": "no"}, "condition_item", "Choose the item"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(cast, hq, draft, changes, field, message):
    before = _snapshot(draft)

    response = hq.post(f"/inspections/checklists/versions/{draft.pk}/items/new/", _item_form(**changes))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert 'id="form-errors"' in response.content.decode()
    assert _snapshot(draft) == before


def test_a_condition_on_an_item_of_another_version_is_refused(cast, hq, draft, regional):
    other = regional.items.get(code="goodbye")
    before = _snapshot(draft)

    response = hq.post(
        f"/inspections/checklists/versions/{draft.pk}/items/new/",
        _item_form(touchpoint=_tp("TP16").pk, condition_item=other.pk, condition_value="no"),
    )

    assert response.status_code == 400 and "condition_item" in response.context["form"].errors
    assert _snapshot(draft) == before


def test_a_condition_must_be_an_earlier_item_with_a_possible_answer(cast, hq, draft):
    goodbye = draft.items.get(code="goodbye")  # TP16, the last touchpoint
    before = _snapshot(draft)

    later = hq.post(
        f"/inspections/checklists/versions/{draft.pk}/items/new/",
        _item_form(condition_item=goodbye.pk, condition_value="no"),
    )
    impossible = hq.post(
        f"/inspections/checklists/versions/{draft.pk}/items/new/",
        _item_form(touchpoint=_tp("TP16").pk, condition_item=goodbye.pk, condition_value="maybe"),
    )

    assert "comes after this item" in " ".join(later.context["form"].errors["condition_item"])
    assert "not a possible answer" in " ".join(impossible.context["form"].errors["condition_value"])
    assert _snapshot(draft) == before

    ok = hq.post(
        f"/inspections/checklists/versions/{draft.pk}/items/new/",
        _item_form(touchpoint=_tp("TP16").pk, condition_item=goodbye.pk, condition_value="No"),
    )

    assert ok.status_code == 302
    assert draft.items.get(text="Floor is clean").condition_value == "no"


def test_moving_an_item_after_the_items_that_depend_on_it_is_refused(cast, hq, draft):
    door = draft.items.get(code="door-clear")  # TP04
    services.item_save(
        version=draft,
        fields={"touchpoint": _tp("TP05"), "code": "mat", "text": "Mat", "answer_type": "yes_no"}
        | {"condition_item": door, "condition_value": "no"},
    )
    before = _snapshot(draft)
    data = _item_form(touchpoint=_tp("TP06").pk, code="door-clear", text=door.text, section=door.section_id)

    response = hq.post(f"/inspections/checklists/versions/{draft.pk}/items/{door.pk}/edit/", data)

    assert response.status_code == 400
    assert "mat “Mat” depend on the answer" in " ".join(response.context["form"].errors["touchpoint"])
    assert _snapshot(draft) == before


def test_items_move_up_and_down_within_their_touchpoint_but_never_above_their_condition(cast, hq, draft):
    def codes() -> list[str]:
        return list(draft.items.filter(touchpoint__code="TP16").order_by("order").values_list("code", flat=True))

    assert codes() == ["notes", "goodbye", "goodbye-why"]
    notes = draft.items.get(code="notes")
    hq.post(f"/inspections/checklists/versions/{draft.pk}/items/{notes.pk}/move/", {"direction": "down"})
    assert codes() == ["goodbye", "notes", "goodbye-why"]

    why = draft.items.get(code="goodbye-why")
    hq.post(f"/inspections/checklists/versions/{draft.pk}/items/{why.pk}/move/", {"direction": "up"})
    assert codes() == ["goodbye", "goodbye-why", "notes"]

    response = hq.post(
        f"/inspections/checklists/versions/{draft.pk}/items/{why.pk}/move/", {"direction": "up"}, follow=True
    )
    assert codes() == ["goodbye", "goodbye-why", "notes"]
    assert "must stay below it" in response.content.decode()


def test_an_item_another_depends_on_is_not_deleted(cast, hq, draft):
    goodbye = draft.items.get(code="goodbye")

    refused = hq.post(f"/inspections/checklists/versions/{draft.pk}/items/{goodbye.pk}/delete/")
    assert refused.status_code == 400 and "change their condition first" in refused.content.decode()
    assert draft.items.filter(code="goodbye").exists()

    notes = draft.items.get(code="notes")
    assert hq.post(f"/inspections/checklists/versions/{draft.pk}/items/{notes.pk}/delete/").status_code == 302
    assert not draft.items.filter(code="notes").exists()


# --- Sections -------------------------------------------------------------------------------------------------


def test_sections_are_added_moved_and_deleted_only_when_empty(cast, hq, draft):
    hq.post(f"/inspections/checklists/versions/{draft.pk}/sections/new/", {"title": "Back office", "title_zh": "后台"})
    new = draft.sections.get(title="Back office")
    first = draft.sections.order_by("order", "pk").first()
    assert new.order == draft.sections.count()

    hq.post(f"/inspections/checklists/versions/{draft.pk}/sections/{new.pk}/move/", {"direction": "up"})
    assert list(draft.sections.order_by("order").values_list("title", flat=True))[-2] == "Back office"

    refused = hq.post(f"/inspections/checklists/versions/{draft.pk}/sections/{first.pk}/delete/", follow=True)
    assert "still has" in refused.content.decode() and Section.objects.filter(pk=first.pk).exists()
    hq.post(f"/inspections/checklists/versions/{draft.pk}/sections/{new.pk}/delete/")
    assert not Section.objects.filter(pk=new.pk).exists()


# --- Publishing and immutability ------------------------------------------------------------------------------


def test_publish_asks_for_confirmation_then_publishes_with_the_change_note(cast, hq, draft):
    confirm = hq.get(f"/inspections/checklists/versions/{draft.pk}/publish/")
    assert confirm.status_code == 200 and "can never be changed" in confirm.content.decode()
    assert not TemplateVersion.objects.get(pk=draft.pk).is_published

    response = hq.post(f"/inspections/checklists/versions/{draft.pk}/publish/", {"change_note": "Kiosk check added"})

    published = TemplateVersion.objects.get(pk=draft.pk)
    assert response.status_code == 302
    assert published.is_published and published.published_by == cast.users["hq"]
    assert published.change_note == "Kiosk check added"
    assert services.current_version(draft.template) == published
    history = hq.get(f"/inspections/checklists/{draft.template_id}/").content.decode()
    assert "Kiosk check added" in history and "Li" in history or "hq" in history


def test_a_version_with_an_invalid_item_is_not_published_and_the_item_is_named(cast, hq, draft):
    Item.objects.filter(version=draft, code="temperature").update(min_value=None, max_value=None)

    response = hq.post(f"/inspections/checklists/versions/{draft.pk}/publish/", {"change_note": ""})

    assert response.status_code == 400
    assert "temperature" in response.content.decode() and "needs a pass range" in response.content.decode()
    assert not TemplateVersion.objects.get(pk=draft.pk).is_published


def test_a_published_version_cannot_be_edited_through_the_pages(cast, hq, regional):
    item = regional.items.get(code="explained")
    section = regional.sections.first()
    before = _snapshot(regional)
    base = f"/inspections/checklists/versions/{regional.pk}"

    pages = [
        ("get", f"{base}/items/new/", None),
        ("post", f"{base}/items/new/", _item_form()),
        ("get", f"{base}/items/{item.pk}/edit/", None),
        ("post", f"{base}/items/{item.pk}/edit/", _item_form(touchpoint=item.touchpoint_id, weight="5")),
        ("post", f"{base}/items/{item.pk}/delete/", {}),
        ("post", f"{base}/items/{item.pk}/move/", {"direction": "up"}),
        ("post", f"{base}/sections/new/", {"title": "More"}),
        ("post", f"{base}/sections/{section.pk}/edit/", {"title": "Renamed"}),
        ("post", f"{base}/sections/{section.pk}/delete/", {}),
        ("post", f"{base}/publish/", {"change_note": "again"}),
        ("post", f"{base}/discard/", {}),
    ]
    for method, url, data in pages:
        response = getattr(hq, method)(url, data) if data is not None else getattr(hq, method)(url)

        assert response.status_code == 403, url
        assert "is published and cannot change" in response.content.decode(), url
    assert _snapshot(regional) == before
    assert TemplateVersion.objects.get(pk=regional.pk).published_at == regional.published_at


def test_publishing_a_new_version_through_the_pages_never_changes_a_stored_score(cast, hq, regional, submit):
    inspection, _ = submit(regional, overrides={"explained": 3})
    before = (inspection.overall, inspection.by_touchpoint, inspection.by_dimension)
    draft = services.version_draft(template=regional.template)
    explained = draft.items.get(code="explained")

    hq.post(
        f"/inspections/checklists/versions/{draft.pk}/items/{explained.pk}/edit/",
        _item_form(
            touchpoint=explained.touchpoint_id, code="explained", answer_type="scale", pass_threshold="5", weight="5"
        ),
    )
    hq.post(f"/inspections/checklists/versions/{draft.pk}/publish/", {"change_note": "Stricter"})

    assert Item.objects.get(pk=explained.pk).weight == Decimal("5")
    inspection = Inspection.objects.get(pk=inspection.pk)
    assert (inspection.overall, inspection.by_touchpoint, inspection.by_dimension) == before
    assert inspection.template_version_id == regional.pk


def test_a_draft_is_discarded_with_its_items_and_conditions(cast, hq, draft):
    response = hq.post(f"/inspections/checklists/versions/{draft.pk}/discard/")

    assert response.status_code == 302
    assert not TemplateVersion.objects.filter(pk=draft.pk).exists()
    assert not Item.objects.filter(version_id=draft.pk).exists()
    assert draft.template.versions.count() == 1


# --- Who may do what ------------------------------------------------------------------------------------------


def test_readers_see_a_draft_without_editing_controls_and_may_not_edit_it(cast, draft):
    manager = _client(cast.users["manager"])

    page = manager.get(f"/inspections/checklists/versions/{draft.pk}/").content.decode()

    assert "Region A patrol" in page and 'id="add-item"' not in page and "/move/" not in page
    assert manager.get(f"/inspections/checklists/versions/{draft.pk}/items/new/").status_code == 403
    assert _client(cast.users["hq_other"]).get(f"/inspections/checklists/versions/{draft.pk}/").status_code == 404


def test_hq_finds_the_checklists_in_the_menu_and_the_halls_do_not(cast, hq):
    assert 'data-nav="checklist"' in hq.get("/").content.decode()
    assert 'data-nav="checklist"' in _client(cast.users["admin"]).get("/").content.decode()
    assert 'data-nav="checklist"' not in _client(cast.users["manager"]).get("/").content.decode()
    assert 'data-nav="checklist"' not in _client(cast.users["inspector"]).get("/").content.decode()
