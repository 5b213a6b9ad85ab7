"""Demo data for inspections: the three demo checklists (opening check, patrol, mystery shop: family plan) and
90 days of submitted inspections in the 12 demo halls, scored with the real scoring module, with the findings
and corrective actions they caused, in every state.

Plausible rather than random: partner halls fail more often (and improve over the quarter), a few halls have
a chronic problem that shows up as recurring findings (H010's ticket machine, H011's temperature, H009's
family-plan knowledge), older corrective actions are mostly verified, recent ones open, some overdue and
escalated. Each visit has a fixed UUID and its content comes from a generator seeded with it, so running the
demo again adds only the days since the last run and changes nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from halls.choices import HallKind, HallStatus
from halls.models import Hall
from staffing.models import StaffMember
from touchpoints.models import Touchpoint
from touchpoints.selectors import applicable_touchpoint_ids_by_hall

from . import scoring
from .choices import DAYS_TO_FIX, ActionStatus, Escalation, InspectionKind, InspectionStatus, Severity
from .demo_checklists import TEMPLATES
from .models import Answer, ChecklistTemplate, CorrectiveAction, Finding, Inspection, Item, Section, TemplateVersion
from .services import templates as template_services
from .services.findings import RECURRING_COUNT, RECURRING_WINDOW, answer_summary, severity_of
from .services.touchpoint_scores import touchpoint_scores_rebuild

DAYS = 90
DEMO_NAMESPACE = uuid.UUID("7d1f3c52-4b8e-4f0e-9a57-1c2d3e4f5a6b")
# Failure rate of an ordinary item in each hall, and items that fail chronically there (recurring findings).
HALL_PROFILE: dict[str, tuple[float, tuple[str, ...]]] = {
    "H001": (0.03, ()),
    "H002": (0.04, ("P31",)),
    "H003": (0.06, ("O16", "P22")),
    "H004": (0.05, ()),
    "H005": (0.07, ("M09",)),
    "H006": (0.06, ()),
    "H007": (0.08, ()),
    "H008": (0.08, ("P30", "M20")),
    "H009": (0.12, ("P19", "M11", "M12")),
    "H010": (0.15, ("O20", "P28")),
    "H011": (0.12, ("O10", "P11")),
    "H012": (0.16, ("O15", "P20")),
}
CHRONIC_RATE = 0.4
# A critical item (safety, identity checks, cash) fails far less often than an ordinary one: staff know what
# it costs (a failed one zeroes its touchpoint and cuts the hall's incentive pool).
CRITICAL_FACTOR = 0.15
KIND_FACTOR = {"opening": 0.35, "patrol": 1.0, "mystery_shop": 1.2}
# Items that often have nothing to check (no complaint during a patrol, no queue at the kiosks).
OFTEN_NOT_APPLICABLE = {"P24": 0.3, "P43": 0.6, "P44": 0.6, "P45": 0.6, "P46": 0.7}
RENOVATION_DAYS = 30  # H007 closed for renovation a month ago

NOTES = ["", "", "", "门口地垫需要更换", "空调出风口有噪音", "宣传册补货中", "Two counters short: staff on training"]
LAST_WORDS = ["慢走,欢迎再来", "有问题随时联系我们", "谢谢光临", "", "Goodbye, thank you", "再见"]
EVIDENCE = {
    "equipment_system": ["已报修并更换故障设备", "Technician replaced the faulty unit; tested at opening"],
    "environment": ["已安排保洁加强巡查", "Air conditioning serviced; temperature logged hourly"],
    "people": ["已在晨会复训并现场演练", "Coached the staff member; checked again the next day"],
    "process": ["已调整排班并增加高峰预处理岗", "Added a pre-processing greeter at peak"],
    "policy_product": ["已更新资费单和价签", "Price tags reprinted from the system"],
    "communication": ["已更新门口公示信息", "Posters replaced with the current offers"],
}
EQUIPMENT = {"O15", "O17", "O18", "O19", "O20", "O21", "O25", "O26", "O29", "P20", "P23", "P27", "P28", "P32"}
ENVIRONMENT = {"O02", "O03", "O08", "O09", "O10", "O11", "O24", "P03", "P04", "P10", "P11", "P12", "P13", "M08"}


@dataclass
class Visit:
    key: uuid.UUID
    hall: Hall
    kind: str
    at: dt.datetime
    inspector: Any
    rng: random.Random = field(repr=False)


def _people(users: dict[str, Any]) -> dict[str, Any]:
    """The halls demo's users. inspector1 patrols H001-H004; HQ's supervisor account stands in for the
    inspectors of the other halls (and records the opening check of halls whose manager has no account)."""
    people = dict(users)
    for username in ("hq", "inspector1", "shopper1", "manager1", "manager2"):
        if username not in people:
            people[username] = get_user_model().objects.filter(username=username).first()
    return people


def _checklist(kind: str, name: str, description: str, rows: list, scenario: Any, hq: Any) -> TemplateVersion:
    """The demo checklist's published version, created once (a published version never changes)."""
    template, _ = ChecklistTemplate.objects.get_or_create(
        kind=kind, name=name, region=None, defaults={"description": description}
    )
    published = template_services.current_version(template)
    if published is not None:
        return published
    template.versions.filter(published_at__isnull=True).delete()
    version = TemplateVersion.objects.create(
        template=template,
        number=(template.versions.count() + 1),
        scenario=scenario[0] if scenario else "",
        scenario_zh=scenario[1] if scenario else "",
    )
    touchpoints = {tp.code: tp for tp in Touchpoint.objects.all()}
    sections: dict[str, Section] = {}
    items: dict[str, Item] = {}
    for code in sorted({row[1] for row in rows}, key=lambda c: touchpoints[c].order):
        tp = touchpoints[code]
        sections[code] = Section.objects.create(version=version, order=tp.order, title=tp.name_en, title_zh=tp.name_zh)
    ordered = sorted(rows, key=lambda row: (touchpoints[row[1]].order, rows.index(row)))
    for order, (code, tp, answer_type, dimension, text, text_zh, options) in enumerate(ordered, start=1):
        options = {k: v for k, v in options.items() if k != "hard"}
        when = options.pop("when", None)
        items[code] = Item.objects.create(
            version=version,
            section=sections[tp],
            order=order,
            code=code,
            text=text,
            text_zh=text_zh,
            touchpoint=touchpoints[tp],
            dimension=dimension,
            answer_type=answer_type,
            required=False,
            condition_item=items[when[0]] if when else None,
            condition_value=when[1] if when else "",
            **options,
        )
    return template_services.version_publish(version=version, by=hq)


