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
