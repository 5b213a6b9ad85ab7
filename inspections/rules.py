"""Who may do what with checklists, inspections, photos, findings and corrective actions (object-level, on
top of visible_to).

Hall managers run self-inspections and the corrective actions of their halls; inspectors inspect the halls
assigned to them and verify fixes; mystery shoppers submit visits and see only their own; HQ does all of it
in its regions and governs the checklists.
"""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import holds_role, holds_role_anywhere, is_admin
from core.roles import Role


@rules.predicate
def made_the_inspection(user: Any, obj: Any = None) -> bool:
    """The user is the author of the inspection (or of the inspection the object belongs to)."""
    inspection = getattr(obj, "inspection", obj)
    return obj is not None and getattr(inspection, "inspector_id", None) == getattr(user, "pk", -1)


@rules.predicate
def owns_the_action(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return False
    if obj.owner_id is not None and obj.owner_id == user.pk:
        return True
    staff = obj.owner_staff
    return staff is not None and staff.user_id == user.pk


reads_checklists = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER, Role.INSPECTOR, Role.SHOPPER)
governs_checklists = is_admin | holds_role(Role.HQ)
inspects = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER, Role.INSPECTOR, Role.SHOPPER)

rules.add_perm("inspections.view_checklisttemplate", reads_checklists)
rules.add_perm("inspections.view_templateversion", reads_checklists)
rules.add_perm("inspections.change_checklisttemplate", governs_checklists)

rules.add_perm("inspections.view_inspection", inspects)
rules.add_perm("inspections.add_inspection", inspects)
# With the hall as the object: which kinds of inspection the user may submit there.
rules.add_perm("inspections.submit_self_inspection", is_admin | holds_role(Role.HQ, Role.MANAGER, Role.INSPECTOR))
rules.add_perm("inspections.submit_patrol", is_admin | holds_role(Role.HQ, Role.INSPECTOR))
# Shoppers are not assigned to halls (they must not see hall data); their visits are theirs.
rules.add_perm("inspections.submit_mystery_shop", is_admin | holds_role(Role.HQ) | holds_role_anywhere(Role.SHOPPER))

rules.add_perm("inspections.view_photo", inspects)
rules.add_perm("inspections.add_photo", is_admin | made_the_inspection | holds_role(Role.HQ))

rules.add_perm("inspections.view_finding", inspects)
rules.add_perm("inspections.classify_finding", is_admin | holds_role(Role.HQ, Role.MANAGER, Role.INSPECTOR))

rules.add_perm(
    "inspections.view_correctiveaction",
    is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER, Role.INSPECTOR, Role.STAFF),
)
# Start and complete: the people who run the hall, and the action's owner.
rules.add_perm("inspections.work_correctiveaction", is_admin | holds_role(Role.HQ, Role.MANAGER) | owns_the_action)
# Verify or reopen: an inspector of the hall or HQ, not the people who did the fix.
rules.add_perm("inspections.verify_correctiveaction", is_admin | holds_role(Role.HQ, Role.INSPECTOR))

SUBMIT_PERMISSION = {
    "opening": "inspections.submit_self_inspection",
    "closing": "inspections.submit_self_inspection",
    "five_s": "inspections.submit_self_inspection",
    "patrol": "inspections.submit_patrol",
    "mystery_shop": "inspections.submit_mystery_shop",
}
