"""Times the regional HQ dashboard (docs/dashboards.md, "Regional HQ") for a region of 2,000 halls with a year of
daily KPI facts.

Run against PostgreSQL (the test runner creates `test_<name>`; --keep leaves it, and the next run reuses it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench_hq \
        .venv/bin/python bench/hq_dashboard.py --halls 2000 --days 365 --repeat 10 --keep

The data:
- the touchpoint scores of bench/heatmap.py's generator (90 days: the heatmap panel and the radar);
- per hall, per day over the last `--days` days, one DailyFact per active KPI (20 KPIs: 14.6 million rows for
  2,000 halls and a year), with plausible numerators and denominators per formula; the 90th-percentile wait
  row carries a histogram of 60 distinct wait values (seconds) like the nightly rebuild writes;
- the monthly roll-up of those facts (MonthlyFact, 480,000 rows), made by the product's roll-up code;
- for the current month, an incentive run of the region with one HallPool per hall (attainment, pool, headcount).

"first after a rebuild" clears the cache before each request: the dashboard's cold path.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import warnings  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import heatmap as heatmap_bench  # noqa: E402

heatmap_bench.REGION_CODE = "BENCH-HQ"
log = heatmap_bench.log

# Per formula: (denominator per day, numerator as a share of it): plausible levels, with each hall's own level.
FACT_SQL = """
INSERT INTO performance_dailyfact (hall_id, day, kpi_id, numerator, denominator, histogram, computed_at)
SELECT h.id, d.day, k.id,
       CASE k.formula
            WHEN 'complaints_per_1000' THEN floor(random() * 3)
            WHEN 'mystery_shop' THEN round((78 + (h.id * 13 % 17) + random() * 6)::numeric, 1)
            WHEN 'touchpoint_score' THEN round((80 + (h.id * 7 % 15) + random() * 5)::numeric * 20, 1)
            WHEN 'wait_mean' THEN round((240 + (h.id * 11 % 300) + random() * 120)::numeric * 300)
            WHEN 'wait_p90' THEN 0
            WHEN 'walk_outs' THEN floor(random() * 12)
            WHEN 'mentoring_pairs' THEN 1 + h.id % 3
            WHEN 'honours' THEN CASE WHEN random() < 0.05 THEN 1 ELSE 0 END
            WHEN 'star_mix' THEN 4 + h.id % 5
            ELSE round(((0.80 + (h.id * 17 % 19) / 100.0 + random() * 0.04) *
                 CASE k.formula WHEN 'satisfaction' THEN 160 WHEN 'within_target' THEN 300
                      WHEN 'inspection_completion' THEN 3 WHEN 'actions_on_time' THEN 2
                      WHEN 'sales_new_lines' THEN 90 WHEN 'sales_broadband' THEN 40 WHEN 'sales_devices' THEN 60
                      ELSE 40 END)::numeric)
       END,
       CASE k.formula
            WHEN 'complaints_per_1000' THEN 300 + (h.id * 29 % 250)
            WHEN 'mystery_shop' THEN 1
            WHEN 'touchpoint_score' THEN 20
            WHEN 'wait_mean' THEN 300
            WHEN 'wait_p90' THEN 300
            WHEN 'walk_outs' THEN 320
            WHEN 'mentoring_pairs' THEN 1
            WHEN 'honours' THEN 1
            WHEN 'star_mix' THEN 10
            WHEN 'satisfaction' THEN 160 WHEN 'within_target' THEN 300
            WHEN 'inspection_completion' THEN 3 WHEN 'actions_on_time' THEN 2
            WHEN 'sales_new_lines' THEN 100 WHEN 'sales_broadband' THEN 45 WHEN 'sales_devices' THEN 60
            ELSE 40
       END,
       CASE WHEN k.formula = 'wait_p90' THEN (
            SELECT jsonb_object_agg((g * 30 + (h.id + d.n) % 30)::text, 1 + (g * 7 + h.id + d.n) % 9)
            FROM generate_series(0, 59) AS g) END,
       now()
FROM halls_hall h
CROSS JOIN (SELECT n, current_date - n AS day FROM generate_series(0, {days} - 1) AS s(n)) AS d
CROSS JOIN performance_kpidefinition k
WHERE h.region_id = {region} AND k.active
  AND (k.formula NOT LIKE 'sales_%' OR extract(day FROM d.day) = 1)
  AND (k.formula <> 'mystery_shop' OR (h.id * 31 + d.n * 17) % 30 < 11)