def _hours(hall: Hall, day: dt.date) -> tuple[dt.time, dt.time] | None:
    """Opening hours that day; a hall being renovated was open as usual before the renovation."""
    if hall.status == HallStatus.OPEN:
        return hall.hours_on(day)
    if hall.status == HallStatus.RENOVATING and day < timezone.localdate() - dt.timedelta(days=RENOVATION_DAYS):
        for hours in hall.opening_hours.all():
            if hours.weekday == day.weekday():
                return None if hours.closed else (hours.opens, hours.closes)
    return None


def _at(hall: Hall, day: dt.date, moment: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, moment, tzinfo=hall.tzinfo)


def _plan(halls: dict[str, Hall], people: dict[str, Any], today: dt.date) -> list[Visit]:
    """Every visit of the last 90 days: an opening check each open day, a patrol every week (H001-H004) or
    ten days, a mystery shop on about a third of the days, often at peak. Visits hang on calendar dates, not
    on today, so that a later run finds the same visits and adds only the new days."""
    visits = []
    for code, hall in sorted(halls.items()):
        inspector = people["inspector1"] if code <= "H004" else people["hq"]
        manager = {"H001": people.get("manager1"), "H002": people.get("manager2")}.get(code) or inspector
        shopper = people["shopper1"]
        period, phase = (7, int(code[-2:]) % 7) if code <= "H004" else (10, int(code[-2:]) % 10)
        for offset in range(DAYS, 0, -1):
            day = today - dt.timedelta(days=offset)
            hours = _hours(hall, day)
            if hours is None:
                continue
            day_rng = random.Random(f"hallops-demo-{code}-{day.isoformat()}")  # noqa: S311 - demo data
            opens, closes = hours
            span = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
            start = _at(hall, day, opens)
            entries = [("opening", start - dt.timedelta(minutes=15), manager)]
            if day.toordinal() % period == phase:
                minute = day_rng.randint(60, max(61, span - 60))
                entries.append(("patrol", start + dt.timedelta(minutes=minute), inspector))
            if day_rng.random() < 10 / 30:
                if day_rng.random() < 0.4 and opens <= dt.time(10) and closes >= dt.time(17):
                    moment = _at(hall, day, day_rng.choice([dt.time(10, 15), dt.time(15, 30)]))
                else:
                    moment = start + dt.timedelta(minutes=day_rng.randint(20, max(21, span - 80)))
                entries.append(("mystery_shop", moment + dt.timedelta(minutes=day_rng.randint(0, 40)), shopper))
            for kind, moment, who in entries:
                key = uuid.uuid5(DEMO_NAMESPACE, f"{code}:{kind}:{day.isoformat()}")
                rng = random.Random(key.int)  # noqa: S311 - demo data
                visits.append(Visit(key, hall, kind, moment.astimezone(dt.UTC), who, rng))
    visits.sort(key=lambda visit: visit.at)
    return visits


