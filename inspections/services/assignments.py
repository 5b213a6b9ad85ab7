"""Assignments: generating them from the inspection plans (daily checks, patrols, mystery-shop visits),
marking missed ones overdue, linking a submitted inspection to the assignment it fulfils, and HQ's hand edits
(add, reassign, cancel) and plan changes.

Generation is idempotent: daily checks are looked up by hall, kind and local day, a month's patrols and
mystery visits by hall, kind and month, and the plans themselves are deterministic for their seed
(inspections/schedules.py); the unique (hall, kind, window_start) catches a race between two runs.
docs/schedules.md explains the rules to operators.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Max, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role
from halls.models import Hall, RoleAssignment, SpecialDay
from staffing.models import DemandProfile

from .. import schedules
from ..choices import AssignmentOrigin, AssignmentStatus, InspectionKind
from ..models import Assignment, ChecklistTemplate, Inspection, InspectionPlan, TemplateVersion

logger = logging.getLogger(__name__)

OPEN = (AssignmentStatus.SCHEDULED, AssignmentStatus.OVERDUE)
DAILY_KINDS = (InspectionKind.OPENING, InspectionKind.CLOSING)
MONTHLY_KINDS = (InspectionKind.PATROL, InspectionKind.MYSTERY_SHOP)
# Next month's patrols and mystery visits are planned when tomorrow is within this many days of the month's end.
PLAN_AHEAD_DAYS = 7
# Halls are generated in chunks, each with its hours and special days prefetched.
CHUNK = 500


@dataclass
class GenerationReport:
    """What a run did: assignments created per kind, moved or cancelled (hours changed), and warnings."""

    created: Counter = field(default_factory=Counter)
    moved: int = 0
    cancelled: int = 0
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            logger.warning(message)

    def merge(self, other: GenerationReport) -> None:
        self.created.update(other.created)
        self.moved += other.moved
        self.cancelled += other.cancelled
        for message in other.warnings:
            self.warn(message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": {str(kind): count for kind, count in self.created.items()},
            "moved": self.moved,
            "cancelled": self.cancelled,
            "warnings": list(self.warnings),
        }


# --- plans and checklists -------------------------------------------------------------------------------


def plans_by_region(region_ids: Iterable[int]) -> dict[int, InspectionPlan | None]:
    """The plan each region follows: its own (even when paused: `active` off means no schedule there), else
    the default plan when that is in use, else none."""
    region_ids = sorted(set(region_ids))
    rows = list(InspectionPlan.objects.filter(Q(region__in=region_ids) | Q(region__isnull=True)))
    own = {plan.region_id: plan for plan in rows if plan.region_id is not None}
    default = next((plan for plan in rows if plan.region_id is None and plan.active), None)
    result: dict[int, InspectionPlan | None] = {}
    for region_id in region_ids:
        plan = own.get(region_id, default)
        result[region_id] = plan if plan is not None and plan.active else None
    return result


def current_checklists(region_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], ChecklistTemplate]:
    """The checklist each region uses for each kind: a template in use with a published version, the region's
    own before a global one, then the most recently published."""
    region_ids = sorted(set(region_ids))
    templates = (
        ChecklistTemplate.objects.filter(active=True, kind__in=list(kinds))
        .filter(Q(region__isnull=True) | Q(region__in=region_ids))
        .annotate(last_published=Max("versions__published_at"))
        .filter(last_published__isnull=False)
    )
    best: dict[tuple[int, str], ChecklistTemplate] = {}
    for template in templates:
        for region_id in [template.region_id] if template.region_id else region_ids:
            key = (region_id, template.kind)
            current = best.get(key)
            rank = (template.region_id is not None, template.last_published, template.pk)
            if current is None or rank > (current.region_id is not None, current.last_published, current.pk):
                best[key] = template
    return best


# --- generation --------------------------------------------------------------------------------------------


def _hall_chunks(halls: Iterable[Hall] | None, first: dt.date, last: dt.date) -> Iterable[list[Hall]]:
    """Halls in code order, in chunks, with their weekly hours and the special days between first and last."""
    specials = Prefetch("special_days", queryset=SpecialDay.objects.filter(date__range=(first, last)))
    if halls is None:
        queryset = Hall.objects.select_related("region").order_by("code")
        ids = list(queryset.values_list("pk", flat=True))
    else:
        ids = [hall.pk for hall in sorted(halls, key=lambda hall: hall.code)]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = Hall.objects.filter(pk__in=chunk).select_related("region").prefetch_related("opening_hours", specials)
        yield sorted(rows, key=lambda hall: hall.code)


def _local_day(moment: dt.datetime, hall: Hall) -> dt.date:
    return moment.astimezone(hall.tzinfo).date()


def _store(rows: list[Assignment], report: GenerationReport) -> None:
    """Insert, skipping any slot a concurrent run stored first (the unique hall + kind + window start)."""
    if not rows:
        return
    Assignment.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    report.created.update(row.kind for row in rows)


def _reschedule(assignment: Assignment, window: tuple[dt.datetime, dt.datetime] | None, now: dt.datetime) -> str:
    """Follow a change of the hall's hours for a scheduled assignment that has not started: cancel it when the
    hall is now closed that day, move it when the window changed. Returns "cancelled", "moved" or ""."""
    if assignment.status != AssignmentStatus.SCHEDULED or assignment.window_start <= now:
        return ""
    if window is None:
        assignment.status = AssignmentStatus.CANCELLED
        assignment.cancel_reason = _("The hall is closed that day.")
        assignment.save(update_fields=["status", "cancel_reason", "updated_at"])
        return "cancelled"
    if (assignment.window_start, assignment.due_at) == window:
        return ""
    assignment.window_start, assignment.due_at = window
    try:
        with transaction.atomic():
            assignment.save(update_fields=["window_start", "due_at", "updated_at"])
    except IntegrityError:
        return ""
    return "moved"


def _daily(
    halls: list[Hall],
    days_of: Mapping[int, list[dt.date]],
    plans: Mapping[int, InspectionPlan | None],
    report: GenerationReport,
    now: dt.datetime,
) -> None:
    """Opening and closing checks of the given days: created when missing, moved or cancelled when the hall's
    hours changed since they were planned."""
    checklists = current_checklists({hall.region_id for hall in halls}, DAILY_KINDS)
    all_days = [day for days in days_of.values() for day in days]
    if not all_days:
        return
    existing: dict[tuple[int, str, dt.date], list[Assignment]] = defaultdict(list)
    rows = Assignment.objects.filter(
        hall__in=[hall.pk for hall in halls],
        kind__in=DAILY_KINDS,
        window_start__gte=schedules.at(halls[0], min(all_days), dt.time()) - dt.timedelta(days=1),
        window_start__lt=schedules.at(halls[0], max(all_days), dt.time()) + dt.timedelta(days=2),
    )
    hall_by_pk = {hall.pk: hall for hall in halls}
    for row in rows:
        existing[(row.hall_id, row.kind, _local_day(row.window_start, hall_by_pk[row.hall_id]))].append(row)
    new = []
    for hall in halls:
        plan = plans.get(hall.region_id)
        if plan is None:
            continue
        kinds = [
            kind for kind, wanted in zip(DAILY_KINDS, (plan.opening_checks, plan.closing_checks), strict=True) if wanted
        ]
        for day in days_of.get(hall.pk, []):
            hours = hall.hours_on(day)
            windows = {}
            if hours is not None:
                planned = schedules.daily_windows(
                    hall,
                    day,
                    hours,
                    window_minutes=plan.self_check_window_minutes,
                    opening=plan.opening_checks,
                    closing=plan.closing_checks,
                )
                windows = {visit.kind: (visit.window_start, visit.due_at) for visit in planned}
            for kind in kinds:
                stored = existing.get((hall.pk, kind, day))
                if stored:
                    for assignment in stored:
                        if assignment.origin == AssignmentOrigin.SCHEDULE:
                            outcome = _reschedule(assignment, windows.get(kind), now)
                            report.moved += outcome == "moved"
                            report.cancelled += outcome == "cancelled"
                    continue
                if kind not in windows:
                    continue
                template = checklists.get((hall.region_id, kind))
                if template is None:
                    report.warn(
                        _("No published %(kind)s checklist for region %(region)s: those checks were not scheduled.")
                        % {"kind": InspectionKind(kind).label.lower(), "region": hall.region.code}
                    )
                    continue
                start, due = windows[kind]
                new.append(Assignment(hall=hall, kind=kind, template=template, window_start=start, due_at=due))
    _store(new, report)


def _people(halls: list[Hall]) -> tuple[dict[int, list[int]], dict[int | None, list[int]]]:
    """Inspectors of each hall, and mystery shoppers by region (None: shoppers with no region, who serve all)."""
    inspectors: dict[int, list[int]] = defaultdict(list)
    through = RoleAssignment.halls.through.objects.filter(
        roleassignment__role=Role.INSPECTOR, hall_id__in=[hall.pk for hall in halls]
    ).values_list("hall_id", "roleassignment__user_id")
    for hall_id, user_id in sorted(through):
        inspectors[hall_id].append(user_id)
    shoppers: dict[int | None, list[int]] = defaultdict(list)
    rows = RoleAssignment.objects.filter(role=Role.SHOPPER, user__is_active=True).values_list("user_id", "regions")
    for user_id, region_id in sorted(rows, key=lambda row: (row[0], row[1] or 0)):
        if user_id not in shoppers[region_id]:
            shoppers[region_id].append(user_id)
    return inspectors, shoppers


def shoppers_for_region(shoppers: Mapping[int | None, list[int]], region_id: int) -> list[int]:
    """Shoppers who list the region; when none do, the shoppers with no region at all."""
    return list(shoppers.get(region_id) or shoppers.get(None) or [])


def _least_loaded(candidates: list[int], load: Any) -> int:
    """The candidate with the smallest load (a tuple compared in order); ties go to the earlier candidate, so
    the choice is deterministic."""
    return min(candidates, key=load)


def _month_loads(month_start: dt.datetime, month_end: dt.datetime) -> tuple[Counter, Counter, Counter]:
    """Assignments already given this month: patrols per inspector, visits per shopper and per shopper and hall."""
    rows = (
        Assignment.objects.filter(
            kind__in=MONTHLY_KINDS,
            assignee__isnull=False,
            window_start__gte=month_start,
            window_start__lt=month_end,
        )
        .exclude(status=AssignmentStatus.CANCELLED)
        .order_by()
        .values_list("kind", "assignee_id", "hall_id")
        .annotate(n=Count("pk"))
    )
    patrols, visits, visits_in_hall = Counter(), Counter(), Counter()
    for kind, user_id, hall_id, n in rows:
        if kind == InspectionKind.PATROL:
            patrols[user_id] += n
        else:
            visits[user_id] += n
            visits_in_hall[(user_id, hall_id)] += n
    return patrols, visits, visits_in_hall


def _monthly(
    halls: list[Hall],
    month: dt.date,
    since: dt.date | None,
    plans: Mapping[int, InspectionPlan | None],
    report: GenerationReport,
) -> None:
    """The month's patrols and mystery visits for halls that have none planned for it yet."""
    days = schedules.month_days(month)
    first, last = days[0], days[-1]
    checklists = current_checklists({hall.region_id for hall in halls}, MONTHLY_KINDS)
    month_start = schedules.at(halls[0], first, dt.time()) - dt.timedelta(days=1)
    month_end = schedules.at(halls[0], last, dt.time()) + dt.timedelta(days=2)
    planned: set[tuple[int, str]] = set()
    hall_by_pk = {hall.pk: hall for hall in halls}
    rows = Assignment.objects.filter(
        hall__in=list(hall_by_pk),
        kind__in=MONTHLY_KINDS,
        origin=AssignmentOrigin.SCHEDULE,
        window_start__gte=month_start,
        window_start__lt=month_end,
    ).values_list("hall_id", "kind", "window_start")
    for hall_id, kind, start in rows:
        if first <= _local_day(start, hall_by_pk[hall_id]) <= last:
            planned.add((hall_id, kind))
    inspectors, shoppers = _people(halls)
    patrol_load, visit_load, visit_hall_load = _month_loads(month_start, month_end)
    day_load: Counter = Counter()
    profiles = {profile.hall_id: profile for profile in DemandProfile.objects.filter(hall__in=list(hall_by_pk))}
    scenario_of = _scenarios(
        {template.pk for (_, kind), template in checklists.items() if kind == InspectionKind.MYSTERY_SHOP}
    )
    new: list[Assignment] = []
    # Halls with the fewest inspectors first: their patrols have the least choice, the others balance around them.
    for hall in sorted(halls, key=lambda hall: (len(inspectors.get(hall.pk, [])), hall.code)):
        plan = plans.get(hall.region_id)
        if plan is None:
            continue
        all_open = schedules.open_days(hall, days)
        ahead = [(day, hours) for day, hours in all_open if since is None or day >= since]
        key = f"{month:%Y-%m}"
        if plan.patrols_per_month and (hall.pk, InspectionKind.PATROL) not in planned and ahead:
            template = checklists.get((hall.region_id, InspectionKind.PATROL))
            if template is None:
                report.warn(
                    _("No published patrol checklist for region %(region)s: patrols were not scheduled.")
                    % {"region": hall.region.code}
                )
            else:
                count = schedules.prorated(plan.patrols_per_month, len(ahead), len(all_open))
                if count > len(ahead):
                    report.warn(
                        _(
                            "Hall %(hall)s is open on %(days)s days in %(month)s: "
                            "fewer patrols than the plan's %(count)s."
                        )
                        % {"hall": hall.code, "days": len(ahead), "month": key, "count": count}
                    )
                rng = schedules.seeded(hall, InspectionKind.PATROL, key)
                people = inspectors.get(hall.pk, [])
                if not people:
                    report.warn(
                        _("Hall %(hall)s has no inspector: its patrols wait for HQ to assign them.")
                        % {"hall": hall.code}
                    )
                for visit in schedules.patrol_visits(hall, ahead, count, rng):
                    assignee = None
                    if people:
                        assignee = _least_loaded(
                            people, lambda user, day=visit.day: (day_load[(user, day)], patrol_load[user])
                        )
                        patrol_load[assignee] += 1
                        day_load[(assignee, visit.day)] += 1
                    new.append(_assignment(hall, template, visit, assignee))
        if (hall.pk, InspectionKind.MYSTERY_SHOP) not in planned and plan.mystery_visits_max and ahead:
            template = checklists.get((hall.region_id, InspectionKind.MYSTERY_SHOP))
            if template is None:
                report.warn(
                    _("No published mystery-shop checklist for region %(region)s: no visits were scheduled.")
                    % {"region": hall.region.code}
                )
            else:
                rng = schedules.seeded(hall, InspectionKind.MYSTERY_SHOP, key)
                count = rng.randint(plan.mystery_visits_min, plan.mystery_visits_max)
                count = schedules.prorated(count, len(ahead), len(all_open))
                periods = schedules.slot_periods(hall, ahead, profiles.get(hall.pk))
                own = scenario_of.get(template.pk)
                visits = schedules.mystery_visits(
                    hall,
                    ahead,
                    periods,
                    count=count,
                    peak_percent=plan.mystery_peak_percent,
                    scenarios=schedules.scenarios_for(own),
                    rng=rng,
                )
                people = shoppers_for_region(shoppers, hall.region_id)
                if not people:
                    report.warn(
                        _("Region %(region)s has no mystery shopper: its visits wait for HQ to assign them.")
                        % {"region": hall.region.code}
                    )
                for visit in visits:
                    assignee = None
                    if people:
                        # A shopper who keeps visiting the same hall becomes known there: rotate them.
                        assignee = _least_loaded(
                            people, lambda user, hall_id=hall.pk: (visit_hall_load[(user, hall_id)], visit_load[user])
                        )
                        visit_load[assignee] += 1
                        visit_hall_load[(assignee, hall.pk)] += 1
                    new.append(_assignment(hall, template, visit, assignee))
    _store(new, report)


