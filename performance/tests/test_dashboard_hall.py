"""The hall manager's "today": numbers against hand-built data (queue, floor, presses, follow-ups, the latest
mystery shop, the pool), scope (another hall 404, staff and inspectors 403), the JSON, the CSVs and a query
count that does not grow with tickets, shifts, presses or assignments."""

from __future__ import annotations

import datetime as dt
import sys
import types
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from halls.models import QueueHour, QueueTicket, SpecialDay
from halls.queue import roll_up
from inspections.models import Assignment, ChecklistTemplate, CorrectiveAction, Finding
from performance.dashboards.hall_today import hall_today, wait_status
from staffing.models import DemandProfile, Roster, Shift
from staffing.tests.factories import StaffMemberFactory
from touchpoints.models import DevicePress, Touchpoint

from .builders import complaint, shop

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 5, 6)  # a Wednesday; the test halls open 09:00-18:00 every day
NOW = dt.datetime(2026, 5, 6, 11, 30, tzinfo=SHANGHAI)


def local(hour: int, minute: int = 0, day: dt.date = TODAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW.astimezone(dt.UTC))
    return NOW


def make_queue(hall, served_waits=(60, 120, 300, 900), walk_outs=1, waiting=((11, 10), (11, 20)), prefix="T"):
    """Served tickets issued at 10:00 (waits as given), walk-outs at 10:30, and tickets still waiting."""
    tickets = []
    for index, wait in enumerate(served_waits):
        issued = local(10)
        tickets.append(
            QueueTicket(
                hall=hall,
                day=TODAY,
                ticket=f"{prefix}S{index}",
                tier="ordinary",
                issued_at=issued,
                called_at=issued + dt.timedelta(seconds=wait),
                served_at=issued + dt.timedelta(seconds=wait + 300),
                hour=10,
                wait_seconds=wait,
                counter=1,
            )
        )
    for index in range(walk_outs):
        issued = local(10, 30)
        tickets.append(
            QueueTicket(
                hall=hall,
                day=TODAY,
                ticket=f"{prefix}W{index}",
                tier="ordinary",
                issued_at=issued,
                left_at=issued + dt.timedelta(minutes=20),
                hour=10,
                walked_out=True,
            )
        )
    for index, (hour, minute) in enumerate(waiting):
        tickets.append(
            QueueTicket(
                hall=hall,
                day=TODAY,
                ticket=f"{prefix}Q{index}",
                tier="ordinary",
                issued_at=local(hour, minute),
                hour=hour,
            )
        )
    QueueTicket.objects.bulk_create(tickets)
    QueueHour.objects.filter(hall=hall, day=TODAY).delete()
    everything = list(QueueTicket.objects.filter(hall=hall, day=TODAY))
    QueueHour.objects.bulk_create(roll_up(hall=hall, tickets=everything, target_wait_seconds=600))


def make_roster(hall, people):
    """A published roster of the week with one shift per (member, role, counter, from, to) today."""
    roster, _ = Roster.objects.get_or_create(
        hall=hall, start_date=TODAY - dt.timedelta(days=2), defaults={"weeks": 1, "status": "published"}
    )
    for member, role, counter, start, end in people:
        Shift.objects.create(
            roster=roster,
            staff=member,
            day=TODAY,
            role=role,
            counter=counter,
            starts_at=local(*start),
            ends_at=local(*end),
        )
    return roster


def make_presses(hall, counts, prefix="p"):
    """counts: [(hour, counter, rating, how many)]."""
    rows = []
    for hour, counter, rating, many in counts:
        for index in range(many):
            rows.append(
                DevicePress(
                    hall=hall,
                    source_event_id=f"{prefix}{hour}-{counter}-{rating}-{index}",
                    counter=counter,
                    occurred_at=local(hour, index % 60),
                    service_day=TODAY,
                    rating=rating,
                    attribution="nobody",
                )
            )
    DevicePress.objects.bulk_create(rows)


