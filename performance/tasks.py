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
