"""Reads of checklists, inspections, findings and corrective actions, already narrowed to the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

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


# --- Checklist pages -------------------------------------------------------------------------------------


def _count(model: Any, field: str) -> Subquery:
    """How many rows of `model` point to the outer row through `field` (a subquery: no join fan-out)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk"))
    return Subquery(rows.values("n"), output_field=IntegerField())


def checklist_list(*, user: Any) -> QuerySet[ChecklistTemplate]:
    """Checklists the user sees, each with its versions newest first (with their item counts): three queries
    for any number of rows."""
    versions = (
        TemplateVersion.objects.select_related("published_by")
        .annotate(item_count=_count(Item, "version"))
        .order_by("-number")
    )
    return (
        ChecklistTemplate.objects.visible_to(user)
        .select_related("region")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("kind", "name", "pk")
    )


def checklist_history(*, template: ChecklistTemplate) -> QuerySet[TemplateVersion]:
    """A checklist's versions, newest first, with who published them, their item and inspection counts."""
    return (
        TemplateVersion.objects.filter(template=template)
        .select_related("published_by")
        .annotate(item_count=_count(Item, "version"), inspection_count=_count(Inspection, "template_version"))
        .order_by("-number")
    )


def checklist_version_get(*, user: Any, pk: int) -> TemplateVersion:
    """One version the user sees (404 otherwise), with its checklist and region."""
    return get_object_or_404(
        TemplateVersion.objects.visible_to(user).select_related("template__region", "published_by"), pk=pk
    )


def version_items(*, version: TemplateVersion) -> list[Item]:
    """The version's items in the tablet's order (touchpoint by touchpoint), with everything the version page
    shows about each: one query for any number of items."""
    return list(
        Item.objects.filter(version=version)
        .select_related("touchpoint", "section", "condition_item", "standard__standard")
        .order_by("touchpoint__order", "order", "pk")
    )


@dataclass
class TouchpointCoverage:
    """What a checklist version checks at one touchpoint: its items, their total weight, how many are critical."""

    touchpoint: Any
    items: list[Item] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.items)

    @property
    def weight(self) -> Decimal:
        return sum((item.weight for item in self.items), Decimal("0"))

    @property
    def critical(self) -> int:
        return sum(1 for item in self.items if item.critical)


def version_coverage(items: list[Item], touchpoints: list[Any]) -> list[TouchpointCoverage]:
    """One row per touchpoint, in the customer's order, with the version's items at it (none: not covered)."""
    rows = {tp.pk: TouchpointCoverage(touchpoint=tp) for tp in touchpoints}
    for item in items:
        rows[item.touchpoint_id].items.append(item)
    return list(rows.values())
