"""Demo assignments: a daily closing checklist (the demo's other checklists have none), and the schedule as
it would stand had it run for a while: this month's patrols and mystery-shop visits and the last week's daily
checks (plus today's and tomorrow's). The past ones are done, linked to the demo's inspections, or overdue.

The closing checks of the last week are submitted through the real service at a time inside their window, so
they find their assignment the way a tablet's submission does; a few are missed. Everything is keyed by date
(fixed UUIDs, the schedule's own idempotency), so running the demo again adds only what is new.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from halls.models import Hall

from .choices import AssignmentStatus, InspectionKind
from .models import Assignment, Inspection, TemplateVersion
from .services.assignments import OPEN, assignment_reassign, assignments_generate, assignments_mark_overdue
from .services.submission import inspection_submit

CLOSING_NAMESPACE = uuid.UUID("0b6f7c1e-3d2a-4c59-8e41-6a7b8c9d0e1f")
DAILY_DAYS_BACK = 7
# Share of closing checks the halls forget (partner halls more often).
MISSED = {"self_owned": 0.06, "partner": 0.18}
# A demo patrol or visit made within this many days of a planned one counts as it.
LINK_DAYS = 3

CLOSING_NAME = "每日闭店自检 Daily closing check"
CLOSING_ROWS = [
    # code, touchpoint, dimension, English, Chinese, options (yes/no items unless "text" is given); all 16
    # touchpoints, in the customer's order, as the hall is closed down.
    (
        "C01",
        "TP01",
        "knowledge",
        "Tomorrow's hours right on the door sign and map apps",
        "门牌及地图应用上的次日营业时间正确",
        {},
    ),
    ("C02", "TP02", "attention", "Bicycle and parking area cleared", "门前非机动车及停车区域已整理", {}),
    (
        "C03",
        "TP03",
        "trust",
        "Shutter down, doors locked, alarm set",
        "卷帘门已落、门已锁、报警已布防",
        {"critical": True},
    ),
    ("C04", "TP04", "control", "Entrance mat and umbrella stand emptied", "入口地垫、雨伞架已清理", {}),
    ("C05", "TP05", "emotion", "Floor, seats and counters clean (5S)", "地面、座椅、柜台整洁(5S)", {}),
    ("C06", "TP05", "control", "Lights, air conditioning and screens off", "灯光、空调、屏幕已关闭", {}),
    ("C07", "TP06", "attention", "Guidance signs and leaflet racks tidied", "引导标识及宣传架已归整", {}),
    ("C08", "TP07", "knowledge", "Consultation desk cleared, tariff sheets restocked", "咨询台已清理,资费单已补齐", {}),
    ("C09", "TP08", "knowledge", "Demo phones charged and secured", "体验机已充电并锁好防盗", {}),
    ("C10", "TP09", "efficiency", "Kiosks restocked with paper and SIM cards", "自助终端纸张、SIM卡已补充", {}),
    ("C11", "TP10", "trust", "Phones and accessories in stock counted and locked", "终端及配件库存已盘点上锁", {}),
    ("C12", "TP11", "efficiency", "Queue machine reset for tomorrow", "叫号机已为次日复位", {}),
    ("C13", "TP12", "trust", "Cash, cards and stamps locked away", "现金、卡品及印章已入柜上锁", {"critical": True}),
    ("C14", "TP12", "control", "Counter terminals logged off", "柜台终端已签退", {"severity": "high"}),
    ("C15", "TP13", "emotion", "Waiting area chairs and water station tidied", "等候区座椅及饮水处已整理", {}),
    ("C16", "TP14", "trust", "Pending orders handed over to tomorrow's shift", "未完结工单已交接次日班组", {}),
    ("C17", "TP15", "trust", "Complaints of the day logged with an owner", "当日投诉已登记并明确责任人", {}),
    ("C18", "TP16", "emotion", "Last customers served and seen out", "最后一批顾客办理完毕并送别", {}),
    ("C19", "TP16", "", "Notes for tomorrow's opening", "次日开门注意事项", {"text": True}),
]
CLOSING = [
    (code, tp, "text" if options.pop("text", False) else "yes_no", dimension, text, text_zh, options)
    for code, tp, dimension, text, text_zh, options in CLOSING_ROWS
]
CLOSING_NOTES = ["", "", "明早九点有宽带安装预约", "叫号机纸卷快用完", "Printer toner low at counter 2"]


def _closing_version(hq: Any) -> TemplateVersion:
    from .demo import _checklist

    return _checklist(
        InspectionKind.CLOSING,
        CLOSING_NAME,
        "Before the hall closes: customers served, money and data safe, the hall ready for tomorrow.",
        CLOSING,
        None,
        hq,
    )


def _closer(hall: Hall, people: dict[str, Any]) -> Any:
    return {"H001": people.get("manager1"), "H002": people.get("manager2")}.get(hall.code) or people["hq"]


def _submit_closing_checks(
    halls: list[Hall], version: TemplateVersion, people: dict[str, Any], now: dt.datetime
) -> tuple[int, int]:
    """Closing checks of the last week's days, inside their windows; a few missed. Returns (made, missed)."""
    items = list(version.items.order_by("order"))
    made = missed = 0
    due = (
        Assignment.objects.filter(
            hall__in=halls, kind=InspectionKind.CLOSING, status__in=OPEN, due_at__lt=now, inspection__isnull=True
        )
        .select_related("hall")
        .order_by("due_at")
    )
    for assignment in due:
        hall = assignment.hall
        day = assignment.window_start.astimezone(hall.tzinfo).date()
        rng = random.Random(f"hallops-demo-closing-{hall.code}-{day.isoformat()}")  # noqa: S311 - demo data
        if rng.random() < MISSED.get(hall.kind, 0.1):
            missed += 1
            continue
        moment = assignment.window_start + (assignment.due_at - assignment.window_start) * rng.uniform(0.3, 0.95)
        answers = []
        for item in items:
            if item.answer_type == "text":
                answers.append(
                    {"item": item.pk, "value": rng.choice(["", "", "明早九点有宽带安装预约", "叫号机纸卷快用完"])}
                )
            else:
                # The hall's own closing check rarely fails, and never on the critical safety items.
                fail = not item.critical and rng.random() < 0.02
                answers.append({"item": item.pk, "value": "no" if fail else "yes"})
        inspection_submit(
            hall=hall,
            template_version=version,
            by=_closer(hall, people),
            client_uuid=uuid.uuid5(CLOSING_NAMESPACE, f"{hall.code}:{day.isoformat()}"),
            answers=answers,
            started_at=moment - dt.timedelta(minutes=rng.randint(8, 20)),
            now=moment,
        )
        made += 1
    return made, missed


