"""Writes of the staffing app, one module per domain word; import them from here."""

from .leave import leave_decide, leave_request
from .rules import effective_rules
from .staff import StaffImportError, staff_create, staff_import_csv, staff_update

__all__ = [
    "StaffImportError",
    "effective_rules",
    "leave_decide",
    "leave_request",
    "staff_create",
    "staff_import_csv",
    "staff_update",
]
