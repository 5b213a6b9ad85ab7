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

# Staff see the photos of the corrective actions they own (visible_to narrows it to those).
rules.add_perm("inspections.view_photo", inspects | holds_role_anywhere(Role.STAFF))
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

# HQ review of mystery shops, publication and appeals (inspections/services/reviews.py): HQ of the hall's region
# reviews, corrects, publishes and decides appeals; the hall's manager appeals. Appeals are the hall's and HQ's
# business: inspectors, staff and shoppers do not see them. Score changes are read with the inspection (a
# shopper sees those of their own visits).
reviews = is_admin | holds_role(Role.HQ)
rules.add_perm("inspections.review_inspection", reviews)
rules.add_perm("inspections.publish_inspection", reviews)
rules.add_perm("inspections.view_scorechange", inspects)
rules.add_perm("inspections.view_appeal", is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER))
# With the inspection as the object (the API's create checks the role first, the service the hall).
rules.add_perm("inspections.add_appeal", is_admin | holds_role(Role.MANAGER))
rules.add_perm("inspections.decide_appeal", reviews)

# Touchpoint reports (docs/reports.md). A hall's scorecard (with the hall as the object): whoever reads the
# hall's inspections. The heatmap: HQ and hall managers; a manager's heatmap holds only their own halls
# (visible_to decides the rows), inspectors, staff and shoppers are refused.
rules.add_perm("inspections.view_scorecard", is_admin | holds_role(Role.HQ, Role.MANAGER, Role.INSPECTOR))
rules.add_perm("inspections.view_heatmap", is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER))


# Assignments (docs/schedules.md): whoever inspects sees the ones visible_to gives them (a hall never sees a
# mystery visit); HQ adds, reassigns and cancels in its regions. Plans: HQ of the plan's region; the default
# plan (no region) only administrators.
@rules.predicate
def hq_of_plan_region(user: Any, plan: Any = None) -> bool:
    from core.scoping import get_scope

    region_id = getattr(plan, "region_id", None)
    return region_id is not None and Role.HQ in get_scope(user).region_roles.get(region_id, frozenset())


rules.add_perm("inspections.view_assignment", inspects)
rules.add_perm("inspections.add_assignment", is_admin | holds_role(Role.HQ))
rules.add_perm("inspections.change_assignment", is_admin | holds_role(Role.HQ))
rules.add_perm("inspections.view_inspectionplan", is_admin | holds_role_anywhere(Role.HQ))
rules.add_perm("inspections.change_inspectionplan", is_admin | hq_of_plan_region)

SUBMIT_PERMISSION = {
    "opening": "inspections.submit_self_inspection",
    "closing": "inspections.submit_self_inspection",
    "five_s": "inspections.submit_self_inspection",
    "patrol": "inspections.submit_patrol",
    "mystery_shop": "inspections.submit_mystery_shop",
}

# With a complaint as the object: turn it into a finding with a corrective action (the hall's managers, HQ).
rules.add_perm("inspections.open_complaint_action", is_admin | holds_role(Role.HQ, Role.MANAGER))
