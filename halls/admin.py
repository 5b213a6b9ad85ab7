"""Django admin for administrators: regions, halls with their hours and zones, role assignments, and the
hall operating data that arrives by integration (tokens, deliveries, queue events; read-only)."""

from typing import Any

from django.contrib import admin

from .models import Hall, HallToken, IngestBatch, OpeningHours, QueueEvent, Region, RoleAssignment, SpecialDay, Zone


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "time_zone"]
    search_fields = ["code", "name"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    extra = 0


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "kind", "status", "counters", "kiosks"]
    list_filter = ["region", "kind", "status"]
    search_fields = ["code", "name", "address"]
    list_select_related = ["region"]
    inlines = [OpeningHoursInline, SpecialDayInline, ZoneInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role"]
    list_filter = ["role"]
    search_fields = ["user__username"]
    filter_horizontal = ["regions", "halls"]


@admin.register(HallToken)
class HallTokenAdmin(admin.ModelAdmin):
    """Tokens are created and rotated on the hall's page (shown once there); here only seen or revoked."""

    list_display = ["hall", "prefix", "created_by", "updated_at", "last_used_at"]
    list_select_related = ["hall", "created_by"]
    readonly_fields = ["hall", "prefix", "key_hash", "created_by", "last_used_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = ["hall", "kind", "source", "created_at", "received", "stored", "duplicates", "rejected", "strict"]
    list_filter = ["kind", "source", "strict"]
    search_fields = ["hall__code", "filename"]
    list_select_related = ["hall"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(QueueEvent)
class QueueEventAdmin(admin.ModelAdmin):
    list_display = ["hall", "occurred_at", "ticket", "event_type", "counter", "tier", "source_event_id"]
    list_filter = ["event_type", "tier"]
    search_fields = ["hall__code", "ticket", "source_event_id"]
    list_select_related = ["hall"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