def make_assignments(hall, overdue=1, due_later=1, tomorrow=1, minute=0):
    template, _ = ChecklistTemplate.objects.get_or_create(kind="opening", name="Opening")
    rows = []
    slots = [local(8, minute + i) for i in range(overdue)] + [local(15, minute + i) for i in range(due_later)]
    slots += [local(15, minute + i, TODAY + dt.timedelta(days=1)) for i in range(tomorrow)]
    for due in slots:
        rows.append(
            Assignment(
                hall=hall,
                kind="opening",
                template=template,
                window_start=due - dt.timedelta(hours=1),
                due_at=due,
                status="overdue" if due < NOW else "scheduled",
            )
        )
    Assignment.objects.bulk_create(rows)


def make_action(hall, due, escalation=0, status="open"):
    finding = Finding.objects.create(
        hall=hall,
        complaint=complaint(hall, None, due),
        touchpoint=Touchpoint.objects.get(code="TP15"),
        description="Rude",
        found_at=local(9, day=due),
    )
    return CorrectiveAction.objects.create(
        finding=finding, hall=hall, description="Coach", due_date=due, status=status, escalation_level=escalation
    )


@pytest.fixture
def today_data(cast, staffing_cast, frozen):
    hall = cast.hall1
    DemandProfile.objects.create(hall=hall, target_wait_minutes=Decimal("10"))
    make_queue(hall)
    make_roster(
        hall,
        [
            (staffing_cast.member1, "counter", 1, (9, 0), (13, 0)),
            (staffing_cast.member1b, "greeter", None, (12, 0), (18, 0)),
        ],
    )
    make_presses(hall, [(10, 1, "satisfied", 3), (10, 1, "dissatisfied", 1), (11, 2, "neutral", 2)])
    make_assignments(hall)
    make_action(hall, TODAY)
    make_action(hall, TODAY - dt.timedelta(days=2), escalation=1)
    make_action(hall, TODAY - dt.timedelta(days=3), status="verified")
    return hall


def test_the_numbers_are_those_of_the_built_day(cast, staffing_cast, today_data):
    data = hall_today(user=cast.users["manager"], hall=today_data)
    queue = data["queue"]
    assert data["today"] == "2026-05-06" and data["now"] == "11:30"
    assert data["is_open_today"] and data["is_open_now"]
    assert queue["waiting_now"] == 2
    assert queue["longest_wait_now_seconds"] == 20 * 60  # issued 11:10, now 11:30
    assert queue["tickets"] == 7 and queue["served"] == 4 and queue["walk_outs"] == 1
    assert queue["mean_wait_seconds"] == 345.0  # (60 + 120 + 300 + 900) / 4
    assert queue["p90_wait_seconds"] == 900  # nearest rank: the 4th of 4
    assert queue["target_wait_seconds"] == 600
    assert queue["within_target_percent"] == 75.0
    assert queue["status"] == "amber"  # the mean is within the target, the 90th percentile is not
    assert [hour["hour"] for hour in queue["hours"]] == [10, 11]
    assert queue["hours"][0]["tickets"] == 5 and queue["hours"][0]["walk_outs"] == 1

    floor = data["floor"]
    assert [row["name"] for row in floor["on_floor_now"]] == ["Zhou Xin"]
    assert floor["shifts_today"] == 2
    by_start = {slot["start"]: slot for slot in floor["slots"]}
    assert by_start["11:30"]["scheduled"] == 1 and by_start["11:30"]["is_now"]
    assert by_start["12:30"]["scheduled"] == 2
    assert by_start["17:30"]["scheduled"] == 1
    assert floor["needed_now"] == by_start["11:30"]["needed"]

    presses = data["satisfaction"]
    assert (presses["satisfied"], presses["neutral"], presses["dissatisfied"], presses["total"]) == (3, 2, 1, 6)
    assert presses["satisfied_percent"] == 50.0
    assert [(h["hour"], h["total"]) for h in presses["hours"]] == [(10, 4), (11, 2)]
    assert [(c["counter"], c["satisfied_percent"]) for c in presses["counters"]] == [(1, 75.0), (2, 0.0)]

    follow = data["follow_up"]
    assert follow["inspections_overdue"] == 1 and follow["inspections_due_today"] == 1
    assert [row["overdue"] for row in follow["assignments"]] == [True, False]  # tomorrow's is not listed
    assert follow["actions_open"] == 2 and follow["actions_due_today"] == 1
    assert follow["actions_overdue"] == 1 and follow["actions_escalated"] == 1


