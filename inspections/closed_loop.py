"""Reads of the closed-loop workspace (闭环管理): the issue log of findings, each role's default list of
corrective actions, an action's timeline, and due dates in words. Everything starts from `visible_to`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.roles import Role
from core.scoping import get_scope

from . import selectors
from .anonymity import inspector_name, person_name
from .choices import ActionStatus
from .models import CorrectiveAction, Finding, Photo
from .services.actions import PERMISSION, TRANSITIONS

UNVERIFIED = [*ActionStatus.active(), ActionStatus.DONE]


def finding_log(*, user: Any) -> QuerySet[Finding]:
    """Findings the user sees, each with the corrective actions the user sees (two queries per page)."""
    actions = CorrectiveAction.objects.visible_to(user).select_related("hall", "owner", "owner_staff").order_by("pk")
    return (
        Finding.objects.visible_to(user)
        .select_related("hall", "touchpoint", "item", "inspection")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("-found_at", "pk")
    )


def describe(findings: list[Finding]) -> list[Finding]:
    """Attach `detail`: what was found beyond the item's own text (the answer and the inspector's comment)."""
    for finding in findings:
        if finding.item is None:  # from a complaint: the description is all there is
            finding.detail = finding.description
            continue
        prefix = f"{finding.item.text}: "
        text = finding.description
        finding.detail = text[len(prefix) :] if text.startswith(prefix) else text
    return findings


def action_worklist(*, user: Any) -> QuerySet[CorrectiveAction]:
    return selectors.action_list(user=user).select_related("owner_staff__user", "finding__inspection")


def action_get(*, user: Any, pk: int) -> CorrectiveAction | None:
    """One action with what its page shows (finding, answer, photos, people), or None outside the scope."""
    return (
        action_worklist(user=user)
        .select_related(
            "finding__answer", "finding__photo", "finding__inspection__inspector", "evidence_photo", "done_by"
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class DefaultView:
    """What the action list shows before anyone touches the filters: the user's own work."""

    data: dict[str, Any]
    ordering: str
    description: str


def default_view(user: Any) -> DefaultView:
    """Staff see their own open actions; an inspector (who runs no hall) sees the halls they inspect with the
    fixes awaiting their verification first; managers, HQ and administrators see what is still to be done in
    their halls or regions, the most overdue first (HQ: escalated first)."""
    scope = get_scope(user)
    active = list(ActionStatus.active())
    if scope.is_admin or scope.has_role(Role.HQ):
        return DefaultView({"status": active}, "-escalation_level", _("Open actions in your regions, escalated first."))
    if scope.has_role(Role.MANAGER):
        return DefaultView({"status": active}, "due_date", _("Open actions of your halls, the most overdue first."))
    if scope.has_role(Role.INSPECTOR):
        return DefaultView(
            {"status": UNVERIFIED},
            "awaiting_first",
            _("Actions in the halls you inspect: fixes awaiting your verification first."),
        )
    return DefaultView({"status": active, "owner": "me"}, "due_date", _("Your own open actions."))


def due_in_words(action: CorrectiveAction, today: dt.date) -> tuple[str, bool]:
    """("due tomorrow", False), ("3 days overdue", True)...; empty words once the hall has done its part."""
    if action.status not in ActionStatus.active():
        return "", False
    days = (action.due_date - today).days
    if days < 0:
        late = -days
        return ngettext("%(count)s day overdue", "%(count)s days overdue", late) % {"count": late}, True
    if days == 0:
        return _("due today"), False
    if days == 1:
        return _("due tomorrow"), False
    return ngettext("due in %(count)s day", "due in %(count)s days", days) % {"count": days}, False


def hall_today(hall: Any, cache: dict[str, dt.date]) -> dt.date:
    """The hall's local date (computed once per time zone)."""
    if hall.time_zone not in cache:
        cache[hall.time_zone] = hall.local_now().date()
    return cache[hall.time_zone]


