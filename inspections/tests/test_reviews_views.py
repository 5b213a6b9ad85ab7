"""The review and appeal pages and API: wiring, the 400s that name the field, what each role sees, and query
counts that do not grow with the rows (the permission matrix walks every role; tests/matrix_reviews.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspections.models import Appeal, Inspection, ScoreChange
from inspections.services import reviews
from inspections.tests import test_reviews as review_cases
from inspections.tests.test_photos import png

# The review tests' fixtures and helpers.
shop, shop_version = review_cases.shop, review_cases.shop_version
answer, file, publish = review_cases.answer, review_cases.file, review_cases.publish


@pytest.fixture
def published(cast, shop):
    publish(shop, cast)
    shop.refresh_from_db()
    return shop


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_review_queue_lists_visits_awaiting_review_oldest_first(client, cast, shop_version, submit):
    old, _ = submit(shop_version, who="shopper", now=timezone.now() - dt.timedelta(days=2))
    new, _ = submit(shop_version, who="shopper")
    done, _ = submit(shop_version, who="shopper")
    publish(done, cast)
    client.force_login(cast.users["hq"])

    page = client.get("/inspections/review/")

    assert page.status_code == 200
    assert [row.pk for row in page.context["page_obj"]] == [old.pk, new.pk]
    client.force_login(cast.users["hq_other"])
    assert list(client.get("/inspections/review/").context["page_obj"]) == []


def test_the_review_queue_answers_in_the_same_number_of_queries_for_more_rows(
    client,
    cast,
    shop_version,
    submit,
    django_assert_max_num_queries,
):
    client.force_login(cast.users["hq"])
    submit(shop_version, who="shopper")
    with django_assert_max_num_queries(30) as few:
        client.get("/inspections/review/")
    for _ in range(5):
        submit(shop_version, who="shopper")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/inspections/review/")
    assert len(page.context["page_obj"]) == 6


def test_the_review_page_shows_the_timeline_the_answers_and_corrects_one(client, cast, shop):
    client.force_login(cast.users["hq"])
    page = client.get(f"/inspections/{shop.pk}/review/")
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="timeline"' in content and "10:06:00" in content  # called at 10:06 in the hall's time
    assert f'id="answer-{answer(shop, "greeted").pk}"' in content

    response = client.post(
        f"/inspections/{shop.pk}/review/correct/",
        {"answer": answer(shop, "greeted").pk, "value": "yes", "reason": "Greeted on the video"},
    )

    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.overall == Decimal("91.1")
    history = client.get(f"/inspections/{shop.pk}/review/").content.decode()
    assert "Greeted on the video" in history and "68.9" in history


def test_a_correction_without_a_reason_comes_back_with_the_form_open_and_what_was_typed(client, cast, shop):
    client.force_login(cast.users["hq"])
    greeted = answer(shop, "greeted")

    response = client.post(f"/inspections/{shop.pk}/review/correct/", {"answer": greeted.pk, "value": "yes"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Give a reason" in content
    assert f'id="c{greeted.pk}-yes" value="yes" autocomplete="off" checked' in content
    assert not ScoreChange.objects.exists()


def test_the_review_page_records_the_staff_observed_and_publishes(client, cast, staffing_cast, shop):
    client.force_login(cast.users["hq"])

    response = client.post(f"/inspections/{shop.pk}/review/staff/", {"observed_staff": [staffing_cast.member1.pk]})
    assert response.status_code == 302
    refused = client.post(f"/inspections/{shop.pk}/review/staff/", {"observed_staff": [staffing_cast.member2.pk]})
    assert refused.status_code == 400
    assert list(shop.observed_staff.all()) == [staffing_cast.member1]

    assert client.post(f"/inspections/{shop.pk}/publish/").status_code == 302
    shop.refresh_from_db()
    assert shop.status == "published"
    assert client.post(f"/inspections/{shop.pk}/publish/").status_code == 400


def test_the_inspection_page_shows_the_review_section_with_the_history_and_the_appeal(client, cast, published):
    reviews.appeal_file(
        inspection=published,
        by=cast.users["manager"],
        reason="He explained both plans",
        answers=[answer(published, "explained")],
    )
    client.force_login(cast.users["manager"])

    content = client.get(f"/inspections/{published.pk}/").content.decode()

    assert 'id="review-section"' in content
    assert "He explained both plans" in content
    assert 'id="appeal-link"' not in content  # one pending appeal at a time

    client.force_login(cast.users["inspector"])
    content = client.get(f"/inspections/{published.pk}/").content.decode()
    assert 'id="review-section"' in content and "He explained both plans" not in content


def test_the_manager_appeals_through_the_form_with_a_photo(client, cast, published):
    client.force_login(cast.users["manager"])
    assert 'id="appeal-link"' in client.get(f"/inspections/{published.pk}/").content.decode()
    form = client.get(f"/inspections/{published.pk}/appeal/")
    assert form.status_code == 200 and 'id="appeal-form"' in form.content.decode()

    response = client.post(
        f"/inspections/{published.pk}/appeal/",
        {
            "answers": [answer(published, "explained").pk],
            "reason": "The consultant explained both plans",
            "evidence_text": "Counter recording 10:08",
            "evidence_photo": SimpleUploadedFile("counter.png", png(), content_type="image/png"),
        },
    )

    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.evidence_photo is not None and appeal.filed_by == cast.users["manager"]


def test_an_appeal_form_without_a_reason_keeps_what_was_typed(client, cast, published):
    client.force_login(cast.users["manager"])

    response = client.post(
        f"/inspections/{published.pk}/appeal/",
        {"answers": [answer(published, "explained").pk], "reason": "", "evidence_text": "Counter recording"},
    )

    assert response.status_code == 400
    assert "Counter recording" in response.content.decode()
    assert not Appeal.objects.exists()


def test_after_the_window_the_appeal_form_is_gone(client, cast, published):
    Inspection.objects.filter(pk=published.pk).update(published_at=timezone.now() - dt.timedelta(days=9))
    client.force_login(cast.users["manager"])

    assert 'id="appeal-link"' not in client.get(f"/inspections/{published.pk}/").content.decode()
    page = client.get(f"/inspections/{published.pk}/appeal/")
    assert 'id="appeal-form"' not in page.content.decode() and 'id="appeal-closed"' in page.content.decode()
    refused = client.post(
        f"/inspections/{published.pk}/appeal/",
        {"answers": [answer(published, "explained").pk], "reason": "Late"},
    )
    assert refused.status_code == 400 and not Appeal.objects.exists()


def test_hq_upholds_on_the_appeal_page(client, cast, published):
    appeal = file(published, cast, now=timezone.now())
    client.force_login(cast.users["hq"])
    explained = answer(published, "explained")
    page = client.get(f"/inspections/appeals/{appeal.pk}/")
    assert 'id="uphold-form"' in page.content.decode()

    response = client.post(
        f"/inspections/appeals/{appeal.pk}/uphold/",
        {f"value-{explained.pk}": "4", "uphold-reason": "The recording confirms it"},
    )

    assert response.status_code == 302
    appeal.refresh_from_db()
    published.refresh_from_db()
    assert appeal.status == "upheld" and published.by_touchpoint["TP07"] == "86.7"


def test_upholding_without_a_changed_answer_is_refused_on_the_page(client, cast, published):
    appeal = file(published, cast, now=timezone.now())
    client.force_login(cast.users["hq"])
    explained = answer(published, "explained")

    response = client.post(
        f"/inspections/appeals/{appeal.pk}/uphold/", {f"value-{explained.pk}": "2", "uphold-reason": "Hmm"}
    )

    assert response.status_code == 400
    assert "at least one answer" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "pending"


def test_hq_rejects_on_the_appeal_page_and_the_manager_reads_why(client, cast, published):
    appeal = file(published, cast, now=timezone.now())
    client.force_login(cast.users["hq"])
    assert client.post(f"/inspections/appeals/{appeal.pk}/reject/", {"reject-reason": ""}).status_code == 400

    response = client.post(f"/inspections/appeals/{appeal.pk}/reject/", {"reject-reason": "Not on the recording"})

    assert response.status_code == 302
    client.force_login(cast.users["manager"])
    page = client.get(f"/inspections/appeals/{appeal.pk}/").content.decode()
    assert "Not on the recording" in page and 'id="uphold-form"' not in page


def test_the_appeal_list_answers_in_the_same_number_of_queries_for_more_rows(
    client,
    cast,
    shop_version,
    submit,
    django_assert_max_num_queries,
):
    client.force_login(cast.users["hq"])

    def appealed() -> None:
        inspection, _ = submit(shop_version, who="shopper")
        publish(inspection, cast)
        file(inspection, cast, now=timezone.now())

    appealed()
    with django_assert_max_num_queries(30) as few:
        client.get("/inspections/appeals/")
    for _ in range(4):
        appealed()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/inspections/appeals/?status=pending")
    assert len(page.context["page_obj"]) == 5


# --- API -----------------------------------------------------------------------------------------------------


def test_api_correction_answers_with_the_score_change(api_client, cast, shop):
    api_client.force_authenticate(cast.users["hq"])

    response = api_client.post(
        f"/api/v1/inspections/{shop.pk}/corrections/",
        {"answer": answer(shop, "greeted").pk, "value": "yes", "reason": "Video"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["new_scores"]["overall"] == "91.1"
    listed = api_client.get(f"/api/v1/inspections/{shop.pk}/score-changes/").json()
    assert [row["item_code"] for row in listed] == ["greeted"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "yes", "reason": "Video"}, "answer"),
        ({"answer": 0, "value": "yes", "reason": "Video"}, "answer"),
        ({"answer": "GREETED", "value": "maybe", "reason": "Video"}, "value"),
        ({"answer": "GREETED", "value": "yes", "reason": ""}, "reason"),
    ],
)
def test_api_bad_correction_is_a_400_naming_the_field(api_client, cast, shop, body, field):
    api_client.force_authenticate(cast.users["hq"])
    if body.get("answer") == "GREETED":
        body = {**body, "answer": answer(shop, "greeted").pk}

    response = api_client.post(f"/api/v1/inspections/{shop.pk}/corrections/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not ScoreChange.objects.exists()


def test_api_publish_and_appeal_with_uphold(api_client, cast, shop):
    api_client.force_authenticate(cast.users["hq"])
    assert api_client.post(f"/api/v1/inspections/{shop.pk}/publish/").json()["status"] == "published"

    api_client.force_authenticate(cast.users["manager"])
    explained = answer(shop, "explained")
    created = api_client.post(
        "/api/v1/appeals/",
        {"inspection": shop.pk, "answers": [explained.pk], "reason": "Explained", "evidence_text": "Recording"},
        format="json",
    )
    assert created.status_code == 201, created.content
    appeal_id = created.json()["id"]
    assert api_client.get("/api/v1/appeals/").json()["results"][0]["id"] == appeal_id
    assert api_client.post(f"/api/v1/appeals/{appeal_id}/reject/", {"reason": "No"}).status_code == 403

    api_client.force_authenticate(cast.users["hq"])
    upheld = api_client.post(
        f"/api/v1/appeals/{appeal_id}/uphold/",
        {"reason": "Recording confirms", "corrections": [{"answer": explained.pk, "value": 4}]},
        format="json",
    )
    assert upheld.status_code == 200, upheld.content
    assert upheld.json()["status"] == "upheld"
    assert ScoreChange.objects.get().cause == "appeal"


def test_api_appeal_multipart_with_a_photo(api_client, cast, published):
    api_client.force_authenticate(cast.users["manager"])

    response = api_client.post(
        "/api/v1/appeals/",
        {
            "inspection": published.pk,
            "answers": [answer(published, "explained").pk, answer(published, "greeted").pk],
            "reason": "Both wrong",
            "evidence_photo": SimpleUploadedFile("counter.png", png(), content_type="image/png"),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert len(response.json()["answers"]) == 2 and response.json()["evidence_photo"]


def test_api_appeal_of_an_unpublished_visit_does_not_exist_for_the_manager(api_client, cast, shop):
    api_client.force_authenticate(cast.users["manager"])

    response = api_client.post(
        "/api/v1/appeals/",
        {"inspection": shop.pk, "answers": [answer(shop, "explained").pk], "reason": "Early"},
        format="json",
    )

    assert response.status_code == 400 and "inspection" in response.json()
    assert api_client.get(f"/api/v1/inspections/{shop.pk}/score-changes/").status_code == 404


def test_the_schema_documents_the_review_and_appeal_endpoints(api_client, cast):
    api_client.force_authenticate(cast.users["hq"])
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for url in (
        "/api/v1/inspections/{id}/corrections/",
        "/api/v1/inspections/{id}/publish/",
        "/api/v1/inspections/{id}/score-changes/",
        "/api/v1/inspections/{id}/observed-staff/",
        "/api/v1/appeals/",
        "/api/v1/appeals/{id}/uphold/",
        "/api/v1/appeals/{id}/reject/",
    ):
        assert url in schema["paths"], url
