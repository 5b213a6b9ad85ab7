"""HQ review of mystery shops, publication and appeals: re-scoring worked by hand, the score history, what the
hall sees when, the appeal window, and what upholding or rejecting an appeal changes."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Notification
from inspections import scoring, services
from inspections.choices import ActionStatus, AppealStatus, InspectionStatus
from inspections.models import (
    Answer,
    Appeal,
    CorrectiveAction,
    Finding,
    Inspection,
    Photo,
    ScoreChange,
    TouchpointScore,
)
from inspections.services import reviews
from inspections.services.submission import inspection_scores
from inspections.tests.builders import make_version
from inspections.tests.test_photos import png

SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# A mystery-shop checklist small enough to score by hand. Touchpoint weights: TP16 (leaving) 1.5, others 1.
SHOP_ITEMS = [
    {"code": "greeted", "touchpoint": "TP04", "answer_type": "yes_no", "dimension": "emotion", "critical": True},
    {"code": "door", "touchpoint": "TP04", "answer_type": "yes_no", "dimension": "attention"},
    {
        "code": "explained",
        "touchpoint": "TP07",
        "answer_type": "scale",
        "dimension": "knowledge",
        "weight": Decimal(2),
        "severity": "high",
    },
    {"code": "clear-price", "touchpoint": "TP07", "answer_type": "yes_no", "dimension": "trust"},
    {
        "code": "queue-wait",
        "touchpoint": "TP11",
        "answer_type": "duration",
        "max_seconds": 600,
        "dimension": "efficiency",
    },
    {"code": "goodbye", "touchpoint": "TP16", "answer_type": "yes_no", "dimension": "emotion"},
]


@pytest.fixture
def shop_version(cast):
    return make_version(items=SHOP_ITEMS, kind="mystery_shop", name="Mystery shop: family plan")


@pytest.fixture
def shop(cast, shop_version, submit):
    """shopper1's visit of hall1: not greeted (a critical failure zeroes TP04), explanation 2 of 5."""
    arrived = dt.datetime(2025, 3, 3, 10, 0, tzinfo=SHANGHAI)
    inspection, _ = submit(
        shop_version,
        who="shopper",
        overrides={"greeted": "no", "explained": 2, "queue-wait": 300},
        timestamps={
            "arrived_at": arrived,
            "ticket_at": arrived + dt.timedelta(minutes=1),
            "called_at": arrived + dt.timedelta(minutes=6),
            "left_at": arrived + dt.timedelta(minutes=20),
        },
    )
    return inspection


def answer(inspection: Inspection, code: str) -> Answer:
    return inspection.answers.select_related("item").get(item__code=code)


def tp_rows(inspection: Inspection) -> dict[str, tuple[Decimal, bool]]:
    rows = TouchpointScore.objects.filter(inspection=inspection).values_list(
        "touchpoint__code", "score", "visible_to_hall"
    )
    return {code: (score, visible) for code, score, visible in rows}


def publish(inspection, cast, now=None):
    return reviews.inspection_publish(inspection=inspection, by=cast.users["hq"], now=now)


# --- the visit as submitted -----------------------------------------------------------------------------------


def test_a_submitted_mystery_shop_waits_for_review_with_the_scores_worked_by_hand(shop):
    # TP04: greeted failed and is critical -> 0. TP07: (2 x 2/5 + 1 x 1) / 3 = 0.6. TP11, TP16: 1.
    # Overall: (0 + 0.6 + 1 + 1.5 x 1) / (1 + 1 + 1 + 1.5) = 3.1 / 4.5 = 0.6889 -> 68.9.
    assert shop.status == InspectionStatus.UNDER_REVIEW
    assert shop.by_touchpoint == {"TP04": "0.0", "TP07": "60.0", "TP11": "100.0", "TP16": "100.0"}
    assert shop.overall == Decimal("68.9")
    assert shop.by_dimension["emotion"] == "50.0"
    assert set(shop.findings.values_list("item_code", flat=True)) == {"greeted", "explained"}


def test_re_scoring_the_stored_answers_unchanged_reproduces_the_stored_scores(shop):
    items = list(shop.template_version.items.select_related("touchpoint"))
    stored = [scoring.Answer(a.item_id, a.value, a.not_applicable) for a in shop.answers.all()]

    result = inspection_scores(items, stored, shop.applicable_touchpoints)

    assert result.overall == shop.overall
    assert {code: str(value) for code, value in result.by_touchpoint.items()} == shop.by_touchpoint


