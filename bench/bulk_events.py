"""Times the bulk API of the customer's voice: POST /api/v1/halls/{id}/queue-events/ with 10,000 events a
request, authenticated by the hall's token, through the whole stack (authentication, JSON parsing, row
validation, duplicate check, insert) and the refresh the delivery queues (tickets, their staff from the
published roster, hourly figures), which runs in-process as Celery does without a broker.

Run against PostgreSQL (the database is created and dropped by the script's test runner):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench_voice \\
        .venv/bin/python bench/bulk_events.py --requests 10 --events 10000

Each request carries one local day of a busy hall: 2,500 tickets of four events (issued, called, service
started, served) at 12 counters with a published roster, so a refresh derives 2,500 tickets. A last request
resends the first day: every event is a duplicate and nothing is stored. The peak resident memory of the
process (the web worker's role here) is printed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
FIRST_DAY = dt.date(2026, 3, 2)
COUNTERS = 12


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(days: int):
    from halls.tests.factories import HallFactory, RegionFactory
    from halls.tokens import token_issue
    from staffing.choices import RosterStatus
    from staffing.models import Roster, Shift
    from staffing.tests.factories import StaffMemberFactory

    hall = HallFactory(code="BENCH1", region=RegionFactory(code="BENCH"), counters=COUNTERS)
    staff = [StaffMemberFactory(hall=hall, employee_number=f"B-{n:03d}") for n in range(2 * COUNTERS)]
    shifts = []
    for week in range(0, days, 7):
        roster = Roster.objects.create(
            hall=hall, start_date=FIRST_DAY + dt.timedelta(days=week), status=RosterStatus.PUBLISHED
        )
        for offset in range(min(7, days - week)):
            day = FIRST_DAY + dt.timedelta(days=week + offset)
            for counter in range(1, COUNTERS + 1):
                for half, member in enumerate((staff[counter - 1], staff[COUNTERS + counter - 1])):
                    start = dt.datetime.combine(day, dt.time(8 + 7 * half), tzinfo=hall.tzinfo)
                    shifts.append(
                        Shift(
                            roster=roster,
                            staff=member,
                            day=day,
                            role="counter",
                            counter=counter,
                            starts_at=start,
                            ends_at=start + dt.timedelta(hours=7),
                        )
                    )
    Shift.objects.bulk_create(shifts)
    return hall, token_issue(hall=hall, by=None)


def day_of_events(hall, day: dt.date, count: int, rng: random.Random) -> list[dict]:
    events = []
    opens = dt.datetime.combine(day, dt.time(8), tzinfo=hall.tzinfo)
    for n in range(count // 4):
        issued = opens + dt.timedelta(seconds=n * 50400 / (count // 4) + rng.uniform(0, 20))
        called = issued + dt.timedelta(seconds=rng.expovariate(1 / 420))
        started = called + dt.timedelta(seconds=rng.uniform(10, 60))
        served = started + dt.timedelta(seconds=rng.lognormvariate(6, 0.5))
        counter = 1 + n % COUNTERS
        ticket = f"A{n:04d}"
        base = f"{day:%Y%m%d}-{ticket}"
        tier = rng.choice(["gold", "silver", "bronze", "ordinary", "ordinary"])
        events += [
            {
                "event_id": f"{base}-i",
                "ticket": ticket,
                "type": "issued",
                "tier": tier,
                "occurred_at": issued.isoformat(),
            },
            {
                "event_id": f"{base}-c",
                "ticket": ticket,
                "type": "called",
                "counter": counter,
                "occurred_at": called.isoformat(),
            },
            {
                "event_id": f"{base}-s",
                "ticket": ticket,
                "type": "service_started",
                "counter": counter,
                "occurred_at": started.isoformat(),
            },
            {
                "event_id": f"{base}-d",
                "ticket": ticket,
                "type": "served",
                "counter": counter,
                "occurred_at": served.isoformat(),
            },
        ]
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10, help="requests, one local day each (default 10)")
    parser.add_argument("--events", type=int, default=10_000, help="events per request (default 10,000)")
    args = parser.parse_args()

    setup_test_environment()
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases
    from rest_framework.test import APIClient

    settings.DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False
    old = setup_databases(verbosity=0, interactive=False)
    try:
        import touchpoints.tasks as tasks
        from halls.models import QueueEvent, QueueHour, QueueTicket
        from touchpoints.models import TicketAttribution

        refresh_times: list[float] = []
        real_refresh = tasks.voice_refresh

        def timed_refresh(**kwargs):
            started = time.perf_counter()
            try:
                return real_refresh(**kwargs)
            finally:
                refresh_times.append(time.perf_counter() - started)

        tasks.voice_refresh = timed_refresh
        hall, token = build(args.requests)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        url = f"/api/v1/halls/{hall.pk}/queue-events/"
        rng = random.Random(7)
        bodies = [day_of_events(hall, FIRST_DAY + dt.timedelta(days=n), args.events, rng) for n in range(args.requests)]
        print(f"{connection.vendor}, {args.requests} requests of {args.events:,} events (one day each), hall token")
        print(f"  memory before the first request: {rss_mb():.0f} MB (peak resident so far)")
        times, queries = [], []
        started_all = time.perf_counter()
        for body in bodies:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.post(url, body, format="json")
                times.append(time.perf_counter() - started)
            queries.append(len(captured))
            assert response.status_code == 200, response.content[:300]
            assert response.json()["stored"] == len(body), response.json()
        total = time.perf_counter() - started_all
        print(
            f"  POST (ingest + refresh)  median {statistics.median(times):6.2f} s  max {max(times):6.2f} s  "
            f"queries {min(queries)}-{max(queries)}  total {total:6.1f} s for {args.requests * args.events:,} events"
        )
        print(
            f"    of which the refresh     median {statistics.median(refresh_times):6.2f} s  "
            f"max {max(refresh_times):6.2f} s  (tickets, staff, hourly figures of the day)"
        )
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, bodies[0], format="json")
            resend = time.perf_counter() - started
        assert response.json()["duplicates"] == len(bodies[0]), response.json()
        print(f"  resend of day 1 (all duplicates)  {resend:6.2f} s  queries {len(captured)}")
        print(
            f"  stored: {QueueEvent.objects.count():,} events, {QueueTicket.objects.count():,} tickets "
            f"({TicketAttribution.objects.filter(staff__isnull=False).count():,} attributed), "
            f"{QueueHour.objects.count():,} hourly rows"
        )
        print(f"  peak resident memory of the process: {rss_mb():.0f} MB")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