def _failure_rate(visit: Visit, code: str, hard: float, today: dt.date) -> float:
    base, chronic = HALL_PROFILE.get(visit.hall.code, (0.08, ()))
    if code in chronic:
        return CHRONIC_RATE
    # The hall's own opening check finds less than a supervisor, and a supervisor less than a stranger.
    base *= KIND_FACTOR[visit.kind]
    age = (today - visit.at.date()).days / DAYS  # 1 = a quarter ago, 0 = today
    # Partner halls improve over the quarter under closer supervision; H008 slips.
    trend = 0.75 + 0.5 * age if visit.hall.kind == HallKind.PARTNER else 1.0
    if visit.hall.code == "H008":
        trend = 1.3 - 0.6 * age
    return min(0.9, base * hard * trend)


def _value(item: Item, fail: bool, rng: random.Random) -> Any:
    if item.answer_type == scoring.YES_NO:
        return "no" if fail else "yes"
    if item.answer_type == scoring.SCALE:
        return rng.choice([1, 2, 2]) if fail else rng.choices([3, 4, 5], weights=[1, 3, 5])[0]
    if item.answer_type == scoring.DURATION:
        limit = item.max_seconds
        return round(limit * (rng.uniform(1.1, 2.5) if fail else rng.uniform(0.15, 0.95)))
    if item.answer_type == scoring.NUMBER:
        if item.code in ("O10", "P11"):  # temperature
            value = rng.choice([rng.uniform(26.5, 29.5), rng.uniform(15.0, 17.5)]) if fail else rng.uniform(20, 25)
            return Decimal(f"{value:.1f}")
        if item.code == "P12":  # noise
            return Decimal(rng.randint(66, 75) if fail else rng.randint(45, 62))
        return Decimal(rng.randint(1, 3) if fail else 0)  # devices not working
    return None


