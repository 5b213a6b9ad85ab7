"""Celery tasks of the staffing app: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from .models import SolveRun
from .services.rosters import roster_solve


@shared_task(name="staffing.solve_roster")
def solve_roster_task(run_id: int) -> dict:
    run = roster_solve(run=SolveRun.objects.select_related("roster").get(pk=run_id))
    return run.result
