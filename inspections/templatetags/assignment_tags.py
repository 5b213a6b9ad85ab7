"""Template filters of the assignment pages."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..choices import InspectionKind

register = template.Library()

# Short names of the kinds for cards, table headers and columns (the full names wrap at tablet width).
SHORT_KIND = {
    InspectionKind.OPENING: _("Opening check"),
    InspectionKind.CLOSING: _("Closing check"),
    InspectionKind.FIVE_S: _("5S check"),
    InspectionKind.PATROL: _("Patrol"),
    InspectionKind.MYSTERY_SHOP: _("Mystery shop"),
}


@register.filter
def short_kind(kind: str) -> str:
    return str(SHORT_KIND.get(kind, kind))


@register.filter
def in_language(scenario: str) -> str:
    """A generated scenario is stored as an English line and a Chinese line: show the reader's one (a scenario
    typed by hand in one line is shown as it is)."""
    lines = [line for line in (scenario or "").splitlines() if line.strip()]
    if len(lines) < 2:
        return scenario or ""
    chinese = (get_language() or "").startswith("zh")
    return lines[1] if chinese else lines[0]
