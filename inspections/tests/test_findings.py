"""Every failed item becomes a finding with a corrective action owned by the hall manager, due by severity;
the third failure of the same item in 30 days in one hall is recurring."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from inspections.models import CorrectiveAction, Finding
from inspections.tests.builders import failing


def test_each_failed_item_becomes_a_finding_with_an_action(cast, patrol, submit):
    inspection, _ = submit(patrol, overrides=failing(patrol, "greeted", "explained", "queue-wait", "temperature"))

    findings = {f.item_code: f for f in inspection.findings.select_related("touchpoint")}
    assert set(findings) == {"greeted", "explained", "queue-wait", "temperature"}
    assert findings["greeted"].touchpoint.code == "TP04"
    assert findings["greeted"].severity == "critical"  # a critical item
    assert findings["explained"].severity == "high"
    assert findings["queue-wait"].severity == "low"
    assert findings["temperature"].severity == "medium"
    assert findings["explained"].description == "Explained: 1 of 5."
    assert CorrectiveAction.objects.count() == 4


def test_the_action_belongs_to_the_hall_manager_and_is_due_by_severity(cast, patrol, submit):
    now = dt.datetime(2027, 3, 10, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
    submit(patrol, overrides=failing(patrol, "greeted", "explained", "queue-wait", "temperature"), now=now)

    due = {a.finding.item_code: a.due_date for a in CorrectiveAction.objects.select_related("finding")}
    assert due == {
        "greeted": dt.date(2027, 3, 11),  # critical: 1 day
        "explained": dt.date(2027, 3, 13),  # high: 3 days
        "temperature": dt.date(2027, 3, 17),  # medium: 7 days
        "queue-wait": dt.date(2027, 3, 24),  # low: 14 days
    }
    assert {a.owner for a in CorrectiveAction.objects.all()} == {cast.users["manager"]}
    assert {a.status for a in CorrectiveAction.objects.all()} == {"open"}


def test_the_due_date_counts_from_the_halls_local_date(cast, patrol, submit):
    late_evening_utc = dt.datetime(2027, 3, 10, 17, 0, tzinfo=dt.UTC)  # already the 11th in Shanghai

    submit(patrol, overrides=failing(patrol, "greeted"), now=late_evening_utc)

    assert CorrectiveAction.objects.get().due_date == dt.date(2027, 3, 12)


def test_the_action_history_starts_with_its_creation(cast, patrol, submit):
    submit(patrol, overrides=failing(patrol, "explained"))

    record = CorrectiveAction.objects.get().history.get()
    assert record.history_type == "+" and record.history_user == cast.users["inspector"]


def test_the_third_failure_in_30_days_is_recurring(cast, patrol, submit):
    start = timezone.now() - dt.timedelta(days=20)
    for days in (0, 10):
        submit(patrol, overrides=failing(patrol, "explained"), now=start + dt.timedelta(days=days))
    assert not Finding.objects.filter(recurring=True).exists()

    third, _ = submit(patrol, overrides=failing(patrol, "explained", "temperature"), now=start + dt.timedelta(days=20))

    flags = dict(third.findings.values_list("item_code", "recurring"))
    assert flags == {"explained": True, "temperature": False}


def test_failures_more_than_30_days_apart_are_not_recurring(cast, patrol, submit):
    start = timezone.now() - dt.timedelta(days=70)
    for days in (0, 31, 62):
        inspection, _ = submit(patrol, overrides=failing(patrol, "explained"), now=start + dt.timedelta(days=days))

    assert inspection.findings.get().recurring is False


def test_failures_in_another_hall_do_not_count(cast, patrol, submit):
    start = timezone.now() - dt.timedelta(days=10)
    submit(patrol, who="hq", hall=cast.hall2, overrides=failing(patrol, "explained"), now=start)
    submit(patrol, who="hq", hall=cast.hall2, overrides=failing(patrol, "explained"), now=start)

    inspection, _ = submit(patrol, overrides=failing(patrol, "explained"))

    assert inspection.findings.get().recurring is False


def test_a_hall_without_a_manager_account_gives_the_action_to_its_duty_manager(cast, staffing_cast, patrol, submit):
    from staffing.models import StaffMember

    inspection, _ = submit(patrol, who="hq", hall=cast.hall2, overrides=failing(patrol, "explained"))
    assert inspection.findings.get().actions.get().owner == cast.users["manager_other"]

    cast.users["manager_other"].role_assignments.all().delete()
    inspection, _ = submit(patrol, who="hq", hall=cast.hall2, overrides=failing(patrol, "temperature"))
    action = inspection.findings.get().actions.get()
    assert action.owner is None and action.owner_staff is None  # nobody is in charge of hall2: HQ will hear

    StaffMember.objects.filter(pk=staffing_cast.member2.pk).update(position="duty_manager")
    inspection, _ = submit(patrol, who="hq", hall=cast.hall2, overrides=failing(patrol, "queue-wait"))
    assert inspection.findings.get().actions.get().owner_staff == staffing_cast.member2