def _scenarios(template_ids: set[int]) -> dict[int, tuple[str, str] | None]:
    """The scenario of each mystery template's latest published version (one query)."""
    result: dict[int, tuple[str, str] | None] = {}
    versions = (
        TemplateVersion.objects.filter(template__in=sorted(template_ids), published_at__isnull=False)
        .order_by("template", "-number")
        .values_list("template_id", "scenario", "scenario_zh")
    )
    for template_id, scenario, scenario_zh in versions:
        if template_id not in result:
            result[template_id] = (scenario, scenario_zh) if scenario else None
    return result


def _assignment(hall: Hall, template: ChecklistTemplate, visit: schedules.PlannedVisit, assignee: int | None):
    return Assignment(
        hall=hall,
        kind=visit.kind,
        template=template,
        assignee_id=assignee,
        window_start=visit.window_start,
        due_at=visit.due_at,
        at_peak=visit.at_peak,
        scenario=visit.scenario,
    )


def _reconcile_monthly(halls: list[Hall], day: dt.date, report: GenerationReport, now: dt.datetime) -> None:
    """A patrol or visit planned for a day the hall is now closed is cancelled; one whose window no longer fits
    the day's (shortened) hours moves inside them."""
    hall_by_pk = {hall.pk: hall for hall in halls}
    rows = Assignment.objects.filter(
        hall__in=list(hall_by_pk),
        kind__in=MONTHLY_KINDS,
        status=AssignmentStatus.SCHEDULED,
        window_start__gte=schedules.at(halls[0], day, dt.time()) - dt.timedelta(days=1),
        window_start__lt=schedules.at(halls[0], day, dt.time()) + dt.timedelta(days=2),
    )
    for assignment in rows:
        hall = hall_by_pk[assignment.hall_id]
        if _local_day(assignment.window_start, hall) != day:
            continue
        hours = hall.hours_on(day)
        window = None
        if hours is not None:
            opens, closes = schedules.at(hall, day, hours[0]), schedules.at(hall, day, hours[1])
            if assignment.kind == InspectionKind.PATROL:
                window = (opens, closes)
            else:
                start = min(max(assignment.window_start, opens), closes - schedules.MYSTERY_MIN_STAY)
                start = max(start, opens)
                window = (start, min(start + schedules.MYSTERY_WINDOW, closes))
        outcome = _reschedule(assignment, window, now)
        report.moved += outcome == "moved"
        report.cancelled += outcome == "cancelled"


