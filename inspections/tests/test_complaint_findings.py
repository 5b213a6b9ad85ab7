"""A complaint that shows a standard was broken becomes a finding with a corrective action: made once, due by
severity, seen by the hall's people and HQ only, and every reader of findings copes with a finding that has no
inspection."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inspections.choices import Escalation
from inspections.models import CorrectiveAction, Finding
from inspections.services import action_done, escalate_overdue
from inspections.services.complaint_findings import finding_from_complaint
from touchpoints.complaints import complaint_save
from touchpoints.models import Touchpoint

TZ = dt.timezone(dt.timedelta(hours=8))


def make_complaint(hall, **changes):
    fields = {
        "occurred_at": dt.datetime(2026, 3, 2, 10, tzinfo=TZ),
        "channel": "in_hall",
        "touchpoint": Touchpoint.objects.get(code="TP15"),
        "category": "waiting",
        "severity": "high",
        "summary": "Waited 40 minutes for a SIM replacement",
        "quality_gap": "delivery",
        "root_cause": "people",
        "status": "open",
        **changes,
    }
    return complaint_save(fields=fields, by=None, hall=hall)


@pytest.fixture
def complaint(cast):
    return make_complaint(cast.hall1)


def _hall_today(hall):
    return timezone.now().astimezone(hall.tzinfo).date()


def test_the_finding_and_its_action_are_made_once(cast, complaint):
    first = finding_from_complaint(complaint=complaint, by=cast.users["manager"])
    again = finding_from_complaint(complaint=complaint, by=cast.users["hq"], severity="low", description="other")

    assert first.created and not again.created
    assert again.finding.pk == first.finding.pk and again.action.pk == first.action.pk
    assert Finding.objects.filter(complaint=complaint).count() == 1
    assert CorrectiveAction.objects.filter(finding__complaint=complaint).count() == 1
    finding = Finding.objects.get(complaint=complaint)
    assert (finding.inspection_id, finding.item_id, finding.hall_id) == (None, None, cast.hall1.pk)
    assert finding.touchpoint.code == "TP15"
    assert (finding.severity, finding.quality_gap, finding.root_cause) == ("high", "delivery", "people")
    assert finding.description == complaint.summary
    assert first.action.owner == cast.users["manager"]  # the hall's manager by default
    assert first.action.history.first().history_user == cast.users["manager"]


@pytest.mark.parametrize(("severity", "days"), [("critical", 1), ("high", 3), ("medium", 7), ("low", 14)])
def test_the_action_is_due_by_severity_from_the_day_it_is_opened(cast, complaint, severity, days):
    made = finding_from_complaint(complaint=complaint, by=cast.users["hq"], severity=severity)

    assert made.finding.severity == severity
    assert made.action.due_date == _hall_today(cast.hall1) + dt.timedelta(days=days)


def test_bad_input_names_the_field_and_writes_nothing(cast, complaint):
    with pytest.raises(ValidationError) as error:
        finding_from_complaint(complaint=complaint, by=cast.users["manager"], severity="enormous")
    assert "severity" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        finding_from_complaint(complaint=complaint, by=cast.users["manager"], owner=cast.users["manager_other"])
    assert "manager2" in error.value.message_dict["owner"][0]
    assert not Finding.objects.exists() and not CorrectiveAction.objects.exists()


@pytest.mark.parametrize("role", ["inspector", "staff", "manager_other"])
def test_only_the_halls_managers_and_hq_open_one(cast, complaint, role):
    with pytest.raises(PermissionDenied):
        finding_from_complaint(complaint=complaint, by=cast.users[role])
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", True),
        ("hq", True),
        ("manager", True),
        ("inspector", True),
        ("manager_other", False),
        ("hq_other", False),
        ("shopper", False),
        ("staff", False),
    ],
)
def test_hall_people_and_hq_see_a_complaint_finding_and_its_action(cast, complaint, role, sees):
    made = finding_from_complaint(complaint=complaint, by=cast.users["manager"])
    user = cast.users[role]

    assert Finding.objects.visible_to(user).filter(pk=made.finding.pk).exists() is sees
    assert CorrectiveAction.objects.visible_to(user).filter(pk=made.action.pk).exists() is sees


def test_the_owner_of_a_complaint_action_sees_it(cast, complaint, staffing_cast):
    made = finding_from_complaint(complaint=complaint, by=cast.users["manager"])
    CorrectiveAction.objects.filter(pk=made.action.pk).update(owner=cast.users["shopper"])

    assert CorrectiveAction.objects.visible_to(cast.users["shopper"]).filter(pk=made.action.pk).exists()


# --- the pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 302), ("hq", 302), ("inspector", 403), ("staff", 404), ("manager_other", 404), ("hq_other", 404)],
)
def test_who_may_post_the_button(cast, complaint, client, role, status):
    client.force_login(cast.users[role])

    response = client.post(f"/inspections/complaints/{complaint.pk}/corrective-action/", {"severity": "medium"})

    assert response.status_code == status
    assert Finding.objects.filter(complaint=complaint).exists() is (status == 302)


def test_the_complaint_page_offers_the_button_then_links_the_action(cast, complaint, client):
    client.force_login(cast.users["manager"])
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="complaint-action-open"' in page and "Open a corrective action" in page

    response = client.post(
        f"/inspections/complaints/{complaint.pk}/corrective-action/",
        {"severity": "critical", "description": "Queue target broken at TP15"},
    )
    action = CorrectiveAction.objects.get(finding__complaint=complaint)
    assert response.status_code == 302 and response.url == f"/inspections/actions/{action.pk}/"
    assert action.finding.description == "Queue target broken at TP15"

    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="complaint-action-open"' not in page
    assert f'href="/inspections/actions/{action.pk}/"' in page
    # Posting again goes to the same action and makes nothing new.
    again = client.post(f"/inspections/complaints/{complaint.pk}/corrective-action/", {"severity": "low"})
    assert again.url == f"/inspections/actions/{action.pk}/" and CorrectiveAction.objects.count() == 1


def test_a_bad_post_is_a_400_naming_the_field(cast, complaint, client):
    client.force_login(cast.users["manager"])

    response = client.post(f"/inspections/complaints/{complaint.pk}/corrective-action/", {"severity": "huge"})

    assert response.status_code == 400
    assert "severity" in response.context["form"].errors
    assert not Finding.objects.exists()


def test_the_lists_action_page_and_exports_cope_with_a_complaint_finding(cast, complaint, client, submit, patrol):
    from inspections.tests.builders import failing

    submit(patrol, overrides=failing(patrol, "door-clear"))  # an inspection finding beside it
    made = finding_from_complaint(complaint=complaint, by=cast.users["manager"])
    label = f"Complaint #{complaint.pk}"
    for role in ("manager", "inspector", "hq"):
        client.force_login(cast.users[role])
        findings = client.get("/inspections/findings/")
        assert findings.status_code == 200
        assert label in findings.content.decode()
        assert len(findings.context["page_obj"]) == 2
        actions = client.get("/inspections/actions/?f=1")
        assert actions.status_code == 200 and made.action in actions.context["page_obj"]
        detail = client.get(f"/inspections/actions/{made.action.pk}/")
        assert detail.status_code == 200
        assert label in detail.content.decode()
        csv = client.get("/inspections/export/findings.csv")
        assert csv.status_code == 200
        body = b"".join(csv.streaming_content) if csv.streaming else csv.content
        assert label in body.decode("utf-8-sig")
        assert client.get("/inspections/export/findings.xlsx").status_code == 200
        assert client.get("/api/v1/findings/").status_code == 200
    # The manager's action page links back to the complaint; the inspector (no complaints) sees the name only.
    client.force_login(cast.users["manager"])
    assert (
        f'href="/complaints/{complaint.pk}/"' in client.get(f"/inspections/actions/{made.action.pk}/").content.decode()
    )
    client.force_login(cast.users["inspector"])
    assert 'id="complaint-link"' not in client.get(f"/inspections/actions/{made.action.pk}/").content.decode()


def test_the_action_can_be_worked_and_verified_and_refuses_a_photo(cast, complaint, client):
    made = finding_from_complaint(complaint=complaint, by=cast.users["manager"])
    client.force_login(cast.users["manager"])
    assert client.post(f"/inspections/actions/{made.action.pk}/start/").status_code == 302
    assert (
        client.post(
            f"/inspections/actions/{made.action.pk}/done/", {"evidence_text": "Extra counter at peak"}
        ).status_code
        == 302
    )
    client.force_login(cast.users["inspector"])
    assert client.post(f"/inspections/actions/{made.action.pk}/verify/").status_code == 302
    # A photo belongs to an inspection: a complaint's action takes its evidence in words.
    other = finding_from_complaint(complaint=make_complaint(cast.hall1), by=cast.users["manager"])
    with pytest.raises(ValidationError) as error:
        action_done(action=other.action, by=cast.users["manager"], evidence_text="Fixed", evidence_photo=object())
    assert "evidence_photo" in error.value.message_dict
    made.action.refresh_from_db()
    assert made.action.status == "verified"


def test_overdue_complaint_actions_escalate(cast, complaint):
    made = finding_from_complaint(complaint=complaint, by=cast.users["manager"], severity="critical")
    CorrectiveAction.objects.filter(pk=made.action.pk).update(due_date=_hall_today(cast.hall1) - dt.timedelta(days=2))

    escalate_overdue()

    made.action.refresh_from_db()
    assert made.action.escalation_level == Escalation.HALL_MANAGER
