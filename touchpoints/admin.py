"""Django admin for administrators: touchpoint texts, standards (versions read-only), blueprints, maps.

The 16 touchpoints cannot be added or deleted here; a standard's wording changes only through a new
version, written on the standard's page in the product so that the old one stays as it was.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BlueprintStep,
    Complaint,
    ComplaintStep,
    DevicePress,
    HallTouchpoint,
    ServiceStandard,
    ServiceStandardVersion,
    Touchpoint,
)


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "usual_zone", "weight"]
    readonly_fields = ["code", "order", "weight", "dimensions", "usual_zone"]
    ordering = ["order"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = ServiceStandardVersion
    extra = 0
    fields = ["number", "is_current", "dimension", "staff_action_en", "created_by", "created_at"]
    readonly_fields = fields
    ordering = ["-number"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    list_display = ["key", "touchpoint", "title_en", "title_zh", "active"]
    list_filter = ["touchpoint", "active"]
    search_fields = ["key", "title_en", "title_zh"]
    readonly_fields = ["key", "touchpoint"]
    list_select_related = ["touchpoint"]
    inlines = [VersionInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(BlueprintStep)
class BlueprintStepAdmin(admin.ModelAdmin):
    list_display = ["touchpoint", "column", "lane", "text_en", "fail_point"]
    list_filter = ["touchpoint", "lane", "fail_point"]
    list_select_related = ["touchpoint"]


@admin.register(HallTouchpoint)
class HallTouchpointAdmin(admin.ModelAdmin):
    list_display = ["hall", "touchpoint", "zone", "applies", "customised"]
    list_filter = ["applies", "customised", "touchpoint"]
    search_fields = ["hall__code", "hall__name"]
    list_select_related = ["hall", "touchpoint", "zone"]
    raw_id_fields = ["hall", "zone", "updated_by"]

    def has_add_permission(self, request: Any) -> bool:
        return False


class _ReadOnlyData(admin.ModelAdmin):
    """Data that arrives through the bulk API or the CSV upload: read here, never typed in."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DevicePress)
class DevicePressAdmin(_ReadOnlyData):
    list_display = ["hall", "occurred_at", "counter", "rating", "staff", "attribution", "tier"]
    list_filter = ["rating", "attribution", "tier"]
    search_fields = ["hall__code", "source_event_id", "ticket"]
    list_select_related = ["hall", "staff"]
    date_hierarchy = "occurred_at"


class ComplaintStepInline(admin.TabularInline):
    model = ComplaintStep
    extra = 0
    raw_id_fields = ["by"]


@admin.register(Complaint)
class ComplaintAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "hall", "occurred_at", "severity", "status", "outcome", "staff", "staff_basis"]
    list_filter = ["status", "severity", "category", "channel", "outcome"]
    search_fields = ["hall__code", "summary", "customer_ref"]
    list_select_related = ["hall", "staff"]
    raw_id_fields = ["hall", "staff", "standard", "created_by"]
    inlines = [ComplaintStepInline]
