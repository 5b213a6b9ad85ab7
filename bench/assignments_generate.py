"""Times generating assignments for a region of N halls (a month of patrols and mystery visits, the nightly run,
and both again, which must create nothing), then the assignments page, its completion export and the API list
for HQ over the month that results.

Run against PostgreSQL (the database is created and dropped by the script's test runner):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench \
        .venv/bin/python bench/assignments_generate.py --halls 2000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import logging  # noqa: E402
import warnings  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
logging.getLogger("inspections.services.assignments").setLevel(logging.ERROR)

HALLS_PER_INSPECTOR = 8
SHOPPERS = 40


def build(halls: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.roles import Role
    from halls import services
    from halls.models import Hall, OpeningHours, Region, RoleAssignment
    from inspections.models import ChecklistTemplate, Item, Section, TemplateVersion
    from touchpoints.models import Touchpoint

    region = Region.objects.create(code="BENCH", name="Bench region")
    Hall.objects.bulk_create(
        Hall(code=f"B{i:05d}", name=f"Hall {i}", region=region, kind="partner" if i % 3 == 0 else "self_owned")
        for i in range(halls)
    )
    ids = list(Hall.objects.order_by("code").values_list("pk", flat=True))
    OpeningHours.objects.bulk_create(
        OpeningHours(hall_id=pk, weekday=d, opens=dt.time(9), closes=dt.time(18 if d < 5 else 17))
        for pk in ids
        for d in range(7)
    )
    users = get_user_model().objects
    through = RoleAssignment.halls.through
    for n in range(0, len(ids), HALLS_PER_INSPECTOR):
        inspector = users.create_user(f"bench-inspector-{n}", password="x")
        assignment = RoleAssignment.objects.create(user=inspector, role=Role.INSPECTOR)
        through.objects.bulk_create(
            through(roleassignment_id=assignment.pk, hall_id=pk) for pk in ids[n : n + HALLS_PER_INSPECTOR]
        )
    for n in range(SHOPPERS):
        services.role_assign(user=users.create_user(f"bench-shopper-{n}", password="x"), role=Role.SHOPPER)
    door = Touchpoint.objects.get(code="TP04")
    for kind in ("opening", "closing", "patrol", "mystery_shop"):
        template = ChecklistTemplate.objects.create(kind=kind, name=f"Bench {kind}")
        version = TemplateVersion.objects.create(template=template, number=1, scenario="Ask about a family plan")
        section = Section.objects.create(version=version, order=1, title="Entering")
        Item.objects.create(
            version=version, section=section, order=1, code="door", text="Door", touchpoint=door, answer_type="yes_no"
        )
        TemplateVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
    hq = users.create_user("bench-hq", password="x")
    services.role_assign(user=hq, role=Role.HQ, regions=[region])
    return hq


def timed(label: str, func, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = func(*args, **kwargs)
        seconds = time.perf_counter() - started
    created = sum(result.created.values()) if hasattr(result, "created") else result
    print(f"  {label:52s} {seconds:7.2f} s  {len(queries):6d} queries  created {created}")
    return result


def page(client: Client, url: str, repeat: int) -> None:
    client.get(url)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    print(f"  {url:52s} median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms  {len(queries)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--halls", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    setup_test_environment()
    from django.test.utils import setup_databases, teardown_databases
    from django.utils import timezone

    from inspections import schedules
    from inspections.models import Assignment
    from inspections.services import assignments

    old = setup_databases(verbosity=0, interactive=False)
    try:
        hq = build(args.halls)
        month = schedules.next_month(timezone.localdate())
        print(f"{connection.vendor}, {args.halls} halls, month {month:%Y-%m}")
        timed("month: patrols and mystery visits", assignments.assignments_generate, months=[month])
        timed("month again (creates nothing)", assignments.assignments_generate, months=[month])
        timed("nightly run (tomorrow's daily checks)", assignments.assignments_generate_nightly)
        timed("nightly run again (creates nothing)", assignments.assignments_generate_nightly)
        per_kind = dict(Assignment.objects.values_list("kind").annotate(n=django.db.models.Count("pk")))
        print(f"  stored: {per_kind}")
        # A month that has happened: most done, some missed.
        Assignment.objects.filter(
            pk__in=list(Assignment.objects.filter(kind="patrol").values_list("pk", flat=True))[::7]
        ).update(status="overdue")
        Assignment.objects.exclude(status="overdue").update(status="done")
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load; without statistics the planner picks nested loops.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(hq)
        for url in (
            f"/inspections/assignments/?month={month:%Y-%m}",
            f"/inspections/assignments/?month={month:%Y-%m}&kind=mystery_shop&page=5",
            f"/inspections/assignments/completion.csv?month={month:%Y-%m}",
            f"/api/v1/assignments/?month={month:%Y-%m}",
        ):
            page(client, url, args.repeat)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