# --- HQ corrections ---------------------------------------------------------------------------------------------


def test_correcting_a_critical_failure_to_pass_unzeroes_its_touchpoint(cast, shop):
    change = reviews.inspection_correct(
        inspection=shop,
        by=cast.users["hq"],
        answer=answer(shop, "greeted"),
        value="yes",
        reason="Video shows a greeting",
    )

    shop.refresh_from_db()
    # TP04: (1 + 1) / 2 = 1. Overall: (1 + 0.6 + 1 + 1.5) / 4.5 = 0.9111 -> 91.1. Emotion: (1 + 1) / 2.
    assert shop.by_touchpoint == {"TP04": "100.0", "TP07": "60.0", "TP11": "100.0", "TP16": "100.0"}
    assert shop.overall == Decimal("91.1")
    assert shop.by_dimension["emotion"] == "100.0"
    greeted = answer(shop, "greeted")
    assert (greeted.value, greeted.passed, greeted.score) == ("yes", True, Decimal("100.0"))
    assert shop.reviewed_by == cast.users["hq"] and shop.reviewed_at is not None
    assert shop.status == InspectionStatus.UNDER_REVIEW  # correcting is not publishing

    assert (change.cause, change.item_code, change.reason, change.by) == (
        "review",
        "greeted",
        "Video shows a greeting",
        cast.users["hq"],
    )
    assert (change.old_value, change.new_value) == ("no", "yes")
    assert change.old_scores["overall"] == "68.9" and change.old_scores["by_touchpoint"]["TP04"] == "0.0"
    assert change.new_scores["overall"] == "91.1" and change.new_scores["by_touchpoint"]["TP04"] == "100.0"
    assert shop.history.first().history_user == cast.users["hq"]
    assert shop.history.first().history_change_reason == "Video shows a greeting"


def test_a_correction_to_not_applicable_takes_the_item_out_of_the_denominator(cast, shop):
    reviews.inspection_correct(
        inspection=shop,
        by=cast.users["hq"],
        answer=answer(shop, "explained").pk,
        not_applicable=True,
        reason="The shopper never asked about plans",
    )

    shop.refresh_from_db()
    # TP07 is now clear-price alone: 1. Overall: (0 + 1 + 1 + 1.5) / 4.5 = 0.7778 -> 77.8. No knowledge item left.
    assert shop.by_touchpoint["TP07"] == "100.0"
    assert shop.overall == Decimal("77.8")
    assert "knowledge" not in shop.by_dimension
    row = answer(shop, "explained")
    assert row.not_applicable and row.status == scoring.NOT_APPLICABLE and row.score is None
    change = ScoreChange.objects.get(inspection=shop)
    assert (change.old_not_applicable, change.new_not_applicable, change.old_value) == (False, True, 2)


def test_each_correction_is_a_score_change_with_the_scores_before_and_after(cast, shop):
    hq = cast.users["hq"]
    reviews.inspection_correct(inspection=shop, by=hq, answer=answer(shop, "greeted"), value="yes", reason="One")
    reviews.inspection_correct(inspection=shop, by=hq, answer=answer(shop, "explained"), value=5, reason="Two")

    first, second = ScoreChange.objects.filter(inspection=shop).order_by("pk")
    assert first.new_scores == second.old_scores
    # TP07 with explained 5 of 5: 1; everything passes: 100.
    assert second.new_scores["overall"] == "100.0"
    assert list(ScoreChange.objects.visible_to(cast.users["hq"]).values_list("item_code", flat=True)) == [
        "greeted",
        "explained",
    ]


def test_a_corrected_pass_removes_a_finding_nobody_worked_on(cast, shop):
    finding = shop.findings.get(item_code="greeted")
    action = finding.actions.get()

    reviews.inspection_correct(
        inspection=shop, by=cast.users["hq"], answer=answer(shop, "greeted"), value="yes", reason="Greeted on video"
    )

    assert not Finding.objects.filter(pk=finding.pk).exists()
    assert not CorrectiveAction.objects.filter(pk=action.pk).exists()
    deleted = CorrectiveAction.history.filter(id=action.pk, history_type="-").get()
    assert deleted.history_user == cast.users["hq"]
    assert shop.findings.filter(item_code="explained").exists()


