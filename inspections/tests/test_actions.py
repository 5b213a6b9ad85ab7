"""Corrective actions through the closed loop, who may take each step, and escalation of overdue ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Notification
from inspections import services
from inspections.models import CorrectiveAction
from inspections.tasks import escalate_overdue_actions
from inspections.tests.builders import failing, make_version
from inspections.tests.test_photos import png


@pytest.fixture
def action(cast, patrol, submit):
    submit(patrol, overrides=failing(patrol, "explained"))
    return CorrectiveAction.objects.get()


def test_the_closed_loop_start_done_verify(cast, action):
    action = services.action_start(action=action, by=cast.users["manager"])
    assert action.status == "in_progress"

    action = services.action_done(action=action, by=cast.users["manager"], evidence_text="Briefed the consultants")
    assert action.status == "done" and action.done_by == cast.users["manager"]

    action = services.action_verify(action=action, by=cast.users["inspector"])
    assert action.status == "verified" and action.verified_by == cast.users["inspector"]
    assert [h.status for h in action.history.order_by("history_date")] == ["open", "in_progress", "done", "verified"]


def test_done_needs_evidence(cast, action):
    with pytest.raises(ValidationError) as excinfo:
        services.action_done(action=action, by=cast.users["manager"], evidence_text="  ")

    assert "evidence_text" in excinfo.value.message_dict
    assert CorrectiveAction.objects.get().status == "open"


def test_evidence_can_carry_a_photo(cast, action):
    from django.core.files.uploadedfile import SimpleUploadedFile

    action = services.action_done(
        action=action,
        by=cast.users["manager"],
        evidence_text="New price tags",
        evidence_photo=SimpleUploadedFile("after.png", png()),
    )

    assert action.evidence_photo.inspection == action.finding.inspection


def test_the_manager_may_not_verify_their_own_fix(cast, action):
    services.action_done(action=action, by=cast.users["manager"], evidence_text="Fixed")

    with pytest.raises(PermissionDenied):
        services.action_verify(action=action, by=cast.users["manager"])
    assert CorrectiveAction.objects.get().status == "done"


def test_the_inspector_may_not_mark_it_done(cast, action):
    with pytest.raises(PermissionDenied):
        services.action_done(action=action, by=cast.users["inspector"], evidence_text="Fixed")


def test_a_step_out_of_order_is_refused(cast, action):
    with pytest.raises(ValidationError, match="cannot be verified"):
        services.action_verify(action=action, by=cast.users["inspector"])


def test_reopening_gives_a_new_due_date_and_clears_the_escalation(cast, action):
    CorrectiveAction.objects.filter(pk=action.pk).update(escalation_level=1, due_date=dt.date(2020, 1, 1))
    action.refresh_from_db()
    services.action_done(action=action, by=cast.users["manager"], evidence_text="Fixed")

    action = services.action_reopen(action=action, by=cast.users["inspector"], reason="Still explained badly")

    assert action.status == "reopened" and action.reopened_count == 1
    assert action.escalation_level == 0
    assert action.due_date == timezone.localdate() + dt.timedelta(days=3)  # high severity
    services.action_start(action=action, by=cast.users["manager"])


def test_the_api_steps_and_their_permissions(cast, action):
    manager, inspector = APIClient(), APIClient()
    manager.force_authenticate(cast.users["manager"])
    inspector.force_authenticate(cast.users["inspector"])
    url = f"/api/v1/corrective-actions/{action.pk}/"

    assert inspector.post(url + "start/").status_code == 403
    assert manager.post(url + "done/", {"evidence_text": ""}, format="json").status_code == 400
    assert manager.post(url + "done/", {"evidence_text": "Fixed"}, format="json").json()["status"] == "done"
    assert manager.post(url + "verify/").status_code == 403
    assert inspector.post(url + "reopen/", {"reason": "No"}, format="json").json()["status"] == "reopened"


# --- escalation -------------------------------------------------------------------------------------------


def _overdue(action: CorrectiveAction, days: int) -> None:
    CorrectiveAction.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - dt.timedelta(days=days))


def test_an_overdue_action_goes_to_the_hall_manager(cast, action):
    _overdue(action, 1)

    assert services.escalate_overdue() == {"hall_manager": 1, "hq": 0}

    action.refresh_from_db()
    assert action.escalation_level == 1
    note = Notification.objects.get()
    assert note.user == cast.users["manager"] and not note.urgent
    assert note.title == "1 corrective action is overdue in Hall A001"


def test_four_days_overdue_goes_to_hq_urgently(cast, action):
    _overdue(action, 4)

    services.escalate_overdue()

    action.refresh_from_db()
    assert action.escalation_level == 2
    hq = Notification.objects.get(user=cast.users["hq"])
    assert hq.urgent and "A001" in hq.title
    assert not Notification.objects.filter(user=cast.users["hq_other"]).exists()


def test_escalation_happens_once_per_level_and_messages_are_merged(cast, patrol, submit, action):
    submit(patrol, overrides=failing(patrol, "temperature"))
    for each in CorrectiveAction.objects.all():
        _overdue(each, 1)

    first = services.escalate_overdue()
    second = services.escalate_overdue()

    assert first == {"hall_manager": 2, "hq": 0} and second == {"hall_manager": 0, "hq": 0}
    note = Notification.objects.get(user=cast.users["manager"])
    assert note.title == "2 corrective actions are overdue in Hall A001"


def test_done_and_verified_actions_do_not_escalate(cast, action):
    services.action_done(action=action, by=cast.users["manager"], evidence_text="Fixed")
    _overdue(action, 5)

    assert services.escalate_overdue() == {"hall_manager": 0, "hq": 0}


def test_an_unpublished_mystery_shop_does_not_escalate(cast, submit):
    version = make_version(kind="mystery_shop", name="Mystery")
    submit(version, who="shopper", overrides=failing(version, "explained"))
    _overdue(CorrectiveAction.objects.get(), 5)

    assert escalate_overdue_actions.delay().get() == {"hall_manager": 0, "hq": 0}
