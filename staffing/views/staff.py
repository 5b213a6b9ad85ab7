"""Staff pages: the list per hall, a person's record, create and edit, availability, and the CSV import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from core.form_errors import apply_form_errors
from core.pagination import paginate
from core.views import require_perm

from .. import selectors, services
from ..choices import Position, WorkRole
from ..filters import StaffFilter
from ..forms import DatedUnavailabilityForm, StaffForm, StaffImportForm, WeeklyUnavailabilityForm
from ..models import DatedUnavailability, StaffMember, WeeklyUnavailability
from ..services.staff import CSV_COLUMNS


class StaffListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "staffing.view_staffmember")
        data = request.GET.copy()
        if "active" not in data:
            data["active"] = "yes"  # people who left stay one click away, not in the way
        filterset = StaffFilter(data, queryset=selectors.staff_list(user=request.user), request=request)
        page = paginate(request, filterset.qs)
        runnable = list(selectors.halls_run_by(user=request.user)[:2])
        hall = filterset.form.cleaned_data.get("hall") if filterset.form.is_valid() else None
        if hall is None and len(runnable) == 1:
            hall = runnable[0]
        context = {
            "filter": filterset,
            "page_obj": page,
            "hall": hall,
            "can_add": bool(runnable) and request.user.has_perm("staffing.add_staffmember"),
            "can_import": hall is not None and request.user.has_perm("staffing.import_staffmember", hall),
            "can_view_demand": hall is not None and request.user.has_perm("staffing.view_demand", hall),
            "can_view_rules": hall is not None and request.user.has_perm("staffing.view_labourrules", hall),
            "pending_leave": selectors.pending_leave_count(user=request.user, hall=hall)
            if request.user.has_perm("staffing.decide_leaverequest")
            else None,
        }
        return render(request, "staffing/staff_list.html", context)


class StaffDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = selectors.staff_get(user=request.user, pk=pk)
        require_perm(request.user, "staffing.view_staffmember", member)
        context = {
            "member": member,
            "skills": [WorkRole(role).label for role in member.roles],
            **selectors.staff_availability(member=member, since=member.hall.local_now().date()),
            "can_change": request.user.has_perm("staffing.change_staffmember", member),
            **selectors.staff_recognition(user=request.user, member=member),
        }
        return render(request, "staffing/staff_detail.html", context)


class StaffFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit a staff member with their roles; a linked user account gets the staff role."""

    def _member(self, request: HttpRequest, pk: int | None) -> StaffMember | None:
        if pk is None:
            require_perm(request.user, "staffing.add_staffmember")
            return None
        member = selectors.staff_get(user=request.user, pk=pk)
        require_perm(request.user, "staffing.change_staffmember", member)
        return member

    def _render(self, request: HttpRequest, member: StaffMember | None, form: StaffForm, status: int = 200):
        return render(request, "staffing/staff_form.html", {"form": form, "member": member}, status=status)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        member = self._member(request, pk)
        halls = selectors.halls_run_by(user=request.user)
        initial = {}
        if member is None and request.GET.get("hall", "").isdigit():
            initial["hall"] = int(request.GET["hall"])
        return self._render(request, member, StaffForm(instance=member, halls=halls, initial=initial))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        member = self._member(request, pk)
        form = StaffForm(request.POST, instance=member, halls=selectors.halls_run_by(user=request.user))
        if form.is_valid():
            require_perm(request.user, "staffing.add_staffmember", form.cleaned_data["hall"])
            try:
                if member is None:
                    member = services.staff_create(fields=form.service_fields(), roles=form.cleaned_data["roles"])
                else:
                    member = services.staff_update(
                        member=member, fields=form.service_fields(), roles=form.cleaned_data["roles"]
                    )
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("%(name)s saved.") % {"name": member.name})
                return redirect("staffing:staff_detail", pk=member.pk)
        return self._render(request, member, form, status=400)


