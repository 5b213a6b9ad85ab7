"""Celery tasks of the star ladder: they take ids (or nothing) and call a service."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from .evidence import month_of, previous_quarter
from .honours import honours_run_month
from .services import evaluation_run, halls_to_evaluate


@shared_task(name="performance.evaluate_last_quarter")
def evaluate_last_quarter(hall_ids: list[int] | None = None) -> int:
    """Quarterly (django-celery-beat, the 1st of January, April, July, October): evaluate the quarter that
    just ended in every hall; proposals wait for the managers and HQ."""
    count = 0
    for hall in halls_to_evaluate(hall_ids):
        start, _end = previous_quarter(hall.local_now().date())
        evaluation_run(hall=hall, quarter_start=start)
        count += 1
    return count


@shared_task(name="performance.award_monthly_honours")
def award_monthly_honours(hall_ids: list[int] | None = None, month: str | None = None) -> int:
    """Monthly (the 1st): the previous month's honours in every hall, by the rules. `month` is YYYY-MM."""
    awarded = 0
    for hall in halls_to_evaluate(hall_ids):
        if month:
            start = dt.date.fromisoformat(f"{month}-01")
        else:
            start, _end = month_of(hall.local_now().date().replace(day=1) - dt.timedelta(days=1))
        awarded += len(honours_run_month(hall=hall, month_start=start))
    return awarded


@shared_task(name="performance.kpi_nightly")
def kpi_nightly(hall_ids: list[int] | None = None, days: int = 7) -> int:
    """Nightly (django-celery-beat, 03:15): rebuild each hall's KPI facts for the last `days` local days
    (late queue events, overdue assignments) and the first day of this and last month (sales figures)."""
    from halls.models import Hall

    from .kpis.facts import rebuild

    written = 0
    halls = Hall.objects.order_by("pk")
    if hall_ids is not None:
        halls = halls.filter(pk__in=hall_ids)
    for hall in halls:
        today = hall.local_now().date()
        this_month = today.replace(day=1)
        last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
        written += rebuild(first=today - dt.timedelta(days=days), last=today - dt.timedelta(days=1), halls=[hall])
        for month in {this_month, last_month}:
            if month < today - dt.timedelta(days=days):
                written += rebuild(first=month, last=month, halls=[hall])
    if hall_ids is None:  # the facts changed: refill the regional dashboards' sums before HQ opens them
        region_dashboards_warm.delay()
    return written


@shared_task(name="performance.region_dashboards_warm")
def region_dashboards_warm(region_ids: list[int] | None = None) -> int:
    """Fill the regional HQ dashboard's cached sums (this month and its trends) of each region."""
    from halls.models import Region

    from .dashboards.region import warm

    regions = Region.objects.order_by("pk")
    if region_ids is not None:
        regions = regions.filter(pk__in=region_ids)
    count = 0
    for region in regions:
        warm(region=region)
        count += 1
    return count


@shared_task(name="performance.kpi_rebuild_sales")
def kpi_rebuild_sales(pairs: list[list]) -> int:
    """After a sales import: rebuild the KPI facts of each [hall id, "YYYY-MM-01"] (the month's first day)."""
    from .sales import rebuild_sales_facts

    return rebuild_sales_facts((int(hall_id), dt.date.fromisoformat(month)) for hall_id, month in pairs)


@shared_task(name="performance.compute_incentive_run")
def compute_incentive_run(run_id: int, user_id: int | None = None) -> int:
    """Compute (or recompute) a draft incentive run in the background; returns the number of hall pools."""
    from django.contrib.auth import get_user_model

    from .choices import RunStatus
    from .incentive_models import HallPool, IncentiveRun
    from .incentives.runs import compute_run

    run = IncentiveRun.objects.filter(pk=run_id).first()
    if run is None or run.status != RunStatus.DRAFT:
        # Approved or locked since it was queued (or gone): a queued computation never touches it.
        return HallPool.objects.filter(run_id=run_id).count()
    by = get_user_model().objects.filter(pk=user_id or run.created_by_id).first()
    compute_run(run=run, by=by)
    return HallPool.objects.filter(run_id=run_id).count()
