"""The permission matrix rows of incentives: schemes, runs (start, recompute, approve, lock, correct, payroll),
hall pools (review, what-if), lines (correct hours), "my incentive", and their API.

`incentive_setup(context)` adds before the test's snapshot: `scheme_used` (region A, self-owned, v1 from
2024-01, used by the runs) and `scheme_unused` (v2 from 2030-01, unused); three runs of region A:
`run_draft` (2025-03, computed), `run_approved` (2025-02) and `run_locked` (2025-01); in the draft run
`pool1` (hall1) with `line1` (member1, the staff user's own) and `line1b` (member1c, a colleague),
and `pool2` (hall2) with `line2` (member2). Rows are written directly (the engine's arithmetic is tested on its own).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.permission_matrix import Endpoint, _row

INCENTIVE_MODELS = [
    "performance.IncentiveScheme",
    "performance.SchemeKpi",
    "performance.IncentiveRun",
    "performance.HallPool",
    "performance.IncentiveLine",
]


def incentive_setup(context: Any) -> None:
    from django.utils import timezone

    from performance.models import HallPool, IncentiveLine, IncentiveRun, IncentiveScheme, KpiDefinition, SchemeKpi

    region = context.region_a
    kind = context.hall1.kind
    scheme = IncentiveScheme.objects.create(
        region=region, hall_kind=kind, version=1, effective_from=dt.date(2024, 1, 1), name="A halls", base_pool=1000
    )
    SchemeKpi.objects.create(scheme=scheme, kpi=KpiDefinition.objects.get(code="satisfaction"), weight=1)
    context.scheme_used = scheme
    context.scheme_unused = IncentiveScheme.objects.create(
        region=region, hall_kind=kind, version=2, effective_from=dt.date(2030, 1, 1), name="A halls", base_pool=1200
    )
    now = timezone.now()
    context.run_draft = IncentiveRun.objects.create(region=region, month=dt.date(2025, 3, 1), computed_at=now)
    context.run_approved = IncentiveRun.objects.create(
        region=region, month=dt.date(2025, 2, 1), computed_at=now, status="approved", approved_at=now
    )
    context.run_locked = IncentiveRun.objects.create(
        region=region, month=dt.date(2025, 1, 1), computed_at=now, status="locked", approved_at=now, locked_at=now
    )
    money = {"base": Decimal("1000"), "pool_before_gates": Decimal("1000"), "pool": Decimal("1000")}
    context.pool1 = HallPool.objects.create(run=context.run_draft, hall=context.hall1, scheme=scheme, **money)
    context.pool2 = HallPool.objects.create(run=context.run_draft, hall=context.hall2, scheme=scheme, **money)
    locked_pool = HallPool.objects.create(run=context.run_locked, hall=context.hall1, scheme=scheme, **money)
    line = {"grade": 3, "star_coefficient": Decimal("1.2"), "hours_rostered": 100, "hours_worked": 100}
    context.line1 = IncentiveLine.objects.create(pool=context.pool1, staff=context.member1, amount=500, **line)
    # A colleague of their own (not member1b: the staff rows delete member1b, and pay history protects a person).
    from staffing.tests.factories import StaffMemberFactory

    context.member1c = StaffMemberFactory(hall=context.hall1, name="Chen Jie", employee_number="A001-003")
    context.line1b = IncentiveLine.objects.create(pool=context.pool1, staff=context.member1c, amount=500, **line)
    context.line2 = IncentiveLine.objects.create(pool=context.pool2, staff=context.member2, amount=1000, **line)
    IncentiveLine.objects.create(pool=locked_pool, staff=context.member1, amount=1000, **line)
    # A published week in March so that recomputing hall1 keeps its people (correcting hours recomputes it).
    from staffing.models import Roster, Shift

    roster = Roster.objects.create(hall=context.hall1, start_date=dt.date(2025, 3, 3), status="published")
    for member in (context.member1, context.member1c):
        start = dt.datetime(2025, 3, 4, 1, tzinfo=dt.UTC)
        Shift.objects.create(
            roster=roster,
            staff=member,
            day=dt.date(2025, 3, 4),
            role="counter",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=8),
        )


RUNS_A_HALL = _row(
    admin="ok", hq="ok", manager="ok", manager_other="ok", hq_other="ok", inspector="403", shopper="403", staff="403"
)
HQ_ANYWHERE = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
# Posting for region A: HQ of region B is not offered region A (400 naming the field).
HQ_POSTS_REGION_A = {**HQ_ANYWHERE, "hq_other": "400"}
# A run of region A: HQ of region A acts; HQ of region B does not see it; other roles may not read runs.
RUN_A = {**HQ_ANYWHERE, "hq_other": "404"}
# Hall1's pool and lines: those who run hall1 read them.
POOL1_READERS = _row(
    admin="ok", hq="ok", manager="ok", manager_other="404", hq_other="404", inspector="403", shopper="403", staff="403"
)
POOL1_MANAGER = {**POOL1_READERS, "hq": "403"}
# The staff user's own line: they read it too.
LINE1_READERS = {**POOL1_READERS, "staff": "ok"}
# A colleague's line: the staff user does not see it.
LINE1B_READERS = {**POOL1_READERS, "staff": "404"}
LINE1B_CORRECTORS = {**LINE1B_READERS, "hq": "403"}
# Schemes of region A: managers of region A's halls read the scheme of their hall kind.
SCHEME_A_READERS = {**RUNS_A_HALL, "hq_other": "404"}
SCHEME_A_WRITERS = {**RUN_A}
# A used version never changes: 403 for whoever may otherwise edit it.
SCHEME_USED_EDIT = {**RUN_A, "admin": "403", "hq": "403"}
# Administrators pass every predicate: their list is simply empty (no staff record).
STAFF_ONLY = {**{role: "403" for role in RUNS_A_HALL}, "staff": "ok", "admin": "ok"}
LINES_READERS = {**RUNS_A_HALL, "staff": "ok"}


def _scheme_form(c: Any, **changes: Any) -> dict[str, Any]:
    from performance.models import KpiDefinition

    data = {
        "region": c.region_a.pk,
        "hall_kind": c.hall1.kind,
        "name": "A halls",
        "effective_from": "2031-01",
        "note": "Matrix",
        "base_pool": "1500",
        "pool_per_head": "100",
        "kpi_cap": "1.5",
        "attainment_floor": "0.5",
        "attainment_cap": "1.2",
        "critical_fail_scope": "hall",
        "critical_fail_cut": "20",
        "serious_complaint_scope": "person",
        "serious_complaint_cut": "50",
        "star1_coefficient": "1.0",
        "star2_coefficient": "1.1",
        "star3_coefficient": "1.2",
        "star4_coefficient": "1.35",
        "star5_coefficient": "1.5",
        "mystery_standard": "85",
        "mystery_weight": "1",
        "satisfaction_standard": "90",
        "satisfaction_weight": "1",
        "personal_floor": "0.8",
        "personal_cap": "1.2",
        "kpis-TOTAL_FORMS": "1",
        "kpis-INITIAL_FORMS": "0",
        "kpis-MIN_NUM_FORMS": "0",
        "kpis-MAX_NUM_FORMS": "1000",
        "kpis-0-kpi": KpiDefinition.objects.get(code="satisfaction").pk,
        "kpis-0-weight": "10",
    }
    data.update(changes)
    return data


def _scheme_body(c: Any) -> dict[str, Any]:
    return {
        "region": c.region_a.pk,
        "hall_kind": c.hall1.kind,
        "name": "A halls",
        "effective_from": "2031-01-01",
        "base_pool": "1500.00",
        "kpis": [{"kpi": "satisfaction", "weight": "10"}],
    }


def _html(name: str, method: str, path: str, expect: dict[str, str], **kw: Any) -> Endpoint:
    attr, _sep, rest = path.partition("|")
    if rest:
        return Endpoint(
            name,
            method,
            lambda c: rest.replace("{id}", str(getattr(c, attr).pk)),
            expect,
            label_path=rest,
            **kw,
        )
    return Endpoint(name, method, lambda c: path, expect, label_path=path, **kw)


def _api(name: str, method: str, path: str, expect: dict[str, str], **kw: Any) -> Endpoint:
    return _html(name, method, path, expect, api=True, **kw)


INCENTIVE_ENDPOINTS: list[Endpoint] = [
    # --- HTML: schemes ---
    _html("incentive schemes", "get", "/performance/incentive-schemes/", RUNS_A_HALL),
    _html("incentive scheme of region A", "get", "scheme_used|/performance/incentive-schemes/{id}/", SCHEME_A_READERS),
    _html("incentive scheme: new form", "get", "/performance/incentive-schemes/new/", HQ_ANYWHERE),
    _html(
        "incentive scheme: new version form copying one",
        "get",
        "scheme_used|/performance/incentive-schemes/new/?from={id}",
        SCHEME_A_WRITERS,
    ),
    _html(
        "incentive scheme: create for region A",
        "post",
        "/performance/incentive-schemes/new/",
        HQ_POSTS_REGION_A,
        data=_scheme_form,
    ),
    _html(
        "incentive scheme: edit form (unused)",
        "get",
        "scheme_unused|/performance/incentive-schemes/{id}/edit/",
        SCHEME_A_WRITERS,
    ),
    _html(
        "incentive scheme: edit (unused)",
        "post",
        "scheme_unused|/performance/incentive-schemes/{id}/edit/",
        SCHEME_A_WRITERS,
        data=lambda c: _scheme_form(c, name="Renamed", effective_from="2030-01"),
    ),
    _html(
        "incentive scheme: edit a used version",
        "post",
        "scheme_used|/performance/incentive-schemes/{id}/edit/",
        SCHEME_USED_EDIT,
        data=lambda c: _scheme_form(c, name="Renamed", effective_from="2024-01"),
    ),
    # --- HTML: runs ---
    _html("incentives (runs or pools)", "get", "/performance/incentives/", RUNS_A_HALL),
    _html("my incentive", "get", "/performance/incentives/mine/", STAFF_ONLY),
    _html("incentive run: start form", "get", "/performance/incentives/runs/new/", HQ_ANYWHERE),
    _html(
        "incentive run: start for region A",
        "post",
        "/performance/incentives/runs/new/",
        HQ_POSTS_REGION_A,
        data=lambda c: {"region": c.region_a.pk, "month": "2024-12"},
    ),
    _html("incentive run of region A", "get", "run_draft|/performance/incentives/runs/{id}/", RUN_A),
    _html("incentive run: recompute", "post", "run_draft|/performance/incentives/runs/{id}/recompute/", RUN_A),
    _html(
        "incentive run: approve with a reason",
        "post",
        "run_draft|/performance/incentives/runs/{id}/approve/",
        RUN_A,
        data=lambda c: {"reason": "Hall2's manager is on leave"},
    ),
    _html("incentive run: lock", "post", "run_approved|/performance/incentives/runs/{id}/lock/", RUN_A),
    _html(
        "incentive run: start a correction",
        "post",
        "run_locked|/performance/incentives/runs/{id}/correct/",
        RUN_A,
        data=lambda c: {"note": "Appeal decided"},
    ),
    _html("incentive run: payroll CSV", "get", "run_locked|/performance/incentives/runs/{id}/payroll.csv", RUN_A),
    _html("incentive run: payroll XLSX", "get", "run_locked|/performance/incentives/runs/{id}/payroll.xlsx", RUN_A),
    # --- HTML: pools and lines ---
    _html("incentive pool of hall1", "get", "pool1|/performance/incentives/pools/{id}/", POOL1_READERS),
    _html(
        "incentive pool: mark reviewed",
        "post",
        "pool1|/performance/incentives/pools/{id}/review/",
        POOL1_MANAGER,
        data=lambda c: {"note": "Checked"},
    ),
    _html("incentive pool: what-if form", "get", "pool1|/performance/incentives/pools/{id}/what-if/", POOL1_READERS),
    _html(
        "incentive pool: what-if (nothing saved)",
        "post",
        "pool1|/performance/incentives/pools/{id}/what-if/",
        {**POOL1_READERS, "admin": "200", "hq": "200", "manager": "200"},
        data=lambda c: {"satisfaction": "97"},
    ),
    _html("incentive line: own", "get", "line1|/performance/incentives/lines/{id}/", LINE1_READERS),
    _html("incentive line: a colleague's", "get", "line1b|/performance/incentives/lines/{id}/", LINE1B_READERS),
    _html(
        "incentive line: correct hours form",
        "get",
        "line1b|/performance/incentives/lines/{id}/hours/",
        LINE1B_CORRECTORS,
    ),
    _html(
        "incentive line: correct hours",
        "post",
        "line1b|/performance/incentives/lines/{id}/hours/",
        LINE1B_CORRECTORS,
        data=lambda c: {"hours_worked": "90", "note": "Left early on the 12th"},
    ),
    # --- API ---
    _api("API: incentive schemes", "get", "/api/v1/incentive-schemes/", RUNS_A_HALL),
    _api("API: incentive scheme", "get", "scheme_used|/api/v1/incentive-schemes/{id}/", SCHEME_A_READERS),
    _api("API: incentive scheme create", "post", "/api/v1/incentive-schemes/", HQ_POSTS_REGION_A, data=_scheme_body),
    _api("API: incentive runs", "get", "/api/v1/incentive-runs/", HQ_ANYWHERE),
    _api("API: incentive run", "get", "run_draft|/api/v1/incentive-runs/{id}/", RUN_A),
    _api(
        "API: incentive run start",
        "post",
        "/api/v1/incentive-runs/",
        HQ_POSTS_REGION_A,
        data=lambda c: {"region": c.region_a.pk, "month": "2024-12-01"},
    ),
    _api("API: incentive run recompute", "post", "run_draft|/api/v1/incentive-runs/{id}/recompute/", RUN_A),
    _api(
        "API: incentive run approve",
        "post",
        "run_draft|/api/v1/incentive-runs/{id}/approve/",
        RUN_A,
        data=lambda c: {"reason": "Hall2's manager is on leave"},
    ),
    _api("API: incentive run lock", "post", "run_approved|/api/v1/incentive-runs/{id}/lock/", RUN_A),
    _api(
        "API: incentive run correct",
        "post",
        "run_locked|/api/v1/incentive-runs/{id}/correct/",
        RUN_A,
        data=lambda c: {"note": "Appeal decided"},
    ),
    _api("API: incentive pools", "get", "/api/v1/incentive-pools/", RUNS_A_HALL),
    _api("API: incentive pool", "get", "pool1|/api/v1/incentive-pools/{id}/", POOL1_READERS),
    _api(
        "API: incentive pool review",
        "post",
        "pool1|/api/v1/incentive-pools/{id}/review/",
        POOL1_MANAGER,
        data=lambda c: {"note": "Checked"},
    ),
    _api("API: incentive lines", "get", "/api/v1/incentive-lines/", LINES_READERS),
    _api("API: incentive line (own)", "get", "line1|/api/v1/incentive-lines/{id}/", LINE1_READERS),
    _api("API: incentive line (a colleague's)", "get", "line1b|/api/v1/incentive-lines/{id}/", LINE1B_READERS),
    _api(
        "API: incentive line correct hours",
        "post",
        "line1b|/api/v1/incentive-lines/{id}/correct-hours/",
        LINE1B_CORRECTORS,
        data=lambda c: {"hours_worked": "90", "note": "Left early on the 12th"},
    ),
]
