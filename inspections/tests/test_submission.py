"""Submitting an inspection: scores stored once, bad answers refused naming the item, nothing half-written."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from halls.tests.factories import HallFactory
from inspections.models import Answer, CorrectiveAction, Finding, Inspection
from inspections.tests.builders import answers, failing, make_version


def nothing_stored() -> bool:
    return not (Inspection.objects.exists() or Answer.objects.exists() or Finding.objects.exists())


def errors_of(excinfo) -> list[str]:
    return excinfo.value.message_dict["answers"]


def test_a_passing_patrol_is_stored_with_its_scores(cast, patrol, submit):
    inspection, created = submit(patrol)

    assert created
    assert inspection.status == "submitted" and inspection.kind == "patrol"
    assert inspection.overall == Decimal("100.0")
    # Every touchpoint with a scored item; TP16's notes are informative, its goodbye counts.
    assert inspection.by_touchpoint == {code: "100.0" for code in ("TP04", "TP05", "TP07", "TP09", "TP11", "TP16")}
    assert inspection.by_dimension["knowledge"] == "100.0"
    assert inspection.answers.count() == 8  # the conditional item stayed hidden and unanswered
    assert not Finding.objects.exists()


def test_scores_and_answers_are_computed_from_the_answers(cast, patrol, submit):
    inspection, _ = submit(patrol, overrides={"explained": 2, "temperature": "27.5"})

    stored = {a.item.code: a for a in inspection.answers.select_related("item")}
    assert stored["explained"].score == Decimal("40.0") and stored["explained"].passed is False
    assert stored["temperature"].value == "27.5" and stored["temperature"].passed is False
    assert inspection.by_touchpoint["TP07"] == "40.0"
    assert inspection.by_touchpoint["TP05"] == "0.0"


def test_a_failed_critical_item_zeroes_its_touchpoint(cast, patrol, submit):
    inspection, _ = submit(patrol, overrides=failing(patrol, "greeted"))

    assert inspection.by_touchpoint["TP04"] == "0.0"
    # Six touchpoints, one of them zeroed; TP16 weighs 1.5 (peak-end): 5.5 / 6.5
    assert inspection.overall == Decimal("84.6")


def test_a_touchpoint_that_does_not_apply_to_the_hall_is_left_out(cast, patrol, submit):
    no_kiosks = HallFactory(code="A009", region=cast.region_a, kiosks=0)
    cast.users["inspector"].role_assignments.get().halls.add(no_kiosks)
    cast.users["inspector"].__dict__.pop("_hallops_scope", None)

    inspection, _ = submit(patrol, hall=no_kiosks, overrides={"kiosk-on": None})

    assert "TP09" not in inspection.by_touchpoint
    assert "TP09" not in inspection.applicable_touchpoints


def test_a_conditional_item_is_required_once_shown(cast, patrol, submit):
    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, overrides={"goodbye": "no"})

    assert errors_of(excinfo) == ["Item goodbye-why “Goodbye why” needs an answer (or “not applicable”)."]
    assert nothing_stored()


def test_an_answer_for_an_item_not_in_the_version_is_refused_naming_it(cast, patrol, submit):
    other = make_version(name="Another")
    foreign = other.items.first()

    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, answers=[*answers(patrol), {"item": foreign.pk, "value": "yes"}])

    assert errors_of(excinfo) == [f"Item {foreign.pk} is not in this checklist version."]
    assert nothing_stored()


def test_a_missing_answer_is_refused_naming_the_item(cast, patrol, submit):
    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, overrides={"temperature": None})

    assert errors_of(excinfo) == ["Item temperature “Temperature” needs an answer (or “not applicable”)."]
    assert nothing_stored()


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("explained", 7, "Item explained “Explained”: expected a whole number from 0 to 5."),
        ("door-clear", "maybe", 'Item door-clear “Door clear”: expected "yes", "no" or "na".'),
        ("temperature", "warm", "Item temperature “Temperature”: expected a number."),
        ("queue-wait", -5, "Item queue-wait “Queue wait”: expected seconds from 0 to 86400."),
        ("notes", 12, "Item notes “Notes”: expected text."),
    ],
)
def test_a_value_outside_the_items_type_is_refused_naming_the_item(cast, patrol, submit, code, value, message):
    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, overrides={code: value})

    assert errors_of(excinfo) == [message]
    assert nothing_stored()


def test_every_bad_answer_is_reported_at_once(cast, patrol, submit):
    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, overrides={"explained": 7, "door-clear": "maybe"})

    assert len(errors_of(excinfo)) == 2


def test_an_item_answered_twice_is_refused(cast, patrol, submit):
    rows = answers(patrol)
    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, answers=[*rows, rows[0]])

    assert "answered twice" in errors_of(excinfo)[0]
    assert nothing_stored()


def test_not_applicable_counts_as_an_answer(cast, patrol, submit):
    inspection, _ = submit(patrol, overrides={"temperature": {"not_applicable": True}})

    assert "TP05" not in inspection.by_touchpoint
    assert inspection.answers.get(item__code="temperature").status == "not_applicable"


def test_a_failed_item_that_needs_a_photo_must_announce_one(cast, patrol, submit):
    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, overrides=failing(patrol, "greeted", photo=False))

    assert errors_of(excinfo) == ["Item greeted “Greeted” failed: attach a photo (a photo is required when it fails)."]
    assert nothing_stored()


def test_a_draft_version_cannot_be_used(cast, submit):
    draft = make_version(publish=False)

    with pytest.raises(ValidationError) as excinfo:
        submit(draft)

    assert "template_version" in excinfo.value.message_dict
    assert nothing_stored()


def test_a_regional_checklist_is_not_used_in_another_region(cast, submit):
    version = make_version(region=cast.region_b)

    with pytest.raises(ValidationError) as excinfo:
        submit(version, who="admin")

    assert "template_version" in excinfo.value.message_dict


def test_a_mystery_shop_keeps_its_timeline_and_derives_the_waits(cast, submit):
    version = make_version(kind="mystery_shop", name="Mystery shop")
    arrival = timezone.now() - dt.timedelta(hours=2)
    timeline = {
        "arrived_at": arrival,
        "greeted_at": arrival + dt.timedelta(seconds=8),
        "ticket_at": arrival + dt.timedelta(seconds=40),
        "called_at": arrival + dt.timedelta(minutes=9),
        "service_started_at": arrival + dt.timedelta(minutes=9, seconds=20),
        "service_ended_at": arrival + dt.timedelta(minutes=21),
        "left_at": arrival + dt.timedelta(minutes=22),
    }

    inspection, _ = submit(version, who="shopper", timestamps=timeline)

    assert inspection.status == "under_review"
    assert inspection.waits == {"greeting_wait": 8, "queue_wait": 500, "service_time": 700, "visit_time": 1320}


def test_a_timeline_out_of_order_is_refused(cast, submit):
    version = make_version(kind="mystery_shop", name="Mystery shop")
    arrival = timezone.now() - dt.timedelta(hours=2)

    with pytest.raises(ValidationError) as excinfo:
        submit(version, who="shopper", timestamps={"arrived_at": arrival, "left_at": arrival - dt.timedelta(minutes=1)})

    assert excinfo.value.message_dict["timestamps"] == ["leaving cannot come before arrival."]
    assert nothing_stored()


def test_a_patrol_has_no_timeline(cast, patrol, submit):
    with pytest.raises(ValidationError) as excinfo:
        submit(patrol, timestamps={"arrived_at": timezone.now()})

    assert "timestamps" in excinfo.value.message_dict


def test_the_history_keeps_who_submitted(cast, patrol, submit):
    inspection, _ = submit(patrol)

    assert inspection.history.get().history_user == cast.users["inspector"]


def test_findings_and_actions_are_nothing_when_all_passes(cast, patrol, submit):
    submit(patrol)

    assert not CorrectiveAction.objects.exists()


def test_the_same_client_uuid_string_or_uuid_is_one_submission(cast, patrol, submit):
    key = uuid.uuid4()
    first, _ = submit(patrol, client_uuid=key)
    again, created = submit(patrol, client_uuid=str(key).upper())

    assert (again.pk, created) == (first.pk, False)