def _answers(visit: Visit, items: list[Item], applies: frozenset[int], hard: dict[str, float], today: dt.date):
    """Raw answers of one visit: (item, value, not applicable) with conditions respected."""
    given: dict[str, Any] = {}
    rows = []
    for item in items:
        if item.touchpoint_id not in applies:
            continue
        if item.condition_item_id is not None:
            parent = next(i for i in items if i.pk == item.condition_item_id)
            if given.get(parent.code) != item.condition_value:
                continue
        if item.answer_type == scoring.PHOTO:
            continue
        if item.answer_type == scoring.TEXT:
            text = visit.rng.choice(LAST_WORDS if item.code == "M37" else NOTES)
            if item.code == "M38":
                text = f"工号 {visit.hall.code[-2:]}{visit.rng.randint(1, 12):02d}"
            if text:
                rows.append((item, text, False))
            continue
        if visit.rng.random() < OFTEN_NOT_APPLICABLE.get(item.code, 0):
            rows.append((item, None, True))
            given[item.code] = scoring.NA
            continue
        rarity = CRITICAL_FACTOR if item.critical else 1.0
        fail = visit.rng.random() < _failure_rate(visit, item.code, hard.get(item.code, 1.0) * rarity, today)
        value = _value(item, fail, visit.rng)
        given[item.code] = scoring.canonical(value)
        rows.append((item, value, False))
    return rows


def _timeline(visit: Visit, values: dict[str, Any]) -> dict[str, dt.datetime]:
    rng, arrival = visit.rng, visit.at
    greeted = arrival + dt.timedelta(seconds=int(values.get("M05") or 8))
    ticket = greeted + dt.timedelta(seconds=rng.randint(40, 150))
    called = ticket + dt.timedelta(seconds=int(values.get("M20") or 300))
    started = called + dt.timedelta(seconds=rng.randint(15, 60))
    ended = started + dt.timedelta(seconds=int(values.get("M28") or 300) + rng.randint(240, 600))
    left = ended + dt.timedelta(seconds=rng.randint(30, 150))
    return {
        "arrived_at": arrival,
        "greeted_at": greeted,
        "ticket_at": ticket,
        "called_at": called,
        "service_started_at": started,
        "service_ended_at": ended,
        "left_at": left,
    }


def _json(value: Any) -> Any:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _classify(item: Item) -> tuple[str, str]:
    if item.code in EQUIPMENT:
        return "delivery", "equipment_system"
    if item.code in ENVIRONMENT:
        return "delivery", "environment"
    if item.dimension == "knowledge":
        return "delivery", "people"
    if item.dimension == "trust":
        return "communication", "policy_product"
    if item.answer_type == scoring.DURATION or item.dimension == "efficiency":
        return "standards", "process"
    return "delivery", "people"


def _action_state(action: CorrectiveAction, finding: Finding, visit: Visit, today: dt.date, verifier: Any) -> None:
    """Where the closed loop stands for an action this old: recent ones open, old ones mostly verified."""
    rng = visit.rng
    found = finding.found_at
    days = DAYS_TO_FIX[Severity(finding.severity)]
    age = (today - found.astimezone(visit.hall.tzinfo).date()).days
    partner = visit.hall.kind == HallKind.PARTNER
    if visit.kind == InspectionKind.MYSTERY_SHOP and age <= 5:
        return  # still in HQ review: the hall has not seen it
    if age <= days:
        states, weights = ["open", "in_progress", "done"], [5, 4, 2]
    elif age <= days + 14:
        states, weights = ["open", "in_progress", "done", "verified", "reopened"], [2 if partner else 0.5, 1, 4, 5, 1]
    else:
        states, weights = ["open", "done", "verified", "reopened_verified"], [0.8 if partner else 0.15, 0.6, 14, 1]
    state = rng.choices(states, weights=weights)[0]
    manager_user = action.owner
    if state != "open":
        action.started_at = found + dt.timedelta(hours=rng.randint(2, 20))
    if state in ("done", "verified", "reopened", "reopened_verified"):
        done_after = dt.timedelta(hours=rng.randint(4, max(5, 24 * days - 2)))
        action.done_at = min(found + done_after, timezone.now() - dt.timedelta(hours=1))
        action.done_by = manager_user
        action.evidence_text = rng.choice(EVIDENCE.get(finding.root_cause or "people", EVIDENCE["people"]))
    if state in ("verified", "reopened_verified"):
        action.verified_at = action.done_at + dt.timedelta(days=rng.randint(2, 7))
        action.verified_by = verifier
    if state in ("reopened", "reopened_verified"):
        action.reopened_count = 1
        action.reopen_reason = rng.choice(["问题复现", "The fix did not hold: same problem on the next patrol"])
    if state == "reopened":
        reopened_on = action.done_at.astimezone(visit.hall.tzinfo).date() + dt.timedelta(days=rng.randint(2, 5))
        action.due_date = reopened_on + dt.timedelta(days=days)
    action.status = {"reopened_verified": ActionStatus.VERIFIED}.get(state, state)
    late = (today - action.due_date).days
    if action.status in ActionStatus.active() and late > 0:
        action.escalation_level = Escalation.HQ if late > 3 else Escalation.HALL_MANAGER
        action.escalated_at = _at(visit.hall, action.due_date, dt.time(9)) + dt.timedelta(days=1 if late <= 3 else 4)