def assignments_generate(
    *,
    days: Iterable[dt.date] = (),
    months: Iterable[dt.date] = (),
    halls: Iterable[Hall] | None = None,
    since: dt.date | None = None,
    now: dt.datetime | None = None,
) -> GenerationReport:
    """Daily checks for `days` and patrols and mystery visits for `months` (any date in the month), for
    `halls` (all when None). `since` leaves out the part of a month before it, pro-rating the month's counts.
    Running it again creates nothing new."""
    now = now or timezone.now()
    days, months = sorted(set(days)), sorted({month.replace(day=1) for month in months})
    report = GenerationReport()
    if not days and not months:
        return report
    first = min([*days, *months])
    last = max([*days, *(schedules.month_days(month)[-1] for month in months)])
    for chunk in _hall_chunks(halls, first, last):
        with transaction.atomic():
            plans = plans_by_region({hall.region_id for hall in chunk})
            if days:
                _daily(chunk, {hall.pk: days for hall in chunk}, plans, report, now)
            for month in months:
                _monthly(chunk, month, since, plans, report)
    return report


def assignments_generate_nightly(*, now: dt.datetime | None = None) -> GenerationReport:
    """The nightly run: tomorrow's daily checks in each hall (its own local tomorrow), moves or cancels what
    tomorrow's hours no longer allow, makes sure tomorrow's month is planned (from tomorrow on, after a fresh
    installation) and, in the last PLAN_AHEAD_DAYS days of a month, plans the next month."""
    now = now or timezone.now()
    report = GenerationReport()
    today = timezone.localdate(now)
    for chunk in _hall_chunks(None, today, schedules.month_days(schedules.next_month(today))[-1]):
        with transaction.atomic():
            plans = plans_by_region({hall.region_id for hall in chunk})
            by_tomorrow: dict[dt.date, list[Hall]] = defaultdict(list)
            for hall in chunk:
                by_tomorrow[_local_day(now, hall) + dt.timedelta(days=1)].append(hall)
            for tomorrow, halls in sorted(by_tomorrow.items()):
                _daily(halls, {hall.pk: [tomorrow] for hall in halls}, plans, report, now)
                _reconcile_monthly(halls, tomorrow, report, now)
                _monthly(halls, tomorrow, tomorrow, plans, report)
                if (schedules.next_month(tomorrow) - tomorrow).days <= PLAN_AHEAD_DAYS:
                    _monthly(halls, schedules.next_month(tomorrow), None, plans, report)
    return report


