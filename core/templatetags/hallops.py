"""Small template helpers used by every list page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sort links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "ordering" in changes:
        params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_link(context, field: str) -> str:
    """Link that sorts by `field`, toggling to descending when it is already the sort."""
    current = context["request"].GET.get("ordering", "")
    target = f"-{field}" if current == field else field
    return query_with(context, ordering=target)


@register.simple_tag(takes_context=True)
def sort_mark(context, field: str) -> str:
    current = context["request"].GET.get("ordering", "")
    if current == field:
        return "▲"
    if current == f"-{field}":
        return "▼"
    return ""


@register.simple_tag(takes_context=True)
def hall_links(context, hall) -> list[dict[str, str]]:
    """What other apps offer for this hall that the user may open (see core/hall_links.py)."""
    from core.hall_links import links_for

    return links_for(context["request"].user, hall)


@register.filter
def minutes(value) -> int:
    """Whole minutes in a timedelta (rounded up), e.g. for the lock-out message."""
    if value is None:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)
