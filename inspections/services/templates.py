"""Checklist templates and versions: drafts are edited, published versions never change (a new draft copies
the last version, keeping item codes so that recurring findings still recognise "the same item").

Items of a draft are kept in the tablet's order: touchpoint by touchpoint in the customer's order (TP01 first),
in the order HQ chose within a touchpoint. A condition ("shown only when item X was answered no") must point
to an item that comes earlier in that order, so that the inspector has answered it when the item is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import AnswerType
from ..models import ChecklistTemplate, Item, Section, TemplateVersion

# Fields of an item that only mean something for some answer types; the others are cleared on save so that
# a value typed before the answer type changed does not linger unseen.
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "pass_threshold": (AnswerType.SCALE,),
    "min_value": (AnswerType.NUMBER,),
    "max_value": (AnswerType.NUMBER,),
    "unit": (AnswerType.NUMBER,),
    "max_seconds": (AnswerType.DURATION,),
    "required": (AnswerType.TEXT, AnswerType.PHOTO),
}
_EMPTY = {"unit": "", "required": False}


def _refuse_if_published(version: TemplateVersion) -> None:
    """Lock the version's row (a publish waits for this change, or this change for the publish), then refuse
    if it is published."""
    published_at = (
        TemplateVersion.objects.select_for_update().filter(pk=version.pk).values_list("published_at", flat=True)
    )
    if any(value is not None for value in published_at):
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
def checklist_create(
    *,
    fields: Mapping[str, Any],
    scenario: str = "",
    scenario_zh: str = "",
    based_on: TemplateVersion | None = None,
) -> TemplateVersion:
    """A new checklist and its first draft: empty, or a copy of the sections and items of `based_on` (a version
    of any checklist the user sees)."""
    template = template_create(fields=fields)
    draft = TemplateVersion(
        template=template,
        number=1,
        scenario=scenario or (based_on.scenario if based_on else ""),
        scenario_zh=scenario_zh or (based_on.scenario_zh if based_on else ""),
    )
    draft.full_clean()
    draft.save()
    if based_on is not None:
        _copy_content(based_on, draft)
    return draft


@transaction.atomic
def template_update(
    *, template: ChecklistTemplate, fields: Mapping[str, Any], draft_fields: Mapping[str, Any] | None = None
) -> ChecklistTemplate:
    """Change a checklist's name, description, region, kind or whether it is in use; `draft_fields` (scenario)
    go to its draft. Kind and region are fixed once a version is published: inspections were made with it."""
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    if template.versions.filter(published_at__isnull=False).exists():
        for name in ("kind", "region"):
            if name in fields and _value_id(fields[name]) != _value_id(getattr(template, name)):
                raise ValidationError(
                    {name: _("Fixed once a version is published; create a new checklist to change it.")}
                )
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    draft = template.versions.filter(published_at__isnull=True).first()
    if draft is not None and draft_fields:
        for name, value in draft_fields.items():
            setattr(draft, name, value)
        draft.full_clean()
        draft.save()
    return template


def _value_id(value: Any) -> Any:
    return getattr(value, "pk", value)


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
def version_discard(*, version: TemplateVersion) -> None:
    """Throw a draft away with its sections and items (a published version is kept for ever)."""
    version = TemplateVersion.objects.select_for_update().select_related("template").get(pk=version.pk)
    _refuse_if_published(version)
    # Conditions protect the items they point to; they all go together here.
    Item.objects.filter(version=version).update(condition_item=None)
    version.delete()


@transaction.atomic
def section_save(*, version: TemplateVersion, fields: Mapping[str, Any], section: Section | None = None) -> Section:
    _refuse_if_published(version)
    if section is None:
        top = version.sections.aggregate(top=Max("order"))["top"]
        section = Section(version=version, order=(top or 0) + 1)
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Delete an empty section; one with items is refused (its items would go with it)."""
    _refuse_if_published(section.version)
    count = section.items.count()
    if count:
        raise ValidationError(
            _("Section “%(title)s” still has %(count)s items: move them to another section or delete them first.")
            % {"title": section.title, "count": count}
        )
    section.delete()


