"""Template helpers of the dashboards: a wait as minutes and seconds, a dotted lookup in the page's data, and
the link to a hall's "today" for those who may open it (the home page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def duration(seconds: Any) -> str:
    """Seconds as m:ss (h:mm:ss from an hour); an em dash when there is no value."""
    if seconds is None or seconds == "":
        return "—"
    total = round(float(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def number(value: Any) -> Any:
    """A value, or an em dash when there is none (percentages, means)."""
    return "—" if value is None or value == "" else value


@register.simple_tag(takes_context=True)
def hall_today_url(context: dict[str, Any], hall: Any) -> str:
    """The hall's "today" dashboard URL when the user may open it, else an empty string."""
    user = context["request"].user
    if user.has_perm("performance.view_hall_dashboards") and user.has_perm("performance.view_hall_today", hall):
        return reverse("performance:hall_today", args=[hall.pk])
    return ""


@register.simple_tag(takes_context=True)
def today_links(context: dict[str, Any], halls: Any) -> list[dict[str, Any]]:
    """The "today" dashboards among `halls` (halls, or (hall, anything) pairs) the user may open."""
    links = []
    for item in halls or []:
        hall = item[0] if isinstance(item, tuple | list) else item
        url = hall_today_url(context, hall)
        if url:
            links.append({"hall": hall, "url": url})
    return links
