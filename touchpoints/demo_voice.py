"""Demo data of the customer's voice: four weeks of published rosters with counters, of queue tickets and
satisfaction-device presses for every open demo hall, and a handful of complaints.

Consistent with the staffing demo: tickets arrive as the hall's recorded arrivals per 30-minute slot (about
four in five arrivals take a ticket), counters are open as rostered, and a small queue simulation (first
come, first served at the first free counter, handling about eight minutes, customers who give up after a
while) gives the waits; presses are more often "dissatisfied" after a long wait and less often with a
higher-star clerk. Everything goes through the same refresh as real data (tickets, staff, hourly figures).

Idempotent: a hall-day that has queue events is left alone, a roster that exists is kept, a complaint with
the same demo reference is not added again.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from halls.bulk import data_fields, insert_rows
from halls.choices import CustomerTier, HallStatus, IngestKind, IngestSource, QueueEventType
from halls.models import Hall, IngestBatch, QueueEvent, TrafficCount
from staffing.choices import RosterStatus, WorkRole
from staffing.models import Roster, Shift, StaffMember

from .choices import Rating
from .complaints import complaint_save, complaint_step_add
from .models import Complaint, DevicePress, ServiceStandard
from .voice import attribute_presses, voice_refresh

HISTORY_DAYS = 28
TICKET_SHARE = 0.8
PRESS_SHARE = 0.6
SHIFT_HOURS = 8
# Counters open per shift, as a share of the hall's counters (two overlapping shifts on long days).
OPEN_SHARE_PER_TEAM = 0.4
OPEN_SHARE_ONE_SHIFT = 0.5
MEAN_HANDLING_SECONDS = 480
TARGET_WAIT_SECONDS = 600
TIERS = [
    (CustomerTier.GOLD, 0.06),
    (CustomerTier.SILVER, 0.14),
    (CustomerTier.BRONZE, 0.25),
    (CustomerTier.ORDINARY, 0.55),
]
SERVICES = ["new_line", "sim_replacement", "bill_payment", "broadband", "device", "plan_change"]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _local(day: dt.date, clock: dt.time, hall: Hall) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=hall.tzinfo)


# --- rosters with counters ---


# A Monday: early and late weeks are counted from it, so every run of the demo agrees on who works which.
_EPOCH = dt.date(2024, 1, 1).toordinal()


def _early(index: int, day: dt.date) -> bool:
    """Does the clerk at `index` work the early shift on `day`? Early and late alternate week by week, each
    clerk switching on their first day off (weekday index % 7), so nobody closes the hall one evening and
    opens it the next morning (the rest rule), within a roster or across two."""
    weeks = (day.toordinal() - _EPOCH - index % 7) // 7
    return (weeks + index) % 2 == 0


def counter_staff(hall: Hall) -> list[StaffMember]:
    """The hall's active clerks who can work a counter, in the order the demo rosters them."""
    return list(
        StaffMember.objects.filter(hall=hall, active=True, skills__role=WorkRole.COUNTER).order_by("employee_number")
    )


def week_shifts(hall: Hall, roster: Roster, counter_staff: list[StaffMember]) -> list[Shift]:
    """A plausible week: counter clerks work five days on one shift (early or late, see `_early`); about half
    the counters are open per shift (a queue forms at the peaks, as in a real hall), early clerks take counters
    1.., late clerks the next ones; the others are off."""
    shifts = []
    for offset in range(7):
        day = roster.start_date + dt.timedelta(days=offset)
        hours = hall.hours_on(day)
        if not hours:
            continue
        opens, closes = (_local(day, clock, hall) for clock in hours)
        length = closes - opens
        working = [m for i, m in enumerate(counter_staff) if offset not in (i % 7, (i + 3) % 7)]
        if length <= dt.timedelta(hours=9):
            teams = [(working[: math.ceil(OPEN_SHARE_ONE_SHIFT * hall.counters)], opens, closes)]
        else:
            early = [m for m in working if _early(counter_staff.index(m), day)]
            late = [m for m in working if m not in early]
            shift_length = dt.timedelta(hours=SHIFT_HOURS)
            per_team = math.ceil(OPEN_SHARE_PER_TEAM * hall.counters)
            teams = [
                (early[:per_team], opens, opens + shift_length),
                (late[:per_team], closes - shift_length, closes),
            ]
        counter = 0
        for members, starts, ends in teams:
            for member in members:
                if counter >= hall.counters:
                    break
                counter += 1
                shifts.append(
                    Shift(
                        roster=roster,
                        staff=member,
                        day=day,
                        role=WorkRole.COUNTER,
                        starts_at=starts,
                        ends_at=ends,
                        counter=counter,
                    )
                )
    return shifts


