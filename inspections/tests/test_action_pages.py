"""The closed-loop pages: the issue log of findings, each role's list of corrective actions and an action's page
with its steps (start, done with evidence, verify, reopen) and the finding's classification."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections import closed_loop, services
from inspections.choices import ActionStatus, InspectionStatus
from inspections.models import CorrectiveAction, Finding, Photo
from inspections.tests.builders import answers, failing, make_version
from inspections.tests.test_photos import png
from touchpoints.models import Touchpoint


@pytest.fixture
def failed(cast, patrol, submit):
    """inspector1's patrol of hall1 that failed "greeted" (TP04, critical, with its photo) and "explained" (TP07)."""
    overrides = failing(patrol, "greeted", "explained")
    inspection, _ = submit(patrol, overrides=overrides)
    services.photo_upload(
        inspection=inspection,
        by=cast.users["inspector"],
        upload=SimpleUploadedFile("door.png", png(), content_type="image/png"),
        client_uuid=overrides["greeted"]["photos"][0],
    )
    return inspection


@pytest.fixture
def action(failed):
    """The open corrective action of the failed "explained" item."""
    return CorrectiveAction.objects.get(finding__item_code="explained")


def signed_in(client, cast, role):
    client.force_login(cast.users[role])
    return client


def mark_done(action, by):
    return services.action_done(action=action, by=by, evidence_text="Briefed the consultants on the plans")


# --- The issue log -------------------------------------------------------------------------------------------


def test_the_issue_log_shows_the_findings_of_my_halls_and_links_their_actions(client, cast, failed, submit, patrol):
    submit(patrol, hall=cast.hall2, who="hq", overrides=failing(patrol, "explained"))

    page = signed_in(client, cast, "manager").get("/inspections/findings/")

    assert page.status_code == 200
    shown = {finding.pk for finding in page.context["page_obj"]}
    assert shown == set(Finding.objects.filter(hall=cast.hall1).values_list("pk", flat=True))
    action = CorrectiveAction.objects.get(finding__item_code="explained", hall=cast.hall1)
    assert f"/inspections/actions/{action.pk}/" in page.content.decode()


def test_staff_have_no_issue_log(client, cast, failed):
    assert signed_in(client, cast, "staff").get("/inspections/findings/").status_code == 403


def test_the_heatmap_link_filters_by_hall_touchpoint_pk_and_date(client, cast, patrol, submit):
    submit(patrol, overrides=failing(patrol, "greeted", "explained"))
    old, _ = submit(patrol, overrides=failing(patrol, "greeted"))
    Finding.objects.filter(inspection=old).update(found_at=timezone.now() - dt.timedelta(days=40))
    submit(patrol, hall=cast.hall2, who="hq", overrides=failing(patrol, "greeted"))
    tp04 = Touchpoint.objects.get(code="TP04")
    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()

    page = signed_in(client, cast, "hq").get(
        f"/inspections/findings/?hall={cast.hall1.pk}&touchpoint={tp04.pk}&found_after={since}"
    )

    rows = list(page.context["page_obj"])
    assert [(f.hall_id, f.touchpoint.code) for f in rows] == [(cast.hall1.pk, "TP04")]
    assert f'<option value="{tp04.pk}" selected>' in page.content.decode()


def test_the_touchpoint_filter_also_takes_a_code_and_shows_it_selected(client, cast, failed):
    tp07 = Touchpoint.objects.get(code="TP07")

    page = signed_in(client, cast, "manager").get("/inspections/findings/?touchpoint=tp07")

    assert [f.item_code for f in page.context["page_obj"]] == ["explained"]
    assert f'<option value="{tp07.pk}" selected>' in page.content.decode()


def test_a_bad_date_is_named_and_the_rest_of_the_filter_still_applies(client, cast, failed):
    page = signed_in(client, cast, "manager").get("/inspections/findings/?found_after=yesterday&severity=high")

    assert page.status_code == 200
    assert "found_after" in page.context["filter"].form.errors
    assert [f.item_code for f in page.context["page_obj"]] == ["explained"]  # severity high still applied


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("severity=critical", {"greeted"}),
        ("open=true", {"greeted", "explained"}),
        ("open=false", set()),
        ("overdue=true", {"greeted"}),
        ("overdue=false", {"explained"}),
        ("recurring=true", set()),
        ("quality_gap=delivery", {"explained"}),
        ("root_cause=people", {"explained"}),
    ],
)
def test_the_issue_log_filters(client, cast, failed, query, expected):
    Finding.objects.filter(item_code="explained").update(quality_gap="delivery", root_cause="people")
    # The critical finding's action was due yesterday and is still open: overdue.
    CorrectiveAction.objects.filter(finding__item_code="greeted").update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )

    page = signed_in(client, cast, "manager").get(f"/inspections/findings/?{query}")

    assert {f.item_code for f in page.context["page_obj"]} == expected


