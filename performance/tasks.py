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
    return written
