"""Corrective actions through their states (open → in progress → done → verified, or reopened), and the
escalation of overdue ones: first to the hall manager, then to HQ, in few merged notifications.

    open ──start──▶ in_progress ──done (evidence)──▶ done ──verify──▶ verified
      │                                   ▲            │                │
      └────────────done (evidence)────────┘            └────reopen──────┴──▶ reopened ──start / done──▶ ...

Who may do what is in inspections/rules.py: the hall (manager, HQ, the owner) starts and completes; an
inspector of the hall or HQ verifies and reopens, never the people who did the fix.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.notifications import notify
from core.roles import Role

from ..choices import DAYS_TO_FIX, ActionStatus, Escalation, InspectionKind, InspectionStatus, Severity
from ..models import CorrectiveAction
from .photos import photo_store

# Days past the due date after which an overdue action goes to HQ (level 2, urgent).
ESCALATE_TO_HQ_AFTER_DAYS = 3

TRANSITIONS = {
    "start": ((ActionStatus.OPEN, ActionStatus.REOPENED), ActionStatus.IN_PROGRESS),
    "done": ((ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.REOPENED), ActionStatus.DONE),
    "verify": ((ActionStatus.DONE,), ActionStatus.VERIFIED),
    "reopen": ((ActionStatus.DONE, ActionStatus.VERIFIED), ActionStatus.REOPENED),
}
PERMISSION = {
    "start": "inspections.work_correctiveaction",
    "done": "inspections.work_correctiveaction",
    "verify": "inspections.verify_correctiveaction",
    "reopen": "inspections.verify_correctiveaction",
}


def _lock(action: CorrectiveAction, step: str, by: Any) -> CorrectiveAction:
    if not by.has_perm(PERMISSION[step], action):
        raise PermissionDenied(
            _("Verifying and reopening is for an inspector of the hall or HQ.")
            if step in ("verify", "reopen")
            else _("Only the hall's manager, HQ or the action's owner may work on it.")
        )
    current = CorrectiveAction.objects.select_for_update().select_related("finding", "hall").get(pk=action.pk)
    allowed, _target = TRANSITIONS[step]
    if current.status not in allowed:
        raise ValidationError(
            {
                "status": _("A corrective action that is “%(status)s” cannot be %(step)s.")
                % {"status": current.get_status_display(), "step": _step_word(step)}
            }
        )
    return current


def _step_word(step: str) -> str:
    return {"start": _("started"), "done": _("marked done"), "verify": _("verified"), "reopen": _("reopened")}[step]


def _save(action: CorrectiveAction, by: Any, reason: str) -> CorrectiveAction:
    action._history_user = by
    action._change_reason = reason
    action.save()
    return action


@transaction.atomic
def action_start(*, action: CorrectiveAction, by: Any) -> CorrectiveAction:
    action = _lock(action, "start", by)
    action.status = ActionStatus.IN_PROGRESS
    action.started_at = timezone.now()
    return _save(action, by, _("Started"))


@transaction.atomic
def action_done(
    *, action: CorrectiveAction, by: Any, evidence_text: str, evidence_photo: Any = None
) -> CorrectiveAction:
    """Mark done with evidence: what was done (required) and optionally a photo of the result."""
    action = _lock(action, "done", by)
    if not (evidence_text or "").strip():
        raise ValidationError({"evidence_text": _("Say what was done to fix it: the inspector checks against this.")})
    if evidence_photo is not None and action.finding.inspection_id is None:
        raise ValidationError(
            {"evidence_photo": _("A complaint's corrective action takes its evidence in words; describe the fix.")}
        )
    if evidence_photo is not None:
        photo, _created = photo_store(
            inspection=action.finding.inspection, by=by, upload=evidence_photo, caption=_("Evidence of the fix")
        )
        action.evidence_photo = photo
    now = timezone.now()
    action.status = ActionStatus.DONE
    action.evidence_text = evidence_text.strip()
    action.started_at = action.started_at or now
    action.done_at, action.done_by = now, by
    return _save(action, by, _("Done"))


@transaction.atomic
def action_verify(*, action: CorrectiveAction, by: Any) -> CorrectiveAction:
    """The inspector checked on a later visit that the fix held."""
    action = _lock(action, "verify", by)
    if action.done_by_id is not None and action.done_by_id == by.pk:
        raise PermissionDenied(_("Someone other than the person who did the fix must verify it."))
    action.status = ActionStatus.VERIFIED
    action.verified_at, action.verified_by = timezone.now(), by
    return _save(action, by, _("Verified"))


@transaction.atomic
def action_reopen(*, action: CorrectiveAction, by: Any, reason: str) -> CorrectiveAction:
    """The fix did not hold: back to the hall with a reason and a new due date from the severity."""
    action = _lock(action, "reopen", by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why it is reopened: what is still wrong.")})
    today = timezone.now().astimezone(action.hall.tzinfo).date()
    action.status = ActionStatus.REOPENED
    action.reopen_reason = reason.strip()
    action.reopened_count += 1
    action.verified_at = action.verified_by = None
    action.due_date = today + dt.timedelta(days=DAYS_TO_FIX[Severity(action.finding.severity)])
    action.escalation_level, action.escalated_at = Escalation.NONE, None
    return _save(action, by, _("Reopened: %(reason)s") % {"reason": reason.strip()})


def _users_with(role: str, **where: Any) -> dict[int, list[Any]]:
    """Active users holding `role`, by the hall (halls=...) or region (regions=...) ids given."""
    ((field, ids),) = where.items()
    rows = (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role=role, **{f"role_assignments__{field}__in": ids})
        .values_list(f"role_assignments__{field}", "pk")
    )
    users = get_user_model().objects.in_bulk({pk for _, pk in rows})
    found: dict[int, list[Any]] = defaultdict(list)
    for place, pk in rows:
        found[place].append(users[pk])
    return found


@transaction.atomic
def escalate_overdue(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Escalate overdue corrective actions and tell people, merged per hall (managers) and per region (HQ).

    An action still open, in progress or reopened after its due date (the hall's local date) goes to level 1
    and its hall's managers (and its owner) are told, in their working hours. Three days later it goes to
    level 2 and HQ of the region is told, urgently. Unpublished mystery shops wait for publication. Returns
    how many actions reached each level.
    """
    now = now or timezone.now()
    candidates = list(
        CorrectiveAction.objects.filter(
            status__in=ActionStatus.active(),
            escalation_level__lt=Escalation.HQ,
            due_date__lt=(now + dt.timedelta(days=1)).date(),
        )
        .exclude(
            Q(finding__inspection__kind=InspectionKind.MYSTERY_SHOP)
            & ~Q(finding__inspection__status=InspectionStatus.PUBLISHED)
        )
        .select_related("hall__region", "owner", "owner_staff__user")
    )
    to_manager: dict[int, list[CorrectiveAction]] = defaultdict(list)
    to_hq: dict[int, list[CorrectiveAction]] = defaultdict(list)
    for action in candidates:
        today = now.astimezone(action.hall.tzinfo).date()
        late = (today - action.due_date).days
        if late > ESCALATE_TO_HQ_AFTER_DAYS:
            level = Escalation.HQ
        elif late > 0:
            level = Escalation.HALL_MANAGER
        else:
            continue
        if level <= action.escalation_level:
            continue
        if action.escalation_level < Escalation.HALL_MANAGER:
            to_manager[action.hall_id].append(action)
        if level == Escalation.HQ:
            to_hq[action.hall.region_id].append(action)
        action.escalation_level, action.escalated_at = level, now
        _save(action, None, str(Escalation(level).label))
    _tell_managers(to_manager)
    _tell_hq(to_hq)
    return {
        "hall_manager": sum(len(actions) for actions in to_manager.values()),
        "hq": sum(len(actions) for actions in to_hq.values()),
    }