def test_severity_sorts_by_how_bad_not_alphabetically(client, cast, patrol, submit):
    submit(patrol, overrides=failing(patrol, "greeted", "explained", "queue-wait", "door-clear"))

    page = signed_in(client, cast, "manager").get("/inspections/findings/?ordering=-severity")

    assert [f.severity for f in page.context["page_obj"]] == ["critical", "high", "medium", "low"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_issue_log_costs_the_same_queries_for_2_and_24_findings(client, cast, patrol, submit):
    signed_in(client, cast, "manager")
    submit(patrol, overrides=failing(patrol, "greeted", "explained"))
    few = _queries(client, "/inspections/findings/")
    for _ in range(11):
        submit(patrol, overrides=failing(patrol, "greeted", "explained"))
    assert Finding.objects.count() == 24

    many = _queries(client, "/inspections/findings/")

    assert few == many == 9


# --- The list of corrective actions --------------------------------------------------------------------------


def test_the_managers_list_shows_what_is_still_to_do_in_their_halls(client, cast, failed, submit, patrol):
    done = CorrectiveAction.objects.get(finding__item_code="greeted")
    mark_done(done, cast.users["manager"])
    submit(patrol, hall=cast.hall2, who="hq", overrides=failing(patrol, "explained"))

    page = signed_in(client, cast, "manager").get("/inspections/actions/")

    assert [a.finding.item_code for a in page.context["page_obj"]] == ["explained"]
    assert page.context["default"] is not None
    everything = client.get("/inspections/actions/?f=1")
    assert {a.finding.item_code for a in everything.context["page_obj"]} == {"explained", "greeted"}


def test_the_inspectors_list_puts_fixes_awaiting_verification_first(client, cast, failed):
    done = CorrectiveAction.objects.get(finding__item_code="explained")
    mark_done(done, cast.users["manager"])

    page = signed_in(client, cast, "inspector").get("/inspections/actions/")

    rows = list(page.context["page_obj"])
    assert [a.status for a in rows] == ["done", "open"]  # the critical one is due first, but done comes first


def test_a_staff_member_sees_only_the_actions_they_own(client, cast, staffing_cast, failed):
    mine = CorrectiveAction.objects.get(finding__item_code="explained")
    mine.owner, mine.owner_staff = None, staffing_cast.member1
    mine.save()

    page = signed_in(client, cast, "staff").get("/inspections/actions/")

    assert [a.pk for a in page.context["page_obj"]] == [mine.pk]
    assert "Zhou Xin" in page.content.decode()  # the owner's name


def test_shoppers_have_no_action_list(client, cast):
    assert signed_in(client, cast, "shopper").get("/inspections/actions/").status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("f=1&status=done", {"greeted"}),
        ("f=1&overdue=true", {"explained"}),
        ("f=1&escalated=true", {"explained"}),
        ("f=1&escalated=false", {"greeted"}),
        ("f=1&owner=me", {"explained", "greeted"}),
        ("f=1&recurring=true", set()),
    ],
)
def test_the_action_list_filters(client, cast, failed, query, expected):
    mark_done(CorrectiveAction.objects.get(finding__item_code="greeted"), cast.users["manager"])
    CorrectiveAction.objects.filter(finding__item_code="explained").update(
        due_date=timezone.localdate() - dt.timedelta(days=2), escalation_level=1
    )

    page = signed_in(client, cast, "manager").get(f"/inspections/actions/?{query}")

    assert {a.finding.item_code for a in page.context["page_obj"]} == expected


