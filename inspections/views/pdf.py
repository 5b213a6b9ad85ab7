"""The PDF of one inspection, with its photos: the same scope check as the inspection's page (404 outside the
user's scope, 403 without the permission), then WeasyPrint (inspections/pdf.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_GET

from core.views import require_perm

from .. import pdf, selectors


@login_required
@require_GET
def inspection_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_detail_list(user=request.user), pk=pk)
    require_perm(request.user, "inspections.view_inspection", inspection)
    content, _photos = pdf.render_pdf(inspection, request.user)
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{pdf.file_name(inspection)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("inspections/<int:pk>/pdf/", inspection_pdf, name="inspection_pdf"),
]
