"""Django admin for administrators: checklist templates and versions, inspections, photos, findings and
corrective actions.

What people argue about stays as it was recorded: a published checklist version and its items are read-only
(publishing and new drafts go through the services, as in the product); an inspection's answers and scores
are read-only (they were computed at submission); a corrective action's workflow (status, who did and
verified what, when) moves only through the product's pages and API. Inspections and corrective actions
show their change history. Photos are never linked by a public URL: the admin links the same scope-checked
file URL as the pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
from .services import templates as template_services


class ReadOnlyInline(admin.TabularInline):
    """An inline that only lists rows."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- checklists -----------------------------------------------------------------------------------------------


class VersionInline(ReadOnlyInline):
    model = TemplateVersion
    fields = ["number", "published_at", "published_by", "change_note"]
    readonly_fields = fields
    ordering = ["-number"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "active", "updated_at"]
    list_filter = ["kind", "active", "region"]
    search_fields = ["name", "description"]
    list_select_related = ["region"]
    inlines = [VersionInline]
    actions = ["new_draft"]

    @admin.action(description=_("Start a new draft version (a copy of the latest)"))
    def new_draft(self, request: HttpRequest, queryset: QuerySet[ChecklistTemplate]) -> None:
        for template in queryset:
            try:
                version = template_services.version_draft(template=template, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{template}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s: draft created.") % {"version": version})


def _version_of(request: HttpRequest) -> TemplateVersion | None:
    return getattr(request, "_admin_version", None)


def _is_published(obj: Any) -> bool:
    return obj is not None and obj.published_at is not None


class VersionPartInline(admin.TabularInline):
    """Sections and items of a draft can be edited here; a published version's are only listed."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_delete_permission(request, obj)


class SectionInline(VersionPartInline):
    model = Section
    fields = ["order", "title", "title_zh"]


class ItemInline(VersionPartInline):
    model = Item
    fields = [
        "order",
        "code",
        "section",
        "touchpoint",
        "text",
        "text_zh",
        "answer_type",
        "dimension",
        "weight",
        "critical",
        "severity",
        "photo_required_when_failed",
    ]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "section":
            version = _version_of(request)
            kwargs["queryset"] = Section.objects.filter(version=version) if version else Section.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    list_display = ["template", "number", "published_at", "published_by", "change_note"]
    list_filter = ["template__kind", "template"]
    search_fields = ["template__name", "change_note"]
    list_select_related = ["template", "published_by"]
    readonly_fields = ["published_at", "published_by"]
    inlines = [SectionInline, ItemInline]
    actions = ["publish"]

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        request._admin_version = obj  # the inlines offer this version's sections only
        return obj

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if _is_published(obj):
            return ["template", "number", "scenario", "scenario_zh", "change_note", "published_at", "published_by"]
        return list(self.readonly_fields)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _is_published(obj) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected drafts (they can no longer change)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[TemplateVersion]) -> None:
        for version in queryset.filter(published_at__isnull=True):
            try:
                template_services.version_publish(version=version, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s published.") % {"version": version})


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """One item with every attribute (the version page lists the main ones)."""

    list_display = ["code", "text", "version", "touchpoint", "answer_type", "weight", "critical"]
    list_filter = ["answer_type", "critical", "touchpoint", "version__template"]
    search_fields = ["code", "text", "text_zh"]
    list_select_related = ["version__template", "touchpoint"]
    raw_id_fields = ["version", "section", "standard", "condition_item"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # items are added on their (draft) version

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        published = obj is not None and obj.version.published_at is not None
        return not published and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        published = obj is not None and obj.version.published_at is not None
        return not published and super().has_delete_permission(request, obj)


# --- inspections ------------------------------------------------------------------------------------------------


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["item", "value", "not_applicable", "comment", "status", "score", "passed"]
    readonly_fields = fields
    show_change_link = False
    ordering = ["item__order"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("item")


def photo_link(photo: Photo | None) -> str:
    if photo is None:
        return "–"
    url = reverse("photo-file", kwargs={"pk": photo.pk})
    return format_html('<a href="{}" target="_blank" rel="noopener">{} × {}</a>', url, photo.width, photo.height)


class PhotoInline(ReadOnlyInline):
    model = Photo
    fk_name = "inspection"
    fields = ["file", "answer", "caption", "taken_by", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("image"))
    def file(self, photo: Photo) -> str:
        return photo_link(photo)


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "hall", "kind", "template_version", "inspector", "status", "submitted_at", "overall"]
    list_filter = ["kind", "status", "hall__region"]
    search_fields = ["hall__code", "hall__name", "inspector__username", "client_uuid"]
    list_select_related = ["hall", "template_version__template", "inspector"]
    date_hierarchy = "submitted_at"
    raw_id_fields = ["hall", "template_version", "inspector"]
    readonly_fields = [
        "hall",
        "template_version",
        "kind",
        "inspector",
        "client_uuid",
        "payload_hash",
        "started_at",
        "submitted_at",
        "overall",
        "by_touchpoint",
        "by_dimension",
        "applicable_touchpoints",
    ]
    inlines = [AnswerInline, PhotoInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # inspections are submitted (and scored) from the tablet or the API


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["pk", "inspection", "answer", "file", "size", "taken_by", "created_at"]
    list_select_related = ["inspection", "taken_by"]
    search_fields = ["client_uuid", "caption"]
    fields = ["inspection", "answer", "file", "caption", "client_uuid", "sha256", "width", "height", "size", "taken_by"]
    readonly_fields = fields

    @admin.display(description=_("image"))
    def file(self, photo: Photo) -> str:
        return photo_link(photo)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # photos are decoded and re-encoded on upload (inspections/services/photos.py)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- findings and corrective actions ----------------------------------------------------------------------------


class ActionInline(ReadOnlyInline):
    model = CorrectiveAction
    fields = ["description", "status", "owner", "due_date", "escalation_level"]
    readonly_fields = fields


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["item_code", "hall", "touchpoint", "severity", "recurring", "quality_gap", "root_cause", "found_at"]
    list_filter = ["severity", "recurring", "quality_gap", "root_cause", "touchpoint", "hall__region"]
    search_fields = ["item_code", "description", "hall__code"]
    list_select_related = ["hall", "touchpoint"]
    date_hierarchy = "found_at"
    readonly_fields = ["inspection", "hall", "item", "answer", "item_code", "touchpoint", "photo_file", "found_at"]
    exclude = ["photo"]
    inlines = [ActionInline]

    @admin.display(description=_("photo"))
    def photo_file(self, finding: Finding) -> str:
        return photo_link(finding.photo)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # findings come from failed items at submission


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "finding", "hall", "status", "due_date", "owner", "owner_staff", "escalation_level"]
    list_filter = ["status", "escalation_level", "hall__region"]
    search_fields = ["description", "hall__code", "owner__username", "owner_staff__name"]
    list_select_related = ["finding", "hall", "owner", "owner_staff"]
    date_hierarchy = "due_date"
    raw_id_fields = ["owner", "owner_staff"]
    exclude = ["evidence_photo"]
    readonly_fields = [
        "finding",
        "hall",
        "status",
        "evidence_text",
        "evidence_photo_file",
        "started_at",
        "done_at",
        "done_by",
        "verified_at",
        "verified_by",
        "reopen_reason",
        "reopened_count",
        "escalation_level",
        "escalated_at",
    ]

    @admin.display(description=_("evidence photo"))
    def evidence_photo_file(self, action: CorrectiveAction) -> str:
        return photo_link(action.evidence_photo)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # actions come with their finding
