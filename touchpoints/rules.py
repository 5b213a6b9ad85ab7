"""Who may do what with touchpoints, standards, blueprints and halls' touchpoint maps.

The 16 touchpoints, their standards and blueprints are the company's method, not hall data: everyone
who holds a role reads them (staff and mystery shoppers need the standards too). Only HQ and
administrators write them. A hall's touchpoint map is hall data: those who see the hall read it, and
whoever runs the hall (its manager, HQ of its region) changes it.
"""

import rules

from core.permissions import holds_role, holds_role_anywhere, is_admin
from core.roles import Role

reads_method = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER, Role.INSPECTOR, Role.SHOPPER, Role.STAFF)
# HQ of any region: the method is one for the whole company (it is not tied to a region).
writes_method = is_admin | holds_role_anywhere(Role.HQ)
reads_hall_maps = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER, Role.INSPECTOR)
runs_hall = is_admin | holds_role(Role.HQ, Role.MANAGER)

rules.add_perm("touchpoints.view_touchpoint", reads_method)
rules.add_perm("touchpoints.change_touchpoint", writes_method)
# The 16 come from a data migration; nobody adds or deletes one.
rules.add_perm("touchpoints.add_touchpoint", rules.always_deny)
rules.add_perm("touchpoints.delete_touchpoint", rules.always_deny)

rules.add_perm("touchpoints.view_servicestandard", reads_method)
rules.add_perm("touchpoints.add_servicestandard", writes_method)
rules.add_perm("touchpoints.change_servicestandard", writes_method)
# Inspections keep pointing at a standard's versions: retire a standard (not in use) instead.
rules.add_perm("touchpoints.delete_servicestandard", rules.always_deny)
rules.add_perm("touchpoints.view_servicestandardversion", reads_method)
rules.add_perm("touchpoints.add_servicestandardversion", writes_method)

rules.add_perm("touchpoints.view_blueprintstep", reads_method)
rules.add_perm("touchpoints.add_blueprintstep", writes_method)
rules.add_perm("touchpoints.change_blueprintstep", writes_method)
rules.add_perm("touchpoints.delete_blueprintstep", writes_method)

rules.add_perm("touchpoints.view_halltouchpoint", reads_hall_maps)
rules.add_perm("touchpoints.change_halltouchpoint", runs_hall)

# The customer's voice (docs/customer-voice.md): hall data. Whoever runs the hall (its manager, HQ of its
# region) sends device presses and handles complaints; inspectors, staff and shoppers do not see complaints.
rules.add_perm("touchpoints.add_devicepress", runs_hall)
rules.add_perm("touchpoints.view_devicepress", runs_hall)
reads_complaints = is_admin | holds_role_anywhere(Role.HQ, Role.MANAGER)
rules.add_perm("touchpoints.view_complaint", reads_complaints)
rules.add_perm("touchpoints.add_complaint", runs_hall)
rules.add_perm("touchpoints.change_complaint", runs_hall)
