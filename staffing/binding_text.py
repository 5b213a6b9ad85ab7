"""The solver's binding rules in the reader's language.

The solver (`roster_limits.BindingRule`) speaks English, because its sentences go to the command line and
to files; a solve summary also stores each finding as data (`kind`, `count`, `total`, `limit`, `role`), and
the web page and the API render it here with gettext, named placeholders and plural forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import WorkRole
from .roster_limits import (
    DAYS_IN_A_ROW,
    DAYS_PER_WEEK,
    PLACES,
    REST,
    SHIFT_LENGTH,
    TOO_FEW_QUALIFIED,
    UNAVAILABILITY,
    WEEKLY_HOURS,
)


def _role_label(role: str) -> str:
    try:
        return str(WorkRole(role).label)
    except ValueError:
        return role


def binding_sentence(finding: Mapping[str, Any]) -> str:
    """One finding (`BindingRule.as_dict()`) as a sentence in the active language."""
    kind = finding.get("kind")
    count, total = int(finding.get("count", 0)), int(finding.get("total", 0))
    values = {"count": count, "total": total, "limit": finding.get("limit", ""), "role": finding.get("role", "")}
    if kind == WEEKLY_HOURS:
        return (
            ngettext(
                "max %(limit)s h/week for %(count)s of %(total)s staff member",
                "max %(limit)s h/week for %(count)s of %(total)s staff",
                total,
            )
            % values
        )
    if kind == DAYS_PER_WEEK:
        return (
            ngettext(
                "max %(limit)s days/week for %(count)s of %(total)s staff member",
                "max %(limit)s days/week for %(count)s of %(total)s staff",
                total,
            )
            % values
        )
    if kind == DAYS_IN_A_ROW:
        return (
            ngettext(
                "max %(limit)s days in a row for %(count)s of %(total)s staff member",
                "max %(limit)s days in a row for %(count)s of %(total)s staff",
                total,
            )
            % values
        )
    if kind == REST:
        return (
            ngettext(
                "min %(limit)s h rest for %(count)s of %(total)s staff member",
                "min %(limit)s h rest for %(count)s of %(total)s staff",
                total,
            )
            % values
        )
    if kind == SHIFT_LENGTH:
        return (
            ngettext(
                "max %(limit)s h shifts for %(count)s of %(total)s shift",
                "max %(limit)s h shifts for %(count)s of %(total)s shifts",
                total,
            )
            % values
        )
    if kind == UNAVAILABILITY:
        return (
            ngettext(
                "unavailability of %(count)s of %(total)s staff member on days with gaps in their roles",
                "unavailability of %(count)s of %(total)s staff on days with gaps in their roles",
                total,
            )
            % values
        )
    if kind == TOO_FEW_QUALIFIED:
        values["role"] = _role_label(str(values["role"]))
        return (
            ngettext(
                "only %(count)s staff member can work %(role)s; demand reaches %(total)s",
                "only %(count)s staff can work %(role)s; demand reaches %(total)s",
                count,
            )
            % values
        )
    if kind == PLACES:
        if finding.get("role") == WorkRole.COUNTER.value:
            return (
                ngettext(
                    "all %(limit)s counters in use in %(count)s of %(total)s slot on days with gaps",
                    "all %(limit)s counters in use in %(count)s of %(total)s slots on days with gaps",
                    total,
                )
                % values
            )
        values["role"] = _role_label(str(values["role"]))
        return (
            ngettext(
                "all %(limit)s places for %(role)s in use in %(count)s of %(total)s slot on days with gaps",
                "all %(limit)s places for %(role)s in use in %(count)s of %(total)s slots on days with gaps",
                total,
            )
            % values
        )
    return _("another rule (%(kind)s)") % {"kind": kind}


def binding_sentences(summary: Mapping[str, Any] | None) -> list[str]:
    """The binding rules of a solve summary in the active language.

    Summaries written before the findings were stored as data hold only English sentences: shown as they are.
    """
    summary = summary or {}
    findings: Iterable[Mapping[str, Any]] | None = summary.get("binding")
    if findings is None:
        return [str(sentence) for sentence in summary.get("binding_rules", [])]
    return [binding_sentence(finding) for finding in findings]