def _link_demo_inspections(halls: list[Hall], now: dt.datetime) -> int:
    """Past open assignments become done with the demo's inspection of the same hall and kind: on the same day
    for opening checks, the nearest within LINK_DAYS days for patrols and visits (the person who made it then
    becomes the assignee)."""
    open_past = list(
        Assignment.objects.filter(
            hall__in=halls,
            kind__in=[InspectionKind.OPENING, InspectionKind.PATROL, InspectionKind.MYSTERY_SHOP],
            status__in=OPEN,
            due_at__lt=now,
            inspection__isnull=True,
        )
        .select_related("hall")
        .order_by("due_at")
    )
    if not open_past:
        return 0
    earliest = min(a.window_start for a in open_past) - dt.timedelta(days=LINK_DAYS + 1)
    made: dict[tuple[int, str], list[Inspection]] = defaultdict(list)
    candidates = Inspection.objects.filter(
        hall__in=halls, kind__in=[a.kind for a in open_past], submitted_at__gte=earliest, submitted_at__lt=now
    ).exclude(assignment__isnull=False)
    for inspection in candidates.order_by("submitted_at"):
        made[(inspection.hall_id, inspection.kind)].append(inspection)
    used: set[int] = set()
    linked = 0
    for assignment in open_past:
        zone = assignment.hall.tzinfo
        day = assignment.window_start.astimezone(zone).date()
        window = 0 if assignment.kind == InspectionKind.OPENING else LINK_DAYS
        options = [
            inspection
            for inspection in made[(assignment.hall_id, assignment.kind)]
            if inspection.pk not in used and abs((inspection.submitted_at.astimezone(zone).date() - day).days) <= window
        ]
        if not options:
            continue
        chosen = min(options, key=lambda i: abs(i.submitted_at - assignment.window_start))
        used.add(chosen.pk)
        assignment.status = AssignmentStatus.DONE
        assignment.inspection = chosen
        if assignment.kind != InspectionKind.OPENING:
            assignment.assignee_id = chosen.inspector_id
        assignment.save(update_fields=["status", "inspection", "assignee", "updated_at"])
        linked += 1
    return linked


def _stand_in_for_missing_inspectors(halls: list[Hall], hq: Any) -> None:
    """Halls without an inspector account: HQ's supervisor takes their open patrols (as the demo's visits do)."""
    unassigned = Assignment.objects.filter(
        hall__in=halls, kind=InspectionKind.PATROL, status__in=OPEN, assignee__isnull=True
    ).select_related("hall")
    for assignment in unassigned:
        assignment_reassign(assignment=assignment, assignee=hq, by=hq)


def load(context: dict[str, Any], stdout: Any) -> None:
    started = time.monotonic()
    now = timezone.now()
    today = timezone.localdate()
    users = dict(context.get("users") or {})
    for username in ("hq", "manager1", "manager2"):
        users.setdefault(username, get_user_model().objects.filter(username=username).first())
    closing = _closing_version(users["hq"])
    codes = list(context.get("halls") or [])
    halls = list(Hall.objects.filter(code__in=codes) if codes else Hall.objects.filter(code__startswith="H"))
    days = [today + dt.timedelta(days=n) for n in range(-DAILY_DAYS_BACK, 2)]
    report = assignments_generate(days=days, months=[today], halls=halls)
    created = report.as_dict()["created"]
    made, missed = _submit_closing_checks(halls, closing, users, now)
    linked = _link_demo_inspections(halls, now)
    overdue = assignments_mark_overdue(now=now)
    _stand_in_for_missing_inspectors(halls, users["hq"])
    stdout.write(
        f"assignments: {sum(created.values())} new {created}, {made} closing checks made "
        f"({missed} missed), {linked} linked to demo inspections, {overdue} overdue "
        f"in {time.monotonic() - started:.1f} s"
    )
