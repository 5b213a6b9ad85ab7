"""Times the submission of an 80-item inspection (scores, answers, findings and corrective actions in one
transaction): through the service and through the API, with the number of queries of each.

Run against PostgreSQL (the database is created and dropped by the script's test runner):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench \
        .venv/bin/python bench/inspection_submit.py --items 80 --failures 8 --repeat 30

The schema is built from the models (TEST MIGRATE off): the bench needs none of the data migrations but
the 16 touchpoints, which it creates itself. Each repetition submits a new inspection (a fresh client UUID)
of the same checklist for a hall that already has some history, so the recurring-finding lookup has rows to
read. A last request resends the same UUID: the cost of an idempotent resend.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import warnings  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")


def build(items: int):
    from django.contrib.auth import get_user_model

    from core.roles import Role
    from halls import services
    from halls.tests.factories import HallFactory, RegionFactory
    from inspections.tests.builders import make_version, many_items
    from touchpoints.services import touchpoints_ensure

    touchpoints_ensure()
    region = RegionFactory(code="BENCH")
    hall = HallFactory(code="BENCH1", region=region)
    inspector = get_user_model().objects.create_user("bench-inspector", password="x")
    services.role_assign(user=inspector, role=Role.INSPECTOR, halls=[hall])
    manager = get_user_model().objects.create_user("bench-manager", password="x")
    services.role_assign(user=manager, role=Role.MANAGER, halls=[hall])
    version = make_version(items=many_items(items), name=f"Bench patrol of {items}")
    return hall, inspector, version


def payload(version, failures: int) -> list[dict]:
    from inspections.tests.builders import answers

    # Every 4th item is a yes/no: fail the first `failures` of them.
    return answers(version, **{f"item-{i:03d}": "no" for i in range(0, failures * 4, 4)})


def measure_service(hall, inspector, version, body, repeat: int) -> tuple[list[float], int]:
    from inspections import services

    times, queries = [], 0
    for _ in range(repeat):
        inspector.__dict__.pop("_hallops_scope", None)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            services.inspection_submit(
                hall=hall, template_version=version, by=inspector, client_uuid=uuid.uuid4(), answers=body
            )
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return times, queries


def measure_api(hall, inspector, version, body, repeat: int) -> tuple[list[float], int, float, int]:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(inspector)
    times, queries = [], 0
    key = None
    for _ in range(repeat):
        key = str(uuid.uuid4())
        data = {"client_uuid": key, "hall": hall.pk, "template_version": version.pk, "answers": body}
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post("/api/v1/inspections/", data, format="json")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content[:300]
        queries = len(captured)
    data = {"client_uuid": key, "hall": hall.pk, "template_version": version.pk, "answers": body}
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.post("/api/v1/inspections/", data, format="json")
        resend = (time.perf_counter() - started) * 1000
    assert response.status_code == 200
    return times, queries, resend, len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=80)
    parser.add_argument("--failures", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    settings.DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False

    old = setup_databases(verbosity=0, interactive=False)
    try:
        hall, inspector, version = build(args.items)
        body = payload(version, args.failures)
        measure_service(hall, inspector, version, body, 3)  # warm up, and some history for the recurring check
        print(
            f"{connection.vendor}, {args.items} items, {args.failures} failed (findings + actions), "
            f"median/max of {args.repeat} submissions"
        )
        times, queries = measure_service(hall, inspector, version, body, args.repeat)
        print(
            f"  service inspection_submit   median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms"
            f"  {queries} queries"
        )
        times, queries, resend, resend_queries = measure_api(hall, inspector, version, body, args.repeat)
        print(
            f"  POST /api/v1/inspections/   median {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms"
            f"  {queries} queries"
        )
        print(f"  resend (same client_uuid)   {resend:7.1f} ms  {resend_queries} queries")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