"""


def build(halls: int, days: int):
    from django.db.models import Count

    from performance.kpi_models import DailyFact

    user, region = heatmap_bench.build(halls, 90)
    if DailyFact.objects.filter(hall__region=region).exists():
        log("reusing the daily facts of a previous run")
        return user, region
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.17)")
        cursor.execute(FACT_SQL.format(days=int(days), region=int(region.pk)))
        log(f"{cursor.rowcount} daily facts in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        # The nightly job writes each day's facts for every hall after the day before's, so a month's rows sit
        # together on disk; the generator wrote them hall by hall: put them in day order like production.
        cursor.execute("CLUSTER performance_dailyfact USING daily_fact_day_hall")
        cursor.execute("VACUUM ANALYZE performance_dailyfact")
        log(f"cluster by day, vacuum analyze in {time.monotonic() - started:.1f} s")
    per_kpi = DailyFact.objects.values("kpi_id").annotate(n=Count("pk")).count()
    log(f"facts for {per_kpi} KPIs")
    pools(region)
    return user, region


def monthly_rollup(region, days: int) -> None:
    """The monthly KPI roll-up (MonthlyFact) of the region's daily facts, with the product's code
    (performance/kpis/facts.py, what `kpi_rebuild --rollup-only` runs), if not there yet."""
    from django.utils import timezone

    from halls.models import Hall
    from performance.kpi_models import MonthlyFact
    from performance.kpis.facts import rollup_all

    if MonthlyFact.objects.filter(hall__region=region).exists():
        log("reusing the monthly roll-up of a previous run")
        return
    started = time.monotonic()
    today = timezone.localdate()
    written = rollup_all(
        first=today - dt.timedelta(days=days + 1), last=today, halls=Hall.objects.filter(region=region).order_by("pk")
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE performance_monthlyfact")
    log(f"{written} monthly facts rolled up in {time.monotonic() - started:.1f} s")


def rollup(region) -> None:
    """The heatmap's nightly window roll-up ending yesterday (what HQ reads in production), if not there yet."""
    from inspections import reports
    from inspections.models import TouchpointWindow
    from inspections.services.touchpoint_windows import touchpoint_windows_rebuild

    yesterday = reports.heatmap_today(region) - dt.timedelta(days=1)
    if TouchpointWindow.objects.filter(as_of=yesterday).exists():
        return
    started = time.monotonic()
    written = touchpoint_windows_rebuild(yesterday)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE inspections_touchpointwindow")
    log(f"touchpoint window roll-up ({written}) in {time.monotonic() - started:.1f} s")


def pools(region) -> None:
    """An incentive run for the current month with one pool per hall (what the incentive run would write)."""
    from django.utils import timezone

    from performance.incentive_models import HallPool, IncentiveRun, IncentiveScheme

    month = timezone.localdate().replace(day=1)
    schemes = {}
    for kind in ("self_owned", "partner"):
        schemes[kind] = IncentiveScheme.objects.create(
            region=region, hall_kind=kind, effective_from=month, name=f"Bench {kind}", base_pool=1000, pool_per_head=500
        )
    run = IncentiveRun.objects.create(region=region, month=month, computed_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO performance_hallpool (run_id, hall_id, scheme_id, headcount, base, attainment, factor,
                pool_before_gates, gate_cut, pool, paid, withheld, explanation, frozen, review_note)
            SELECT %(run)s, h.id, CASE h.kind WHEN 'partner' THEN %(partner)s ELSE %(self)s END, 6 + h.id %% 9,
                   1000 + 500 * (6 + h.id %% 9), a, a, round((1000 + 500 * (6 + h.id %% 9)) * a, 2), 0,
                   round((1000 + 500 * (6 + h.id %% 9)) * a, 2), round((1000 + 500 * (6 + h.id %% 9)) * a, 2), 0,
                   '{}', false, ''
            FROM (SELECT id, kind, round((0.8 + (id * 17 %% 40) / 100.0)::numeric, 4) AS a
                  FROM halls_hall WHERE region_id = %(region)s) AS h
            """,
            {"run": run.pk, "region": region.pk, "self": schemes["self_owned"].pk, "partner": schemes["partner"].pk},
        )
    log(f"{HallPool.objects.filter(run=run).count()} hall pools for {month:%Y-%m}")


def median_of(repeat: int, call, cold: bool) -> tuple[float, float, int]:
    from django.core.cache import cache

    call()  # warm the database's buffers and Python's imports
    times, queries = [], 0
    for _ in range(repeat):
        if cold:
            cache.clear()  # what the first request after the nightly facts rebuild reads
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return statistics.median(times), max(times), queries


def time_warm(region) -> None:
    """The job the nightly facts rebuild queues (performance.region_dashboards_warm) for this region."""
    from django.core.cache import cache

    from performance.tasks import region_dashboards_warm

    times = []
    for _ in range(2):
        cache.clear()
        started = time.perf_counter()
        region_dashboards_warm(region_ids=[region.pk])
        times.append(time.perf_counter() - started)
    print(f"  region_dashboards_warm (after the nightly rebuild): {min(times):.1f} s (max {max(times):.1f})")


def run_cases(client, region, repeat: int) -> None:
    base = f"/performance/regions/{region.pk}/dashboard/"
    for url in (
        base,
        base + "?kind=partner",
        base + "?period=quarter",
        base + "?sort=-mystery_shop&page=7",
        base + "?sort=wait_p90",
        base + "big/",
        base + "league.csv",
    ):

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        label = url.replace(str(region.pk), "R")
        cold = median_of(repeat, get, cold=True)
        warm = median_of(repeat, get, cold=False)
        print(
            f"  {label:52s} first after a rebuild: median {cold[0]:7.1f} ms (max {cold[1]:7.1f}) {cold[2]:3d} queries"
            f" | cached sums: median {warm[0]:6.1f} ms (max {warm[1]:6.1f}) {warm[2]:3d} queries",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--halls", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the test database (and its data) for the next run")
    parser.add_argument("--build-only", action="store_true", help="generate the data and stop")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The generator writes PostgreSQL SQL: set DATABASE_URL=postgres://...")

    setup_test_environment()
    from django.test.utils import setup_databases, teardown_databases

    from performance.kpi_models import DailyFact

    old = setup_databases(verbosity=0, interactive=False, keepdb=args.keep, serialized_aliases=set())
    try:
        user, region = build(args.halls, args.days)
        monthly_rollup(region, args.days)
        rollup(region)
        if args.build_only:
            return
        client = Client()
        client.force_login(user)
        rows = DailyFact.objects.count()
        print(f"\n{connection.vendor}, {args.halls} halls, {rows:,} daily facts; median/max of {args.repeat}")
        print(f"  load average before: {os.getloadavg()[0]:.2f}")
        time_warm(region)
        run_cases(client, region, args.repeat)
        print(f"  load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if not args.keep:
            teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
