"""Score bands for inspection pages, exports' pages and the PDF: one rule, so a score has the same colour
everywhere (docs/inspections.md)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()

# At or above GOOD: good (green); at or above FAIR: fair (amber); below: poor (red).
GOOD = Decimal("90")
FAIR = Decimal("75")


def band(score: Any) -> str:
    """ "good", "fair", "poor", or "none" for a missing score (stored scores are decimals or their strings)."""
    if score in (None, ""):
        return "none"
    try:
        value = Decimal(str(score))
    except InvalidOperation:
        return "none"
    if value >= GOOD:
        return "good"
    if value >= FAIR:
        return "fair"
    return "poor"


@register.filter
def score_band(score: Any) -> str:
    return band(score)


BADGE = {"good": "text-bg-success", "fair": "text-bg-warning", "poor": "text-bg-danger", "none": "text-bg-light border"}


@register.filter
def score_badge(score: Any) -> str:
    """The Bootstrap badge classes of a score's band."""
    return BADGE[band(score)]
