"""Times an incentive run (docs/incentives.md) for a region of 2,000 halls and 25,000 staff over one month.

Run against PostgreSQL (the script's test runner creates `test_<name>`; --keep leaves it for the next run, which
then reuses the data instead of generating it again):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench_inc \
        .venv/bin/python bench/incentive_run.py --halls 2000 --staff 25000 --keep

The month is September 2026 (hall-local days, Asia/Shanghai). Per hall: its share of the staff (12-13 people),
one published roster with a shift of 8 hours on about 20 days for each person; daily KPI facts for satisfaction,
mean wait and the 90th-percentile wait (with its histogram); about 40 satisfaction presses per person; two
published mystery shops observing two people each (16 touchpoint scores each); one hall in 20 a patrol with a
failed critical item, one in 10 an upheld serious complaint naming someone, one in 40 a pending appeal. Two
thirds of the halls are self-owned, a third partner-run; each kind has a scheme counting four KPIs (the
mystery-shop KPI among them, so a pending appeal freezes its hall). Shifts, presses and facts are generated in
SQL (PostgreSQL only); the rest through the ORM in bulk.

The run is computed twice: the first computation (nothing to replace) and a recompute (every pool and line
replaced, with its history), each timed with its query count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import warnings  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

REGION_CODE = "BENCH-INC"
MONTH = dt.date(2026, 9, 1)
DAYS = 30


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


def build(halls: int, staff: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from halls.models import Hall, Region
    from inspections.choices import InspectionKind, InspectionStatus
    from inspections.models import (
        Answer,
        Appeal,
        ChecklistTemplate,
        Inspection,
        Item,
        Section,
        TemplateVersion,
        TouchpointScore,
    )
    from performance.incentive_models import IncentiveScheme, SchemeKpi
    from performance.kpi_models import KpiDefinition
    from staffing.models import Roster, StaffMember
    from touchpoints.models import Complaint, Touchpoint

    User = get_user_model()
    region = Region.objects.filter(code=REGION_CODE).first()
    if region is not None and Hall.objects.filter(region=region).count() == halls:
        log("reusing the data of a previous run")
        return User.objects.get(username="bench-inc-hq"), region
    if region is not None:
        raise SystemExit("The kept database holds another size: drop test_<name> or run with the same --halls.")
    started = time.monotonic()
    rng = random.Random(5)
    hq = User.objects.create(username="bench-inc-hq")
    region = Region.objects.create(code=REGION_CODE, name="Bench incentives")
    hall_rows = Hall.objects.bulk_create(
        [
            Hall(code=f"BI{i:05d}", name=f"Hall {i}", region=region, kind="partner" if i % 3 == 2 else "self_owned")
            for i in range(halls)
        ]
    )
    codes = ["satisfaction", "wait_mean", "wait_p90", "mystery_shop"]
    kpis = {k.code: k for k in KpiDefinition.objects.filter(code__in=codes)}
    for kind in ("self_owned", "partner"):
        scheme = IncentiveScheme.objects.create(
            region=region,
            hall_kind=kind,
            effective_from=dt.date(2026, 1, 1),
            name=f"Bench {kind}",
            base_pool=Decimal("20000"),
            pool_per_head=Decimal("800"),
        )
        SchemeKpi.objects.bulk_create(
            [SchemeKpi(scheme=scheme, kpi=kpis[c], weight=w) for c, w in zip(codes, (40, 20, 20, 20), strict=True)]
        )
    StaffMember.objects.bulk_create(
        [
            StaffMember(
                hall=hall_rows[i % halls],
                name=f"Person {i}",
                employee_number=f"BI{i:06d}",
                contracted_hours_week=Decimal("40"),
                max_hours_week=Decimal("44"),
                star_grade=1 + i % 5,
            )
            for i in range(staff)
        ],
        batch_size=5000,
    )
    Roster.objects.bulk_create(
        [Roster(hall=h, start_date=MONTH, weeks=4, status="published", published_at=timezone.now()) for h in hall_rows]
    )
    log(f"halls, people, rosters: {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        # ~20 shifts of 8 hours (09:00-17:00 local = 01:00-09:00 UTC) per person: every day but one in three.
        cursor.execute(
            """
            INSERT INTO staffing_shift (created_at, updated_at, roster_id, staff_id, day, role, starts_at, ends_at)
            SELECT now(), now(), r.id, s.id, d::date, 'counter',
                   d + interval '1 hour', d + interval '9 hours'
            FROM staffing_staffmember s
            JOIN staffing_roster r ON r.hall_id = s.hall_id
            JOIN halls_hall h ON h.id = s.hall_id AND h.region_id = %s
            CROSS JOIN generate_series(%s::timestamptz, %s::timestamptz, interval '1 day') d
            WHERE (extract(day from d)::int + s.id) %% 3 <> 0
            """,
            [region.pk, f"{MONTH} 00:00+00", f"{MONTH + dt.timedelta(days=DAYS - 1)} 00:00+00"],
        )
        log(f"shifts: {cursor.rowcount}")
        # ~40 presses per person, 80 % satisfied.
        cursor.execute(
            """
            INSERT INTO touchpoints_devicepress (hall_id, source_event_id, counter, occurred_at, service_day, rating,
                ticket, ticket_given, tier, staff_id, attribution, received_at)
            SELECT s.hall_id, 'b' || s.id || '-' || n, 1,
                   %s::timestamptz + (n %% 30) * interval '1 day' + interval '3 hours',
                   (%s::date + (n %% 30)),
                   CASE WHEN (s.id + n) %% 5 = 0 THEN 'dissatisfied' ELSE 'satisfied' END,
                   '', false, '', s.id, 'roster', now()
            FROM staffing_staffmember s
            JOIN halls_hall h ON h.id = s.hall_id AND h.region_id = %s
            CROSS JOIN generate_series(1, 40) n
            """,
            [f"{MONTH} 00:00+00", MONTH, region.pk],
        )
        log(f"presses: {cursor.rowcount}")
        # Daily facts: satisfaction (satisfied / presses), mean wait (seconds / tickets), p90 with a histogram.
        for code, num, den, hist in (
            ("satisfaction", "150 + (h.id %% 40)", "200", None),
            ("wait_mean", "(200 + (h.id %% 300)) * 300", "300", None),
            ("wait_p90", "0", "300", """jsonb_build_object('300', 200, '600', 70, (600 + h.id %% 600)::text, 30)"""),
        ):
            cursor.execute(
                f"""
                INSERT INTO performance_dailyfact (hall_id, day, kpi_id, numerator, denominator, histogram, computed_at)
                SELECT h.id, d::date, %s, {num}, {den}, {hist or "NULL"}, now()
                FROM halls_hall h CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d
                WHERE h.region_id = %s
                """,
                [kpis[code].pk, MONTH, MONTH + dt.timedelta(days=DAYS - 1), region.pk],
            )
        log("facts written")
    # Mystery shops, touchpoint scores, patrols with a failed critical item, complaints, appeals.
    shop_t = ChecklistTemplate.objects.create(kind=InspectionKind.MYSTERY_SHOP, name="Bench shop")
    shop_v = TemplateVersion.objects.create(template=shop_t, number=1, published_at=timezone.now())
    patrol_t = ChecklistTemplate.objects.create(kind=InspectionKind.PATROL, name="Bench patrol")
    patrol_v = TemplateVersion.objects.create(template=patrol_t, number=1)
    tps = list(Touchpoint.objects.order_by("order"))
    section = Section.objects.create(version=patrol_v, order=1, title="Bench")
    critical = Item.objects.create(
        version=patrol_v,
        section=section,
        order=1,
        code="bench-critical",
        text="Cash locked away",
        touchpoint=tps[11],
        answer_type="yes_no",
        critical=True,
    )
    TemplateVersion.objects.filter(pk=patrol_v.pk).update(published_at=timezone.now())
    staff_by_hall: dict[int, list[int]] = {}
    for pk, hall_id in StaffMember.objects.filter(hall__region=region).values_list("pk", "hall_id"):
        staff_by_hall.setdefault(hall_id, []).append(pk)
    shops, observed, patrols = [], [], []
    for index, hall in enumerate(hall_rows):
        for visit in range(2):
            when = dt.datetime(2026, 9, 5 + 10 * visit, 3, tzinfo=dt.UTC)
            shops.append(
                Inspection(
                    hall=hall,
                    template_version=shop_v,
                    kind=InspectionKind.MYSTERY_SHOP,
                    inspector=hq,
                    status=InspectionStatus.PUBLISHED,
                    submitted_at=when,
                    published_at=when,
                    overall=Decimal(70 + rng.randint(0, 30)),
                    by_touchpoint={tp.code: str(60 + rng.randint(0, 40)) for tp in tps},
                )
            )
        if index % 20 == 0:
            patrols.append(
                Inspection(
                    hall=hall,
                    template_version=patrol_v,
                    kind=InspectionKind.PATROL,
                    inspector=hq,
                    status=InspectionStatus.SUBMITTED,
                    submitted_at=dt.datetime(2026, 9, 8, 3, tzinfo=dt.UTC),
                    overall=Decimal("70"),
                )
            )
    shops = Inspection.objects.bulk_create(shops, batch_size=2000)
    patrols = Inspection.objects.bulk_create(patrols)
    through = Inspection.observed_staff.through
    scores = []
    for number, shop in enumerate(shops):
        for staff_id in rng.sample(staff_by_hall[shop.hall_id], 2):
            observed.append(through(inspection_id=shop.pk, staffmember_id=staff_id))
        day = shop.submitted_at.date()
        scores += [
            TouchpointScore(
                inspection=shop,
                hall_id=shop.hall_id,
                touchpoint=tp,
                day=day,
                kind=shop.kind,
                score=shop.by_touchpoint[tp.code],
            )
            for tp in tps
        ]
        if number % 80 == 0:
            Appeal.objects.create(inspection=shop, reason="bench", filed_at=timezone.now())
    through.objects.bulk_create(observed, batch_size=5000)
    TouchpointScore.objects.bulk_create(scores, batch_size=5000)
    Answer.objects.bulk_create([Answer(inspection=p, item=critical, value="no", passed=False) for p in patrols])
    Complaint.objects.bulk_create(
        [
            Complaint(
                hall=hall,
                channel="in_hall",
                touchpoint=tps[14],
                category="attitude",
                severity="high",
                occurred_at=dt.datetime(2026, 9, 12, 4, tzinfo=dt.UTC),
                staff_id=staff_by_hall[hall.pk][0],
                staff_basis="roster",
                summary="Bench complaint",
                outcome="upheld",
            )
            for index, hall in enumerate(hall_rows)
            if index % 10 == 3
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"data ready in {time.monotonic() - started:.0f} s")
    return hq, region


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--halls", type=int, default=2000)
    parser.add_argument("--staff", type=int, default=25000)
    parser.add_argument("--keep", action="store_true", help="keep the test database (and its data) for the next run")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only: set DATABASE_URL=postgres://...")
    from django.test.utils import setup_databases, teardown_databases

    from performance.incentive_models import HallPool, IncentiveLine, IncentiveRun
    from performance.incentives.runs import compute_run

    old = setup_databases(verbosity=0, interactive=False, keepdb=args.keep, serialized_aliases=set())
    try:
        hq, region = build(args.halls, args.staff)
        IncentiveRun.objects.filter(region=region).delete()
        run = IncentiveRun.objects.create(region=region, month=MONTH, created_by=hq)
        for label in ("first computation", "recompute"):
            started = time.monotonic()
            with CaptureQueriesContext(connection) as queries:
                compute_run(run=run, by=hq)
            took = time.monotonic() - started
            pools = HallPool.objects.filter(run=run)
            lines = IncentiveLine.objects.filter(pool__run=run)
            frozen = lines.filter(frozen=True).count()
            print(
                f"{label}: {took:.1f} s, {len(queries)} queries; {pools.count()} pools, {lines.count()} lines "
                f"({frozen} frozen)",
                flush=True,
            )
        from django.db.models import F, Sum

        sums = pools.annotate(shares=Sum("lines__share")).filter(shares__isnull=False).exclude(shares=F("pool"))
        bad = list(sums.values_list("hall_id", flat=True))
        print(f"pools whose shares do not add up: {len(bad)}")
    finally:
        if not args.keep:
            teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