class _UnavailabilityView(LoginRequiredMixin, View):
    """Add (GET form, POST) or delete (GET confirm, POST) one weekly or dated unavailability of a person."""

    model: type[WeeklyUnavailability] | type[DatedUnavailability]
    form_class: type
    add_service: Any
    title: str

    def _member(self, request: HttpRequest, staff_pk: int) -> StaffMember:
        member = selectors.staff_get(user=request.user, pk=staff_pk)
        require_perm(request.user, "staffing.change_staffmember", member)
        return member

    def _render(self, request, member, form, status=200):
        context = {"member": member, "form": form, "title": type(self).title}
        return render(request, "staffing/staff_unavailability_form.html", context, status=status)

    def get(self, request: HttpRequest, staff_pk: int) -> HttpResponse:
        member = self._member(request, staff_pk)
        return self._render(request, member, self.form_class())

    def post(self, request: HttpRequest, staff_pk: int) -> HttpResponse:
        member = self._member(request, staff_pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                type(self).add_service(staff=member, fields=form.cleaned_data)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("staffing:staff_detail", pk=member.pk)
        return self._render(request, member, form, status=400)


class WeeklyUnavailabilityCreateView(_UnavailabilityView):
    model = WeeklyUnavailability
    form_class = WeeklyUnavailabilityForm
    add_service = services.weekly_unavailability_add
    title = gettext_lazy("Add a weekly time this person cannot work")


class DatedUnavailabilityCreateView(_UnavailabilityView):
    model = DatedUnavailability
    form_class = DatedUnavailabilityForm
    add_service = services.dated_unavailability_add
    title = gettext_lazy("Add a date this person cannot work")


class UnavailabilityDeleteView(LoginRequiredMixin, View):
    model: type[WeeklyUnavailability] | type[DatedUnavailability]

    def _objects(self, request: HttpRequest, staff_pk: int, pk: int):
        member = selectors.staff_get(user=request.user, pk=staff_pk)
        item = get_object_or_404(self.model.objects.visible_to(request.user).filter(staff=member), pk=pk)
        require_perm(request.user, "staffing.change_staffmember", member)
        return member, item

    def get(self, request: HttpRequest, staff_pk: int, pk: int) -> HttpResponse:
        member, item = self._objects(request, staff_pk, pk)
        context = {"member": member, "item": item, "weekly": self.model is WeeklyUnavailability}
        return render(request, "staffing/staff_confirm_delete.html", context)

    def post(self, request: HttpRequest, staff_pk: int, pk: int) -> HttpResponse:
        member, item = self._objects(request, staff_pk, pk)
        services.unavailability_delete(item=item)
        messages.success(request, _("Deleted."))
        return redirect("staffing:staff_detail", pk=member.pk)


class WeeklyUnavailabilityDeleteView(UnavailabilityDeleteView):
    model = WeeklyUnavailability


class DatedUnavailabilityDeleteView(UnavailabilityDeleteView):
    model = DatedUnavailability


class StaffImportView(LoginRequiredMixin, View):
    """Upload a CSV of a hall's staff: every row is imported, or none and each error is listed."""

    def _render(self, request: HttpRequest, form: StaffImportForm, errors=None, status: int = 200):
        context = {
            "form": form,
            "errors": errors or [],
            "columns": CSV_COLUMNS,
            "positions": Position.choices,
            "roles": WorkRole.choices,
        }
        return render(request, "staffing/staff_import.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "staffing.import_staffmember")
        initial = {"hall": request.GET["hall"]} if request.GET.get("hall", "").isdigit() else {}
        return self._render(request, StaffImportForm(halls=selectors.halls_run_by(user=request.user), initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "staffing.import_staffmember")
        form = StaffImportForm(request.POST, request.FILES, halls=selectors.halls_run_by(user=request.user))
        if not form.is_valid():
            return self._render(request, form, status=400)
        hall = form.cleaned_data["hall"]
        require_perm(request.user, "staffing.import_staffmember", hall)
        try:
            saved = services.staff_import_csv(hall=hall, data=form.cleaned_data["file"])
        except services.StaffImportError as error:
            return self._render(request, form, errors=error.errors, status=400)
        messages.success(
            request,
            ngettext("%(count)d person imported into %(hall)s.", "%(count)d people imported into %(hall)s.", len(saved))
            % {"count": len(saved), "hall": hall.code},
        )
        return redirect(f"{reverse('staffing:staff_list')}?hall={hall.pk}")


class StaffImportTemplateView(LoginRequiredMixin, View):
    """The CSV template: just the header row the import expects."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "staffing.import_staffmember")
        response = HttpResponse(",".join(CSV_COLUMNS) + "\r\n", content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="staff-import-template.csv"'
        return response


urlpatterns = [
    path("staff/", StaffListView.as_view(), name="staff_list"),
    path("staff/new/", StaffFormView.as_view(), name="staff_create"),
    path("staff/import/", StaffImportView.as_view(), name="staff_import"),
    path("staff/import/template.csv", StaffImportTemplateView.as_view(), name="staff_import_template"),
    path("staff/<int:pk>/", StaffDetailView.as_view(), name="staff_detail"),
    path("staff/<int:pk>/edit/", StaffFormView.as_view(), name="staff_update"),
    path(
        "staff/<int:staff_pk>/unavailability/weekly/new/",
        WeeklyUnavailabilityCreateView.as_view(),
        name="staff_weekly_create",
    ),
    path(
        "staff/<int:staff_pk>/unavailability/weekly/<int:pk>/delete/",
        WeeklyUnavailabilityDeleteView.as_view(),
        name="staff_weekly_delete",
    ),
    path(
        "staff/<int:staff_pk>/unavailability/dated/new/",
        DatedUnavailabilityCreateView.as_view(),
        name="staff_dated_create",
    ),
    path(
        "staff/<int:staff_pk>/unavailability/dated/<int:pk>/delete/",
        DatedUnavailabilityDeleteView.as_view(),
        name="staff_dated_delete",
    ),
]
