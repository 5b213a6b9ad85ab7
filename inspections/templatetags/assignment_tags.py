"""Template filters of the assignment pages."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_language(scenario: str) -> str:
    """A generated scenario is stored as an English line and a Chinese line: show the reader's one (a scenario
    typed by hand in one line is shown as it is)."""
    lines = [line for line in (scenario or "").splitlines() if line.strip()]
    if len(lines) < 2:
        return scenario or ""
    chinese = (get_language() or "").startswith("zh")
    return lines[1] if chinese else lines[0]
