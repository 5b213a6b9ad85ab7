"""Who may do what with the star ladder (object-level, on top of visible_to).

HQ governs the ladder of its regions (administrators the default one) and approves or rejects grade
changes; hall managers run evaluations, recommend or hold, pair mentors and award honours in their halls;
inspectors read the hall's wall; staff see their own progress, pairs and honours.
"""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import holds_role, holds_role_anywhere, is_admin
from core.roles import Role


@rules.predicate
def is_the_mentor(user: Any, obj: Any = None) -> bool:
    mentor = getattr(obj, "mentor", None)
    return mentor is not None and mentor.user_id == getattr(user, "pk", -1)


runs_the_hall = is_admin | holds_role(Role.HQ, Role.MANAGER)
runs_a_hall = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER)
is_staff = holds_role_anywhere(Role.STAFF)

rules.add_perm("performance.view_ladder", runs_a_hall)
# With the region (or None for the default ladder) as the object.
rules.add_perm("performance.add_ladder", is_admin | holds_role(Role.HQ))

rules.add_perm("performance.view_evaluation", runs_a_hall)
rules.add_perm("performance.run_evaluation", runs_the_hall)
rules.add_perm("performance.view_gradeproposal", runs_a_hall)
# The manager recommends or holds; HQ decides: nobody approves their own recommendation by role.
rules.add_perm("performance.recommend_gradeproposal", is_admin | holds_role(Role.MANAGER))
rules.add_perm("performance.approve_gradeproposal", is_admin | holds_role(Role.HQ))

rules.add_perm("performance.view_mentoringpair", runs_a_hall | is_staff)
rules.add_perm("performance.add_mentoringpair", runs_the_hall)
rules.add_perm("performance.sign_off_mentoringpair", runs_the_hall | is_the_mentor)
rules.add_perm("performance.end_mentoringpair", runs_the_hall)

rules.add_perm("performance.view_honour", runs_a_hall | is_staff | holds_role_anywhere(Role.INSPECTOR))
rules.add_perm("performance.add_honour", runs_the_hall)
# The hall's wall: whoever reads the hall's data (it hangs in the back office and on the floor tablet).
rules.add_perm("performance.view_wall", is_admin | holds_role(Role.HQ, Role.MANAGER, Role.INSPECTOR))

rules.add_perm("performance.view_progress", is_staff)

# The hall's balanced scorecard (and its CSV): those who run the hall, HQ for its regions.
# The role check (any hall) comes first so staff, inspectors and shoppers get 403; then scope (404), then the hall.
rules.add_perm("performance.view_scorecards", runs_a_hall)
rules.add_perm("performance.view_scorecard", runs_the_hall)

# Incentives (docs/incentives.md). Schemes: HQ of the region manages them; managers read the ones of their halls.
rules.add_perm("performance.view_incentivescheme", runs_a_hall)
rules.add_perm("performance.add_incentivescheme", is_admin | holds_role(Role.HQ))
rules.add_perm("performance.change_incentivescheme", is_admin | holds_role(Role.HQ))
# Runs: HQ starts, recomputes, approves, locks and corrects the month's run of its regions.
rules.add_perm("performance.view_incentiverun", is_admin | holds_role_anywhere(Role.HQ))
rules.add_perm("performance.add_incentiverun", is_admin | holds_role(Role.HQ))
rules.add_perm("performance.manage_incentiverun", is_admin | holds_role(Role.HQ))
# A hall's pool: those who run the hall read it; its manager reviews it and corrects hours worked; the
# what-if page is for the manager and HQ.
rules.add_perm("performance.view_hallpool", runs_a_hall)
rules.add_perm("performance.review_hallpool", is_admin | holds_role(Role.MANAGER))
rules.add_perm("performance.whatif_hallpool", runs_the_hall)
# A person's line: the hall's runners, and the person themself (visible_to narrows staff to their own).
rules.add_perm("performance.view_incentiveline", runs_a_hall | is_staff)
rules.add_perm("performance.correct_incentiveline", is_admin | holds_role(Role.MANAGER))
rules.add_perm("performance.view_my_incentive", is_staff)

# The hall manager's "today" dashboard (and its JSON and CSVs): the hall's managers and HQ of its region.
# The role check (any hall) first, so inspectors, shoppers and staff get 403; then scope (404); then the hall.
rules.add_perm("performance.view_hall_dashboards", runs_a_hall)
rules.add_perm("performance.view_hall_today", runs_the_hall)

# Monthly sales figures: those who run a hall read their halls' (rows scoped by visible_to); HQ of the hall's
# region (administrators anywhere) imports them. With a hall as the object: may import for that hall.
rules.add_perm("performance.view_salesfigure", runs_a_hall)
rules.add_perm("performance.import_salesfigure", is_admin | holds_role(Role.HQ))

# The regional HQ dashboard (and its CSVs, its wall display): HQ of the region and administrators. Checked first
# without an object (other roles: 403), then, with the region visible (else 404), on the region itself.
rules.add_perm("performance.view_region_dashboard", is_admin | holds_role(Role.HQ))