def _rosters(hall: Hall, first: dt.date, last: dt.date, publisher: Any) -> int:
    clerks = counter_staff(hall)
    rosters = {roster.start_date: roster for roster in Roster.objects.filter(hall=hall)}
    days_with_shifts = set(
        Shift.objects.filter(roster__hall=hall, day__gte=_monday(first)).values_list("day", flat=True)
    )
    shifts: list[Shift] = []
    start = _monday(first)
    while start <= last:
        roster = rosters.get(start)
        if roster is None:
            roster = Roster.objects.create(
                hall=hall,
                start_date=start,
                weeks=1,
                status=RosterStatus.PUBLISHED,
                published_at=timezone.now(),
                published_by=publisher,
            )
        if roster.status == RosterStatus.PUBLISHED:
            shifts.extend(week_shifts(hall, roster, clerks))
        start += dt.timedelta(days=7)
    # Only days that have passed and have no shifts yet (a later run fills the days since; a roster a manager
    # made is left as it is). What staff see as their coming shifts is the staffing pages' business.
    shifts = [shift for shift in shifts if shift.day <= last and shift.day not in days_with_shifts]
    Shift.objects.bulk_create(shifts, batch_size=1000)
    return len(shifts)


# --- a day at the counters ---


def _counter_windows(hall: Hall, day: dt.date) -> list[tuple[int, dt.datetime, dt.datetime, int]]:
    """(counter, opens, closes, star grade of the clerk) of the day's published shifts."""
    return [
        (counter, starts, ends, stars)
        for counter, starts, ends, stars in Shift.objects.filter(
            roster__hall=hall, roster__status=RosterStatus.PUBLISHED, day=day, counter__isnull=False
        ).values_list("counter", "starts_at", "ends_at", "staff__star_grade")
    ]