def test_wait_status_reads_the_target():
    assert wait_status(None, None, 600) == "none"
    assert wait_status(200.0, 500, 600) == "green"
    assert wait_status(500.0, 900, 600) == "amber"
    assert wait_status(700.0, 900, 600) == "red"


def test_a_closed_day_says_so(client, cast, frozen):
    SpecialDay.objects.create(hall=cast.hall1, date=TODAY, closed=True, reason="Holiday")
    client.force_login(cast.users["manager"])
    page = client.get(f"/performance/halls/{cast.hall1.pk}/today/").content.decode()
    data = client.get(f"/performance/halls/{cast.hall1.pk}/today.json").json()
    assert data["is_open_today"] is False and data["floor"]["slots"] == []
    assert 'class="alert alert-secondary" role="status" id="closed-today"' in page


def test_the_latest_published_shop_hides_the_shopper_from_the_hall(cast, staffing_cast, frozen):
    shopper = cast.users["shopper"]
    shop(cast.hall1, staffing_cast.member1, TODAY - dt.timedelta(days=9), "81.5", shopper)
    shop(cast.hall1, staffing_cast.member1, TODAY - dt.timedelta(days=2), "90.0", shopper, published=False)
    manager = hall_today(user=cast.users["manager"], hall=cast.hall1)["mystery_shop"]
    hq = hall_today(user=cast.users["hq"], hall=cast.hall1)["mystery_shop"]
    assert manager["overall"] == 81.5 and manager["shopper"] == "Mystery shopper"
    assert hq["shopper"] == (shopper.get_full_name() or shopper.username)


def test_the_pool_panel_follows_the_preview(cast, frozen, monkeypatch):
    module = types.ModuleType("performance.incentives.breakdown")
    calls = []

    def preview_pool(*, hall, month):
        calls.append((hall.pk, month))
        return None if hall.pk == cast.hall2.pk else {"pool": Decimal("1234.50"), "factor": Decimal("1.0500")}

    module.preview_pool = preview_pool
    monkeypatch.setitem(sys.modules, "performance.incentives.breakdown", module)
    assert hall_today(user=cast.users["hq"], hall=cast.hall1)["pool"] == {
        "state": "ok",
        "month": "2026-05",
        "pool": "1234.50",
        "factor": "1.0500",
    }
    assert hall_today(user=cast.users["hq"], hall=cast.hall2)["pool"]["state"] == "none"
    assert calls == [(cast.hall1.pk, dt.date(2026, 5, 1)), (cast.hall2.pk, dt.date(2026, 5, 1))]


def test_scope_other_halls_404_staff_and_inspectors_403(client, cast, staffing_cast, today_data):
    url = f"/performance/halls/{today_data.pk}"
    for role, status in (("manager", 200), ("hq", 200), ("admin", 200), ("manager_other", 404), ("hq_other", 404)):
        client.force_login(cast.users[role])
        assert client.get(f"{url}/today/").status_code == status, role
        assert client.get(f"{url}/today.json").status_code == status, role
        assert client.get(f"{url}/today/queue.csv").status_code == status, role
    for role in ("staff", "inspector", "shopper"):
        client.force_login(cast.users[role])
        assert client.get(f"{url}/today/").status_code == 403, role
        assert client.get(f"{url}/today.json").status_code == 403, role


