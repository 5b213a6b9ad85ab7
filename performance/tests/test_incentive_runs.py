"""An incentive run worked by hand end to end (docs/incentives.md): a region of two halls and five people in
September 2026, its gates, shares, cuts, frozen lines, hours corrections, workflow and corrections.

The region (both halls self-owned, scheme v1: base 1,000 + 100 per person, satisfaction weight 60 and mean
wait weight 40, September targets 90 % and 5 min; failed critical item: hall, 20 %; upheld serious
complaint: person, 50 %; stars 1.0 / 1.1 / 1.2 / 1.35 / 1.5; standards 85 and 90, weights 1):

Hall 1 (A001): satisfaction 176 / 200 = 88.0 % -> 88 / 90 = 0.9778; mean wait 36,000 s / 100 = 6.0 min ->
5 / 6 = 0.8333; weighted (60 x 0.9778 + 40 x 0.8333) / 100 = 0.9200 = factor. People A (3 stars, 24 h), B (4
stars, 16 h), C (1 star, 4 h): base 1,000 + 3 x 100 = 1,300; before gates 1,300 x 0.92 = 1,196.00. A patrol
with a failed critical item: hall cut 20 % = 239.20; pool 956.80.
  A: shop 95 -> +0.10, presses 18/20 = 90 % -> 0; factor 1.10; points 1.2 x 24 x 1.1 = 31.68
  B: no shop, presses 8/10 = 80 % -> -0.10; factor 0.90; points 1.35 x 16 x 0.9 = 19.44
  C: nothing -> 1.00; points 1.0 x 4 x 1 = 4.00                                    all points 55.12
  exact shares 549.9169.., 337.4490.., 69.4339.. -> cut down 549.91 + 337.44 + 69.43 = 956.78; the two
  cents go to the largest remainders B (.0090) and A (.0069): 549.92, 337.45, 69.43 (= 956.80).
  B is named on an upheld high-severity complaint: cut 50 % of 337.45 = 168.725 -> 168.73, amount 168.72.
  paid 549.92 + 168.72 + 69.43 = 788.07, withheld 168.73: 956.80.

Hall 2 (A002): no facts -> factor 1 (flagged). People C (1 star, 4 h), D (2 stars, 8 h), E (5 stars now, but
4 at the end of September: promoted 1 October; 8 h): base 1,300, before gates 1,300.00. An upheld critical
complaint names nobody: falls back to the hall, 50 % = 650.00; pool 650.00.
  D: shop 70 (appeal pending) -> -0.15; factor 0.85; points 1.1 x 8 x 0.85 = 7.48, frozen
  C 4.00, E 1.35 x 8 x 1 = 10.80; all points 22.28
  exact 116.6965.., 218.2226.., 315.0807.. -> 116.69 + 218.22 + 315.08 = 649.99; the cent goes to C: 116.70.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from halls.tests.factories import HallFactory, RegionFactory, UserFactory
from inspections.choices import AppealStatus, InspectionKind, InspectionStatus
from inspections.models import Answer, Appeal, Inspection
from inspections.tests.builders import make_version
from performance.choices import RunStatus
from performance.incentive_models import HallPool, IncentiveLine, IncentiveRun, IncentiveScheme, SchemeKpi
from performance.incentives import breakdown, runs, schemes
from performance.kpi_models import DailyFact, KpiDefinition, KpiTarget
from performance.tests import builders as b
from staffing.choices import RosterStatus, WorkRole
from staffing.models import GradeChange, Roster, Shift
from staffing.tests.factories import StaffMemberFactory

SEPT = dt.date(2026, 9, 1)
TZ = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


def make_scheme(
    region, version=1, effective=dt.date(2026, 1, 1), kpis=(("satisfaction", 60), ("wait_mean", 40)), **fields
):
    scheme = IncentiveScheme.objects.create(
        region=region,
        hall_kind="self_owned",
        version=version,
        effective_from=effective,
        name="Self-owned halls",
        base_pool=fields.pop("base_pool", D("1000")),
        pool_per_head=fields.pop("pool_per_head", D("100")),
        **fields,
    )
    for code, weight in kpis:
        SchemeKpi.objects.create(scheme=scheme, kpi=KpiDefinition.objects.get(code=code), weight=D(weight))
    return scheme


def roster(hall, status=RosterStatus.PUBLISHED, start=SEPT):
    return Roster.objects.create(hall=hall, start_date=start, weeks=4, status=status)


def shift(r, staff, day: int, hours: int, month=SEPT):
    date = month.replace(day=day)
    start = dt.datetime.combine(date, dt.time(9), tzinfo=TZ)
    return Shift.objects.create(
        roster=r,
        staff=staff,
        day=date,
        role=WorkRole.COUNTER,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
    )


def fact(hall, code, num, den, day=SEPT):
    DailyFact.objects.create(
        hall=hall, day=day, kpi=KpiDefinition.objects.get(code=code), numerator=num, denominator=den
    )


def failed_critical(hall, day, kind=InspectionKind.PATROL, status=InspectionStatus.SUBMITTED, observed=()):
    version = make_version(kind=kind, name=f"{kind} {hall.code} {day}")
    inspection = Inspection.objects.create(
        hall=hall,
        template_version=version,
        kind=kind,
        inspector=UserFactory(),
        status=status,
        submitted_at=dt.datetime.combine(day, dt.time(10), tzinfo=TZ),
        overall=D("60"),
    )
    item = version.items.get(code="greeted")
    Answer.objects.create(inspection=inspection, item=item, value="no", passed=False, score=D("0"))
    inspection.observed_staff.add(*observed)
    return inspection


def complaint(hall, staff, day, severity="high", outcome="upheld"):
    c = b.complaint(hall, staff, day, outcome=outcome)
    c.severity = severity
    c.save()
    return c


@pytest.fixture
def world(db):
    region = RegionFactory(code="RA")
    hall1 = HallFactory(code="A001", region=region)
    hall2 = HallFactory(code="A002", region=region)
    hq = UserFactory(username="hq-inc")
    scheme = make_scheme(region)
    make_scheme(region, version=2, effective=dt.date(2026, 10, 1), base_pool=D("5000"))  # not yet in force
    for code, green in (("satisfaction", 90), ("wait_mean", 5)):
        kpi = KpiDefinition.objects.get(code=code)
        KpiTarget.objects.create(kpi=kpi, hall_kind="self_owned", month=SEPT, green=green, amber=green)
    people = {
        "A": StaffMemberFactory(hall=hall1, name="A", star_grade=3),
        "B": StaffMemberFactory(hall=hall1, name="B", star_grade=4),
        "C": StaffMemberFactory(hall=hall1, name="C", star_grade=1),
        "D": StaffMemberFactory(hall=hall2, name="D", star_grade=2),
        "E": StaffMemberFactory(hall=hall2, name="E", star_grade=5),
    }
    GradeChange.objects.create(
        staff=people["E"], from_grade=4, to_grade=5, effective_on=dt.date(2026, 10, 1), reason="promoted"
    )
    r1, r2 = roster(hall1), roster(hall2)
    for day in (2, 3, 4):
        shift(r1, people["A"], day, 8)
    for day in (2, 3):
        shift(r1, people["B"], day, 8)
    shift(r1, people["C"], 2, 4)
    shift(r2, people["C"], 9, 4)  # C works in both halls
    shift(r2, people["D"], 9, 8)
    shift(r2, people["E"], 9, 8)
    shift(roster(hall1, RosterStatus.DRAFT, dt.date(2026, 9, 29)), people["A"], 29, 8)  # a draft: not counted
    fact(hall1, "satisfaction", 176, 200)
    fact(hall1, "wait_mean", 36000, 100)
    # Personal scores.
    b.shop(hall1, people["A"], dt.date(2026, 9, 10), "95", hq)
    b.shop(hall1, people["B"], dt.date(2026, 9, 11), "40", hq, published=False)  # not published: ignored
    shop_d = b.shop(hall2, people["D"], dt.date(2026, 9, 12), "70", hq)
    Appeal.objects.create(inspection=shop_d, reason="not me", filed_at=dt.datetime(2026, 10, 2, tzinfo=TZ))
    b.presses(hall1, people["A"], dt.date(2026, 9, 3), 18, 2)
    b.presses(hall1, people["B"], dt.date(2026, 9, 3), 8, 2)
    # Gates.
    failed_critical(hall1, dt.date(2026, 9, 5))
    failed_critical(hall1, dt.date(2026, 9, 6), status=InspectionStatus.DRAFT)  # a draft: not counted
    failed_critical(  # an unpublished shop: the hall cannot see it
        hall1, dt.date(2026, 9, 7), kind=InspectionKind.MYSTERY_SHOP, observed=[people["A"]]
    )
    failed_critical(hall1, dt.date(2026, 8, 31))  # last month
    complaint(hall1, people["B"], dt.date(2026, 9, 8), "high")
    complaint(hall1, people["A"], dt.date(2026, 9, 8), "medium")  # not serious
    complaint(hall1, people["C"], dt.date(2026, 9, 8), "critical", outcome="partly_upheld")  # not upheld
    complaint(hall2, None, dt.date(2026, 9, 9), "critical")  # names nobody: the hall's pool
    return {"region": region, "hall1": hall1, "hall2": hall2, "hq": hq, "scheme": scheme, **people}


def run_for(world) -> IncentiveRun:
    run = IncentiveRun.objects.create(region=world["region"], month=SEPT, created_by=world["hq"])
    runs.compute_run(run=run, by=world["hq"])
    run.refresh_from_db()
    return run


def lines_of(pool) -> dict[str, IncentiveLine]:
    return {line.staff.name: line for line in pool.lines.select_related("staff")}


def test_hall1_pool_by_hand(world):
    run = run_for(world)
    pool = HallPool.objects.get(run=run, hall=world["hall1"])
    assert pool.scheme == world["scheme"]
    assert (pool.headcount, pool.base) == (3, D("1300.00"))
    assert pool.attainment == D("0.9200") and pool.factor == D("0.9200")
    kpis = {row["code"]: row for row in pool.explanation["kpis"]}
    assert kpis["satisfaction"]["attainment"] == "0.9778" and kpis["wait_mean"]["attainment"] == "0.8333"
    assert kpis["satisfaction"]["target"] == "90.00"  # the month's own target, not the default 95
    assert pool.pool_before_gates == D("1196.00")
    assert [g["kind"] for g in pool.explanation["gates"]] == ["critical_fail", "serious_complaint"]
    assert pool.gate_cut == D("239.20") and pool.pool == D("956.80")
    lines = lines_of(pool)
    assert {name: line.hours_worked for name, line in lines.items()} == {"A": D("24"), "B": D("16"), "C": D("4")}
    assert lines["A"].mystery_score == D("95") and lines["A"].satisfaction_rate == D("90")
    assert {name: line.personal_factor for name, line in lines.items()} == {
        "A": D("1.1"),
        "B": D("0.9"),
        "C": D("1"),
    }
    assert {name: line.points for name, line in lines.items()} == {"A": D("31.68"), "B": D("19.44"), "C": D("4")}
    assert {name: line.share for name, line in lines.items()} == {
        "A": D("549.92"),
        "B": D("337.45"),
        "C": D("69.43"),
    }
    assert (lines["B"].cut, lines["B"].amount) == (D("168.73"), D("168.72"))
    assert lines["A"].cut == lines["C"].cut == D("0")
    assert (pool.paid, pool.withheld) == (D("788.07"), D("168.73"))
    assert pool.paid + pool.withheld == pool.pool
    assert not pool.frozen and not any(line.frozen for line in lines.values())


def test_hall2_fallback_gate_frozen_appeal_grade_at_month_end_and_two_halls(world):
    run = run_for(world)
    pool = HallPool.objects.get(run=run, hall=world["hall2"])
    assert pool.attainment is None and pool.factor == D("1") and "no_kpi_data" in pool.explanation["flags"]
    assert pool.pool_before_gates == D("1300.00")
    gate = pool.explanation["gates"][0]
    assert (gate["scheme_scope"], gate["scope"], gate["fallback"]) == ("person", "hall", True)
    assert pool.gate_cut == D("650.00") and pool.pool == D("650.00")
    lines = lines_of(pool)
    assert lines["E"].grade == 4 and lines["E"].star_coefficient == D("1.35")
    assert lines["D"].personal_factor == D("0.85") and lines["D"].points == D("7.48")
    assert {name: line.share for name, line in lines.items()} == {
        "C": D("116.70"),
        "D": D("218.22"),
        "E": D("315.08"),
    }
    assert sum(line.share for line in lines.values()) == pool.pool
    # The pending appeal freezes D only (the scheme does not count the mystery-shop KPI).
    assert lines["D"].frozen and "#" in lines["D"].frozen_reason
    assert not lines["C"].frozen and not lines["E"].frozen and not pool.frozen
    # C has a line in each hall.
    assert IncentiveLine.objects.filter(pool__run=run, staff=world["C"]).count() == 2
    rows = list(breakdown.payroll_rows(run))
    d_row = next(row for row in rows if row["name"] == "D")
    assert d_row["frozen"] and d_row["payable"] == D("0") and d_row["amount"] == D("218.22")
    assert len(rows) == 6


def test_pending_appeal_freezes_whole_hall_when_mystery_shop_kpi_counts(world):
    SchemeKpi.objects.create(scheme=world["scheme"], kpi=KpiDefinition.objects.get(code="mystery_shop"), weight=10)
    run = run_for(world)
    pool = HallPool.objects.get(run=run, hall=world["hall2"])
    assert pool.frozen and all(line.frozen for line in pool.lines.all())
    # hall 1 has no pending appeal: nothing frozen there
    assert not HallPool.objects.get(run=run, hall=world["hall1"]).lines.filter(frozen=True).exists()
    # decided: a recompute unfreezes
    Appeal.objects.update(status=AppealStatus.REJECTED)
    runs.compute_run(run=run)
    assert not IncentiveLine.objects.filter(pool__run=run, frozen=True).exists()


def test_person_gate_with_scope_hall_and_cap_at_100(world):
    world["scheme"].serious_complaint_cut = D("60")
    world["scheme"].save()
    complaint(world["hall1"], world["B"], dt.date(2026, 9, 20), "critical")  # B: 60 + 60 -> stops at 100
    run = run_for(world)
    b_line = lines_of(HallPool.objects.get(run=run, hall=world["hall1"]))["B"]
    assert b_line.explanation["percent"] == "100"
    assert b_line.cut == b_line.share and b_line.amount == D("0")


def test_critical_fail_person_scope_cuts_observed_staff(world):
    world["scheme"].critical_fail_scope = "person"
    world["scheme"].save()
    failed_critical(
        world["hall1"],
        dt.date(2026, 9, 15),
        kind=InspectionKind.MYSTERY_SHOP,
        status=InspectionStatus.PUBLISHED,
        observed=[world["A"]],
    )
    run = run_for(world)
    pool = HallPool.objects.get(run=run, hall=world["hall1"])
    # The patrol named nobody: falls back to the hall (20 %); the published shop cuts A by 20 %.
    assert pool.gate_cut == D("239.20")
    lines = lines_of(pool)
    assert lines["A"].explanation["percent"] == "20.00"
    assert lines["A"].cut == (lines["A"].share * D("0.2")).quantize(D("0.01"))
    assert pool.paid + pool.withheld == pool.pool


def test_hours_correction_kept_on_recompute_and_clears_review(world):
    run = run_for(world)
    pool = HallPool.objects.get(run=run, hall=world["hall1"])
    runs.review_pool(pool=pool, by=world["hq"])
    c_line = lines_of(pool)["C"]
    with pytest.raises(ValidationError) as error:
        runs.correct_hours(line=c_line, hours_worked=D("6"), note=" ", by=world["hq"])
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        runs.correct_hours(line=c_line, hours_worked=D("745"), note="x", by=world["hq"])
    assert "hours_worked" in error.value.message_dict
    line = runs.correct_hours(line=c_line, hours_worked=D("8"), note="Covered a sick colleague", by=world["hq"])
    assert line.pk == c_line.pk and line.hours_worked == D("8") and line.points == D("8")
    pool.refresh_from_db()
    assert pool.reviewed_at is None
    assert sum(x.share for x in pool.lines.all()) == pool.pool
    runs.compute_run(run=run)
    again = IncentiveLine.objects.get(pool__run=run, pool__hall=world["hall1"], staff=world["C"])
    assert (again.hours_rostered, again.hours_worked, again.hours_note) == (D("4"), D("8"), "Covered a sick colleague")
    assert again.history.exists()


def test_people_rostered_but_nobody_worked_leaves_the_pool_unpaid(world):
    run = run_for(world)
    pool = HallPool.objects.get(run=run, hall=world["hall1"])
    for line in pool.lines.all():
        runs.correct_hours(line=line, hours_worked=D("0"), note="Hall shut by a power cut", by=world["hq"])
    pool.refresh_from_db()
    assert pool.pool > 0 and pool.paid == D("0") and pool.withheld == D("0")
    assert D(pool.explanation["unpaid"]) == pool.pool and "nobody_worked" in pool.explanation["flags"]
    assert all(line.share == D("0") for line in pool.lines.all())
    assert breakdown.pool_breakdown(pool)["balanced"]


def test_workflow_and_correction_run(world, django_capture_on_commit_callbacks):
    hq = world["hq"]
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.start_run(region=world["region"], month=SEPT, by=hq)
    run.refresh_from_db()
    assert run.computed_at is not None and run.pools.count() == 2
    with pytest.raises(ValidationError):
        runs.start_run(region=world["region"], month=SEPT, by=hq)
    with pytest.raises(ValidationError):
        runs.start_run(region=world["region"], month=dt.date(2099, 1, 1), by=hq)
    with pytest.raises(ValidationError) as error:
        runs.approve_run(run=run, by=hq)
    assert "A001" in str(error.value) and "A002" in str(error.value)
    runs.review_pool(pool=run.pools.get(hall=world["hall1"]), by=hq)
    with pytest.raises(ValidationError):
        runs.lock_run(run=run, by=hq)
    run = runs.approve_run(run=run, by=hq, reason="A002 manager on leave")
    assert run.status == RunStatus.APPROVED
    line = IncentiveLine.objects.filter(pool__run=run).first()
    for change in (
        lambda: runs.compute_run(run=run),
        lambda: runs.correct_hours(line=line, hours_worked=1, note="x", by=hq),
        lambda: runs.recompute_pool(pool=line.pool),
        lambda: runs.review_pool(pool=line.pool, by=hq),
    ):
        with pytest.raises(ValidationError, match="Locked runs cannot change"):
            change()
    run = runs.lock_run(run=run, by=hq)
    assert run.status == RunStatus.LOCKED
    with pytest.raises(ValidationError, match="Locked runs cannot change"):
        runs.compute_run(run=run)
    with pytest.raises(ValidationError):
        runs.start_correction(run=run, by=hq, note="")
    # The appeal is decided; the correction pays D, frozen (and unpaid) in the locked run.
    Appeal.objects.update(status=AppealStatus.REJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        correction = runs.start_correction(run=run, by=hq, note="Appeal on D decided")
    with pytest.raises(ValidationError):
        runs.start_correction(run=run, by=hq, note="again")
    d_line = IncentiveLine.objects.get(pool__run=correction, staff=world["D"])
    assert not d_line.frozen and d_line.previous_amount == D("0") and d_line.amount == D("218.22")
    a_line = IncentiveLine.objects.get(pool__run=correction, staff=world["A"])
    assert a_line.previous_amount == a_line.amount == D("549.92")
    rows = {row["name"] + row["hall"]: row for row in breakdown.payroll_rows(correction)}
    assert rows["DA002"]["difference"] == D("218.22") and rows["AA001"]["difference"] == D("0")
    assert IncentiveRun.objects.get(pk=run.pk).pools.get(hall=world["hall2"]).lines.get(staff=world["D"]).frozen


def test_scheme_version_in_force_per_month(world):
    region = world["region"]
    assert schemes.scheme_in_force(region_id=region.pk, hall_kind="self_owned", month=SEPT).version == 1
    assert schemes.scheme_in_force(region_id=region.pk, hall_kind="self_owned", month=dt.date(2026, 10, 1)).version == 2
    assert schemes.scheme_in_force(region_id=region.pk, hall_kind="partner", month=SEPT) is None
    assert schemes.schemes_in_force(region.pk, dt.date(2025, 12, 1)) == {}
    v3 = schemes.new_version(scheme=world["scheme"], by=world["hq"])
    assert v3.version == 3 and v3.kpis.count() == 2 and v3.effective_from == dt.date(2026, 1, 1)
    v3.base_pool = D("2000")
    v3.effective_from = SEPT
    v3.save()
    assert not schemes.scheme_is_used(v3)
    run = run_for(world)
    pool = run.pools.get(hall=world["hall1"])
    assert pool.scheme == v3 and pool.base == D("2300.00")
    assert schemes.scheme_is_used(v3) and not schemes.scheme_is_used(world["scheme"])


def test_hall_with_no_scheme_and_nobody_worked(world):
    partner = HallFactory(code="A003", region=world["region"], kind="partner")
    empty = HallFactory(code="A004", region=world["region"])
    run = run_for(world)
    assert not run.pools.filter(hall=partner).exists()
    assert breakdown.halls_without_scheme(run) == [partner]
    pool = run.pools.get(hall=empty)
    # Nobody rostered (a closed or renovating hall): no base, so no pool to leave unpaid.
    assert pool.headcount == 0 and pool.base == D("0") and pool.pool == D("0") and not pool.lines.exists()
    assert (pool.paid, pool.withheld) == (D("0"), D("0"))
    assert "nobody_worked" in pool.explanation["flags"]
    assert breakdown.pool_breakdown(pool)["balanced"]


def test_breakdowns_and_what_if(world):
    run = run_for(world)
    pool = run.pools.select_related("hall").get(hall=world["hall1"])
    view = breakdown.pool_breakdown(pool)
    assert view["balanced"] and [k["code"] for k in view["kpis"]] == ["satisfaction", "wait_mean"]
    assert view["gates"][0]["label"]
    line = pool.lines.get(staff=world["A"])
    detail = breakdown.line_breakdown(line)
    assert detail["mystery"]["shops"][0]["overall"] == D("95.0") and detail["mystery"]["term"] == D("0.1")
    assert detail["share_exact"].quantize(D("0.0001")) == D("549.9170")
    # What if satisfaction had been 90 %: attainment 1.0; (60 x 1 + 40 x 0.8333) / 100 = 0.9333;
    # 1,300 x 0.9333 = 1,213.29; less 20 % (242.66) = 970.63.
    result = breakdown.what_if(pool=pool, kpi_values={"satisfaction": D("90"), "nope": D("1")})
    assert result.before["pool"] == pool.pool == D("956.80")
    assert result.after["factor"] == D("0.9333") and result.after["pool"] == D("970.63")
    assert result.kpis[0]["changed"] and not result.kpis[1]["changed"]
    preview = breakdown.preview_pool(hall=world["hall1"], month=SEPT)
    assert preview.pool == pool.pool and len(preview.lines) == 3
    assert breakdown.preview_pool(hall=HallFactory(region=world["region"], kind="partner"), month=SEPT) is None


def _region_of(n_halls: int, code: str):
    region = RegionFactory(code=code)
    make_scheme(region)
    for index in range(n_halls):
        hall = HallFactory(code=f"{code}{index:03d}", region=region)
        r = roster(hall)
        for day in (1, 2):
            person = StaffMemberFactory(hall=hall)
            shift(r, person, day, 8)
            b.presses(hall, person, dt.date(2026, 9, day), 3, 1)
            b.shop(hall, person, dt.date(2026, 9, day), "88", UserFactory())
        fact(hall, "satisfaction", 90, 100)
        complaint(hall, person, dt.date(2026, 9, 3), "high")
    return region


def test_compute_run_queries_do_not_grow_with_halls(db):
    counts = []
    for n, code in ((2, "QA"), (6, "QB")):
        region = _region_of(n, code)
        run = IncentiveRun.objects.create(region=region, month=SEPT)
        with CaptureQueriesContext(connection) as queries:
            runs.compute_run(run=run)
        assert run.pools.count() == n and IncentiveLine.objects.filter(pool__run=run).count() == 2 * n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_copy_and_bulk_create_write_the_same_rows(world, monkeypatch):
    """On PostgreSQL large runs are written with COPY (runs._insert): force it for this small run and compare
    with bulk_create (on SQLite both take the bulk_create path)."""
    first = run_for(world)
    monkeypatch.setattr(runs, "COPY_FROM", 1)
    second = IncentiveRun.objects.create(region=world["region"], month=SEPT, corrects=first)
    runs.compute_run(run=second, by=world["hq"])
    runs.compute_run(run=second, by=world["hq"])  # replaces: "deleted" history rows through the same path

    def rows(run):
        return sorted(
            IncentiveLine.objects.filter(pool__run=run).values_list(
                "pool__hall__code", "staff_id", "share", "cut", "amount", "frozen", "explanation"
            )
        )

    assert rows(first) == rows(second)
    assert [p.explanation for p in first.pools.order_by("hall__code")] == [
        p.explanation for p in second.pools.order_by("hall__code")
    ]
    # 6 lines created by the first run, then by the second twice, and deleted once in between; all by hq.
    history = IncentiveLine.history.filter(history_user=world["hq"])
    assert (history.filter(history_type="+").count(), history.filter(history_type="-").count()) == (18, 6)


def test_a_queued_computation_leaves_an_approved_run_alone(world, django_capture_on_commit_callbacks):
    """The compute task is queued on commit; if HQ approved (or locked) the run first, it must not touch it."""
    from performance.tasks import compute_incentive_run

    hq = world["hq"]
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.start_run(region=world["region"], month=SEPT, by=hq)
    run = runs.approve_run(run=run, by=hq, reason="test")
    computed_at = IncentiveRun.objects.get(pk=run.pk).computed_at
    assert compute_incentive_run(run.pk) == 2
    assert IncentiveRun.objects.get(pk=run.pk).computed_at == computed_at