def _tier(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for tier, share in TIERS:
        total += share
        if roll < total:
            return tier
    return CustomerTier.ORDINARY


def _rating(rng: random.Random, wait: float, stars: int) -> str:
    satisfied = 0.8 + 0.04 * (stars - 3) - (0.3 if wait > TARGET_WAIT_SECONDS else 0.0)
    dissatisfied = 0.04 + (0.14 if wait > TARGET_WAIT_SECONDS else 0.0) - 0.01 * (stars - 3)
    roll = rng.random()
    if roll < satisfied:
        return Rating.SATISFIED
    if roll < satisfied + max(dissatisfied, 0.01):
        return Rating.DISSATISFIED
    return Rating.NEUTRAL


def _simulate_day(
    hall: Hall, day: dt.date, slots: list[tuple[dt.time, int]], rng: random.Random, batches: dict[str, IngestBatch]
) -> tuple[list[QueueEvent], list[DevicePress]]:
    windows = _counter_windows(hall, day)
    if not windows:
        return [], []
    arrivals = []
    for slot_start, count in slots:
        start = _local(day, slot_start, hall)
        tickets = sum(1 for _ in range(count) if rng.random() < TICKET_SHARE)
        arrivals.extend(start + dt.timedelta(seconds=rng.uniform(0, 1800)) for _ in range(tickets))
    arrivals.sort()
    free = {counter: opens for counter, opens, _, _ in windows}
    sigma = 0.5
    mu = math.log(MEAN_HANDLING_SECONDS) - sigma**2 / 2
    events: list[QueueEvent] = []
    presses: list[DevicePress] = []
    received = _local(day, dt.time(23, 30), hall)

    def event(number: str, kind: str, at: dt.datetime, **extra: Any) -> None:
        events.append(
            QueueEvent(
                hall_id=hall.pk,
                source_event_id=f"demo-{day:%Y%m%d}-{number}-{kind}",
                ticket=number,
                event_type=kind,
                occurred_at=at,
                service_day=day,
                received_at=received,
                batch_id=batches[IngestKind.QUEUE_EVENTS].pk,
                **extra,
            )
        )

    for index, arrived in enumerate(arrivals, start=1):
        number = f"A{index:03d}"
        tier = _tier(rng)
        event(number, QueueEventType.ISSUED, arrived, tier=tier, service_type=rng.choice(SERVICES))
        options = [
            (max(arrived, free[counter], opens), counter, stars)
            for counter, opens, closes, stars in windows
            if max(arrived, free[counter], opens) < closes - dt.timedelta(minutes=5)
        ]
        patience = dt.timedelta(seconds=240 + rng.expovariate(1 / (1800 if tier == CustomerTier.GOLD else 1200)))
        if not options or min(options)[0] - arrived > patience:
            event(number, QueueEventType.LEFT_WITHOUT_SERVICE, arrived + min(patience, dt.timedelta(hours=2)))
            continue
        called, counter, stars = min(options)
        served = called + dt.timedelta(seconds=60 + rng.lognormvariate(mu, sigma))
        free[counter] = served + dt.timedelta(seconds=rng.uniform(10, 40))
        event(number, QueueEventType.CALLED, called, counter=counter)
        event(number, QueueEventType.SERVED, served, counter=counter)
        if rng.random() < PRESS_SHARE:
            wait = (called - arrived).total_seconds()
            presses.append(
                DevicePress(
                    hall_id=hall.pk,
                    source_event_id=f"demo-{day:%Y%m%d}-{number}-press",
                    counter=counter,
                    # Pressed while the next customer is not yet at the counter (the refresh matches it the same).
                    occurred_at=served + dt.timedelta(seconds=rng.uniform(2, 9)),
                    service_day=day,
                    rating=_rating(rng, wait, stars),
                    ticket=number,
                    tier=tier,
                    received_at=received,
                    batch_id=batches[IngestKind.DEVICE_PRESSES].pk,
                )
            )
    return events, presses


def _hall_voice(hall: Hall, first: dt.date, today: dt.date) -> tuple[int, int, int]:
    done = set(
        QueueEvent.objects.filter(hall=hall, service_day__gte=first).values_list("service_day", flat=True).distinct()
    )
    slots: dict[dt.date, list[tuple[dt.time, int]]] = defaultdict(list)
    for date, slot_start, arrivals in TrafficCount.objects.filter(
        hall=hall, date__gte=first, date__lt=today
    ).values_list("date", "slot_start", "arrivals"):
        if date not in done:
            slots[date].append((slot_start, arrivals))
    if not slots:
        return 0, 0, 0
    rng = random.Random(f"hallops-voice-{hall.code}")  # noqa: S311 - demo data, not security
    batches = {
        kind: IngestBatch.objects.create(hall=hall, kind=kind, source=IngestSource.TOKEN, filename="demo")
        for kind in (IngestKind.QUEUE_EVENTS, IngestKind.DEVICE_PRESSES)
    }
    events: list[QueueEvent] = []
    presses: list[DevicePress] = []
    for day in sorted(slots):
        day_events, day_presses = _simulate_day(hall, day, sorted(slots[day]), rng, batches)
        events += day_events
        presses += day_presses
    attribute_presses(hall, presses)
    insert_rows(QueueEvent, events, data_fields(QueueEvent))
    insert_rows(DevicePress, presses, data_fields(DevicePress))
    for kind, count in ((IngestKind.QUEUE_EVENTS, len(events)), (IngestKind.DEVICE_PRESSES, len(presses))):
        IngestBatch.objects.filter(pk=batches[kind].pk).update(received=count, stored=count)
    summary = voice_refresh(hall=hall, days=sorted(slots))
    return len(slots), summary.tickets, len(presses)


# --- complaints ---

# (demo reference, hall, days ago, local time, counter, channel, category, severity, gap, root cause, standard key,
#  summary, status, outcome, steps as (kind, minutes after, note))
COMPLAINTS: list[tuple[Any, ...]] = [
    (
        "DEMO-01",
        "H001",
        2,
        "10:40",
        3,
        "in_hall",
        "waiting",
        "high",
        "delivery",
        "process",
        "tp11-wait-target",
        "高峰期等候45分钟，未见加开窗口",
        "in_progress",
        "",
        [("acknowledged", 10, "当场致歉并引导至VIP区等候")],
    ),
    (
        "DEMO-02",
        "H001",
        5,
        "15:20",
        5,
        "hotline",
        "attitude",
        "medium",
        "delivery",
        "people",
        "",
        "办理换卡时营业员不耐烦，多次打断客户",
        "resolved",
        "upheld",
        [
            ("investigated", 60, "调阅录像，属实"),
            ("apologised", 180, "电话致歉"),
            ("coached", 1440, "班前会一对一辅导"),
        ],
    ),
    (
        "DEMO-03",
        "H001",
        9,
        "11:05",
        1,
        "online",
        "knowledge",
        "high",
        "knowledge",
        "people",
        "",
        "告知的套餐资费与实际扣费不一致",
        "resolved",
        "partly_upheld",
        [("investigated", 120, "核对话术与资费表"), ("remedied", 2880, "补偿话费30元")],
    ),
    (
        "DEMO-04",
        "H001",
        13,
        "17:45",
        2,
        "in_hall",
        "process",
        "low",
        "standards",
        "process",
        "",
        "开户需要重复填写两张纸质表单",
        "closed",
        "not_upheld",
        [("contacted", 30, "解释实名制要求")],
    ),
    (
        "DEMO-05",
        "H001",
        20,
        "10:15",
        4,
        "regulator",
        "billing",
        "critical",
        "communication",
        "policy_product",
        "",
        "工信部申诉：宽带合约到期后自动续约未告知",
        "resolved",
        "upheld",
        [("escalated", 60, "升级至市公司客户服务部"), ("remedied", 4320, "退还续约费用"), ("resolved", 4400, "")],
    ),
    (
        "DEMO-06",
        "H001",
        1,
        "16:30",
        None,
        "social",
        "environment",
        "low",
        "",
        "environment",
        "",
        "等候区空调太冷，没有饮水",
        "open",
        "",
        [],
    ),
    (
        "DEMO-07",
        "H002",
        3,
        "14:10",
        2,
        "in_hall",
        "waiting",
        "medium",
        "delivery",
        "process",
        "",
        "取号后被告知该业务需去其他窗口重新排队",
        "in_progress",
        "",
        [("acknowledged", 5, "优先办理")],
    ),
    (
        "DEMO-08",
        "H002",
        16,
        "09:50",
        1,
        "hotline",
        "attitude",
        "high",
        "delivery",
        "people",
        "",
        "营业员接私人电话，让客户等待",
        "resolved",
        "upheld",
        [("investigated", 90, ""), ("coached", 1440, "")],
    ),
]


def _complaints(halls: dict[str, Hall], users: dict[str, Any], today: dt.date) -> int:
    made = 0
    known = set(Complaint.objects.filter(customer_ref__startswith="DEMO-").values_list("customer_ref", flat=True))
    standards = {s.key: s for s in ServiceStandard.objects.all()}
    for row in COMPLAINTS:
        (
            ref,
            code,
            days_ago,
            clock,
            counter,
            channel,
            category,
            severity,
            gap,
            cause,
            standard,
            summary,
            status,
            outcome,
            steps,
        ) = row
        hall = halls.get(code)
        if hall is None or ref in known:
            continue
        by = users.get("manager1" if code == "H001" else "manager2")
        at = _local(today - dt.timedelta(days=days_ago), dt.time.fromisoformat(clock), hall)
        complaint = complaint_save(
            fields={
                "occurred_at": at,
                "counter": counter,
                "channel": channel,
                "category": category,
                "severity": severity,
                "quality_gap": gap,
                "root_cause": cause,
                "standard": standards.get(standard),
                "summary": summary,
                "customer_ref": ref,
                "customer_tier": CustomerTier.GOLD if severity == "critical" else "",
            },
            by=by,
            hall=hall,
        )
        for kind, minutes, note in steps:
            complaint_step_add(complaint=complaint, kind=kind, at=at + dt.timedelta(minutes=minutes), note=note, by=by)
        if status != complaint.status:
            complaint_save(fields={"status": status, "outcome": outcome}, by=by, complaint=complaint)
            if steps and complaint.resolved_at:
                # Resolved with its last step, not when the demo ran.
                last = at + dt.timedelta(minutes=steps[-1][1])
                Complaint.objects.filter(pk=complaint.pk).update(resolved_at=last)
        made += 1
    return made


def load(context: dict[str, Any], stdout: Any) -> None:
    today = timezone.localdate()
    first = today - dt.timedelta(days=HISTORY_DAYS)
    users = context.get("users", {})
    halls = context.get("halls") or {hall.code: hall for hall in Hall.objects.all()}
    shifts = days = tickets = presses = 0
    for code in sorted(halls):
        hall = Hall.objects.prefetch_related("opening_hours", "special_days").get(pk=halls[code].pk)
        if hall.status != HallStatus.OPEN:
            continue
        shifts += _rosters(hall, first, today - dt.timedelta(days=1), users.get("hq"))
        hall_days, hall_tickets, hall_presses = _hall_voice(hall, first, today)
        days += hall_days
        tickets += hall_tickets
        presses += hall_presses
    complaints = _complaints(halls, users, today)
    stdout.write(
        f"customer voice: {shifts} rostered shifts with counters, {tickets} tickets and {presses} presses "
        f"over {days} hall-days, {complaints} complaints"
    )
