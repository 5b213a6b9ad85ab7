"""Celery tasks of the inspections app: they take ids (or nothing) and call a service."""

from __future__ import annotations

from celery import shared_task

from .services.actions import escalate_overdue


@shared_task(name="inspections.escalate_overdue_actions")
def escalate_overdue_actions() -> dict[str, int]:
    """Hourly (django-celery-beat): overdue corrective actions go to the hall manager, then to HQ."""
    return escalate_overdue()
