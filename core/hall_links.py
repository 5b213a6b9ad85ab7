"""Links from a hall's page to what later apps offer for that hall (demand, staff, touchpoint map, ...).

The halls app must not import the apps to its right, so those apps register their links here from their
AppConfig.ready(); the hall page asks for the links the user may follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class HallLink:
    label: Any  # a lazy translation
    url_name: str
    perm: str
    icon: str = "bi-box-arrow-up-right"
    # Either the URL takes the hall's pk, or it is a list filtered with a query such as "?hall={pk}".
    query: str = ""


_LINKS: list[HallLink] = []


def register(link: HallLink) -> None:
    if link not in _LINKS:
        _LINKS.append(link)


def links_for(user: Any, hall: Any) -> list[dict[str, str]]:
    return [
        {
            "label": str(link.label),
            "url": reverse(link.url_name) + link.query.format(pk=hall.pk)
            if link.query
            else reverse(link.url_name, args=[hall.pk]),
            "icon": link.icon,
        }
        for link in _LINKS
        if user.has_perm(link.perm, hall)
    ]
