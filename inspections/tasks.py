"""Celery tasks of the inspections app: they take ids (or nothing) and call a service."""

from __future__ import annotations

from celery import shared_task

from .services.actions import escalate_overdue


@shared_task(name="inspections.escalate_overdue_actions")
def escalate_overdue_actions() -> dict[str, int]:
    """Hourly (django-celery-beat): overdue corrective actions go to the hall manager, then to HQ."""
    return escalate_overdue()


@shared_task(name="inspections.generate_assignments")
def generate_assignments() -> dict:
    """Nightly (django-celery-beat): tomorrow's daily checks, and next month's patrols and mystery visits in
    the last days of a month (docs/schedules.md)."""
    from .services.assignments import assignments_generate_nightly

    return assignments_generate_nightly().as_dict()


@shared_task(name="inspections.mark_overdue_assignments")
def mark_overdue_assignments() -> dict[str, int]:
    """Hourly (django-celery-beat): assignments past their due time without an inspection become overdue."""
    from .services.assignments import assignments_mark_overdue

    return {"overdue": assignments_mark_overdue()}


@shared_task(name="inspections.rebuild_touchpoint_windows")
def rebuild_touchpoint_windows() -> dict[str, int]:
    """Nightly (django-celery-beat): the 30- and 90-day window roll-up of touchpoint scores ending yesterday
    (docs/performance.md, "Touchpoint heatmap")."""
    from .services.touchpoint_windows import touchpoint_windows_rebuild

    return {f"{days} days": rows for days, rows in touchpoint_windows_rebuild().items()}
