"""Template context every page needs: the role-aware menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role
from .scoping import get_scope


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_role_labels": []}
    items = [{"label": _("Home"), "url": reverse("home"), "key": "home"}]
    if user.has_perm("halls.view_hall"):
        items.append({"label": _("Halls"), "url": reverse("halls:hall_list"), "key": "halls"})
    if user.has_perm("halls.view_region"):
        items.append({"label": _("Regions"), "url": reverse("halls:region_list"), "key": "regions"})
    if user.has_perm("touchpoints.view_touchpoint"):
        items.append({"label": _("Touchpoints"), "url": reverse("touchpoints:touchpoint_list"), "key": "touchpoint"})
    if user.has_perm("inspections.add_inspection"):
        items.append({"label": _("Inspections"), "url": reverse("inspections:today"), "key": "inspection"})
    if user.has_perm("staffing.view_roster"):
        items.append({"label": _("Rosters"), "url": reverse("staffing:roster_list"), "key": "roster"})
    if get_scope(user).has_role(Role.STAFF):
        items.append({"label": _("My shifts"), "url": reverse("staffing:my_shifts"), "key": "my_shifts"})
    if user.has_perm("staffing.view_staffmember"):
        items.append({"label": _("Staff"), "url": reverse("staffing:staff_list"), "key": "staff"})
    if get_scope(user).has_role(Role.STAFF):
        items.append({"label": _("My leave"), "url": reverse("staffing:leave_mine"), "key": "leave_mine"})
    if user.has_perm("halls.view_hall"):
        # Integrators and analysts use the API; staff and shoppers do not need it in their menu.
        items.append({"label": _("API"), "url": reverse("swagger-ui"), "key": "api"})
    scope = get_scope(user)
    if scope.is_admin:
        labels = [_("Administrator")]
    else:
        labels = [Role(role).label for role in sorted(scope.roles)]
    return {"nav_items": items, "nav_role_labels": labels}
