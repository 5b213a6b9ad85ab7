"""Panels that apps further right add to a page of an app further left (a complaint's page showing its
corrective action, for one), without the page's app importing them.

An app registers a panel for a page key from its AppConfig.ready(); the page's view asks for the panels the
request should see and renders them in order. A panel is a callable `(request, obj) -> str | None` that returns
HTML (rendered from a template, so escaped) or None when it has nothing to show this user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[Any, Any], "str | None"]

_PANELS: dict[str, list[Panel]] = {}


def register(key: str, panel: Panel) -> None:
    panels = _PANELS.setdefault(key, [])
    if panel not in panels:
        panels.append(panel)


def panels_for(key: str, request: Any, obj: Any) -> list[SafeString]:
    rendered = (panel(request, obj) for panel in _PANELS.get(key, []))
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - panels render templates
