"""`{{ inspection|inspector_for:request.user }}`: the author's name, or "Mystery shopper" for the hall."""

from __future__ import annotations

from typing import Any

from django import template

from ..anonymity import inspector_name

register = template.Library()


@register.filter
def inspector_for(inspection: Any, viewer: Any) -> str:
    return inspector_name(inspection, viewer)
