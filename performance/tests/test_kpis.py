"""KPI facts against hand-worked examples, period values as sum(num)/sum(den), idempotent rebuilds, status
thresholds in both directions, the scorecard page's scope and its query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from halls.models import QueueHour, QueueTicket
from halls.queue import roll_up
from inspections.choices import InspectionKind
from inspections.models import Assignment, ChecklistTemplate, CorrectiveAction, Finding
from performance.kpi_models import DailyFact, KpiDefinition, KpiTarget, SalesFigure, status_for
from performance.kpis.definitions import nearest_rank_p90_of, value_of
from performance.kpis.facts import rebuild
from performance.kpis.scorecard import hall_scorecard
from performance.tasks import kpi_nightly
from touchpoints.models import DevicePress, Touchpoint

from .builders import at, complaint

D = dt.date(2026, 3, 10)
D2 = D + dt.timedelta(days=1)
MARCH = dt.date(2026, 3, 1)
_seq = iter(range(1, 10**6))


def _press(hall, day, rating, tier=""):
    return DevicePress(
        hall=hall,
        source_event_id=f"k{next(_seq)}",
        counter=1,
        occurred_at=at(day),
        service_day=day,
        rating=rating,
        tier=tier,
        attribution="none",
    )


def _tickets(hall, day, waits, walk_outs=0):
    tickets = []
    for index, wait in enumerate(waits):
        issued = at(day, 10) + dt.timedelta(minutes=index)
        tickets.append(
            QueueTicket(
                hall=hall,
                day=day,
                ticket=f"A{index}",
                tier="ordinary",
                issued_at=issued,
                called_at=issued + dt.timedelta(seconds=wait),
                served_at=issued + dt.timedelta(seconds=wait + 300),
                hour=10,
                wait_seconds=wait,
            )
        )
    for index in range(walk_outs):
        tickets.append(QueueTicket(hall=hall, day=day, ticket=f"W{index}", tier="ordinary", hour=10, walked_out=True))
    QueueTicket.objects.bulk_create(tickets)
    QueueHour.objects.bulk_create(roll_up(hall=hall, tickets=tickets, target_wait_seconds=600))


def _action(hall, due, done_at=None):
    found = complaint(hall, None, due)
    finding = Finding.objects.create(
        hall=hall,
        complaint=found,
        touchpoint=Touchpoint.objects.get(code="TP15"),
        description="Rude",
        found_at=at(due),
    )
    return CorrectiveAction.objects.create(
        finding=finding,
        hall=hall,
        description="Coach",
        due_date=due,
        done_at=done_at,
        status="done" if done_at else "open",
    )


def _assignments(hall, day, **counts):
    template, _created = ChecklistTemplate.objects.get_or_create(kind=InspectionKind.OPENING, name="Opening")
    rows = [
        Assignment(
            hall=hall,
            kind="opening",
            template=template,
            window_start=at(day, 8) + dt.timedelta(minutes=index),
            due_at=at(day, 10),
            status=status,
        )
        for index, status in enumerate(status for status, count in counts.items() for _ in range(count))
    ]
    Assignment.objects.bulk_create(rows)


@pytest.fixture
def story(cast):
    """Hall1 on D: 10 presses (gold 2/2 satisfied, ordinary 5/8), on D2 1/2; ten served tickets waiting
    60..540 s and 1200 s plus one walk-out; 2 complaints; assignments 3 done, 1 overdue, 1 scheduled, 1
    cancelled; three actions due D: done 15:00 (on time), done 00:30 the next local day (late), open."""
    hall = cast.hall1
    presses = [_press(hall, D, "satisfied", "gold") for _ in range(2)]
    presses += [_press(hall, D, "satisfied", "ordinary") for _ in range(5)]
    presses += [_press(hall, D, "dissatisfied", "ordinary") for _ in range(3)]
    presses += [_press(hall, D2, "satisfied"), _press(hall, D2, "neutral")]
    DevicePress.objects.bulk_create(presses)
    _tickets(hall, D, [60, 120, 180, 240, 300, 360, 420, 480, 540, 1200], walk_outs=1)
    complaint(hall, None, D)
    complaint(hall, None, D)
    _assignments(hall, D, done=3, overdue=1, scheduled=1, cancelled=1)
    _action(hall, D, done_at=at(D, 15))
    _action(hall, D, done_at=at(D2, 0) + dt.timedelta(minutes=30))  # 16:30 UTC on D: late in the hall's zone
    _action(hall, D)
    rebuild(first=D, last=D2, halls=[hall])
    return hall


def _fact(hall, code, day=D):
    return DailyFact.objects.get(hall=hall, kpi__code=code, day=day)


def _value(hall, code, first=D, last=D):
    facts = DailyFact.objects.filter(hall=hall, kpi__code=code, day__range=(first, last))
    return value_of(
        code,
        sum((f.numerator for f in facts), Decimal(0)),
        sum((f.denominator for f in facts), Decimal(0)),
        [f.histogram for f in facts],
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("satisfaction", Decimal("70.0")),  # 7 satisfied of 10
        ("satisfaction_gold", Decimal("100.0")),
        ("satisfaction_ordinary", Decimal("62.5")),  # 5 of 8
        ("complaints_per_1000", Decimal("500.00")),  # 2 + 3 behind the actions = 5 complaints, 10 served
        ("wait_mean", Decimal("6.5")),  # 3,900 s / 10 = 390 s
        ("wait_p90", Decimal("9.0")),  # ceil(0.9 x 10) = 9th smallest = 540 s
        ("within_target", Decimal("90.0")),  # 9 of 10 within 600 s
        ("walk_outs", Decimal("9.1")),  # 1 of 11 tickets
        ("inspection_completion", Decimal("75.0")),  # 3 done / (3 done + 1 overdue)
        ("actions_on_time", Decimal("33.3")),  # 1 of 3 due
    ],
)
def test_hand_worked_facts(story, code, expected):
    assert _value(story, code) == expected


def test_complaint_counts_on_its_local_day(story, cast):
    # 23:30 local on D2 counts on D2 (it is 15:30 UTC the same day).
    late = complaint(story, None, D2)
    late.occurred_at = at(D2, 23) + dt.timedelta(minutes=30)
    late.save(update_fields=["occurred_at"])
    rebuild(first=D, last=D2, halls=[story])
    assert _fact(story, "complaints_per_1000").numerator == 5
    # No one was served on D2: the complaint is kept (0 served) and the day has no value of its own.
    assert _fact(story, "complaints_per_1000", D2).numerator == 1
    assert _value(story, "complaints_per_1000", D2, D2) is None


def test_period_value_is_sum_over_sum_not_mean_of_days(story):
    assert _value(story, "satisfaction", D2, D2) == Decimal("50.0")
    # (7 + 1) / (10 + 2) = 66.7, where the mean of the daily rates would be 60.0.
    assert _value(story, "satisfaction", D, D2) == Decimal("66.7")


def test_p90_over_a_period_merges_the_histograms(cast):
    _tickets(cast.hall1, D, [100] * 9)
    _tickets(cast.hall1, D2, [1000] * 1)
    rebuild(first=D, last=D2, halls=[cast.hall1])
    # Ten waits: nine of 100 s and one of 1000 s; the 9th smallest is 100 s (a mean of daily p90s: 550 s).
    assert _value(cast.hall1, "wait_p90", D, D2) == Decimal("1.7")
    assert nearest_rank_p90_of({"100": 9, "1000": 1}) == 100


def test_rebuild_is_idempotent(story):
    before = sorted(DailyFact.objects.values_list("kpi__code", "day", "numerator", "denominator"))
    assert len(before) >= 15
    rebuild(first=D, last=D2, halls=[story])
    call_command("kpi_rebuild", "--from", D.isoformat(), "--to", D2.isoformat(), "--hall", story.code)
    after = sorted(DailyFact.objects.values_list("kpi__code", "day", "numerator", "denominator"))
    assert after == before


def test_rebuild_picks_up_changed_sources_and_leaves_other_halls(story, cast):
    _tickets(cast.hall2, D, [60])
    rebuild(first=D, last=D, halls=[cast.hall2])
    DevicePress.objects.filter(hall=story, service_day=D, rating="dissatisfied").update(rating="satisfied")
    call_command("kpi_rebuild", "--from", D.isoformat(), "--to", D.isoformat(), "--hall", story.code)
    assert _value(story, "satisfaction") == Decimal("100.0")
    assert DailyFact.objects.filter(hall=cast.hall2, kpi__code="wait_mean").count() == 1


def test_command_refuses_bad_input(cast):
    with pytest.raises(CommandError, match="No hall"):
        call_command("kpi_rebuild", "--from", "2026-03-01", "--to", "2026-03-02", "--hall", "NOPE")
    with pytest.raises(CommandError, match="before"):
        call_command("kpi_rebuild", "--from", "2026-03-02", "--to", "2026-03-01")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("kpi_rebuild", "--from", "2026-3", "--to", "2026-03-01")


def test_nightly_task_rebuilds_the_last_days(cast):
    yesterday = cast.hall1.local_now().date() - dt.timedelta(days=1)
    DevicePress.objects.bulk_create([_press(cast.hall1, yesterday, "satisfied")])
    assert kpi_nightly(hall_ids=[cast.hall1.pk]) > 0
    assert _fact(cast.hall1, "satisfaction", yesterday).numerator == 1


def test_sales_against_target_on_the_first_of_the_month(cast):
    SalesFigure.objects.create(
        hall=cast.hall1, month=MARCH, new_lines=45, new_lines_target=50, broadband=0, broadband_target=0
    )
    rebuild(first=MARCH, last=MARCH, halls=[cast.hall1])
    assert _value(cast.hall1, "sales_new_lines", MARCH, MARCH) == Decimal("90.0")
    assert not DailyFact.objects.filter(kpi__code="sales_broadband").exists()  # no target, no fact


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("higher", "95", "green"),
        ("higher", "94.9", "amber"),
        ("higher", "90", "amber"),
        ("higher", "89.9", "red"),
        ("lower", "8", "green"),
        ("lower", "8.1", "amber"),
        ("lower", "12", "amber"),
        ("lower", "12.1", "red"),
    ],
)
def test_status_thresholds(direction, value, expected):
    green, amber = (Decimal(95), Decimal(90)) if direction == "higher" else (Decimal(8), Decimal(12))
    assert status_for(Decimal(value), direction=direction, green=green, amber=amber) == expected
    assert status_for(None, direction=direction, green=green, amber=amber) is None


def test_scorecard_uses_the_months_own_target_over_the_default(story):
    kpi = KpiDefinition.objects.get(code="satisfaction")
    lines = {line.kpi.code: line for line in hall_scorecard(hall=story, month=MARCH)}
    assert lines["satisfaction"].value == Decimal("66.7")
    assert lines["satisfaction"].status == "red"  # default self-owned target 95 / 90
    KpiTarget.objects.create(kpi=kpi, hall_kind=story.kind, month=MARCH, green=60, amber=50)
    lines = {line.kpi.code: line for line in hall_scorecard(hall=story, month=MARCH)}
    assert lines["satisfaction"].status == "green"
    assert lines["satisfaction"].previous is None and lines["satisfaction"].trend is None


def test_scorecard_trend_against_previous_month(story):
    february = dt.date(2026, 2, 10)
    DevicePress.objects.bulk_create([_press(story, february, "satisfied"), _press(story, february, "dissatisfied")])
    rebuild(first=february, last=february, halls=[story])
    line = next(line for line in hall_scorecard(hall=story, month=MARCH) if line.kpi.code == "satisfaction")
    assert (line.previous, line.trend) == (Decimal("50.0"), "better")


@pytest.mark.parametrize(
    ("role", "hall", "status"),
    [
        ("manager", "hall1", 200),
        ("hq", "hall1", 200),
        ("admin", "hall_b", 200),
        ("manager", "hall2", 404),
        ("hq_other", "hall1", 404),
        ("staff", "hall1", 403),
        ("inspector", "hall1", 403),
    ],
)
def test_scorecard_scope(client, cast, role, hall, status):
    client.force_login(cast.users[role])
    pk = getattr(cast, hall).pk
    assert client.get(reverse("performance:hall_scorecard", args=[pk]), {"month": "2026-03"}).status_code == status
    assert client.get(reverse("performance:hall_scorecard_csv", args=[pk]), {"month": "2026-03"}).status_code == status


def test_scorecard_page_and_csv(client, cast, story):
    client.force_login(cast.users["manager"])
    response = client.get(reverse("performance:hall_scorecard", args=[story.pk]), {"month": "2026-03"})
    content = response.content.decode()
    assert 'data-kpi="satisfaction" data-status="red"' in content
    assert "66.7" in content
    csv_text = client.get(reverse("performance:hall_scorecard_csv", args=[story.pk]), {"month": "2026-03"}).content
    row = next(line for line in csv_text.decode().splitlines() if ",satisfaction," in line)
    assert row.startswith("A001,2026-03,customer,satisfaction,") and ",66.7,8" in row
    assert row.endswith(",95.00,90.00,red")
    bad = client.get(reverse("performance:hall_scorecard", args=[story.pk]), {"month": "March"})
    assert bad.status_code == 400 and "YYYY-MM" in bad.content.decode()


def test_scorecard_query_count_does_not_grow_with_days(client, cast, story):
    client.force_login(cast.users["manager"])
    url = reverse("performance:hall_scorecard", args=[story.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"month": "2026-03"}).status_code == 200
    for offset in range(2, 20):
        _tickets(story, D + dt.timedelta(days=offset), [60, 700])
    rebuild(first=D, last=D + dt.timedelta(days=20), halls=[story])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"month": "2026-03"}).status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 20
