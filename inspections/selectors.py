"""Reads of checklists, inspections, findings and corrective actions, already narrowed to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import (
    Answer,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Inspection,
    Item,
    Photo,
    Section,
    TemplateVersion,
)


def template_list(*, user: Any) -> QuerySet[ChecklistTemplate]:
    return (
        ChecklistTemplate.objects.visible_to(user)
        .select_related("region")
        .prefetch_related(Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number")))
        .order_by("kind", "name")
    )


def version_list(*, user: Any) -> QuerySet[TemplateVersion]:
    return TemplateVersion.objects.visible_to(user).select_related("template").order_by("template__name", "-number")


def version_detail_list(*, user: Any) -> QuerySet[TemplateVersion]:
    """Versions with their sections and items (and each item's touchpoint): three queries for any size."""
    items = Item.objects.select_related("touchpoint").order_by("order")
    sections = Section.objects.order_by("order", "pk").prefetch_related(Prefetch("items", queryset=items))
    return version_list(user=user).prefetch_related(Prefetch("sections", queryset=sections))


def inspection_list(*, user: Any) -> QuerySet[Inspection]:
    return (
        Inspection.objects.visible_to(user)
        .select_related("hall", "template_version__template", "inspector")
        .order_by("-submitted_at", "-pk")
    )


def inspection_detail_list(*, user: Any) -> QuerySet[Inspection]:
    """With answers (and their photos) and the inspection's photos: a fixed number of queries."""
    answers = Answer.objects.select_related("item__touchpoint").order_by("item__order")
    return inspection_list(user=user).prefetch_related(
        Prefetch("answers", queryset=answers),
        Prefetch("photos", queryset=Photo.objects.order_by("pk")),
    )


def finding_list(*, user: Any) -> QuerySet[Finding]:
    return (
        Finding.objects.visible_to(user)
        .select_related("hall", "touchpoint", "item", "inspection")
        .prefetch_related(Prefetch("actions", queryset=CorrectiveAction.objects.order_by("pk")))
        .order_by("-found_at", "pk")
    )


def action_list(*, user: Any) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.visible_to(user)
        .select_related("hall", "finding__touchpoint", "finding__item", "owner", "owner_staff", "verified_by")
        .order_by("due_date", "pk")
    )


def photo_list(*, user: Any) -> QuerySet[Photo]:
    return Photo.objects.visible_to(user).select_related("inspection").order_by("pk")