def test_a_corrected_pass_closes_an_action_that_was_worked_on_and_keeps_the_finding(cast, shop):
    action = shop.findings.get(item_code="explained").actions.get()
    services.action_done(action=action, by=cast.users["hq"], evidence_text="Briefed the consultants")

    reviews.inspection_correct(
        inspection=shop, by=cast.users["hq"], answer=answer(shop, "explained"), value=4, reason="Audio: well explained"
    )

    finding = shop.findings.get(item_code="explained")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and action.verified_by == cast.users["hq"]
    assert "Briefed the consultants" in action.evidence_text and "Audio: well explained" in action.evidence_text
    assert "Withdrawn" in finding.description


def test_a_correction_to_a_failure_makes_a_finding_due_from_the_day_of_the_correction(cast, shop):
    now = shop.submitted_at + dt.timedelta(days=3)

    reviews.inspection_correct(
        inspection=shop, by=cast.users["hq"], answer=answer(shop, "goodbye"), value="no", reason="No goodbye", now=now
    )

    shop.refresh_from_db()
    # TP16 fails: 0 (TP04 still 0). Overall: (0 + 0.6 + 1 + 1.5 x 0) / 4.5 = 0.3556 -> 35.6.
    assert shop.overall == Decimal("35.6") and shop.by_touchpoint["TP16"] == "0.0"
    finding = shop.findings.get(item_code="goodbye")
    action = finding.actions.get()
    assert action.due_date == now.astimezone(cast.hall1.tzinfo).date() + dt.timedelta(days=7)  # medium: 7 days


def test_touchpoint_score_rows_follow_a_correction_hidden_from_the_hall_until_published(cast, shop):
    assert tp_rows(shop)["TP04"] == (Decimal("0.0"), False)

    reviews.inspection_correct(
        inspection=shop, by=cast.users["hq"], answer=answer(shop, "greeted"), value="yes", reason="Greeted"
    )
    assert tp_rows(shop)["TP04"] == (Decimal("100.0"), False)

    publish(shop, cast)
    assert tp_rows(shop) == {
        "TP04": (Decimal("100.0"), True),
        "TP07": (Decimal("60.0"), True),
        "TP11": (Decimal("100.0"), True),
        "TP16": (Decimal("100.0"), True),
    }


@pytest.mark.parametrize(
    ("code", "value", "na", "reason", "field", "words"),
    [
        ("greeted", "yes", False, "  ", "reason", "reason"),
        ("explained", 7, False, "Typo", "value", "explained"),
        ("queue-wait", "soon", False, "Typo", "value", "queue-wait"),
        ("greeted", "no", False, "Same", "value", "already has this answer"),
        ("greeted", None, False, "Nothing", "value", "give the corrected answer"),
    ],
)
def test_a_bad_correction_names_the_field_and_changes_nothing(cast, shop, code, value, na, reason, field, words):
    before = (shop.overall, dict(shop.by_touchpoint), list(Answer.objects.values_list("value", flat=True)))

    with pytest.raises(ValidationError) as error:
        reviews.inspection_correct(
            inspection=shop,
            by=cast.users["hq"],
            answer=answer(shop, code),
            value=value,
            not_applicable=na,
            reason=reason,
        )

    assert field in error.value.message_dict
    assert words in " ".join(error.value.message_dict[field])
    shop.refresh_from_db()
    assert (shop.overall, shop.by_touchpoint, list(Answer.objects.values_list("value", flat=True))) == before
    assert not ScoreChange.objects.exists()


def test_an_answer_of_another_inspection_is_refused(cast, shop, shop_version, submit):
    other, _ = submit(shop_version, who="shopper")

    with pytest.raises(ValidationError) as error:
        reviews.inspection_correct(
            inspection=shop, by=cast.users["hq"], answer=answer(other, "door"), value="no", reason="Wrong visit"
        )
    assert "answer" in error.value.message_dict


@pytest.mark.parametrize("who", ["hq_other", "manager", "inspector", "shopper", "staff"])
def test_only_hq_of_the_region_reviews(cast, shop, who):
    with pytest.raises(PermissionDenied):
        reviews.inspection_correct(
            inspection=shop, by=cast.users[who], answer=answer(shop, "greeted"), value="yes", reason="Greeted"
        )
    with pytest.raises(PermissionDenied):
        publish_as = cast.users[who]
        reviews.inspection_publish(inspection=shop, by=publish_as)
    shop.refresh_from_db()
    assert shop.status == InspectionStatus.UNDER_REVIEW and not ScoreChange.objects.exists()