def assignments_mark_overdue(*, now: dt.datetime | None = None) -> int:
    """Scheduled assignments whose due time has passed without an inspection become overdue (one UPDATE)."""
    now = now or timezone.now()
    return Assignment.objects.filter(status=AssignmentStatus.SCHEDULED, due_at__lt=now).update(
        status=AssignmentStatus.OVERDUE, updated_at=now
    )


# --- submission ----------------------------------------------------------------------------------------------


def _requested(assignment: Assignment | int | str, inspection: Inspection, by: Any) -> Assignment | None:
    """The assignment the tablet named, checked: the user's (or nobody's), this hall, this kind. Returns None
    when it is no longer open (done by someone else meanwhile, or cancelled): the inspection still counts."""
    pk = assignment.pk if isinstance(assignment, Assignment) else assignment
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise ValidationError({"assignment": _("“%(value)s” is not an assignment number.") % {"value": pk}}) from None
    found = Assignment.objects.visible_to(by).filter(pk=pk).select_for_update(of=("self",)).first()
    if found is None:
        raise ValidationError({"assignment": _("Assignment %(id)s does not exist or is not yours.") % {"id": pk}})
    if found.hall_id != inspection.hall_id:
        raise ValidationError(
            {"assignment": _("Assignment %(id)s is for another hall.") % {"id": pk}},
        )
    if found.kind != inspection.kind:
        raise ValidationError(
            {
                "assignment": _("Assignment %(id)s is a %(kind)s, not a %(other)s.")
                % {
                    "id": pk,
                    "kind": found.get_kind_display().lower(),
                    "other": InspectionKind(inspection.kind).label.lower(),
                }
            }
        )
    if found.assignee_id is not None and found.assignee_id != by.pk:
        raise ValidationError({"assignment": _("Assignment %(id)s is given to someone else.") % {"id": pk}})
    return found if found.is_open() and found.inspection_id is None else None