def _tell_managers(by_hall: dict[int, list[CorrectiveAction]]) -> None:
    managers = _users_with(Role.MANAGER, halls=list(by_hall))
    for hall_id, actions in by_hall.items():
        hall = actions[0].hall
        owners = [action.owner for action in actions if action.owner is not None]
        owners += [action.owner_staff.user for action in actions if action.owner_staff and action.owner_staff.user]
        notify(
            users=[*managers.get(hall_id, []), *owners],
            topic=f"inspections:overdue-actions:hall:{hall_id}",
            title=ngettext(
                "%(count)s corrective action is overdue in %(hall)s",
                "%(count)s corrective actions are overdue in %(hall)s",
                len(actions),
            )
            % {"count": len(actions), "hall": hall.name},
            body="\n".join(f"• {action.description} ({action.due_date:%Y-%m-%d})" for action in actions[:10]),
            url=_actions_url(hall_id),
            time_zone=hall.time_zone,
        )


def _tell_hq(by_region: dict[int, list[CorrectiveAction]]) -> None:
    hq = _users_with(Role.HQ, regions=list(by_region))
    for region_id, actions in by_region.items():
        halls = sorted({action.hall.code for action in actions})
        notify(
            users=hq.get(region_id, []),
            topic=f"inspections:escalated-actions:region:{region_id}",
            title=ngettext(
                "%(count)s corrective action is more than %(days)s days overdue (%(halls)s)",
                "%(count)s corrective actions are more than %(days)s days overdue (%(halls)s)",
                len(actions),
            )
            % {"count": len(actions), "days": ESCALATE_TO_HQ_AFTER_DAYS, "halls": ", ".join(halls)},
            body="\n".join(
                f"• {action.hall.code}: {action.description} ({action.due_date:%Y-%m-%d})" for action in actions[:20]
            ),
            url=_actions_url(None),
            urgent=True,
            time_zone=actions[0].hall.region.time_zone,
        )


def _actions_url(hall_id: int | None) -> str:
    url = "/api/v1/corrective-actions/?overdue=true"
    return url if hall_id is None else f"{url}&hall={hall_id}"
