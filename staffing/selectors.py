"""Reads of the staffing app, already narrowed to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from core.roles import Role
from core.scoping import get_scope
from halls.models import Hall, Region

from .choices import LeaveStatus, RosterStatus, SwapStatus
from .models import (
    GradeChange,
    HallLabourRules,
    Honour,
    LabourRulesBase,
    LeaveRequest,
    RegionLabourRules,
    Roster,
    Shift,
    ShiftSwap,
    StaffMember,
)


def roster_list(*, user: Any) -> QuerySet[Roster]:
    return (
        Roster.objects.visible_to(user)
        .select_related("hall", "published_by")
        .annotate(shift_count=Count("shifts", distinct=True))
        .order_by("-start_date", "hall__code")
    )


def roster_get(*, user: Any, pk: int) -> Roster:
    queryset = Roster.objects.visible_to(user).select_related("hall", "hall__region", "published_by")
    return get_object_or_404(queryset, pk=pk)


def roster_shifts(*, roster: Roster) -> QuerySet[Shift]:
    return roster.shifts.select_related("staff").order_by("day", "starts_at")


def roster_staff(*, roster: Roster) -> list[StaffMember]:
    """Everyone who can appear on the grid: active staff of the hall, plus anyone already rostered."""
    rostered = roster.shifts.values("staff_id")
    return list(
        StaffMember.objects.filter(Q(hall=roster.hall_id, active=True) | Q(pk__in=rostered)).order_by(
            "-star_grade", "name"
        )
    )


def pending_swaps(*, roster: Roster) -> QuerySet[ShiftSwap]:
    return (
        ShiftSwap.objects.filter(shift__roster=roster, status=SwapStatus.ACCEPTED)
        .select_related("shift", "offered_by", "taken_by")
        .order_by("shift__day")
    )


def staff_member_of(user: Any) -> StaffMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return StaffMember.objects.filter(user=user, active=True).select_related("hall").first()


def my_shifts(*, user: Any, since) -> QuerySet[Shift]:
    """The user's own shifts on published rosters from `since` on."""
    return (
        Shift.objects.visible_to(user)
        .filter(staff__user=user, roster__status=RosterStatus.PUBLISHED, day__gte=since)
        .select_related("roster__hall", "staff")
        .prefetch_related(Prefetch("swaps", queryset=ShiftSwap.objects.exclude(status=SwapStatus.CANCELLED)))
        .order_by("day", "starts_at")
    )


def open_swap_offers(*, user: Any, member: StaffMember, since) -> QuerySet[ShiftSwap]:
    """Colleagues' shifts on offer in the user's hall that the user could take."""
    return (
        ShiftSwap.objects.visible_to(user)
        .filter(status=SwapStatus.OFFERED, shift__roster__hall=member.hall_id, shift__day__gte=since)
        .exclude(offered_by=member)
        .select_related("shift", "offered_by")
        .order_by("shift__day", "shift__starts_at")
    )


# --- Staff, leave, labour rules and demand -------------------------------------------------------


def halls_run_by(*, user: Any) -> QuerySet[Hall]:
    """Halls whose staff, leave, labour rules and demand the user may change (HQ's regions, a manager's halls)."""
    scope = get_scope(user)
    halls = Hall.objects.visible_to(user).select_related("region").order_by("code")
    if scope.is_admin:
        return halls
    running = {Role.HQ, Role.MANAGER}
    hall_ids = sorted(pk for pk, roles in scope.hall_roles.items() if roles & running)
    region_ids = sorted(pk for pk, roles in scope.region_roles.items() if Role.HQ in roles)
    return halls.filter(Q(pk__in=hall_ids) | Q(region_id__in=region_ids))


def staff_list(*, user: Any) -> QuerySet[StaffMember]:
    """Staff with their hall and skills: three queries for a page however many people it shows."""
    return (
        StaffMember.objects.visible_to(user)
        .select_related("hall", "user")
        .prefetch_related("skills")
        .order_by("hall__code", "name")
    )


def staff_get(*, user: Any, pk: int) -> StaffMember:
    queryset = StaffMember.objects.visible_to(user).select_related("hall", "hall__region", "user")
    member = get_object_or_404(queryset, pk=pk)
    return member


def staff_recognition(*, user: Any, member: StaffMember) -> dict[str, Any]:
    """A person's latest honours and star-grade changes, as far as `user` sees them (two queries)."""
    return {
        "honours": list(Honour.objects.visible_to(user).filter(staff=member).order_by("-period_end", "pk")[:6]),
        "grade_changes": list(
            GradeChange.objects.visible_to(user).filter(staff=member).order_by("-effective_on", "-pk")[:5]
        ),
    }


def staff_availability(*, member: StaffMember, since: dt.date) -> dict[str, Any]:
    """A person's weekly pattern, dated exceptions from `since` on, and their whole leave history."""
    return {
        "weekly": list(member.weekly_unavailability.order_by("weekday", "start")),
        "dated": list(member.dated_unavailability.filter(date__gte=since).order_by("date", "start")),
        "leave": list(member.leave_requests.select_related("decided_by").order_by("-first_day")),
    }


def leave_list(*, user: Any) -> QuerySet[LeaveRequest]:
    """Leave requests the user may see, each marked when the person already has shifts inside it."""
    shifts_inside = Shift.objects.filter(
        staff=OuterRef("staff"), day__gte=OuterRef("first_day"), day__lte=OuterRef("last_day")
    )
    return (
        LeaveRequest.objects.visible_to(user)
        .select_related("staff", "staff__hall", "decided_by")
        .annotate(has_shifts=Exists(shifts_inside))
        .order_by("first_day", "staff__name")
    )


def pending_leave_count(*, user: Any, hall: Hall | None = None) -> int:
    """Requests waiting for a decision in the user's halls (or in one of them)."""
    pending = LeaveRequest.objects.visible_to(user).filter(status=LeaveStatus.REQUESTED)
    return (pending.filter(staff__hall=hall) if hall is not None else pending).count()


def leave_get(*, user: Any, pk: int) -> LeaveRequest:
    return get_object_or_404(LeaveRequest.objects.visible_to(user).select_related("staff", "staff__hall"), pk=pk)


def leave_of(*, user: Any, member: StaffMember) -> QuerySet[LeaveRequest]:
    return leave_list(user=user).filter(staff=member).order_by("-first_day")


def hall_get_for_staffing(*, user: Any, pk: int) -> Hall:
    """A hall in the user's scope with its opening hours and special days (for demand and rules)."""
    queryset = Hall.objects.visible_to(user).select_related("region").prefetch_related("opening_hours", "special_days")
    return get_object_or_404(queryset, pk=pk)


def region_get_for_staffing(*, user: Any, pk: int) -> Region:
    return get_object_or_404(Region.objects.visible_to(user), pk=pk)


def labour_rules_sources(*, hall: Hall) -> dict[str, str]:
    """For each labour rule, where the value in force comes from: "hall", "region" or "default"."""
    region_rules = RegionLabourRules.objects.filter(region_id=hall.region_id).first()
    override = HallLabourRules.objects.filter(hall=hall).first()
    sources = {}
    for name in LabourRulesBase.FIELDS:
        if override is not None and getattr(override, name) is not None:
            sources[name] = "hall"
        else:
            sources[name] = "region" if region_rules is not None else "default"
    return sources