def test_the_list_says_when_an_action_is_due_and_badges_overdue_and_escalated_ones(client, cast, failed):
    late = CorrectiveAction.objects.get(finding__item_code="explained")
    CorrectiveAction.objects.filter(pk=late.pk).update(
        due_date=cast.hall1.local_now().date() - dt.timedelta(days=3), escalation_level=1
    )
    CorrectiveAction.objects.filter(finding__item_code="greeted").update(
        due_date=cast.hall1.local_now().date() + dt.timedelta(days=1)
    )
    Finding.objects.filter(item_code="explained").update(recurring=True)

    content = signed_in(client, cast, "manager").get("/inspections/actions/").content.decode()

    assert "3 days overdue" in content
    assert "due tomorrow" in content
    assert 'data-badge="overdue"' in content
    assert 'data-badge="escalated"' in content
    assert 'data-badge="recurring"' in content


def test_the_action_list_costs_the_same_queries_for_2_and_24_actions(client, cast, patrol, submit):
    signed_in(client, cast, "manager")
    submit(patrol, overrides=failing(patrol, "greeted", "explained"))
    few = _queries(client, "/inspections/actions/?f=1")
    for _ in range(11):
        submit(patrol, overrides=failing(patrol, "greeted", "explained"))
    assert CorrectiveAction.objects.count() == 24

    many = _queries(client, "/inspections/actions/?f=1")

    assert few == many == 7


@pytest.mark.parametrize(
    ("days", "words", "late"),
    [
        (5, "due in 5 days", False),
        (1, "due tomorrow", False),
        (0, "due today", False),
        (-1, "1 day overdue", True),
        (-3, "3 days overdue", True),
    ],
)
def test_due_dates_in_words(days, words, late):
    today = dt.date(2026, 5, 4)
    action = CorrectiveAction(status=ActionStatus.OPEN, due_date=today + dt.timedelta(days=days))

    assert closed_loop.due_in_words(action, today) == (words, late)


def test_a_done_action_has_no_due_words_even_past_its_date():
    action = CorrectiveAction(status=ActionStatus.DONE, due_date=dt.date(2026, 1, 1))

    assert closed_loop.due_in_words(action, dt.date(2026, 5, 4)) == ("", False)


# --- An action's page ----------------------------------------------------------------------------------------


def test_the_action_page_shows_the_finding_its_photo_and_the_timeline(client, cast, failed):
    action = CorrectiveAction.objects.get(finding__item_code="greeted")
    photo = Photo.objects.get()

    page = signed_in(client, cast, "manager").get(f"/inspections/actions/{action.pk}/")

    content = page.content.decode()
    assert page.status_code == 200
    assert "TP04" in content and "Critical" in content
    assert f"/api/v1/photos/{photo.pk}/file/" in content
    assert [(entry.status, entry.what) for entry in page.context["timeline"]] == [("Open", "Found in inspection")]
    assert page.context["timeline"][0].who == "inspector1"
    assert page.context["steps"] == {"start": True, "done": True, "verify": False, "reopen": False}
    assert 'id="classify-form"' in content


def test_staff_owners_see_their_action_and_its_photo_but_not_the_classify_form(client, cast, staffing_cast, failed):
    action = CorrectiveAction.objects.get(finding__item_code="greeted")
    action.owner, action.owner_staff = None, staffing_cast.member1
    action.save()
    photo = action.finding.photo

    page = signed_in(client, cast, "staff").get(f"/inspections/actions/{action.pk}/")

    content = page.content.decode()
    assert page.status_code == 200
    assert f"/api/v1/photos/{photo.pk}/file/" in content
    assert client.get(f"/api/v1/photos/{photo.pk}/file/").status_code == 200
    assert 'id="classify-form"' not in content
    assert page.context["steps"]["done"] is True
    # The other finding's photo stays out of reach: it belongs to an action the staff member does not own.
    other = Photo.objects.exclude(pk=photo.pk).first()
    if other is not None:
        assert client.get(f"/api/v1/photos/{other.pk}/file/").status_code == 404


def test_out_of_scope_actions_do_not_exist(client, cast, action):
    for role in ("manager_other", "hq_other", "shopper", "staff"):
        signed_in(client, cast, role)
        assert client.get(f"/inspections/actions/{action.pk}/").status_code == 404
        assert client.post(f"/inspections/actions/{action.pk}/start/").status_code == 404
    assert CorrectiveAction.objects.get(pk=action.pk).status == "open"