def test_the_page_and_the_json_show_the_same_day(client, cast, staffing_cast, today_data):
    client.force_login(cast.users["manager"])
    page = client.get(f"/performance/halls/{today_data.pk}/today/")
    data = client.get(f"/performance/halls/{today_data.pk}/today.json").json()
    html = page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    assert 'id="tile-waiting" data-bind="queue.waiting_now" data-format="int">2<' in html
    assert 'id="queue-p90">15:00<' in html
    assert "Zhou Xin" in html and 'id="today-data"' in html
    assert data["queue"]["waiting_now"] == 2 and data["hall"]["code"] == "A001"
    assert f"/inspections/actions/?hall={today_data.pk}&amp;overdue=true" in html


def test_the_csvs_carry_the_numbers(client, cast, staffing_cast, today_data):
    client.force_login(cast.users["manager"])
    base = f"/performance/halls/{today_data.pk}/today"
    queue = client.get(f"{base}/queue.csv").content.decode("utf-8-sig").splitlines()
    assert queue[0].startswith("hall,day,hour,tickets")
    assert queue[1] == "A001,2026-05-06,10:00,5,4,1,345.0,900,600,75.0"
    assert queue[-1] == "A001,2026-05-06,day,7,4,1,345.0,900,600,75.0"
    floor = client.get(f"{base}/floor.csv").content.decode("utf-8-sig").splitlines()
    assert floor[0].startswith("hall,day,slot,period,needed,rostered,short")
    assert any(line.startswith("A001,2026-05-06,12:30,") and ",2," in line for line in floor)
    presses = client.get(f"{base}/satisfaction.csv").content.decode("utf-8-sig").splitlines()
    assert "A001,2026-05-06,counter,1,3,0,1,4,75.0" in presses
    follow = client.get(f"{base}/follow-up.csv").content.decode("utf-8-sig").splitlines()
    assert "A001,2026-05-06,actions_overdue,1" in follow
    summary = client.get(f"{base}/summary.csv").content.decode("utf-8-sig").splitlines()
    assert "A001,2026-05-06,waiting_now,2" in summary
    assert client.get(f"{base}/other.csv").status_code == 404


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_is_pinned_and_does_not_grow(client, cast, staffing_cast, today_data):
    client.force_login(cast.users["manager"])
    page = f"/performance/halls/{today_data.pk}/today/"
    json_url = f"/performance/halls/{today_data.pk}/today.json"
    small_page, small_json = _count_queries(client, page), _count_queries(client, json_url)
    make_queue(today_data, served_waits=range(30, 3000, 30), walk_outs=5, waiting=((11, 25),) * 8, prefix="X")
    make_presses(today_data, [(9, 3, "satisfied", 40), (11, 4, "dissatisfied", 15)], prefix="x")
    extra = [StaffMemberFactory(hall=today_data, name=f"Extra {index}") for index in range(3)]
    make_roster(today_data, [(member, "counter", 2 + index, (9, 0), (12, 0)) for index, member in enumerate(extra)])
    make_assignments(today_data, overdue=4, due_later=4, tomorrow=3, minute=10)
    for _ in range(3):
        make_action(today_data, TODAY - dt.timedelta(days=1), escalation=2)
    assert _count_queries(client, page) == small_page
    assert _count_queries(client, json_url) == small_json
    assert small_page <= 32 and small_json <= 30


def test_the_chooser_takes_a_one_hall_manager_straight_there(client, cast):
    client.force_login(cast.users["manager"])
    response = client.get("/performance/today/")
    assert response.status_code == 302 and response["Location"] == f"/performance/halls/{cast.hall1.pk}/today/"
    client.force_login(cast.users["hq"])
    listing = client.get("/performance/today/").content.decode()
    assert f"/performance/halls/{cast.hall1.pk}/today/" in listing and "B001" not in listing
    client.force_login(cast.users["staff"])
    assert client.get("/performance/today/").status_code == 403


def test_home_links_a_manager_to_today(client, cast):
    client.force_login(cast.users["manager"])
    home = client.get("/").content.decode()
    assert f'href="/performance/halls/{cast.hall1.pk}/today/"' in home
    client.force_login(cast.users["inspector"])
    assert "/today/" not in client.get("/").content.decode().replace("/inspections/today/", "")
