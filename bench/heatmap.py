"""Times the region touchpoint heatmap (docs/reports.md) for an HQ user over 2,000 halls and 90 days.

Run against PostgreSQL (the script's test runner creates `test_<name>`; --keep leaves it for the next run, which
then reuses the data instead of generating it again):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench_heatmap \
        .venv/bin/python bench/heatmap.py --halls 2000 --days 90 --repeat 15 --explain

The data, per hall and per day over the last `--days` days (hall-local days, Asia/Shanghai):
- two self-inspections: the opening check scores all 16 touchpoints, the closing check 8 of them;
- patrols about 4 a month and mystery shops about 11 a month (15 a month together, all 16 touchpoints);
- a third of the halls are partner-run; half of those have no kiosks, so self-service (TP09) does not apply
  there and has no score rows;
- scores: 100 for about half of the touchpoints visited (every item passed), otherwise around the hall's
  level (75-97) plus the touchpoint's own difficulty and noise, 0 for 2 % (a failed critical item); mystery
  shops of the last 5 days are still under HQ review (not visible to the hall).

The raw table is timed with no window roll-up in the database (what a fresh install or a missed night reads).
With --rollup the script then runs the nightly job (`touchpoint_windows_rebuild`, timed), checks that the heatmap
gives the raw table's sums for both windows and every kind, and times the same requests again: the product path
for HQ and administrators (the windows ending yesterday plus today's raw rows).

That is about 226 inspections and 2,900 touchpoint scores per hall: 450,000 inspections and 5.8 million
TouchpointScore rows for 2,000 halls (generated in SQL, a few minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections import defaultdict
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

REGION_CODE = "BENCH-HM"
CLOSING_TOUCHPOINTS = 8  # TP01-TP05, TP09, TP11, TP16: what a closing check walks past


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


def build(halls: int, days: int):
    """The region, its halls, an HQ user and the inspections with their touchpoint scores (or the ones a
    previous --keep run left)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.roles import Role
    from halls import services
    from halls.models import Hall, Region
    from inspections.models import ChecklistTemplate, TemplateVersion

    User = get_user_model()
    region = Region.objects.filter(code=REGION_CODE).first()
    if region is not None and Hall.objects.filter(region=region).count() == halls:
        log("reusing the data of a previous run")
        return User.objects.get(username="bench-hq"), region
    if region is not None:
        raise SystemExit("The kept database holds another size: drop test_<name> or run with the same --halls.")

    started = time.monotonic()
    region = Region.objects.create(code=REGION_CODE, name="Heatmap bench region")
    Hall.objects.bulk_create(
        Hall(
            code=f"HM{i:05d}",
            name=f"Hall {i}",
            region=region,
            kind="partner" if i % 3 == 0 else "self_owned",
            kiosks=0 if i % 6 == 0 else 2,
        )
        for i in range(halls)
    )
    user = User.objects.create_user("bench-hq", password="x")  # noqa: S106
    services.role_assign(user=user, role=Role.HQ, regions=[region])
    inspector = User.objects.create_user("bench-inspector", password="x")  # noqa: S106
    shopper = User.objects.create_user("bench-shopper", password="x")  # noqa: S106
    versions = {}
    for kind in ("opening", "closing", "patrol", "mystery_shop"):
        template = ChecklistTemplate.objects.create(kind=kind, name=f"Bench {kind}")
        versions[kind] = TemplateVersion.objects.create(template=template, number=1, published_at=timezone.now())
    log(f"{halls} halls in {time.monotonic() - started:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        started = time.monotonic()
        # Each hall's day: opening 08:45, closing 21:15, a patrol on one day in seven, a mystery shop on 11 days
        # in 30; hall-local times in Asia/Shanghai.
        cursor.execute(
            """
            INSERT INTO inspections_inspection (
                created_at, updated_at, hall_id, template_version_id, kind, inspector_id, status, client_uuid,
                payload_hash, submitted_at, published_at, comment, overall, by_touchpoint, by_dimension,
                applicable_touchpoints)
            SELECT now(), now(), h.id, v.version_id, v.kind,
                   CASE WHEN v.kind = 'mystery_shop' THEN %(shopper)s ELSE %(inspector)s END,
                   CASE WHEN v.kind <> 'mystery_shop' THEN 'submitted'
                        WHEN d.n < 5 THEN 'under_review' ELSE 'published' END,
                   gen_random_uuid(), '',
                   ((current_date - d.n) + v.at) AT TIME ZONE 'Asia/Shanghai',
                   CASE WHEN v.kind = 'mystery_shop' AND d.n >= 5
                        THEN ((current_date - d.n + 3) + v.at) AT TIME ZONE 'Asia/Shanghai' END,
                   '', NULL, '{}', '{}', '[]'
            FROM halls_hall h
            CROSS JOIN generate_series(0, %(days)s - 1) AS d(n)
            CROSS JOIN (VALUES ('opening', %(opening)s, time '08:45'), ('closing', %(closing)s, time '21:15'),
                               ('patrol', %(patrol)s, time '14:00'), ('mystery_shop', %(shop)s, time '11:10'))
                 AS v(kind, version_id, at)
            WHERE h.region_id = %(region)s
              AND (v.kind IN ('opening', 'closing')
                   OR (v.kind = 'patrol' AND (h.id + d.n) %% 7 = 0)
                   OR (v.kind = 'mystery_shop' AND (h.id * 31 + d.n * 17) %% 30 < 11))
            """,
            {
                "days": days,
                "region": region.pk,
                "inspector": inspector.pk,
                "shopper": shopper.pk,
                **{kind if kind != "mystery_shop" else "shop": version.pk for kind, version in versions.items()},
            },
        )
        log(f"{cursor.rowcount} inspections in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        # Scores: the hall's level (75-97), the touchpoint's difficulty (0-8 points off), noise; half of the
        # visits pass every item (100) and 2 % fail a critical item (0). TP09 only where the hall has kiosks.
        cursor.execute(
            """
            INSERT INTO inspections_touchpointscore (inspection_id, hall_id, touchpoint_id, day, kind, score,
                                                     visible_to_hall)
            SELECT inspection_id, hall_id, touchpoint_id, day, kind,
                   CASE WHEN r < 0.02 THEN 0
                        WHEN r < 0.52 THEN 100
                        ELSE round(greatest(0, least(100, level - difficulty + (random() - 0.5) * 30))::numeric, 1)
                   END,
                   visible
            FROM (
                SELECT i.id AS inspection_id, i.hall_id, t.id AS touchpoint_id,
                       (i.submitted_at AT TIME ZONE 'Asia/Shanghai')::date AS day, i.kind,
                       75 + (h.id * 7919 %% 23) AS level, t."order" * 37 %% 9 AS difficulty, random() AS r,
                       i.kind <> 'mystery_shop' OR i.status = 'published' AS visible
                FROM inspections_inspection i
                JOIN halls_hall h ON h.id = i.hall_id
                CROSS JOIN touchpoints_touchpoint t
                WHERE h.region_id = %(region)s
                  AND (t.code <> 'TP09' OR h.kiosks > 0)
                  AND (i.kind <> 'closing'
                       OR t.code IN ('TP01', 'TP02', 'TP03', 'TP04', 'TP05', 'TP09', 'TP11', 'TP16'))
            ) AS visits
            """,
            {"region": region.pk},
        )
        log(f"{cursor.rowcount} touchpoint scores in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        cursor.execute("VACUUM ANALYZE inspections_touchpointscore")
        cursor.execute("ANALYZE inspections_inspection")
        cursor.execute("ANALYZE halls_hall")
        log(f"analyze in {time.monotonic() - started:.1f} s")
    return user, region


def median_of(repeat: int, call) -> tuple[float, float, int]:
    call()  # warm caches
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return statistics.median(times), max(times), queries


def run_cases(client, user, region, repeat: int) -> None:
    from inspections import reports

    cases = [
        ("region_heatmap() 90 days", lambda: reports.region_heatmap(user=user, region=region, days=90)),
        ("region_heatmap() 30 days", lambda: reports.region_heatmap(user=user, region=region, days=30)),
    ]
    for url in (
        f"/inspections/heatmap/?region={region.pk}&days=90",
        f"/inspections/heatmap/?region={region.pk}&days=90&sort=weakest&kind=mystery_shop&page=20",
        f"/inspections/heatmap/?region={region.pk}&days=30",
        f"/inspections/heatmap/export.csv?region={region.pk}&days=90",
    ):

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        cases.append((url.replace(f"region={region.pk}", "region=R"), get))
    for label, call in cases:
        median, worst, queries = median_of(repeat, call)
        print(f"  {label:78s} median {median:7.1f} ms  max {worst:7.1f} ms  {queries} queries", flush=True)


# --- the window roll-up (inspections.TouchpointWindow, services/touchpoint_windows.py) --------------------------


def rollup_build(region) -> None:
    """The nightly job's work, timed: the 30- and 90-day windows ending yesterday (the region's yesterday)."""
    from inspections import reports
    from inspections.services.touchpoint_windows import touchpoint_windows_rebuild

    started = time.monotonic()
    written = touchpoint_windows_rebuild(reports.heatmap_today(region) - dt.timedelta(days=1))
    log(f"roll-up rebuilt ({written}) in {time.monotonic() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE inspections_touchpointwindow")


def rollup_check(user, region) -> None:
    """The product path (heatmap_cell_sums on the roll-up) against the raw query, for both windows and every kind."""
    from inspections import reports

    end = reports.heatmap_today(region)
    halls = reports.heatmap_halls(user=user, region=region)
    for days in (30, 90):
        start = end - dt.timedelta(days=days - 1)
        assert reports._window_cell_sums(user=user, halls=halls, start=start, end=end, kind="") is not None
        for kind in reports.WINDOW_GROUPS:
            expected: dict = defaultdict(dict)
            for hall_id, touchpoint_id, tenths, count in reports.heatmap_cell_queryset(
                user=user, halls=halls, start=start, end=end, kind=kind
            ):
                expected[hall_id][touchpoint_id] = (tenths, count)
            got = reports.heatmap_cell_sums(user=user, halls=halls, start=start, end=end, kind=kind)
            got = {hall_id: cells for hall_id, cells in got.items() if cells}
            assert got == dict(expected), f"the roll-up differs from the raw table ({days} days, kind {kind!r})"
    log("the roll-up gives the raw table's sums for 30 and 90 days and every kind")


def explain(user, region, days: int) -> None:
    from inspections import reports

    end = reports.heatmap_today(region)
    start = end - dt.timedelta(days=days - 1)
    halls = reports.heatmap_halls(user=user, region=region)
    queryset = reports.heatmap_cell_queryset(user=user, halls=halls, start=start, end=end)
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) of the cell query, {days} days:\n")
    print(queryset.explain(analyze=True, buffers=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--halls", type=int, default=2000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the cell query")
    parser.add_argument("--keep", action="store_true", help="keep the test database (and its data) for the next run")
    parser.add_argument(
        "--rollup", action="store_true", help="also rebuild the window roll-up and time the heatmap on it"
    )
    parser.add_argument("--skip-raw", action="store_true", help="time only the heatmap on the window roll-up")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The generator writes PostgreSQL SQL: set DATABASE_URL=postgres://...")

    setup_test_environment()
    from django.test.utils import setup_databases, teardown_databases

    from inspections.models import TouchpointScore, TouchpointWindow

    # No serialisation of the database for test rollbacks: it would read the millions of rows of a kept run.
    old = setup_databases(verbosity=0, interactive=False, keepdb=args.keep, serialized_aliases=set())
    try:
        user, region = build(args.halls, args.days)
        client = Client()
        client.force_login(user)
        rows = TouchpointScore.objects.count()
        print(f"\n{connection.vendor}, {args.halls} halls, {rows:,} touchpoint scores; median/max of {args.repeat}")
        if not args.skip_raw:
            TouchpointWindow.objects.all().delete()  # what a fresh install, or a night the job failed, reads
            print("raw table (no roll-up: what managers, custom windows and missing roll-ups read)")
            run_cases(client, user, region, args.repeat)
        if args.explain:
            explain(user, region, 90)
        if args.rollup or args.skip_raw:
            rollup_build(region)
            rollup_check(user, region)
            print("window roll-up ending yesterday + today's raw rows (the product path for HQ and administrators)")
            run_cases(client, user, region, args.repeat)
    finally:
        if not args.keep:
            teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
