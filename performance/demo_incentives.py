"""Demo incentives: schemes for region HZ (self-owned and partner-run halls, weights over seven or eight KPIs;
the self-owned scheme has a second version from last month on), a locked run for the month before last and a
draft run for last month with two halls reviewed by their managers. Everything goes through the engine's
services (performance/incentives/runs.py), as a user would."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from halls.choices import HallKind
from halls.models import Hall, Region

from .incentive_models import HallPool, IncentiveRun, IncentiveScheme, SchemeKpi
from .kpi_models import KpiDefinition

SELF_OWNED_WEIGHTS = {
    "satisfaction": 25,
    "complaints_per_1000": 15,
    "mystery_shop": 15,
    "touchpoint_score": 10,
    "within_target": 10,
    "wait_mean": 10,
    "inspection_completion": 5,
    "sales_new_lines": 10,
}
PARTNER_WEIGHTS = {
    "satisfaction": 30,
    "complaints_per_1000": 20,
    "mystery_shop": 15,
    "within_target": 10,
    "actions_on_time": 10,
    "sales_new_lines": 10,
    "sales_broadband": 5,
}


def _month_before(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def _scheme(region: Region, kind: str, version: int, start: dt.date, weights: dict[str, int], by: Any, **terms):
    scheme, created = IncentiveScheme.objects.get_or_create(
        region=region,
        hall_kind=kind,
        version=version,
        defaults={"effective_from": start, "created_by": by, **terms},
    )
    if created:
        kpis = {kpi.code: kpi for kpi in KpiDefinition.objects.filter(code__in=weights)}
        SchemeKpi.objects.bulk_create(
            [SchemeKpi(scheme=scheme, kpi=kpis[code], weight=Decimal(weight)) for code, weight in weights.items()]
        )
    return scheme


def _schemes(region: Region, this_month: dt.date, hq: Any) -> None:
    last = _month_before(this_month)
    start = _month_before(_month_before(_month_before(last)))
    _scheme(
        region,
        HallKind.SELF_OWNED,
        1,
        start,
        SELF_OWNED_WEIGHTS,
        hq,
        name="Self-owned halls",
        note="First scheme",
        base_pool=Decimal("12000"),
        pool_per_head=Decimal("500"),
        critical_fail_cut=Decimal("5"),
    )
    _scheme(
        region,
        HallKind.SELF_OWNED,
        2,
        last,
        SELF_OWNED_WEIGHTS,
        hq,
        name="Self-owned halls",
        note="Per-person pool raised to 600",
        base_pool=Decimal("12000"),
        pool_per_head=Decimal("600"),
        critical_fail_cut=Decimal("5"),
    )
    _scheme(
        region,
        HallKind.PARTNER,
        1,
        start,
        PARTNER_WEIGHTS,
        hq,
        name="Partner-run halls",
        note="First scheme",
        base_pool=Decimal("8000"),
        pool_per_head=Decimal("400"),
        critical_fail_cut=Decimal("8"),
    )


def _past_rosters(region: Region, first: dt.date) -> int:
    """The staffing demo publishes the last few weeks only: publish each hall's weeks back to `first` the same
    way (touchpoints.demo_voice.week_shifts: nobody closes one evening and opens the next morning), so the
    months the demo runs cover have people on the floor. Returns the shifts written."""
    from staffing.choices import RosterStatus
    from staffing.models import Roster, Shift
    from touchpoints.demo_voice import counter_staff, week_shifts

    written = 0
    for hall in Hall.objects.filter(region=region).order_by("code"):
        template = (
            Roster.objects.filter(hall=hall, status=RosterStatus.PUBLISHED, weeks=1).order_by("start_date").first()
        )
        if template is None:
            continue
        clerks = counter_staff(hall)
        back = 1
        while template.start_date - dt.timedelta(days=7 * back) + dt.timedelta(days=6) >= first:
            delta = dt.timedelta(days=7 * back)
            back += 1
            roster, created = Roster.objects.get_or_create(
                hall=hall,
                start_date=template.start_date - delta,
                defaults={
                    "weeks": 1,
                    "status": RosterStatus.PUBLISHED,
                    "published_at": (template.published_at or timezone.now()) - delta,
                    "published_by": template.published_by,
                },
            )
            if not created:
                continue
            shifts = [
                shift
                for shift in week_shifts(hall, roster, clerks)
                # Every fifth week someone is off: the hours differ a little from person to person.
                if (shift.staff_id + back) % 5
            ]
            Shift.objects.bulk_create(shifts)
            written += len(shifts)
    return written


def _review(run: IncentiveRun, users: dict[str, Any], codes: tuple[str, ...]) -> None:
    from .incentives import runs

    for pool in HallPool.objects.filter(run=run, hall__code__in=codes).select_related("hall"):
        manager = users.get("manager1" if pool.hall.code == "H001" else "manager2") or users.get("admin")
        runs.review_pool(pool=pool, by=manager, note="Hours checked against the sign-in sheet.")


def load(context: dict[str, Any], stdout: Any) -> None:
    from .incentives import runs

    started = time.monotonic()
    region = Region.objects.filter(code="HZ").first()
    if region is None:
        return
    users = context.get("users", {})
    hq = users.get("hq") or users.get("admin")
    this_month = timezone.localdate().replace(day=1)
    last, before_last = _month_before(this_month), _month_before(_month_before(this_month))
    _schemes(region, this_month, hq)
    shifts = _past_rosters(region, before_last)
    codes = tuple(Hall.objects.filter(region=region).order_by("code").values_list("code", flat=True))
    made = []
    for month in (before_last, last):
        run = IncentiveRun.objects.filter(region=region, month=month, corrects__isnull=True).first()
        if run is None:
            # Computed here and now rather than through start_run: the demo runs in one transaction, so the
            # background computation start_run queues would only run at its end, after the run is locked.
            run = IncentiveRun.objects.create(region=region, month=month, created_by=hq)
            runs.compute_run(run=run, by=hq)
            run.refresh_from_db()
        made.append(run)
        if month == before_last and run.status == "draft":
            _review(run, users, codes)
            runs.approve_run(run=run, by=hq, reason="")
            runs.lock_run(run=run, by=hq)
        elif month == last and run.status == "draft":
            _review(run, users, codes[:2])
    pools = HallPool.objects.filter(run__in=made).count()
    stdout.write(
        f"incentives: 3 schemes, {shifts} past shifts, {len(made)} runs ({pools} hall pools) for region HZ "
        f"in {time.monotonic() - started:.1f} s"
    )
