"""Who may do what with regions, halls, zones and special days (object-level, on top of visible_to)."""

import rules

from core.permissions import holds_role, holds_role_anywhere, is_admin
from core.roles import Role

# Which rows are readable is decided by visible_to; reading at all needs a role that sees hall data.
can_read_halls = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER, Role.INSPECTOR)
can_run_hall = is_admin | holds_role(Role.HQ, Role.MANAGER)
can_govern_region = is_admin | holds_role(Role.HQ)

rules.add_perm("halls.view_region", can_read_halls)
rules.add_perm("halls.add_region", is_admin)
rules.add_perm("halls.change_region", can_govern_region)
rules.add_perm("halls.delete_region", is_admin)

rules.add_perm("halls.view_hall", can_read_halls)
# With a region as the object: HQ of that region. Without: HQ anywhere (the form limits the regions).
rules.add_perm("halls.add_hall", can_govern_region)
rules.add_perm("halls.change_hall", can_run_hall)
# Only HQ may change a hall's code, region or kind; a manager edits the rest.
rules.add_perm("halls.change_hall_identity", can_govern_region)
rules.add_perm("halls.delete_hall", is_admin)

for model in ("zone", "specialday", "openinghours"):
    rules.add_perm(f"halls.view_{model}", can_read_halls)
    rules.add_perm(f"halls.add_{model}", can_run_hall)
    rules.add_perm(f"halls.change_{model}", can_run_hall)
    rules.add_perm(f"halls.delete_{model}", can_run_hall)

# Hall operating data (docs/customer-voice.md). The integration token is HQ's: it lets a system write the
# hall's figures. Whoever runs the hall sends events and reads the queue figures.
rules.add_perm("halls.manage_halltoken", can_govern_region)
rules.add_perm("halls.view_halltoken", can_run_hall)
rules.add_perm("halls.add_queueevent", can_run_hall)
rules.add_perm("halls.view_queueevent", can_run_hall)
rules.add_perm("halls.view_queuehour", can_run_hall)
rules.add_perm("halls.view_ingestbatch", can_run_hall)