@transaction.atomic
def section_move(*, section: Section, direction: str) -> None:
    """Swap a section with the one above ("up") or below ("down"); sections are renumbered 1, 2, 3..."""
    _refuse_if_published(section.version)
    sections = list(Section.objects.filter(version=section.version_id).order_by("order", "pk"))
    index = next(i for i, other in enumerate(sections) if other.pk == section.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(sections):
        sections[index], sections[target] = sections[target], sections[index]
    for position, other in enumerate(sections, start=1):
        other.order = position
    Section.objects.bulk_update(sections, ["order"])


@transaction.atomic
def item_save(*, version: TemplateVersion, fields: Mapping[str, Any], item: Item | None = None) -> Item:
    """Add or change an item of a draft; a published version refuses.

    A new item, or one moved to another touchpoint, goes last among its touchpoint's items; fields that do not
    apply to the answer type are cleared; an empty code is numbered after the touchpoint (TP05-03); an empty
    section becomes the section named after the touchpoint. After the items are put back in the tablet's order,
    the item's conditions must still point backwards: otherwise nothing is saved.
    """
    _refuse_if_published(version)
    old = Item.objects.filter(pk=item.pk).values("touchpoint_id").first() if item and item.pk else None
    item = item or Item(version=version)
    for name, value in fields.items():
        setattr(item, name, value)
    if old is None or old["touchpoint_id"] != item.touchpoint_id or item.order is None:
        item.order = _end(version)
    _clear_inapplicable(item)
    if item.touchpoint_id and not item.code:
        item.code = _next_code(version, item)
    if item.touchpoint_id and item.section_id is None:
        item.section = _touchpoint_section(version, item.touchpoint)
    item.full_clean()
    item.save()
    _check_conditions(item, _put_in_order(version))
    return item


def _end(version: TemplateVersion) -> int:
    return (Item.objects.filter(version=version).aggregate(top=Max("order"))["top"] or 0) + 1


def _clear_inapplicable(item: Item) -> None:
    for name, types in TYPE_FIELDS.items():
        if item.answer_type not in types:
            setattr(item, name, _EMPTY.get(name))


def _next_code(version: TemplateVersion, item: Item) -> str:
    taken = set(Item.objects.filter(version=version).values_list("code", flat=True))
    number = 1
    while f"{item.touchpoint.code}-{number:02d}" in taken:
        number += 1
    return f"{item.touchpoint.code}-{number:02d}"


def _touchpoint_section(version: TemplateVersion, touchpoint: Any) -> Section:
    section = Section.objects.filter(version=version, title=touchpoint.name_en).order_by("order", "pk").first()
    if section is None:
        section = section_save(version=version, fields={"title": touchpoint.name_en, "title_zh": touchpoint.name_zh})
    return section


def _put_in_order(version: TemplateVersion) -> list[Item]:
    """Renumber the version's items 1, 2, 3... in the tablet's order; returns them in that order."""
    items = list(Item.objects.filter(version=version).order_by("touchpoint__order", "order", "pk"))
    if any(item.order != position for position, item in enumerate(items, start=1)):
        # Out of the way first, so that the unique (version, order) never sees two items at one position.
        offset = max(item.order for item in items) + 1
        Item.objects.filter(version=version).update(order=F("order") + offset)
        for position, item in enumerate(items, start=1):
            item.order = position
        Item.objects.bulk_update(items, ["order"])
    return items


def _check_conditions(item: Item, items: list[Item]) -> None:
    """The item's condition comes before it, and the items whose condition it is come after it."""
    position = {other.pk: other.order for other in items}
    here = position[item.pk]
    if item.condition_item_id and position.get(item.condition_item_id, here) >= here:
        raise ValidationError(
            {
                "condition_item": _(
                    "%(other)s comes after this item on the tablet (touchpoints go in the customer's order): "
                    "a condition must be an earlier item."
                )
                % {"other": item.condition_item.label}
            }
        )
    later = [other for other in items if other.condition_item_id == item.pk and other.order <= here]
    if later:
        raise ValidationError(
            {
                "touchpoint": _(
                    "%(items)s depend on the answer to this item and would come before it: keep it at an earlier "
                    "touchpoint, or change their condition first."
                )
                % {"items": ", ".join(other.label for other in later)}
            }
        )


@transaction.atomic
def item_move(*, item: Item, direction: str) -> None:
    """Swap an item with its neighbour within its touchpoint ("up" or "down"); the touchpoint decides the
    screen, so an item leaves its touchpoint only by editing it. An item stays after its condition."""
    _refuse_if_published(item.version)
    items = _put_in_order(item.version)
    group = [other for other in items if other.touchpoint_id == item.touchpoint_id]
    index = next(i for i, other in enumerate(group) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(group):
        return
    first, second = sorted((group[index], group[target]), key=lambda other: other.order)
    if second.condition_item_id == first.pk:
        raise ValidationError(
            _("%(item)s is shown only after the answer to %(other)s: it must stay below it.")
            % {"item": second.label, "other": first.label}
        )
    a, b = first.order, second.order
    Item.objects.filter(pk=first.pk).update(order=items[-1].order + 1)
    Item.objects.filter(pk=second.pk).update(order=a)
    Item.objects.filter(pk=first.pk).update(order=b)


@transaction.atomic
def item_delete(*, item: Item) -> None:
    """Delete an item of a draft; refused while another item's condition points to it."""
    _refuse_if_published(item.version)
    dependents = list(item.dependents.order_by("order"))
    if dependents:
        raise ValidationError(
            _("%(items)s are shown only after the answer to %(item)s: change their condition first.")
            % {"items": ", ".join(other.label for other in dependents), "item": item.label}
        )
    version = item.version
    item.delete()
    _put_in_order(version)


@transaction.atomic
def version_publish(*, version: TemplateVersion, by: Any, change_note: str | None = None) -> TemplateVersion:
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
    if change_note is not None:
        version.change_note = change_note
    version.published_at = timezone.now()
    version.published_by = by
    version.full_clean()
    version.save()
    return version


def current_version(template: ChecklistTemplate) -> TemplateVersion | None:
    """The latest published version: the one new inspections use."""
    return template.versions.filter(published_at__isnull=False).order_by("-number").first()
