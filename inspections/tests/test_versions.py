"""Checklist versions: a published version never changes, and publishing a new one never changes a stored
score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inspections import services
from inspections.models import Inspection, Item, Section, VersionIsPublished
from inspections.tests.builders import failing, make_version


def test_a_published_version_refuses_changes_in_the_model(cast, patrol):
    item = patrol.items.first()

    with pytest.raises(VersionIsPublished):
        patrol.scenario = "Changed"
        patrol.save()
    with pytest.raises(VersionIsPublished):
        item.weight = Decimal("5")
        item.save()
    with pytest.raises(VersionIsPublished):
        item.delete()
    with pytest.raises(VersionIsPublished):
        Section.objects.filter(version=patrol).first().save()
    assert Item.objects.get(pk=item.pk).weight == Decimal("1")


def test_a_published_version_refuses_changes_in_the_service(cast, patrol):
    item = patrol.items.first()

    with pytest.raises(ValidationError, match="is published and cannot change"):
        services.item_save(version=patrol, item=item, fields={"weight": Decimal("3")})
    with pytest.raises(ValidationError, match="is published and cannot change"):
        services.version_publish(version=patrol, by=cast.users["hq"])


def test_a_new_draft_copies_the_items_with_their_codes_and_conditions(cast, patrol):
    draft = services.version_draft(template=patrol.template, by=cast.users["hq"])

    assert draft.number == 2 and not draft.is_published
    assert list(draft.items.values_list("code", flat=True)) == list(patrol.items.values_list("code", flat=True))
    why = draft.items.get(code="goodbye-why")
    assert why.condition_item.version == draft and why.condition_item.code == "goodbye"


def test_a_draft_can_be_edited_and_published(cast, patrol):
    draft = services.version_draft(template=patrol.template, by=cast.users["hq"])
    item = draft.items.get(code="explained")

    services.item_save(version=draft, item=item, fields={"weight": Decimal("3"), "pass_threshold": Decimal("4")})
    published = services.version_publish(version=draft, by=cast.users["hq"])

    assert published.is_published
    assert services.current_version(patrol.template) == published


def test_publishing_a_new_version_never_changes_a_stored_score(cast, patrol, submit):
    inspection, _ = submit(patrol, overrides={"explained": 3, **failing(patrol, "greeted")})
    before = (inspection.overall, inspection.by_touchpoint, inspection.by_dimension)
    answer_scores = list(inspection.answers.values_list("pk", "score", "passed"))

    draft = services.version_draft(template=patrol.template, by=cast.users["hq"])
    services.item_save(
        version=draft, item=draft.items.get(code="explained"), fields={"weight": Decimal("5"), "pass_threshold": 5}
    )
    services.item_save(version=draft, item=draft.items.get(code="greeted"), fields={"critical": False})
    services.version_publish(version=draft, by=cast.users["hq"])

    inspection = Inspection.objects.get(pk=inspection.pk)
    assert (inspection.overall, inspection.by_touchpoint, inspection.by_dimension) == before
    assert list(inspection.answers.values_list("pk", "score", "passed")) == answer_scores
    assert inspection.template_version == patrol


def test_a_version_with_a_bad_item_is_not_published(cast):
    draft = make_version(publish=False, items=[{"code": "x", "touchpoint": "TP01", "answer_type": "yes_no"}])
    Item.objects.filter(version=draft).update(answer_type="number")  # a number item without a pass range

    with pytest.raises(ValidationError) as excinfo:
        services.version_publish(version=draft, by=cast.users["hq"])

    assert "x “X”: A number item needs a pass range" in excinfo.value.message_dict["items"][0]


def test_only_one_draft_at_a_time(cast, patrol):
    services.version_draft(template=patrol.template)

    with pytest.raises(ValidationError, match="still a draft"):
        services.version_draft(template=patrol.template)
