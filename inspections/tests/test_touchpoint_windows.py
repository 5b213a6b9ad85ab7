"""The window roll-up of touchpoint scores (inspections.TouchpointWindow): built nightly, kept exact by the score
writers, read by the region heatmap for whole regions. Whatever it answers must be what the raw table answers:
every test compares the two on the same data.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from halls.tests.factories import HallFactory
from inspections import reports
from inspections.choices import InspectionKind, InspectionStatus
from inspections.models import Inspection, TouchpointWindow
from inspections.reports import ReportKind
from inspections.services.touchpoint_scores import touchpoint_scores_rebuild, touchpoint_scores_write
from inspections.services.touchpoint_windows import touchpoint_windows_rebuild
from inspections.tests.builders import make_version
from touchpoints.models import Touchpoint

KINDS = [ReportKind.ALL, ReportKind.SELF, ReportKind.PATROL, ReportKind.MYSTERY_SHOP]
CODES = [f"TP{n:02d}" for n in range(1, 17)]


@pytest.fixture
def version(db):
    return make_version()


def today(cast) -> dt.date:
    return reports.heatmap_today(cast.region_a)


def inspect(hall, version, who, *, days_ago, kind, scores, status=InspectionStatus.SUBMITTED) -> Inspection:
    day = today_of(hall) - dt.timedelta(days=days_ago)
    at = dt.datetime.combine(day, dt.time(11), tzinfo=hall.tzinfo)
    inspection = Inspection.objects.create(
        hall=hall,
        template_version=version,
        kind=kind,
        inspector=who,
        status=status,
        client_uuid=uuid.uuid4(),
        submitted_at=at,
        published_at=at if status == InspectionStatus.PUBLISHED else None,
        by_touchpoint={code: str(value) for code, value in scores.items()},
    )
    touchpoint_scores_write(inspection)
    return inspection


def today_of(hall) -> dt.date:
    return hall.local_now().date()


def generate(cast, version, *, seed: int = 7, count: int = 160) -> list[Inspection]:
    """Inspections of every kind over 100 days in the three halls, scores with one decimal, 0 and 100 included;
    a fifth of the mystery shops still under review."""
    rng = random.Random(seed)
    made = []
    halls = [cast.hall1, cast.hall2, cast.hall_b]
    for _ in range(count):
        kind = rng.choice([*InspectionKind.values, InspectionKind.MYSTERY_SHOP])
        status = InspectionStatus.SUBMITTED
        if kind == InspectionKind.MYSTERY_SHOP:
            status = InspectionStatus.UNDER_REVIEW if rng.random() < 0.2 else InspectionStatus.PUBLISHED
        scores = {
            code: rng.choice([Decimal(0), Decimal(100), Decimal(rng.randint(500, 999)) / 10])
            for code in rng.sample(CODES, rng.randint(1, 16))
        }
        who = cast.users["shopper"] if kind == InspectionKind.MYSTERY_SHOP else cast.users["inspector"]
        made.append(
            inspect(
                rng.choice(halls), version, who, days_ago=rng.randint(0, 99), kind=kind, scores=scores, status=status
            )
        )
    return made


def raw(user, region, days, kind):
    end = reports.heatmap_today(region)
    halls = reports.heatmap_halls(user=user, region=region)
    sums = {}
    for hall_id, touchpoint_id, total, count in reports.heatmap_cell_queryset(
        user=user, halls=halls, start=end - dt.timedelta(days=days - 1), end=end, kind=kind
    ):
        sums.setdefault(hall_id, {})[touchpoint_id] = (total, count)
    return sums


def served(user, region, days, kind):
    end = reports.heatmap_today(region)
    halls = reports.heatmap_halls(user=user, region=region)
    got = reports.heatmap_cell_sums(user=user, halls=halls, start=end - dt.timedelta(days=days - 1), end=end, kind=kind)
    return {hall_id: cells for hall_id, cells in got.items() if cells}


def uses_windows(user, region, days=30) -> bool:
    end = reports.heatmap_today(region)
    halls = reports.heatmap_halls(user=user, region=region)
    start = end - dt.timedelta(days=days - 1)
    return reports._window_cell_sums(user=user, halls=halls, start=start, end=end, kind="") is not None


def assert_same_as_raw(users_regions):
    for user, region in users_regions:
        for days in (30, 90):
            for kind in KINDS:
                assert served(user, region, days, kind) == raw(user, region, days, kind), (user, region, days, kind)


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("root", password="x")  # noqa: S106


@pytest.fixture
def built(cast, version, admin):
    inspections = generate(cast, version)
    touchpoint_windows_rebuild(today(cast) - dt.timedelta(days=1))
    return inspections


def test_the_roll_up_answers_exactly_the_raw_query_for_every_kind_and_window(cast, built, admin):
    assert uses_windows(cast.users["hq"], cast.region_a) and uses_windows(admin, None)
    assert_same_as_raw([(cast.users["hq"], cast.region_a), (admin, None), (cast.users["hq_other"], cast.region_b)])
    # The data holds what the comparison must cover: an unpublished shop in the last 30 days, counted by HQ only.
    hidden = TouchpointWindow.objects.filter(days=30, hidden_shop_count__gt=0, hall__region=cast.region_a)
    assert hidden.exists()


def test_a_manager_never_reads_the_roll_up_nor_an_unpublished_shop(cast, built, version):
    manager = cast.users["manager"]
    assert not uses_windows(manager, cast.region_a)
    tp07 = Touchpoint.objects.get(code="TP07").pk

    def shops(user):
        return served(user, cast.region_a, 30, ReportKind.MYSTERY_SHOP).get(cast.hall1.pk, {}).get(tp07, (0, 0))[1]

    hq_before, manager_before = shops(cast.users["hq"]), shops(manager)
    secret = inspect(
        cast.hall1,
        version,
        cast.users["shopper"],
        days_ago=3,
        kind=InspectionKind.MYSTERY_SHOP,
        scores={"TP07": 0},
        status=InspectionStatus.UNDER_REVIEW,
    )
    for days in (30, 90):
        for kind in KINDS:
            assert served(manager, cast.region_a, days, kind) == raw(manager, cast.region_a, days, kind)
    assert (shops(cast.users["hq"]), shops(manager)) == (hq_before + 1, manager_before)
    assert secret.touchpoint_scores.count() == 1


def test_corrections_publication_and_withdrawal_of_older_inspections_keep_the_windows_exact(cast, built, version):
    hq = cast.users["hq"]
    older = [
        inspection for inspection in built if (today_of(inspection.hall) - inspection.submitted_at.date()).days > 1
    ]
    shop = next(i for i in older if i.status == InspectionStatus.UNDER_REVIEW and i.hall.region_id == cast.region_a.pk)
    corrected, withdrawn = [i for i in older if i.kind == InspectionKind.PATROL][:2]
    before = TouchpointWindow.objects.filter(days=90, hall=shop.hall).values_list("shop_count", "hidden_shop_count")
    before = tuple(map(sum, zip(*before, strict=True)))

    shop.status = InspectionStatus.PUBLISHED
    shop.save()
    touchpoint_scores_write(shop)  # publication: from hidden_shop to shop
    corrected.by_touchpoint = {"TP01": "12.3", "TP16": "100"}
    corrected.save()
    touchpoint_scores_write(corrected)  # an HQ correction
    withdrawn.submitted_at = None
    withdrawn.save()
    touchpoint_scores_write(withdrawn)  # no scores any more

    after = TouchpointWindow.objects.filter(days=90, hall=shop.hall).values_list("shop_count", "hidden_shop_count")
    after = tuple(map(sum, zip(*after, strict=True)))
    moved = shop.touchpoint_scores.count()
    assert after == (before[0] + moved, before[1] - moved)  # adjusted in place, not read from the raw table
    assert uses_windows(hq, cast.region_a)
    assert_same_as_raw([(hq, cast.region_a), (cast.users["hq_other"], cast.region_b)])


def test_a_backfill_keeps_the_windows_exact(cast, built):
    for inspection in built[:40]:
        inspection.by_touchpoint = {code: "55.5" for code in CODES[:3]}
        inspection.save()
    touchpoint_scores_rebuild(built[:40], batch=7)
    assert_same_as_raw([(cast.users["hq"], cast.region_a)])


def test_a_hall_opened_since_the_roll_up_is_read_from_the_raw_table(cast, built, version):
    hall = HallFactory(region=cast.region_a, code="A009")
    inspect(hall, version, cast.users["inspector"], days_ago=4, kind=InspectionKind.PATROL, scores={"TP02": 70})
    sums = served(cast.users["hq"], cast.region_a, 30, ReportKind.ALL)
    assert sums[hall.pk] == {Touchpoint.objects.get(code="TP02").pk: (700, 1)}
    assert_same_as_raw([(cast.users["hq"], cast.region_a)])


def test_custom_and_stale_windows_use_the_raw_table(cast, built):
    hq = cast.users["hq"]
    end = today(cast)
    halls = reports.heatmap_halls(user=hq, region=cast.region_a)
    assert reports._window_cell_sums(user=hq, halls=halls, start=end - dt.timedelta(days=6), end=end, kind="") is None
    TouchpointWindow.objects.update(as_of=end - dt.timedelta(days=2))  # last night's job did not run
    assert not uses_windows(hq, cast.region_a)
    assert served(hq, cast.region_a, 30, "") == raw(hq, cast.region_a, 30, "")


def test_the_rebuild_replaces_its_day_and_drops_older_ones(cast, built):
    yesterday = today(cast) - dt.timedelta(days=1)
    halls_x_touchpoints = 3 * Touchpoint.objects.count()
    assert TouchpointWindow.objects.filter(as_of=yesterday, days=30).count() == halls_x_touchpoints
    written = touchpoint_windows_rebuild(yesterday - dt.timedelta(days=1))
    assert written == {30: halls_x_touchpoints, 90: halls_x_touchpoints}
    assert set(TouchpointWindow.objects.values_list("as_of", flat=True)) == {
        yesterday - dt.timedelta(days=1),
        yesterday,
    }
    touchpoint_windows_rebuild(yesterday)  # the next night: the older day goes
    assert set(TouchpointWindow.objects.values_list("as_of", flat=True)) == {yesterday}
    assert TouchpointWindow.objects.count() == 2 * halls_x_touchpoints
    assert_same_as_raw([(cast.users["hq"], cast.region_a)])


def test_the_rebuild_refuses_today_and_unknown_windows(db):
    from django.utils import timezone

    with pytest.raises(ValueError, match="as_of"):
        touchpoint_windows_rebuild(timezone.localdate())
    with pytest.raises(ValueError, match="days"):
        touchpoint_windows_rebuild(days=(7,))
    with pytest.raises(CommandError, match="as_of"):
        call_command("touchpoint_windows_rebuild", "--as-of", timezone.localdate().isoformat())


def test_the_command_the_task_and_the_nightly_schedule(cast, version, capsys):
    from django_celery_beat.models import PeriodicTask

    from inspections.tasks import rebuild_touchpoint_windows

    inspect(cast.hall1, version, cast.users["inspector"], days_ago=2, kind=InspectionKind.PATROL, scores={"TP01": 90})
    call_command("touchpoint_windows_rebuild", "--days", "30")
    rows = 3 * Touchpoint.objects.count()
    assert capsys.readouterr().out.strip() == f"30 days: {rows} rows"
    assert rebuild_touchpoint_windows() == {"30 days": rows, "90 days": rows}
    task = PeriodicTask.objects.get(task="inspections.rebuild_touchpoint_windows")
    assert task.enabled and task.crontab.hour == "0"


def _page_queries(cast, version, halls: int) -> int:
    from halls.models import Hall

    for index in range(halls - Hall.objects.filter(region=cast.region_a).count()):
        hall = HallFactory(region=cast.region_a, kiosks=index % 2)
        inspect(hall, version, cast.users["inspector"], days_ago=index % 30, kind="patrol", scores={"TP04": 60})
    touchpoint_windows_rebuild(today(cast) - dt.timedelta(days=1))
    client = Client()
    client.force_login(cast.users["hq"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/inspections/heatmap/?region={cast.region_a.pk}&days=90")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == halls
    return len(queries)


def test_the_heatmap_on_the_roll_up_costs_the_same_queries_for_5_and_50_halls(cast, version):
    # Session, user, scope, regions, touchpoints, halls, hall maps (2), window rows, today's scores.
    assert _page_queries(cast, version, 5) == _page_queries(cast, version, 50) == 10