def assignment_fulfil(
    *, inspection: Inspection, by: Any, assignment: Assignment | int | str | None = None, now: dt.datetime
) -> Assignment | None:
    """Called by inspection_submit inside its transaction: the assignment this inspection fulfils becomes done
    with it. The one the tablet named, or else the open one of this hall and kind that is the user's (or
    nobody's, for the hall's own checks): the one whose window holds the visit's time first, then the
    earliest overdue. Two queries."""
    target = _requested(assignment, inspection, by) if assignment not in (None, "") else None
    if target is None:
        moment = inspection.arrived_at or now
        target = (
            Assignment.objects.filter(
                hall_id=inspection.hall_id,
                kind=inspection.kind,
                status__in=OPEN,
                inspection__isnull=True,
                window_start__lte=moment,
            )
            .filter(Q(assignee=by) | Q(assignee__isnull=True))
            .annotate(late=Case(When(due_at__gte=moment, then=Value(0)), default=Value(1), output_field=IntegerField()))
            .order_by("late", "due_at", "pk")
            .select_for_update(of=("self",))
            .first()
        )
    if target is None:
        return None
    done = Assignment.objects.filter(pk=target.pk, status__in=OPEN, inspection__isnull=True).update(
        status=AssignmentStatus.DONE, inspection=inspection, updated_at=now
    )
    return target if done else None