def test_starting_moves_the_action_on_and_the_timeline_says_who(client, cast, action):
    response = signed_in(client, cast, "manager").post(f"/inspections/actions/{action.pk}/start/")

    assert response.status_code == 302 and response["Location"] == f"/inspections/actions/{action.pk}/"
    page = client.get(response["Location"])
    assert page.context["action"].status == "in_progress"
    assert (page.context["timeline"][-1].who, page.context["timeline"][-1].what) == ("manager1", "Started")


def test_an_inspector_may_not_start_or_complete(client, cast, action):
    signed_in(client, cast, "inspector")

    assert client.post(f"/inspections/actions/{action.pk}/start/").status_code == 403
    assert client.post(f"/inspections/actions/{action.pk}/done/", {"evidence_text": "x"}).status_code == 403
    assert CorrectiveAction.objects.get(pk=action.pk).status == "open"


def test_done_without_evidence_names_the_field_and_changes_nothing(client, cast, action):
    response = signed_in(client, cast, "manager").post(
        f"/inspections/actions/{action.pk}/done/", {"evidence_text": " "}
    )

    assert response.status_code == 400
    assert response.context["done_form"].errors["evidence_text"] == [
        "Say what was done to fix it: the inspector checks against this."
    ]
    assert CorrectiveAction.objects.get(pk=action.pk).status == "open"


def test_a_photo_that_is_not_an_image_is_refused_and_the_typed_evidence_is_kept(client, cast, action):
    fake = SimpleUploadedFile("after.jpg", b"this is not a picture", content_type="image/jpeg")

    response = signed_in(client, cast, "manager").post(
        f"/inspections/actions/{action.pk}/done/", {"evidence_text": "New price tags printed", "evidence_photo": fake}
    )

    assert response.status_code == 400
    assert "not an image" in response.context["done_form"].errors["evidence_photo"][0]
    assert "New price tags printed</textarea>" in response.content.decode()
    assert CorrectiveAction.objects.get(pk=action.pk).status == "open"
    assert Photo.objects.count() == 1  # only the finding's


