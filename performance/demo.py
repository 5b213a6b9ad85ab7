"""Demo data for the star ladder: a default ladder and a Hangzhou version, grade histories and training,
two quarters of satisfaction presses and the mystery shops' observed staff in H001 and H002, mentoring
pairs, last quarter's evaluation of both halls with proposals in every state, and the honours of the last
months (by the rules, and one by hand). Idempotent: a second run adds nothing it already made."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from halls.models import Hall
from inspections.choices import InspectionKind, InspectionStatus
from inspections.models import Inspection
from staffing.choices import HonourKind, Position
from staffing.models import GradeChange, Honour, MentoringPair, StaffMember
from staffing.services import grades as staffing_grades
from touchpoints.demo_voice import HISTORY_DAYS as VOICE_HISTORY_DAYS
from touchpoints.models import Complaint, DevicePress, Touchpoint

from . import honours, services
from .choices import ProposalChange, ProposalStatus
from .evidence import month_of, previous_quarter, quarter_of
from .models import Evaluation, Ladder, TrainingRecord

HALLS = ("H001", "H002")
PRESS_PREFIX = "star-demo-"
DEFAULT_STEPS = {
    2: {"months_at_grade": 3, "min_mystery_shop": "75", "min_satisfaction": "80", "max_complaints": 2},
    3: {
        "months_at_grade": 6,
        "min_mystery_shop": "80",
        "min_satisfaction": "85",
        "max_complaints": 1,
        "training_course": "Service basics",
    },
    4: {
        "months_at_grade": 12,
        "min_mystery_shop": "85",
        "min_satisfaction": "90",
        "max_complaints": 1,
        "training_course": "Advanced service",
        "mentor_sign_off": True,
    },
    5: {
        "months_at_grade": 18,
        "min_mystery_shop": "90",
        "min_satisfaction": "93",
        "max_complaints": 0,
        "training_course": "Service coach",
    },
}
# The profile of each person decides their figures: rising people meet the next step, slipping ones fall
# below their floor two quarters running.
RATES = {"rising": 0.96, "steady": 0.92, "slipping": 0.70}


def _steps(**raise_by: str) -> dict[int, dict[str, Any]]:
    steps = {}
    for grade, values in DEFAULT_STEPS.items():
        step = {"training_course": "", "mentor_sign_off": False, **values}
        for name in ("min_mystery_shop", "min_satisfaction"):
            step[name] = Decimal(step[name]) + Decimal(raise_by.get(name, "0"))
        steps[grade] = step
    return steps


def _ladders(context: dict[str, Any]) -> None:
    hq = context.get("users", {}).get("hq")
    admin = context.get("users", {}).get("admin")
    if not Ladder.objects.filter(region__isnull=True).exists():
        services.ladder_save(region=None, steps=_steps(), demotion_quarters=2, note="First ladder", by=admin)
    region = context.get("region")
    if region is not None and not Ladder.objects.filter(region=region).exists():
        services.ladder_save(
            region=region, steps=_steps(), demotion_quarters=2, note="Hangzhou adopts the default", by=hq
        )
        services.ladder_save(
            region=region,
            steps=_steps(min_satisfaction="1"),
            demotion_quarters=2,
            note="Satisfaction bar one point higher at every step",
            by=hq,
        )


def _profile(index: int, member: StaffMember) -> str:
    if member.star_grade >= 2 and index % 5 == 3:
        return "slipping"
    return "rising" if index % 2 == 0 or member.star_grade == 5 else "steady"


def _people(hall: Hall, today: dt.date) -> list[tuple[StaffMember, str]]:
    members = list(StaffMember.objects.filter(hall=hall, active=True).order_by("employee_number"))
    start = dt.date(today.year - 2, 1, 1)
    # People loaded today by the staffing demo have been in the hall for a while.
    StaffMember.objects.filter(
        pk__in=[m.pk for m in members], created_at__date__gte=today - dt.timedelta(days=30)
    ).update(created_at=timezone.make_aware(dt.datetime.combine(start, dt.time(9))))
    people = []
    for index, member in enumerate(members):
        profile = _profile(index, member)
        if member.user_id:
            profile = "rising"
        people.append((member, profile))
    return people


def _history(people: list[tuple[StaffMember, str]], today: dt.date) -> None:
    have = set(GradeChange.objects.filter(staff__in=[m for m, _ in people]).values_list("staff_id", flat=True))
    rows, records = [], []
    for index, (member, profile) in enumerate(people):
        if member.pk not in have and member.star_grade > 1:
            since = dt.date(today.year - 2, 7, 1) + dt.timedelta(days=37 * index)
            rows.append(
                GradeChange(
                    staff=member,
                    from_grade=member.star_grade - 1,
                    to_grade=member.star_grade,
                    effective_on=since,
                    reason="Met every criterion in the quarterly evaluation.",
                    source="evaluation (before HallOps)",
                )
            )
        if profile == "rising" and not TrainingRecord.objects.filter(staff=member).exists():
            course = DEFAULT_STEPS.get(member.star_grade + 1, {}).get("training_course")
            if course:
                records.append(
                    TrainingRecord(
                        staff=member, course=course, passed_on=today - dt.timedelta(days=200 + index), score=88
                    )
                )
    GradeChange.objects.bulk_create(rows)
    TrainingRecord.objects.bulk_create(records)


def _presses(hall: Hall, people: list[tuple[StaffMember, str]], first: dt.date, today: dt.date) -> int:
    """Device presses (counters and consultants' desks) from `first` to the day before `today`, a few days a
    week each: the history before the customer-voice demo's weeks, so evaluations have two quarters to read."""
    if DevicePress.objects.filter(hall=hall, source_event_id__startswith=PRESS_PREFIX).exists():
        return 0
    rng = random.Random(f"star-presses-{hall.code}")  # noqa: S311 - demo data
    rows = []
    tz = hall.tzinfo
    for member, profile in people:
        rate = RATES[profile]
        day = first
        while day < today:
            if rng.random() < 0.3:
                for n in range(rng.randint(5, 10)):
                    moment = dt.datetime.combine(day, dt.time(9), tzinfo=tz) + dt.timedelta(minutes=rng.randint(0, 540))
                    roll = rng.random()
                    rating = (
                        "satisfied" if roll < rate else ("neutral" if roll < rate + (1 - rate) / 2 else "dissatisfied")
                    )
                    rows.append(
                        DevicePress(
                            hall=hall,
                            source_event_id=f"{PRESS_PREFIX}{member.pk}-{day:%Y%m%d}-{n}",
                            counter=1 + member.pk % max(1, hall.counters),
                            occurred_at=moment,
                            service_day=day,
                            rating=rating,
                            staff=member,
                            attribution="roster",
                        )
                    )
            day += dt.timedelta(days=1)
    DevicePress.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _complaints(hall: Hall, people: list[tuple[StaffMember, str]], first: dt.date) -> None:
    if Complaint.objects.filter(hall=hall, customer_ref__startswith="STAR-DEMO").exists():
        return
    touchpoint = Touchpoint.objects.filter(code="TP15").first()
    if touchpoint is None:
        return
    slipping = [m for m, p in people if p != "rising" and m.position == Position.COUNTER_CLERK]
    for index, member in enumerate(slipping[:4]):
        day = first + dt.timedelta(days=40 + 23 * index)
        Complaint.objects.create(
            hall=hall,
            channel="in_hall",
            touchpoint=touchpoint,
            category="attitude" if index % 2 else "waiting",
            occurred_at=dt.datetime.combine(day, dt.time(15), tzinfo=hall.tzinfo),
            staff=member,
            staff_basis="roster",
            summary="顾客认为办理时解释不清" if index % 2 else "排队时间过长无人引导",
            customer_ref=f"STAR-DEMO-{hall.code}-{index}",
            status="closed",
            outcome="upheld",
        )


def _observed(hall: Hall, people: list[tuple[StaffMember, str]]) -> None:
    """Who served each published mystery shopper: high scores to the rising, low to the slipping."""
    shops = list(
        Inspection.objects.filter(
            hall=hall, kind=InspectionKind.MYSTERY_SHOP, status=InspectionStatus.PUBLISHED, observed_staff=None
        ).order_by("submitted_at")
    )
    by_profile = {p: [m for m, q in people if q == p] for p in RATES}
    through = Inspection.observed_staff.through
    links = []
    for index, shop in enumerate(shops):
        score = shop.overall or Decimal("0")
        pool = by_profile["slipping"] if score < 85 else by_profile["rising"] if index % 3 else by_profile["steady"]
        pool = pool or [m for m, _ in people]
        for offset in range(2):
            links.append(through(inspection_id=shop.pk, staffmember_id=pool[(index + offset * 3) % len(pool)].pk))
    through.objects.bulk_create(links, ignore_conflicts=True)


def _pairs(hall: Hall, people: list[tuple[StaffMember, str]], today: dt.date, manager: Any) -> None:
    if MentoringPair.objects.filter(hall=hall).exists():
        return
    members = [m for m, _ in people]
    seniors = [m for m in members if m.star_grade >= 4]
    linked = next((m for m in members if m.user_id), None)
    juniors = [m for m in members if m.star_grade <= 2 and m != linked]
    if len(seniors) < 2 or len(juniors) < 2:
        return
    q_start, _ = previous_quarter(today)
    mentee = linked if linked is not None and linked.star_grade < seniors[0].star_grade else juniors[-1]
    pair = services.mentoring_create(
        mentor=seniors[0],
        mentee=mentee,
        goals="家庭套餐讲解与异议处理;每周两次跟岗",
        started_on=q_start,
        ends_on=q_start + dt.timedelta(days=180),
        by=manager,
    )
    staffing_grades.mentoring_sign_off(pair=pair)
    services.mentoring_create(
        mentor=seniors[1],
        mentee=juniors[0],
        goals="Queue pre-processing at peak; greeting within 10 seconds",
        started_on=today - dt.timedelta(days=40),
        ends_on=None,
        by=manager,
    )
    done = services.mentoring_create(
        mentor=seniors[0],
        mentee=juniors[1],
        goals="业务办理规范与系统操作",
        started_on=q_start - dt.timedelta(days=120),
        ends_on=q_start - dt.timedelta(days=10),
        by=manager,
    )
    services.mentoring_close(pair=done, completed=True, on=q_start - dt.timedelta(days=10))


def _evaluate(hall: Hall, today: dt.date, users: dict[str, Any]) -> Evaluation | None:
    start, _ = previous_quarter(today)
    if Evaluation.objects.filter(hall=hall, quarter_start=start).exists():
        return None
    evaluation = services.evaluation_run(hall=hall, quarter_start=start, by=None)
    manager = users.get("manager1" if hall.code == "H001" else "manager2")
    hq = users.get("hq")
    changes = list(
        evaluation.proposals.exclude(change=ProposalChange.NONE)
        .select_related("staff")
        .order_by("-change", "staff__employee_number")
    )
    # One proposal in each state: approved, rejected, held, recommended; the rest wait for the manager.
    plan = ["approved", "rejected", "held", "recommended"]
    linked = [p for p in changes if p.staff.user_id]
    others = [p for p in changes if not p.staff.user_id]
    ordered = others[:3] + linked + others[3:]
    for proposal, state in zip(ordered, plan, strict=False):
        if state == "held":
            services.proposal_hold(proposal=proposal, by=manager, note="先完成本季度的神秘顾客复训再晋升")
        elif state == "rejected":
            services.proposal_hold(proposal=proposal, by=manager, note="Only two months at the counter this quarter")
            services.proposal_reject(proposal=proposal, by=hq, note="Agree to hold; evaluate again next quarter")
        else:
            services.proposal_recommend(proposal=proposal, by=manager, note="表现稳定,顾客反馈好")
            if state == "approved":
                services.proposal_approve(proposal=proposal, by=hq, note="")
    return evaluation


def _honours(hall: Hall, today: dt.date, manager: Any) -> int:
    first_month = month_of(quarter_of(today)[0] - dt.timedelta(days=75))[0]
    month = first_month
    awarded = 0
    while month_of(month)[1] < today:
        awarded += len(honours.honours_run_month(hall=hall, month_start=month))
        month = month_of(month)[1] + dt.timedelta(days=1)
    member = StaffMember.objects.filter(hall=hall, active=True).order_by("employee_number")[2:3].first()
    if member and not Honour.objects.filter(staff=member, kind=HonourKind.OTHER).exists():
        start = month_of(today)[0]
        services.honour_award_by_hand(
            staff=member,
            kind=HonourKind.OTHER,
            title="暖心服务之星",
            period_start=start,
            period_end=today,
            reason="主动帮助一位轮椅顾客完成换卡,并送到门口 (Helped a customer in a wheelchair all the way).",
            by=manager,
        )
        awarded += 1
    return awarded


def load(context: dict[str, Any], stdout: Any) -> None:
    started = time.monotonic()
    today = timezone.localdate()
    users = context.get("users", {})
    _ladders(context)
    presses = awarded = proposals = 0
    for code in HALLS:
        hall = Hall.objects.filter(code=code).first()
        if hall is None:
            continue
        manager = users.get("manager1" if code == "H001" else "manager2")
        people = _people(hall, today)
        _history(people, today)
        first = previous_quarter(previous_quarter(today)[0])[0]
        # Older history only: the last HISTORY_DAYS come from the customer-voice demo, attributed from real rosters.
        presses += _presses(hall, people, first, today - dt.timedelta(days=VOICE_HISTORY_DAYS))
        _complaints(hall, people, first)
        _observed(hall, people)
        _pairs(hall, people, today, manager)
        evaluation = _evaluate(hall, today, users)
        if evaluation is not None:
            proposals += evaluation.proposals.exclude(status=ProposalStatus.NO_CHANGE).count()
        awarded += _honours(hall, today, manager)
    stdout.write(
        f"performance: star ladders, {presses} device presses, {proposals} grade proposals, "
        f"{awarded} honours in {time.monotonic() - started:.1f} s"
    )
    from .demo_kpis import load as load_kpis

    load_kpis(context, stdout)
    from .demo_incentives import load as load_incentives

    load_incentives(context, stdout)
    from .dashboards.demo import load_today

    load_today(context, stdout)
