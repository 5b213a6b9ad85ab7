"""Times the inspection list, its exports (inspections and the issue log as CSV and XLSX) and the PDF of one
inspection, for an HQ user (docs/inspections.md).

Run against PostgreSQL (the script's test runner creates and drops `test_<name>`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hallops_bench_exports \
        .venv/bin/python bench/inspection_exports.py --inspections 10000 --photos 10 --repeat 3

The data: 50 halls of one region; an 80-item patrol checklist over the 16 touchpoints; one real submission
(scored by the service, 8 failed items, so 8 findings with their corrective actions) and `--photos` photos of
2048 x 1536 px (noise: the worst case for JPEG) on it; then copies of that inspection and of its findings
spread over the halls and the last 90 days, `--inspections` in all.
"""

from __future__ import annotations

import argparse
import io
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

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")


def build(inspections: int, photos: int, media: Path):
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from PIL import Image

    from core.roles import Role
    from halls import services as hall_services
    from halls.models import Hall, Region
    from inspections import services
    from inspections.models import CorrectiveAction, Finding, Inspection
    from inspections.services.photos import photo_store
    from inspections.tests.builders import answers, make_version, many_items

    settings.MEDIA_ROOT = media
    region = Region.objects.create(code="BENCH", name="Bench region")
    Hall.objects.bulk_create(Hall(code=f"B{i:03d}", name=f"Hall {i}", region=region) for i in range(50))
    halls = list(Hall.objects.order_by("pk"))
    user = get_user_model().objects.create_user("bench-hq", password="x")
    hall_services.role_assign(user=user, role=Role.HQ, regions=[region])
    version = make_version(items=many_items(80), name="Bench patrol")
    failed = {f"item-{i:03d}": "no" for i in range(0, 32, 4)}
    first, _ = services.inspection_submit(
        hall=halls[0], template_version=version, by=user, client_uuid=uuid.uuid4(), answers=answers(version, **failed)
    )
    for index in range(photos):
        out = io.BytesIO()
        Image.effect_noise((2048, 1536), 60).convert("RGB").save(out, format="JPEG", quality=90)
        photo_store(inspection=first, by=user, upload=SimpleUploadedFile(f"{index}.jpg", out.getvalue()))
    findings = list(Finding.objects.filter(inspection=first))
    now = timezone.now()
    copies = []
    for index in range(inspections - 1):
        copy = Inspection.objects.get(pk=first.pk)
        copy.pk = copy.id = copy.client_uuid = None
        copy.hall = halls[index % len(halls)]
        copy.submitted_at = now - dt.timedelta(minutes=13 * index % (90 * 24 * 60))
        copies.append(copy)
    Inspection.objects.bulk_create(copies, batch_size=2000)
    new_findings = []
    for copy in Inspection.objects.exclude(pk=first.pk).only("pk", "hall_id", "submitted_at").iterator():
        for finding in findings[: 1 + copy.pk % 3]:  # one to three findings each
            new_findings.append(
                Finding(
                    inspection_id=copy.pk,
                    hall_id=copy.hall_id,
                    item_id=finding.item_id,
                    item_code=finding.item_code,
                    touchpoint_id=finding.touchpoint_id,
                    severity=finding.severity,
                    description=finding.description,
                    found_at=copy.submitted_at,
                )
            )
    Finding.objects.bulk_create(new_findings, batch_size=5000)
    action = CorrectiveAction.objects.filter(finding__inspection=first).first()
    CorrectiveAction.objects.bulk_create(
        (
            CorrectiveAction(finding_id=pk, hall_id=hall_id, description=action.description, due_date=action.due_date)
            for pk, hall_id in Finding.objects.exclude(inspection=first).values_list("pk", "hall_id").iterator()
        ),
        batch_size=5000,
    )
    return user, first


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, float, int, int]:
    """Median seconds to the first byte and to the last, the worst, the size and the status."""
    firsts, totals, size, status = [], [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        status = response.status_code
        if response.streaming:
            chunks = iter(response.streaming_content)
            first = next(chunks, b"")
            firsts.append(time.perf_counter() - started)
            size = len(first) + sum(len(chunk) for chunk in chunks)
        else:
            firsts.append(time.perf_counter() - started)
            size = len(response.content)
        totals.append(time.perf_counter() - started)
    return statistics.median(firsts), statistics.median(totals), max(totals), size, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inspections", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import tempfile

    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from inspections.models import Finding

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        with tempfile.TemporaryDirectory(prefix="hallops-bench-media-") as media:
            started = time.perf_counter()
            user, first = build(args.inspections, args.photos, Path(media))
            print(
                f"{connection.vendor}: {args.inspections} inspections, {Finding.objects.count()} findings, "
                f"built in {time.perf_counter() - started:.0f} s; median of {args.repeat} (first byte / all), max"
            )
            client = Client()
            client.force_login(user)
            client.get("/inspections/")  # warm up imports, templates and caches
            urls = [
                "/inspections/",
                "/inspections/?ordering=-overall&page=50",
                "/inspections/export/inspections.csv",
                "/inspections/export/inspections.xlsx",
                "/inspections/export/findings.csv",
                "/inspections/export/findings.xlsx",
                f"/inspections/{first.pk}/pdf/",
            ]
            for url in urls:
                first_byte, total, worst, size, status = measure(client, url, args.repeat)
                print(
                    f"  {url:42s} {status}  {first_byte:6.2f} s / {total:6.2f} s  max {worst:6.2f} s  "
                    f"{size / 1e6:6.2f} MB"
                )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