# --- HQ's hand edits -----------------------------------------------------------------------------------------


def eligible_assignees(*, hall: Hall, kind: str) -> Any:
    """Who may be given an assignment of this kind in this hall: a patrol to an inspector of the hall or HQ of
    its region; a mystery visit to a shopper of the region (or one with no region). Daily checks have no
    assignee: the hall's team does them."""
    users = get_user_model().objects.filter(is_active=True)
    if kind == InspectionKind.PATROL:
        return users.filter(
            Q(role_assignments__role=Role.INSPECTOR, role_assignments__halls=hall)
            | Q(role_assignments__role=Role.HQ, role_assignments__regions=hall.region_id)
        ).distinct()
    if kind == InspectionKind.MYSTERY_SHOP:
        _inspectors, shoppers = _people([hall])
        return users.filter(pk__in=shoppers_for_region(shoppers, hall.region_id))
    return users.none()


def _check_assignee(*, hall: Hall, kind: str, assignee: Any) -> None:
    if assignee is None:
        return
    if kind in InspectionKind.self_inspections():
        raise ValidationError({"assignee": _("Daily self-inspections are the hall's: leave “assigned to” empty.")})
    if not eligible_assignees(hall=hall, kind=kind).filter(pk=assignee.pk).exists():
        message = (
            _("%(user)s is not an inspector of hall %(hall)s (nor HQ of its region).")
            if kind == InspectionKind.PATROL
            else _("%(user)s is not a mystery shopper of the region of hall %(hall)s.")
        )
        raise ValidationError({"assignee": message % {"user": assignee.get_username(), "hall": hall.code}})