def test_a_published_shop_is_no_longer_corrected_in_review(cast, shop):
    publish(shop, cast)

    with pytest.raises(ValidationError) as error:
        reviews.inspection_correct(
            inspection=shop, by=cast.users["hq"], answer=answer(shop, "greeted"), value="yes", reason="Late"
        )
    assert "appeal" in error.value.message_dict["inspection"][0]


def test_a_patrol_is_not_reviewed(cast, patrol, submit):
    inspection, _ = submit(patrol)
    with pytest.raises(ValidationError):
        reviews.inspection_publish(inspection=inspection, by=cast.users["hq"])


def test_observed_staff_are_staff_of_the_hall(cast, staffing_cast, shop):
    hq = cast.users["hq"]
    reviews.inspection_observed_staff_set(inspection=shop, by=hq, staff=[staffing_cast.member1, staffing_cast.member1b])
    assert set(shop.observed_staff.all()) == {staffing_cast.member1, staffing_cast.member1b}

    with pytest.raises(ValidationError) as error:
        reviews.inspection_observed_staff_set(inspection=shop, by=hq, staff=[staffing_cast.member2.pk])
    assert str(staffing_cast.member2.pk) in error.value.message_dict["observed_staff"][0]
    assert shop.observed_staff.count() == 2


# --- publication ---------------------------------------------------------------------------------------------------


def test_the_manager_sees_a_mystery_shop_only_after_it_is_published(cast, shop, client):
    manager = cast.users["manager"]
    client.force_login(manager)
    assert not Inspection.objects.visible_to(manager).filter(pk=shop.pk).exists()
    assert not Finding.objects.visible_to(manager).exists()
    assert not CorrectiveAction.objects.visible_to(manager).exists()
    assert not TouchpointScore.objects.visible_to(manager).exists()
    assert client.get(f"/inspections/{shop.pk}/").status_code == 404

    publish(shop, cast)

    assert Inspection.objects.visible_to(manager).filter(pk=shop.pk).exists()
    assert Finding.objects.visible_to(manager).count() == 2
    assert CorrectiveAction.objects.visible_to(manager).count() == 2
    assert TouchpointScore.objects.visible_to(manager).count() == 4
    page = client.get(f"/inspections/{shop.pk}/")
    assert page.status_code == 200
    assert "68.9" in page.content.decode()
    # The manager of another hall still sees nothing of it.
    assert not Inspection.objects.visible_to(cast.users["manager_other"]).filter(pk=shop.pk).exists()


def test_publishing_records_who_and_when_tells_the_managers_and_counts_due_dates_from_today(cast, shop):
    now = shop.submitted_at + dt.timedelta(days=4)

    publish(shop, cast, now=now)

    shop.refresh_from_db()
    assert shop.status == InspectionStatus.PUBLISHED
    assert (shop.published_by, shop.published_at) == (cast.users["hq"], now)
    today = now.astimezone(cast.hall1.tzinfo).date()
    dues = dict(CorrectiveAction.objects.filter(finding__inspection=shop).values_list("finding__item_code", "due_date"))
    assert dues == {"greeted": today + dt.timedelta(days=1), "explained": today + dt.timedelta(days=3)}
    note = Notification.objects.get(user=cast.users["manager"])
    assert "68.9" in note.title and note.url == f"/inspections/{shop.pk}/"
    assert not Notification.objects.filter(user=cast.users["manager_other"]).exists()


def test_publishing_twice_is_refused(cast, shop):
    publish(shop, cast)
    with pytest.raises(ValidationError):
        publish(shop, cast)


# --- appeals -------------------------------------------------------------------------------------------------------

# Published at 23:30 in Shanghai on 3 March: the last day to appeal is 10 March (hall's calendar).
PUBLISHED = dt.datetime(2025, 3, 3, 23, 30, tzinfo=SHANGHAI)


@pytest.fixture
def published(cast, shop):
    publish(shop, cast, now=PUBLISHED)
    shop.refresh_from_db()
    return shop


def file(inspection, cast, now=None, who="manager", codes=("explained",), **kw):
    return reviews.appeal_file(
        inspection=inspection,
        by=cast.users[who],
        reason=kw.pop("reason", "The consultant explained both plans"),
        answers=[answer(inspection, code) for code in codes],
        evidence_text=kw.pop("evidence_text", "Recording of the counter"),
        now=now or PUBLISHED + dt.timedelta(days=1),
        **kw,
    )


