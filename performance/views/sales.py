"""Monthly sales figures: HQ imports them from CSV (all rows or none, each problem listed by row and
column), everyone who runs a hall lists their halls' figures, filtered, paginated and exported as CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from core.exports import Table, csv_response
from core.pagination import paginate
from core.views import require_perm

from .. import selectors
from ..filters import SalesFigureFilter
from ..forms import SalesImportForm
from ..sales import SALES_COLUMNS, SalesImportError, sales_import_csv, template_csv

VIEW_PERM = "performance.view_salesfigure"
IMPORT_PERM = "performance.import_salesfigure"


def import_result_message(created: int, updated: int) -> str:
    return _("Sales figures imported: %(created)s created, %(updated)s updated.") % {
        "created": created,
        "updated": updated,
    }


class SalesListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, VIEW_PERM)
        filterset = SalesFigureFilter(
            request.GET, queryset=selectors.sales_figure_list(user=request.user), request=request
        )
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        context = {
            "filter": filterset,
            "page_obj": paginate(request, queryset),
            "can_import": request.user.has_perm(IMPORT_PERM),
        }
        return render(request, "performance/sales_list.html", context, status=200 if filterset.is_valid() else 400)


class SalesExportView(LoginRequiredMixin, View):
    """The list as CSV (UTF-8 with BOM), with the list's filters; columns as the import expects them, so an
    export can be corrected and imported again."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, VIEW_PERM)
        filterset = SalesFigureFilter(
            request.GET, queryset=selectors.sales_figure_list(user=request.user), request=request
        )
        if not filterset.is_valid():
            return HttpResponse(_("Give the month as YYYY-MM."), status=400, content_type="text/plain; charset=utf-8")

        def rows():
            for figure in filterset.qs.iterator(chunk_size=2000):
                yield [
                    figure.hall.code,
                    f"{figure.month:%Y-%m}",
                    figure.new_lines,
                    figure.new_lines_target,
                    figure.broadband,
                    figure.broadband_target,
                    figure.devices,
                    figure.devices_target,
                    figure.hall.region.code,
                    figure.hall.name,
                ]

        headers = [*SALES_COLUMNS, "region", "hall_name"]
        return csv_response(Table(title=_("Sales figures"), headers=headers, rows=rows, stem="sales-figures"))


class SalesImportView(LoginRequiredMixin, View):
    """Upload the monthly sales CSV: every row is imported, or none and each problem is listed."""

    def _render(self, request: HttpRequest, form: SalesImportForm, errors=None, status: int = 200) -> HttpResponse:
        context = {"form": form, "errors": errors or [], "columns": SALES_COLUMNS}
        return render(request, "performance/sales_import.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, IMPORT_PERM)
        return self._render(request, SalesImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, IMPORT_PERM)
        form = SalesImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            result = sales_import_csv(user=request.user, data=form.cleaned_data["file"])
        except SalesImportError as error:
            return self._render(request, form, errors=error.errors, status=400)
        messages.success(request, import_result_message(result.created, result.updated))
        return redirect(reverse("performance:sales_list"))


class SalesTemplateView(LoginRequiredMixin, View):
    """The CSV template: the header row the import expects and one example row."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, IMPORT_PERM)
        response = HttpResponse("\ufeff" + template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="sales-import-template.csv"'
        return response


urlpatterns = [
    path("performance/sales/", SalesListView.as_view(), name="sales_list"),
    path("performance/sales.csv", SalesExportView.as_view(), name="sales_export"),
    path("performance/sales/import/", SalesImportView.as_view(), name="sales_import"),
    path("performance/sales/import/template.csv", SalesTemplateView.as_view(), name="sales_import_template"),
]