def _require_hq(by: Any, perm: str, obj: Any) -> None:
    if not by.has_perm(perm, obj):
        raise PermissionDenied(_("Only HQ of the hall's region may change its assignments."))


@transaction.atomic
def assignment_add(
    *,
    by: Any,
    hall: Hall,
    kind: str,
    window_start: dt.datetime,
    due_at: dt.datetime,
    assignee: Any = None,
    scenario: str = "",
    now: dt.datetime | None = None,
) -> Assignment:
    """An assignment added by hand, with the region's current checklist of its kind."""
    now = now or timezone.now()
    _require_hq(by, "inspections.add_assignment", hall)
    errors: dict[str, str] = {}
    if due_at <= window_start:
        errors["due_at"] = _("The assignment must be due after it starts.")
    elif due_at <= now:
        errors["due_at"] = _("The due time has already passed.")
    if kind == InspectionKind.MYSTERY_SHOP and not scenario.strip():
        errors["scenario"] = _("Say what the shopper asks for.")
    if kind != InspectionKind.MYSTERY_SHOP and scenario.strip():
        errors["scenario"] = _("Only mystery-shop visits have a scenario.")
    template = current_checklists([hall.region_id], [kind]).get((hall.region_id, kind))
    if template is None:
        errors["kind"] = _("There is no published %(kind)s checklist for the region of hall %(hall)s.") % {
            "kind": InspectionKind(kind).label.lower(),
            "hall": hall.code,
        }
    if errors:
        raise ValidationError(errors)
    _check_assignee(hall=hall, kind=kind, assignee=assignee)
    if Assignment.objects.filter(hall=hall, kind=kind, window_start=window_start).exists():
        raise ValidationError(
            {
                "window_start": _("Hall %(hall)s already has an assignment of this kind starting then.")
                % {"hall": hall.code}
            }
        )
    assignment = Assignment(
        hall=hall,
        kind=kind,
        template=template,
        assignee=assignee,
        window_start=window_start,
        due_at=due_at,
        scenario=scenario.strip(),
        origin=AssignmentOrigin.MANUAL,
        created_by=by,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


def _lock_open(assignment: Assignment, by: Any) -> Assignment:
    _require_hq(by, "inspections.change_assignment", assignment)
    current = Assignment.objects.select_for_update(of=("self",)).select_related("hall").get(pk=assignment.pk)
    if not current.is_open():
        raise ValidationError(
            _("This assignment is %(status)s and can no longer change.") % {"status": current.get_status_display()}
        )
    return current


@transaction.atomic
def assignment_reassign(*, assignment: Assignment, assignee: Any, by: Any) -> Assignment:
    """Give a patrol or mystery visit to someone else (an inspector of the hall, a shopper of the region)."""
    current = _lock_open(assignment, by)
    if current.kind in InspectionKind.self_inspections():
        raise ValidationError({"assignee": _("Daily self-inspections are the hall's and have no assignee.")})
    if assignee is None:
        raise ValidationError({"assignee": _("Choose who does it.")})
    _check_assignee(hall=current.hall, kind=current.kind, assignee=assignee)
    current.assignee = assignee
    current.save(update_fields=["assignee", "updated_at"])
    return current


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, reason: str, by: Any) -> Assignment:
    """Cancel an open assignment with a reason; it then counts neither for nor against completion."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    current = _lock_open(assignment, by)
    current.status = AssignmentStatus.CANCELLED
    current.cancel_reason = reason
    current.save(update_fields=["status", "cancel_reason", "updated_at"])
    return current


# --- plans ----------------------------------------------------------------------------------------------------

PLAN_FIELDS = (
    "opening_checks",
    "closing_checks",
    "self_check_window_minutes",
    "patrols_per_month",
    "mystery_visits_min",
    "mystery_visits_max",
    "mystery_peak_percent",
    "active",
)


def plan_for_region(region: Any) -> InspectionPlan:
    """The region's own plan, or an unsaved copy of the default to start from."""
    plan = InspectionPlan.objects.filter(region=region).first()
    if plan is not None:
        return plan
    default = InspectionPlan.objects.filter(region__isnull=True).order_by("-active", "pk").first()
    values = {name: getattr(default, name) for name in PLAN_FIELDS} if default else {}
    return InspectionPlan(region=region, **values)


@transaction.atomic
def plan_save(*, plan: InspectionPlan, fields: Mapping[str, Any], by: Any) -> InspectionPlan:
    """Change a plan (HQ of its region; the default plan: administrators). Applies to what is generated from
    now on; assignments already planned stay as they are."""
    if not by.has_perm("inspections.change_inspectionplan", plan):
        raise PermissionDenied(_("Only HQ of the region may change its inspection plan."))
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(plan, name, value)
    if plan.mystery_visits_min is not None and plan.mystery_visits_max is not None:
        if plan.mystery_visits_min > plan.mystery_visits_max:
            raise ValidationError(
                {
                    "mystery_visits_max": _("The most visits must not be fewer than the least (%(least)s).")
                    % {"least": plan.mystery_visits_min}
                }
            )
    plan.full_clean()
    plan.save()
    return plan
