"""Template helpers of the star ladder: evidence rows in words, proposal badges."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from ..choices import Criterion, ProposalChange, ProposalStatus

register = template.Library()

STATUS_CLASS = {
    ProposalStatus.PROPOSED: "text-bg-info",
    ProposalStatus.RECOMMENDED: "text-bg-primary",
    ProposalStatus.HELD: "text-bg-warning",
    ProposalStatus.APPROVED: "text-bg-success",
    ProposalStatus.REJECTED: "text-bg-secondary",
    ProposalStatus.NO_CHANGE: "text-bg-light border",
}
CHANGE_ICON = {ProposalChange.PROMOTE: "bi-arrow-up-circle", ProposalChange.DEMOTE: "bi-arrow-down-circle"}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "text-bg-light")


@register.filter
def change_icon(change: str) -> str:
    return CHANGE_ICON.get(change, "bi-dash-circle")


def _period(source: dict[str, Any]) -> str:
    if "from" in source and "to" in source:
        return _("%(from)s to %(to)s") % {"from": source["from"], "to": source["to"]}
    return ""


def _value(criterion: str, value: Any) -> str:
    if value is None:
        return _("no data")
    if criterion == Criterion.SATISFACTION:
        return f"{value} %"
    if criterion == Criterion.MENTOR_SIGN_OFF:
        return _("signed off") if value else _("not yet")
    if criterion == Criterion.TRAINING:
        return _("passed on %(date)s") % {"date": value}
    return str(value)


def _threshold(criterion: str, threshold: Any) -> str:
    if criterion == Criterion.MONTHS:
        return f"≥ {threshold}"
    if criterion == Criterion.MYSTERY_SHOP:
        return f"≥ {threshold}"
    if criterion == Criterion.SATISFACTION:
        return f"≥ {threshold} %"
    if criterion == Criterion.COMPLAINTS:
        return f"≤ {threshold}"
    if criterion == Criterion.TRAINING:
        return str(threshold)
    if criterion == Criterion.MENTOR_SIGN_OFF:
        return _("required")
    return ""


def _source(criterion: str, source: dict[str, Any]) -> str:
    period = _period(source)
    if criterion == Criterion.MONTHS:
        return _("At this grade since %(since)s, counted to %(to)s.") % source
    if criterion == Criterion.MYSTERY_SHOP:
        count = len(source.get("inspections", []))
        ids = ", ".join(f"#{pk}" for pk in source.get("inspections", []))
        return _("Mean of %(count)s published mystery shops where observed, %(period)s%(ids)s.") % {
            "count": count,
            "period": period,
            "ids": f" ({ids})" if ids else "",
        }
    if criterion == Criterion.SATISFACTION:
        return _(
            "%(satisfied)s satisfied of %(presses)s attributed device presses, %(period)s (at least 20 count)."
        ) % {
            "satisfied": source.get("satisfied", 0),
            "presses": source.get("presses", 0),
            "period": period,
        }
    if criterion == Criterion.COMPLAINTS:
        ids = ", ".join(f"C{pk:06d}" for pk in source.get("complaints", []))
        return _("Complaints attributed to the person and not found groundless, %(period)s%(ids)s.") % {
            "period": period,
            "ids": f": {ids}" if ids else "",
        }
    if criterion == Criterion.TRAINING:
        return _("Training records.")
    if criterion == Criterion.MENTOR_SIGN_OFF:
        return _("A mentoring pair during the current grade with the mentor's sign-off.")
    return ""


@register.simple_tag
def evidence_row(row: dict[str, Any]) -> dict[str, Any]:
    """One evidence row in words: label, value, threshold, met, where the numbers come from."""
    criterion = row.get("criterion", "")
    source = row.get("source") or {}
    if criterion == Criterion.FLOOR:
        value = row.get("value") or {}
        threshold = row.get("threshold") or {}
        parts = []
        for key, label, unit in (
            ("mystery_shop", _("mystery shop"), ""),
            ("satisfaction", _("satisfaction"), " %"),
            ("complaints", _("complaints"), ""),
        ):
            if threshold.get(key) is not None:
                shown = value.get(key)
                parts.append(f"{label} {shown if shown is not None else '—'}{unit if shown is not None else ''}")
        below = [str(Criterion(key).label) for key in source.get("below", [])]
        return {
            "label": _("Floor of the current grade, %(quarter)s") % {"quarter": source.get("quarter", "")},
            "value": "\n".join(parts) or _("no data"),
            "threshold": "\n".join(
                f"{k} {'≤' if k == 'complaints' else '≥'} {v}"
                for k, v in (
                    (_("mystery shop"), threshold.get("mystery_shop")),
                    (_("satisfaction"), threshold.get("satisfaction")),
                    (_("complaints"), threshold.get("complaints")),
                )
                if v is not None
            ),
            "met": row.get("met"),
            "source": (_("Below: %(what)s.") % {"what": ", ".join(below)}) if below else _("At or above the floor."),
        }
    label = Criterion(criterion).label if criterion in Criterion.values else criterion
    return {
        "label": label,
        "value": _value(criterion, row.get("value")),
        "threshold": _threshold(criterion, row.get("threshold")),
        "met": row.get("met"),
        "source": _source(criterion, source),
    }