def mark_due(actions: list[CorrectiveAction]) -> list[CorrectiveAction]:
    """Attach `due_words`, `is_late` (by the hall's own date) and `owner_label` to each action for the
    templates."""
    todays: dict[str, dt.date] = {}
    for action in actions:
        action.due_words, action.is_late = due_in_words(action, hall_today(action.hall, todays))
        action.owner_label = owner_name(action)
    return actions


def owner_name(action: CorrectiveAction) -> str:
    if action.owner_staff is not None:
        return action.owner_staff.name
    if action.owner is not None:
        return action.owner.get_full_name() or action.owner.username
    return ""


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    who: str
    status: str
    what: str


def _person(user: Any) -> str:
    """A timeline's actor; no user means the system (the escalation job)."""
    return person_name(user) if user is not None else _("HallOps")


def timeline(action: CorrectiveAction) -> tuple[list[TimelineEntry], bool]:
    """The action's history, oldest first: who (or "HallOps" for the escalation job), when, which status, why.
    Rows made without history (bulk loads) get one told from the action's own dates; the flag says so."""
    rows = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    if not rows:
        return _told_from_dates(action), True
    entries = []
    for row in rows:
        what = row.history_change_reason or (_("Created") if row.history_type == "+" else _("Changed"))
        who = _shopper_hidden(action, row.history_user)
        entries.append(TimelineEntry(row.history_date, who, _status_label(row.status), str(what)))
    return entries, False


def _shopper_hidden(action: CorrectiveAction, user: Any) -> str:
    """A mystery shopper stays anonymous to the hall: named by their role, never by their name."""
    inspection = action.finding.inspection
    if user is None or inspection is None:
        return _person(user)
    return inspector_name(inspection, None, person=user)


def _status_label(status: str) -> str:
    return str(ActionStatus(status).label) if status in ActionStatus.values else status


def _told_from_dates(action: CorrectiveAction) -> list[TimelineEntry]:
    finding = action.finding
    entries = [
        TimelineEntry(
            finding.found_at,
            _shopper_hidden(action, finding.inspection.inspector if finding.inspection else None),
            _status_label(ActionStatus.OPEN),
            _("Found in inspection") if finding.inspection_id else finding.source_label,
        )
    ]
    if action.started_at:
        entries.append(TimelineEntry(action.started_at, "", _status_label(ActionStatus.IN_PROGRESS), _("Started")))
    if action.escalated_at:
        escalation = str(action.get_escalation_level_display())
        entries.append(TimelineEntry(action.escalated_at, _("HallOps"), "", escalation))
    if action.done_at:
        entries.append(
            TimelineEntry(action.done_at, _person(action.done_by), _status_label(ActionStatus.DONE), _("Done"))
        )
    if action.verified_at:
        verified = _status_label(ActionStatus.VERIFIED)
        entries.append(TimelineEntry(action.verified_at, _person(action.verified_by), verified, _("Verified")))
    if action.status == ActionStatus.REOPENED:
        entries.append(TimelineEntry(action.updated_at, "", _status_label(action.status), action.reopen_reason))
    return sorted(entries, key=lambda entry: entry.when)


def steps_allowed(action: CorrectiveAction, user: Any) -> dict[str, bool]:
    """Which of start / done / verify / reopen this user may take now (role and the action's state)."""
    allowed = {}
    for step, (states, _target) in TRANSITIONS.items():
        allowed[step] = action.status in states and user.has_perm(PERMISSION[step], action)
    if allowed["verify"] and action.done_by_id is not None and action.done_by_id == user.pk:
        allowed["verify"] = False  # the person who did the fix does not verify it
    return allowed


def visible_photo_ids(user: Any, photos: list[Photo | None]) -> set[int]:
    """Which of these photos the user may open through the private photo URL (one query)."""
    ids = {photo.pk for photo in photos if photo is not None}
    if not ids or not user.has_perm("inspections.view_photo"):
        return set()
    return set(Photo.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
