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
    if user.has_perm("performance.view_region_dashboard"):
        # HQ's regional dashboard: straight to it with one region, else the region list (each region links it).
        region_ids = sorted(get_scope(user).region_ids)
        target = (
            reverse("performance:region_dashboard", args=[region_ids[0]])
            if len(region_ids) == 1
            else reverse("halls:region_list")
        )
        items.append({"label": _("Regional dashboard"), "url": target, "key": "region_dashboard"})
    if user.has_perm("touchpoints.view_touchpoint"):
        items.append({"label": _("Touchpoints"), "url": reverse("touchpoints:touchpoint_list"), "key": "touchpoint"})
    if user.has_perm("inspections.add_inspection"):
        items.append({"label": _("Today's inspections"), "url": reverse("inspections:today"), "key": "today"})
    if user.has_perm("inspections.view_inspection"):
        items.append({"label": _("Inspections"), "url": reverse("inspections:inspection_list"), "key": "inspection"})
    if user.has_perm("inspections.view_assignment") and (
        get_scope(user).is_admin or get_scope(user).has_role(Role.HQ, Role.MANAGER)
    ):
        # Who plans and follows completion; inspectors and shoppers get theirs on "Today's inspections".
        items.append({"label": _("Assignments"), "url": reverse("inspections:assignment_list"), "key": "assignment"})
    if user.has_perm("inspections.view_heatmap"):
        # HQ compares its halls touchpoint by touchpoint (a hall manager sees their own halls).
        items.append({"label": _("Heatmap"), "url": reverse("inspections:region_heatmap"), "key": "heatmap"})
    if user.has_perm("inspections.view_correctiveaction"):
        # The closed loop: managers and owners act, inspectors verify (staff see their own actions).
        items.append({"label": _("Corrective actions"), "url": reverse("inspections:action_list"), "key": "action"})
    if user.has_perm("inspections.review_inspection"):
        # HQ: mystery shops awaiting review, and the halls' appeals (a tab of the same page).
        items.append({"label": _("Mystery-shop review"), "url": reverse("inspections:review_queue"), "key": "review"})
    elif user.has_perm("inspections.view_appeal"):
        items.append({"label": _("Appeals"), "url": reverse("inspections:appeal_list"), "key": "appeal"})
    if user.has_perm("inspections.change_checklisttemplate"):
        # HQ and administrators keep the checklists; inspectors and halls only fill them in.
        items.append({"label": _("Checklists"), "url": reverse("inspections:checklist_list"), "key": "checklist"})
    if user.has_perm("staffing.view_roster"):
        items.append({"label": _("Rosters"), "url": reverse("staffing:roster_list"), "key": "roster"})
    if user.has_perm("touchpoints.view_complaint"):
        items.append({"label": _("Complaints"), "url": reverse("touchpoints:complaint_list"), "key": "complaint"})
    if get_scope(user).has_role(Role.STAFF):
        items.append({"label": _("My shifts"), "url": reverse("staffing:my_shifts"), "key": "my_shifts"})
    if user.has_perm("staffing.view_staffmember"):
        items.append({"label": _("Staff"), "url": reverse("staffing:staff_list"), "key": "staff"})
    if get_scope(user).has_role(Role.STAFF):
        items.append({"label": _("My leave"), "url": reverse("staffing:leave_mine"), "key": "leave_mine"})
        items.append({"label": _("My progress"), "url": reverse("performance:my_progress"), "key": "my_progress"})
    if user.has_perm("performance.view_evaluation"):
        items.append({"label": _("Star grades"), "url": reverse("performance:evaluation_list"), "key": "evaluation"})
    if user.has_perm("performance.view_hallpool"):
        items.append({"label": _("Incentives"), "url": reverse("performance:incentive_list"), "key": "incentive_"})
    if user.has_perm("performance.import_salesfigure"):
        # HQ imports the halls' monthly sales (managers reach their halls' figures from the list's URL and API).
        items.append({"label": _("Sales figures"), "url": reverse("performance:sales_list"), "key": "sales_"})
    if get_scope(user).has_role(Role.STAFF):
        url = reverse("performance:incentive_mine")
        items.append({"label": _("My incentive"), "url": url, "key": "incentive_mine"})
    if user.has_perm("halls.view_hall"):
        # Integrators and analysts use the API; staff and shoppers do not need it in their menu.
        items.append({"label": _("API"), "url": reverse("swagger-ui"), "key": "api"})
    scope = get_scope(user)
    if scope.is_admin:
        labels = [_("Administrator")]
    else:
        labels = [Role(role).label for role in sorted(scope.roles)]
    return {"nav_items": items, "nav_role_labels": labels}
