"""Times the hall list page and API for an HQ user over a region of N halls.

Run against PostgreSQL (the database is created and dropped by the script's test runner):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench \
        .venv/bin/python bench/halls_list.py --halls 2000 --repeat 30
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

import warnings  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")


def build(halls: int):
    import datetime as dt

    from django.contrib.auth import get_user_model

    from core.roles import Role
    from halls import services
    from halls.models import Hall, OpeningHours, Region, Zone

    region = Region.objects.create(code="BENCH", name="Bench region")
    Hall.objects.bulk_create(
        Hall(code=f"B{i:05d}", name=f"Hall {i}", region=region, kind="partner" if i % 3 == 0 else "self_owned")
        for i in range(halls)
    )
    ids = list(Hall.objects.values_list("pk", flat=True))
    OpeningHours.objects.bulk_create(
        OpeningHours(hall_id=pk, weekday=d, opens=dt.time(9), closes=dt.time(18)) for pk in ids for d in range(7)
    )
    Zone.objects.bulk_create(Zone(hall_id=pk, kind="counters", name="Counters") for pk in ids)
    user = get_user_model().objects.create_user("bench-hq", password="x")
    services.role_assign(user=user, role=Role.HQ, regions=[region])
    return user


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm caches
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), max(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--halls", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    from django.test.utils import setup_databases, teardown_databases

    old = setup_databases(verbosity=0, interactive=False)
    try:
        user = build(args.halls)
        client = Client()
        client.force_login(user)
        print(f"{connection.vendor}, {args.halls} halls, median/max of {args.repeat} requests")
        for url in ("/halls/", "/halls/?ordering=-name&kind=partner&q=1", "/api/v1/halls/", "/api/v1/halls/?page=10"):
            median, worst, queries = measure(client, url, args.repeat)
            print(f"  {url:45s} median {median:7.1f} ms  max {worst:7.1f} ms  {queries} queries")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