def test_done_with_evidence_and_a_photo_shows_both_on_the_page(client, cast, action):
    photo = SimpleUploadedFile("after.png", png(colour="green"), content_type="image/png")

    response = signed_in(client, cast, "manager").post(
        f"/inspections/actions/{action.pk}/done/", {"evidence_text": "Briefed the team", "evidence_photo": photo}
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.evidence_text == "Briefed the team"
    assert action.evidence_photo.image.read(3) == b"\xff\xd8\xff"  # re-encoded as JPEG
    page = client.get(f"/inspections/actions/{action.pk}/")
    assert f"/api/v1/photos/{action.evidence_photo_id}/file/" in page.content.decode()
    assert 'capture="environment"' not in page.content.decode()  # done: no form any more
    assert page.context["steps"] == {"start": False, "done": False, "verify": False, "reopen": False}


def test_the_inspector_verifies_a_done_action(client, cast, action):
    mark_done(action, cast.users["manager"])
    signed_in(client, cast, "inspector")
    page = client.get(f"/inspections/actions/{action.pk}/")
    assert page.context["steps"] == {"start": False, "done": False, "verify": True, "reopen": True}

    response = client.post(f"/inspections/actions/{action.pk}/verify/")

    assert response.status_code == 302
    assert CorrectiveAction.objects.get(pk=action.pk).status == "verified"


def test_managers_may_not_verify(client, cast, action):
    mark_done(action, cast.users["manager"])

    response = signed_in(client, cast, "manager").post(f"/inspections/actions/{action.pk}/verify/")

    assert response.status_code == 403
    assert CorrectiveAction.objects.get(pk=action.pk).status == "done"


def test_whoever_did_the_fix_does_not_verify_it(client, cast, action):
    mark_done(action, cast.users["hq"])
    signed_in(client, cast, "hq")

    assert client.get(f"/inspections/actions/{action.pk}/").context["steps"]["verify"] is False
    assert client.post(f"/inspections/actions/{action.pk}/verify/").status_code == 403
    assert CorrectiveAction.objects.get(pk=action.pk).status == "done"


def test_a_step_the_state_does_not_allow_is_explained_and_changes_nothing(client, cast, action):
    response = signed_in(client, cast, "inspector").post(f"/inspections/actions/{action.pk}/verify/")

    assert response.status_code == 400
    assert "cannot be verified" in response.context["errors"][0]
    assert CorrectiveAction.objects.get(pk=action.pk).status == "open"


def test_reopen_without_a_reason_names_the_field(client, cast, action):
    mark_done(action, cast.users["manager"])

    response = signed_in(client, cast, "inspector").post(f"/inspections/actions/{action.pk}/reopen/", {"reason": ""})

    assert response.status_code == 400
    assert response.context["reopen_form"].errors["reason"] == ["Say why it is reopened: what is still wrong."]
    assert CorrectiveAction.objects.get(pk=action.pk).status == "done"


def test_reopen_with_a_reason_sends_it_back_to_the_hall(client, cast, action):
    mark_done(action, cast.users["manager"])
    signed_in(client, cast, "inspector")

    response = client.post(f"/inspections/actions/{action.pk}/reopen/", {"reason": "Still explained in jargon"})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "reopened" and action.reopen_reason == "Still explained in jargon"
    page = client.get(f"/inspections/actions/{action.pk}/")
    assert page.context["timeline"][-1].what == "Reopened: Still explained in jargon"
    assert "Still explained in jargon" in page.content.decode()


def test_the_manager_classifies_the_finding_from_the_action_page(client, cast, action):
    response = signed_in(client, cast, "manager").post(
        f"/inspections/findings/{action.finding_id}/classify/", {"quality_gap": "knowledge", "root_cause": "people"}
    )

    assert response.status_code == 302 and response["Location"] == f"/inspections/actions/{action.pk}/"
    finding = Finding.objects.get(pk=action.finding_id)
    assert (finding.quality_gap, finding.root_cause) == ("knowledge", "people")


def test_a_bad_classification_names_the_field_and_changes_nothing(client, cast, action):
    response = signed_in(client, cast, "manager").post(
        f"/inspections/findings/{action.finding_id}/classify/", {"quality_gap": "luck", "root_cause": "people"}
    )

    assert response.status_code == 400
    assert "quality_gap" in response.context["classify_form"].errors
    assert Finding.objects.get(pk=action.finding_id).root_cause == ""


def test_classifying_is_not_for_staff(client, cast, staffing_cast, action):
    action.owner, action.owner_staff = None, staffing_cast.member1
    action.save()

    response = signed_in(client, cast, "staff").post(
        f"/inspections/findings/{action.finding_id}/classify/", {"quality_gap": "knowledge"}
    )

    assert response.status_code == 404  # the finding itself is not theirs to see
    assert Finding.objects.get(pk=action.finding_id).quality_gap == ""


def test_a_mystery_shopper_stays_anonymous_on_the_action_page(client, cast):
    shop = make_version(kind="mystery_shop", name="Mystery shop")
    inspection, _ = services.inspection_submit(
        hall=cast.hall1,
        template_version=shop,
        by=cast.users["shopper"],
        client_uuid=uuid.uuid4(),
        answers=answers(shop, explained=1),
    )
    inspection.status = InspectionStatus.PUBLISHED
    inspection.save()
    action = CorrectiveAction.objects.get(finding__inspection=inspection)

    page = signed_in(client, cast, "manager").get(f"/inspections/actions/{action.pk}/")

    assert page.context["timeline"][0].who == "Mystery shopper"
    assert "shopper1" not in page.content.decode()


# --- Links into the closed loop ------------------------------------------------------------------------------


def test_the_hall_page_links_its_actions_and_findings(client, cast):
    content = signed_in(client, cast, "manager").get(f"/halls/{cast.hall1.pk}/").content.decode()

    assert f'href="/inspections/actions/?hall={cast.hall1.pk}"' in content
    assert f'href="/inspections/findings/?hall={cast.hall1.pk}"' in content


def test_the_inspection_page_links_each_finding_to_its_action(client, cast, failed):
    content = signed_in(client, cast, "manager").get(f"/inspections/{failed.pk}/").content.decode()

    for action in CorrectiveAction.objects.all():
        assert f'href="/inspections/actions/{action.pk}/"' in content


def test_the_menu_offers_corrective_actions_to_staff_but_not_to_shoppers(client, cast):
    assert 'data-nav="action"' in signed_in(client, cast, "staff").get("/").content.decode()
    assert 'data-nav="action"' not in signed_in(client, cast, "shopper").get("/").content.decode()