def test_an_appeal_on_the_seventh_day_is_allowed(cast, published):
    last_moment = dt.datetime(2025, 3, 10, 23, 59, tzinfo=SHANGHAI)
    assert reviews.appeal_last_day(published) == dt.date(2025, 3, 10)
    assert reviews.appeal_window_open(published, last_moment)

    appeal = file(published, cast, now=last_moment)

    assert appeal.status == AppealStatus.PENDING and appeal.filed_by == cast.users["manager"]
    assert list(appeal.answers.values_list("item__code", flat=True)) == ["explained"]
    assert Notification.objects.filter(user=cast.users["hq"], url=f"/inspections/appeals/{appeal.pk}/").exists()
    assert not Notification.objects.filter(user=cast.users["hq_other"]).exists()


def test_an_appeal_on_the_eighth_day_is_refused(cast, published):
    day_eight = dt.datetime(2025, 3, 11, 0, 1, tzinfo=SHANGHAI)
    assert not reviews.appeal_window_open(published, day_eight)

    with pytest.raises(ValidationError) as error:
        file(published, cast, now=day_eight)

    assert "2025-03-10" in error.value.message_dict["inspection"][0]
    assert not Appeal.objects.exists()


def test_an_unpublished_shop_cannot_be_appealed(cast, shop):
    with pytest.raises((ValidationError, PermissionDenied)):
        file(shop, cast)
    assert not Appeal.objects.exists()


def test_a_second_pending_appeal_is_refused_and_allowed_once_the_first_is_decided(cast, published):
    first = file(published, cast)

    with pytest.raises(ValidationError) as error:
        file(published, cast, codes=("greeted",))
    assert "pending" in error.value.message_dict["inspection"][0]

    reviews.appeal_reject(appeal=first, by=cast.users["hq"], reason="The recording shows no explanation")
    second = file(published, cast, codes=("greeted",))
    assert second.status == AppealStatus.PENDING and Appeal.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"codes": ()}, "answers"),
    ],
)
def test_an_appeal_needs_a_reason_and_disputed_answers(cast, published, changes, field):
    with pytest.raises(ValidationError) as error:
        file(published, cast, **changes)
    assert field in error.value.message_dict
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("who", ["hq", "inspector", "manager_other", "shopper", "staff"])
def test_only_a_manager_of_the_hall_appeals(cast, published, who):
    with pytest.raises(PermissionDenied):
        file(published, cast, who=who)
    assert not Appeal.objects.exists()


def test_an_evidence_photo_is_decoded_and_re_encoded(cast, published):
    upload = SimpleUploadedFile("counter.png", png(), content_type="image/png")

    appeal = file(published, cast, evidence_photo=upload)

    photo = appeal.evidence_photo
    assert photo.inspection_id == published.pk and photo.image.name.endswith(".jpg")
    assert photo.taken_by == cast.users["manager"]


def test_an_evidence_file_that_is_not_an_image_is_refused_and_nothing_is_stored(cast, published):
    upload = SimpleUploadedFile("counter.png", b"not an image at all", content_type="image/png")

    with pytest.raises(ValidationError) as error:
        file(published, cast, evidence_photo=upload)

    assert "not an image" in error.value.message_dict["evidence_photo"][0]
    assert not Appeal.objects.exists() and not Photo.objects.exists()


