"""Who may do what in staffing (object-level, on top of visible_to).

Hall managers run their hall's staff, leave and rosters; HQ may do the same in its regions and reads
everything there; inspectors read staff (to attribute findings); staff see and act on their own records.
"""

from __future__ import annotations

from typing import Any

import rules

from core.permissions import holds_role, holds_role_anywhere, is_admin
from core.roles import Role

can_run_hall = is_admin | holds_role(Role.HQ, Role.MANAGER)
runs_a_hall = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER)
reads_staff = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER, Role.INSPECTOR)


# Holds the staff role: has a staff record of their own (shifts, leave, swaps).
is_linked_staff = holds_role_anywhere(Role.STAFF)


@rules.predicate
def is_own_record(user: Any, obj: Any = None) -> bool:
    """The object is the user's staff record or belongs to it (a leave request, a shift, a swap offer)."""
    if obj is None:
        return False
    staff = getattr(obj, "staff", None) or getattr(obj, "offered_by", None) or obj
    return getattr(staff, "user_id", None) == getattr(user, "pk", -1)


rules.add_perm("staffing.view_staffmember", reads_staff)
rules.add_perm("staffing.add_staffmember", can_run_hall)
rules.add_perm("staffing.change_staffmember", can_run_hall)
rules.add_perm("staffing.delete_staffmember", is_admin)
rules.add_perm("staffing.import_staffmember", can_run_hall)

rules.add_perm("staffing.view_leaverequest", runs_a_hall | is_linked_staff)
rules.add_perm("staffing.add_leaverequest", is_linked_staff | runs_a_hall)
rules.add_perm("staffing.decide_leaverequest", can_run_hall)

rules.add_perm("staffing.view_labourrules", runs_a_hall)
rules.add_perm("staffing.change_labourrules", can_run_hall)

rules.add_perm("staffing.view_demand", is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER))
rules.add_perm("staffing.change_demandprofile", can_run_hall)

rules.add_perm("staffing.view_roster", runs_a_hall)
rules.add_perm("staffing.add_roster", can_run_hall)
rules.add_perm("staffing.change_roster", can_run_hall)
rules.add_perm("staffing.publish_roster", can_run_hall)
rules.add_perm("staffing.delete_roster", can_run_hall)

rules.add_perm("staffing.view_shift", runs_a_hall | is_linked_staff)
rules.add_perm("staffing.add_shift", can_run_hall)
rules.add_perm("staffing.change_shift", can_run_hall)
rules.add_perm("staffing.delete_shift", can_run_hall)
rules.add_perm("staffing.offer_shift", is_own_record)

rules.add_perm("staffing.view_shiftswap", runs_a_hall | is_linked_staff)
rules.add_perm("staffing.take_shiftswap", is_linked_staff)
rules.add_perm("staffing.decide_shiftswap", can_run_hall)
rules.add_perm("staffing.cancel_shiftswap", is_own_record | can_run_hall)
