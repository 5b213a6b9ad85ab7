"""Server-side pagination for HTML lists."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = DEFAULT_PAGE_SIZE) -> Page:
    """The requested page; a page number past the end or not a number shows the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
