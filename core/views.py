"""Views of the shared kernel: home page, health check, error pages; and the mixins other apps' views use."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


class ScopedObjectMixin(LoginRequiredMixin):
    """Fetch the view's object through `visible_to` (404 outside scope), then check the permission (403)."""

    model: type[Model]
    permission_required: str | None = None

    def get_scoped_queryset(self) -> QuerySet:
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        obj = get_object_or_404(queryset if queryset is not None else self.get_scoped_queryset(), pk=self.kwargs["pk"])
        require_perm(self.request.user, self.permission_required, obj)
        return obj


def require_perm(user: Any, perm: str | None, obj: Any = None) -> None:
    if perm and not user.has_perm(perm, obj):
        raise PermissionDenied


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No request context: the page must render even when the database is what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
