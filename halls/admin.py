"""Django admin for administrators: regions, halls with their hours and zones, role assignments."""

from django.contrib import admin

from .models import Hall, OpeningHours, Region, RoleAssignment, SpecialDay, Zone


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