def _owners(halls: dict[str, Hall], people: dict[str, Any]) -> dict[str, tuple[Any, StaffMember | None]]:
    duty = {m.hall.code: m for m in StaffMember.objects.filter(employee_number__endswith="-001").select_related("hall")}
    owners = {}
    for code in halls:
        user = {"H001": people.get("manager1"), "H002": people.get("manager2")}.get(code)
        owners[code] = (user, None if user else duty.get(code))
    return owners


def load(context: dict[str, Any], stdout: Any) -> None:
    started = time.monotonic()
    today = timezone.localdate()
    halls = {
        hall.code: hall
        for hall in Hall.objects.filter(code__in=list(context.get("halls") or HALL_PROFILE)).prefetch_related(
            "opening_hours", "special_days"
        )
    }
    people = _people(context.get("users") or {})
    versions = {
        kind: _checklist(kind, name, description, rows, scenario, people["hq"])
        for kind, name, description, rows, scenario in TEMPLATES
    }
    hard = {row[0]: row[6].get("hard", 1.0) for _, _, _, rows, _ in TEMPLATES for row in rows}
    items = {
        kind: list(version.items.select_related("touchpoint").order_by("order")) for kind, version in versions.items()
    }
    rules = {kind: [item.rule() for item in rows] for kind, rows in items.items()}
    weights = dict(Touchpoint.objects.values_list("code", "weight"))
    applies = applicable_touchpoint_ids_by_hall(halls.values())
    touchpoint_codes = dict(Touchpoint.objects.values_list("pk", "code"))
    codes_applying = {code: {touchpoint_codes[pk] for pk in applies[hall.pk]} for code, hall in halls.items()}
    owners = _owners(halls, people)

    visits = _plan(halls, people, today)
    existing = set(
        Inspection.objects.filter(client_uuid__in=[v.key for v in visits]).values_list("client_uuid", flat=True)
    )
    history: dict[tuple[int, str, str], list[dt.datetime]] = defaultdict(list)
    new_inspections, pending = [], []
    for visit in visits:
        raw = _answers(visit, items[visit.kind], applies[visit.hall.pk], hard, today)
        result = scoring.score(
            rules[visit.kind],
            [scoring.Answer(item.pk, value, na) for item, value, na in raw],
            touchpoint_weights=weights,
            applicable=codes_applying[visit.hall.code],
        )
        recurring = set()
        by_id = {item.pk: item for item in items[visit.kind]}
        for failed in result.failed:
            series = history[(visit.hall.pk, visit.kind, by_id[failed.item].code)]
            earlier = [moment for moment in series if visit.at - moment <= RECURRING_WINDOW]
            if len(earlier) + 1 >= RECURRING_COUNT:
                recurring.add(failed.item)
            series.append(visit.at)
        if visit.key in existing:
            continue
        status = InspectionStatus.SUBMITTED
        published_at = None
        timeline: dict[str, Any] = {}
        if visit.kind == InspectionKind.MYSTERY_SHOP:
            values = {item.code: value for item, value, _ in raw}
            timeline = _timeline(visit, values)
            if (today - visit.at.date()).days > 5:
                status, published_at = InspectionStatus.PUBLISHED, visit.at + dt.timedelta(days=3)
            else:
                status = InspectionStatus.UNDER_REVIEW
        inspection = Inspection(
            hall=visit.hall,
            template_version=versions[visit.kind],
            kind=visit.kind,
            inspector=visit.inspector,
            status=status,
            client_uuid=visit.key,
            payload_hash=hashlib.sha256(f"demo:{visit.key}".encode()).hexdigest(),
            started_at=visit.at - dt.timedelta(minutes=visit.rng.randint(10, 35)),
            submitted_at=visit.at,
            published_at=published_at,
            overall=result.overall,
            by_touchpoint={code: str(value) for code, value in result.by_touchpoint.items()},
            by_dimension={name: str(value) for name, value in result.by_dimension.items()},
            applicable_touchpoints=sorted(
                codes_applying[visit.hall.code] & {i.touchpoint.code for i in items[visit.kind]}
            ),
            **timeline,
        )
        new_inspections.append(inspection)
        pending.append((visit, inspection, raw, result, recurring))

    Inspection.objects.bulk_create(new_inspections, batch_size=500)
    answers = []
    for _visit, inspection, raw, result, _ in pending:
        for item, value, na in raw:
            scored = result.items[item.pk]
            answers.append(
                Answer(
                    inspection=inspection,
                    item=item,
                    value=_json(value),
                    not_applicable=na,
                    status=scored.status,
                    score=scored.score,
                    passed=scored.passed,
                )
            )
    Answer.objects.bulk_create(answers, batch_size=2000)
    answer_of = {(a.inspection_id, a.item_id): a for a in answers}

    findings, actions = [], []
    for visit, inspection, _, result, recurring in pending:
        by_id = {item.pk: item for item in items[visit.kind]}
        for failed in result.failed:
            item = by_id[failed.item]
            answer = answer_of[(inspection.pk, item.pk)]
            severity = severity_of(item)
            classified = (today - visit.at.date()).days > 3 and visit.rng.random() < 0.85
            gap, cause = _classify(item) if classified else ("", "")
            finding = Finding(
                inspection=inspection,
                hall=visit.hall,
                item=item,
                answer=answer,
                item_code=item.code,
                touchpoint=item.touchpoint,
                severity=severity,
                description=f"{item.text}: {answer_summary(item, answer)}.",
                quality_gap=gap,
                root_cause=cause,
                recurring=item.pk in recurring,
                found_at=inspection.submitted_at,
            )
            owner, owner_staff = owners[visit.hall.code]
            action = CorrectiveAction(
                finding=finding,
                hall=visit.hall,
                description=f"Put right: {item.text}",
                owner=owner,
                owner_staff=owner_staff,
                due_date=inspection.submitted_at.astimezone(visit.hall.tzinfo).date()
                + dt.timedelta(days=DAYS_TO_FIX[Severity(severity)]),
            )
            verifier = people["inspector1"] if visit.hall.code <= "H004" else people["hq"]
            _action_state(action, finding, visit, today, verifier)
            findings.append(finding)
            actions.append(action)
    Finding.objects.bulk_create(findings, batch_size=1000)
    CorrectiveAction.objects.bulk_create(actions, batch_size=1000)
    # The narrow score table the reports read: the new visits, and earlier ones loaded before it existed.
    earlier = Inspection.objects.filter(client_uuid__in=existing, touchpoint_scores__isnull=True).select_related("hall")
    touchpoint_scores_rebuild([*new_inspections, *earlier])

    states = defaultdict(int)
    for action in actions:
        states[action.status] += 1
    stdout.write(
        f"inspections: 3 checklists, {len(new_inspections)} new inspections ({len(existing)} kept), "
        f"{len(findings)} findings, actions {dict(states)} in {time.monotonic() - started:.1f} s"
    )
    # The schedule: this month's assignments, some done with the visits above, some overdue (demo_assignments.py).
    from .demo_assignments import load as load_assignments

    load_assignments(context, stdout)
    # HQ review and appeals: a correction in the queue, appeals pending and decided (demo_reviews.py).
    from .demo_reviews import load as load_reviews

    load_reviews(context, stdout)