def test_upholding_an_appeal_re_scores_with_history(cast, published):
    appeal = file(published, cast, codes=("explained", "greeted"))
    hq = cast.users["hq"]

    reviews.appeal_uphold(
        appeal=appeal,
        by=hq,
        reason="The recording confirms both",
        corrections=[
            {"answer": answer(published, "explained").pk, "value": "4"},
            {"answer": answer(published, "greeted").pk, "value": "yes"},
        ],
        now=PUBLISHED + dt.timedelta(days=2),
    )

    published.refresh_from_db()
    appeal.refresh_from_db()
    # TP04: 1. TP07: (2 x 4/5 + 1) / 3 = 2.6 / 3 = 0.8667 -> 86.7.
    # Overall: (1 + 2.6/3 + 1 + 1.5) / 4.5 = 0.9704 -> 97.0.
    assert published.by_touchpoint == {"TP04": "100.0", "TP07": "86.7", "TP11": "100.0", "TP16": "100.0"}
    assert published.overall == Decimal("97.0")
    assert published.status == InspectionStatus.PUBLISHED
    assert (appeal.status, appeal.decided_by, appeal.decision_reason) == ("upheld", hq, "The recording confirms both")
    changes = list(ScoreChange.objects.filter(inspection=published).order_by("pk"))
    assert [(c.cause, c.appeal_id, c.item_code) for c in changes] == [
        ("appeal", appeal.pk, "explained"),
        ("appeal", appeal.pk, "greeted"),
    ]
    assert changes[0].old_scores["overall"] == "68.9" and changes[-1].new_scores["overall"] == "97.0"
    assert [h.status for h in appeal.history.order_by("history_id")] == ["pending", "upheld"]
    assert appeal.history.latest("history_id").history_user == hq
    assert tp_rows(published)["TP07"] == (Decimal("86.7"), True)
    # Both findings were untouched: withdrawn.
    assert not published.findings.exists()
    assert Notification.objects.filter(user=cast.users["manager"], topic=f"inspections:appeal:{appeal.pk}").exists()


def test_upholding_needs_a_changed_answer_and_a_reason(cast, published):
    appeal = file(published, cast)
    hq = cast.users["hq"]

    with pytest.raises(ValidationError) as error:
        reviews.appeal_uphold(
            appeal=appeal,
            by=hq,
            reason="Same",
            corrections=[{"answer": answer(published, "explained").pk, "value": 2}],
        )
    assert "corrections" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        reviews.appeal_uphold(
            appeal=appeal, by=hq, reason="", corrections=[{"answer": answer(published, "explained").pk, "value": 4}]
        )
    assert "reason" in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING and not ScoreChange.objects.exists()


def test_rejecting_changes_nothing_but_the_appeal(cast, published):
    appeal = file(published, cast)
    scores = (published.overall, published.by_touchpoint, published.by_dimension)
    rows = tp_rows(published)
    answers = list(Answer.objects.order_by("pk").values())
    findings = list(Finding.objects.order_by("pk").values())

    reviews.appeal_reject(appeal=appeal, by=cast.users["hq"], reason="The recording shows no explanation")

    published.refresh_from_db()
    appeal.refresh_from_db()
    assert (published.overall, published.by_touchpoint, published.by_dimension) == scores
    assert tp_rows(published) == rows
    assert list(Answer.objects.order_by("pk").values()) == answers
    assert list(Finding.objects.order_by("pk").values()) == findings
    assert not ScoreChange.objects.exists()
    assert (appeal.status, appeal.decision_reason) == ("rejected", "The recording shows no explanation")
    assert Notification.objects.filter(user=cast.users["manager"], title__contains="rejected").exists()


def test_a_decided_appeal_is_not_decided_again(cast, published):
    appeal = file(published, cast)
    reviews.appeal_reject(appeal=appeal, by=cast.users["hq"], reason="No")

    with pytest.raises(ValidationError):
        reviews.appeal_uphold(
            appeal=appeal,
            by=cast.users["hq"],
            reason="Changed my mind",
            corrections=[{"answer": answer(published, "explained").pk, "value": 4}],
        )


@pytest.mark.parametrize("who", ["hq_other", "manager", "inspector"])
def test_only_hq_of_the_region_decides_appeals(cast, published, who):
    appeal = file(published, cast)
    with pytest.raises(PermissionDenied):
        reviews.appeal_reject(appeal=appeal, by=cast.users[who], reason="No")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING


def test_shoppers_never_see_appeals_and_see_only_their_own_visits_corrections(cast, shop, shop_version, submit):
    hq, shopper = cast.users["hq"], cast.users["shopper"]
    reviews.inspection_correct(inspection=shop, by=hq, answer=answer(shop, "greeted"), value="yes", reason="Video")
    other, _ = submit(shop_version, who="hq", client_uuid=uuid.uuid4())
    reviews.inspection_correct(inspection=other, by=hq, answer=answer(other, "door"), value="no", reason="Video")
    publish(shop, cast)
    file(shop, cast, now=timezone.now())

    assert list(ScoreChange.objects.visible_to(shopper).values_list("inspection", flat=True)) == [shop.pk]
    assert not shopper.has_perm("inspections.view_appeal")
    assert not cast.users["inspector"].has_perm("inspections.view_appeal")
