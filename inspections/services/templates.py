"""Checklist templates and versions: drafts are edited, published versions never change (a new draft copies
the last version, keeping item codes so that recurring findings still recognise "the same item")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ChecklistTemplate, Item, Section, TemplateVersion


def _refuse_if_published(version: TemplateVersion) -> None:
    if TemplateVersion.objects.filter(pk=version.pk, published_at__isnull=False).exists():
        raise ValidationError(
            _("Version %(number)s of “%(name)s” is published and cannot change; start a new draft.")
            % {"number": version.number, "name": version.template.name}
        )


@transaction.atomic
def template_create(*, fields: Mapping[str, Any]) -> ChecklistTemplate:
    template = ChecklistTemplate(**fields)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def version_draft(*, template: ChecklistTemplate, by: Any = None) -> TemplateVersion:
    """A new draft version: a copy of the latest version's sections and items (empty for a new template)."""
    ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    latest = template.versions.order_by("-number").first()
    if latest is not None and not latest.is_published:
        raise ValidationError(_("Version %(number)s is still a draft: edit that one.") % {"number": latest.number})
    number = (template.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = TemplateVersion.objects.create(
        template=template,
        number=number,
        scenario=latest.scenario if latest else "",
        scenario_zh=latest.scenario_zh if latest else "",
    )
    if latest is not None:
        _copy_content(latest, draft)
    return draft


def _copy_content(source: TemplateVersion, draft: TemplateVersion) -> None:
    sections = {}
    for section in source.sections.all():
        old_pk = section.pk
        section.pk, section.version = None, draft
        section.save()
        sections[old_pk] = section
    copies: dict[int, Item] = {}
    old_conditions: dict[int, int | None] = {}
    for item in source.items.order_by("order"):
        old_pk = item.pk
        old_conditions[old_pk] = item.condition_item_id
        item.pk, item.version, item.section = None, draft, sections[item.section_id]
        item.condition_item = None
        item.save()
        copies[old_pk] = item
    for old_pk, condition in old_conditions.items():
        if condition is not None:
            item = copies[old_pk]
            item.condition_item = copies[condition]
            item.save(update_fields=["condition_item"])


@transaction.atomic
def section_save(*, version: TemplateVersion, fields: Mapping[str, Any], section: Section | None = None) -> Section:
    _refuse_if_published(version)
    section = section or Section(version=version)
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def item_save(*, version: TemplateVersion, fields: Mapping[str, Any], item: Item | None = None) -> Item:
    """Add or change an item of a draft; a published version refuses."""
    _refuse_if_published(version)
    item = item or Item(version=version)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_delete(*, item: Item) -> None:
    _refuse_if_published(item.version)
    item.delete()


@transaction.atomic
def version_publish(*, version: TemplateVersion, by: Any) -> TemplateVersion:
    """Publish a draft after checking every item; from now on it is immutable."""
    version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_if_published(version)
    items = list(version.items.select_related("section", "condition_item"))
    if not items:
        raise ValidationError(_("A checklist version needs at least one item before it is published."))
    errors = []
    for item in items:
        try:
            item.full_clean()
        except ValidationError as error:
            for messages in error.message_dict.values():
                errors.extend(f"{item.label}: {message}" for message in messages)
    if errors:
        raise ValidationError({"items": errors})
    version.published_at = timezone.now()
    version.published_by = by
    version.save()
    return version


def current_version(template: ChecklistTemplate) -> TemplateVersion | None:
    """The latest published version: the one new inspections use."""
    return template.versions.filter(published_at__isnull=False).order_by("-number").first()
