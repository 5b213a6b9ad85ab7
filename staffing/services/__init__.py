"""Writes of the staffing app, one module per domain word; import them from here."""

from .availability import dated_unavailability_add, unavailability_delete, weekly_unavailability_add
from .demand import demand_profile_save
from .leave import leave_cancel, leave_decide, leave_request
from .rules import effective_rules, hall_rules_save, region_rules_save
from .staff import StaffImportError, staff_create, staff_import_csv, staff_update

__all__ = [
    "StaffImportError",
    "dated_unavailability_add",
    "demand_profile_save",
    "effective_rules",
    "hall_rules_save",
    "leave_cancel",
    "leave_decide",
    "leave_request",
    "region_rules_save",
    "staff_create",
    "staff_import_csv",
    "staff_update",
    "unavailability_delete",
    "weekly_unavailability_add",
]
