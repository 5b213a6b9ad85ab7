"""HTML views for touchpoints, standards, blueprints and halls' touchpoint maps: parse, call a selector or
a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.form_errors import apply_form_errors
from core.pagination import paginate
from core.views import require_perm
from halls.filters import HallFilter
from halls.models import Hall

from . import selectors, services
from .forms import (
    BlueprintStepForm,
    HallTouchpointFormSet,
    StandardCreateForm,
    StandardEditForm,
    TouchpointForm,
    map_initial,
)
from .models import BlueprintStep, Touchpoint

# The customer's visit in five stages, for the journey page (touchpoint orders, inclusive).
JOURNEY_STAGES = [
    ((1, 3), gettext_lazy("Outside the hall")),
    ((4, 6), gettext_lazy("Coming in")),
    ((7, 10), gettext_lazy("Choosing")),
    ((11, 14), gettext_lazy("Being served")),
    ((15, 16), gettext_lazy("Afterwards")),
]


def _touchpoint(request: HttpRequest, code: str, perm: str) -> Touchpoint:
    touchpoint = selectors.touchpoint_get(code=code)
    require_perm(request.user, perm, touchpoint)
    return touchpoint


class TouchpointListView(LoginRequiredMixin, View):
    """The 16 as the customer meets them, grouped in the stages of the visit."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "touchpoints.view_touchpoint")
        touchpoints = list(selectors.touchpoint_list())
        stages = [
            {"label": label, "touchpoints": [t for t in touchpoints if low <= t.order <= high]}
            for (low, high), label in JOURNEY_STAGES
        ]
        context = {
            "stages": stages,
            "can_view_maps": request.user.has_perm("touchpoints.view_halltouchpoint"),
        }
        return render(request, "touchpoints/touchpoint_list.html", context)


class TouchpointDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        touchpoint = _touchpoint(request, code, "touchpoints.view_touchpoint")
        can_write = request.user.has_perm("touchpoints.change_servicestandard")
        ordered = list(Touchpoint.objects.order_by("order").only("pk", "code", "order", "name_en", "name_zh"))
        index = next(i for i, t in enumerate(ordered) if t.pk == touchpoint.pk)
        context = {
            "touchpoint": touchpoint,
            "standards": selectors.standard_list(touchpoint=touchpoint, active_only=not can_write),
            "grid": selectors.blueprint_grid(touchpoint=touchpoint),
            "previous": ordered[index - 1] if index > 0 else None,
            "next": ordered[index + 1] if index + 1 < len(ordered) else None,
            "can_change": request.user.has_perm("touchpoints.change_touchpoint", touchpoint),
            "can_write_standards": can_write,
        }
        return render(request, "touchpoints/touchpoint_detail.html", context)


class TouchpointFormView(LoginRequiredMixin, View):
    """HQ edits a touchpoint's names, core need and key moments."""

    def _render(self, request: HttpRequest, touchpoint: Touchpoint, form: TouchpointForm, status: int = 200):
        return render(
            request, "touchpoints/touchpoint_form.html", {"touchpoint": touchpoint, "form": form}, status=status
        )

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        touchpoint = _touchpoint(request, code, "touchpoints.change_touchpoint")
        return self._render(request, touchpoint, TouchpointForm(instance=touchpoint))

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        touchpoint = _touchpoint(request, code, "touchpoints.change_touchpoint")
        # The form validates a copy, so that a refused edit does not show in the page's title.
        form = TouchpointForm(request.POST, instance=Touchpoint.objects.get(pk=touchpoint.pk))
        if form.is_valid():
            try:
                services.touchpoint_update(touchpoint=touchpoint, fields=form.cleaned_data)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("%(code)s saved.") % {"code": touchpoint.code})
                return redirect("touchpoints:touchpoint_detail", code=touchpoint.code)
        return self._render(request, touchpoint, form, status=400)


class StandardCreateView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, touchpoint: Touchpoint, form: StandardCreateForm, status: int = 200):
        context = {"touchpoint": touchpoint, "form": form, "standard": None}
        return render(request, "touchpoints/standard_form.html", context, status=status)

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        touchpoint = _touchpoint(request, code, "touchpoints.add_servicestandard")
        return self._render(request, touchpoint, StandardCreateForm())

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        touchpoint = _touchpoint(request, code, "touchpoints.add_servicestandard")
        form = StandardCreateForm(request.POST)
        if form.is_valid():
            try:
                standard = services.standard_create(
                    touchpoint=touchpoint, fields=form.standard_data(), version=form.version_data(), by=request.user
                )
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Standard “%(title)s” published as version 1.") % {"title": standard.title})
                return redirect("touchpoints:touchpoint_standard_detail", pk=standard.pk)
        return self._render(request, touchpoint, form, status=400)


class StandardDetailView(LoginRequiredMixin, View):
    """A standard's current wording and every earlier version, with who wrote it and when."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        standard = selectors.standard_get(pk=pk)
        require_perm(request.user, "touchpoints.view_servicestandard", standard)
        versions = list(standard.versions.all())
        context = {
            "standard": standard,
            "touchpoint": standard.touchpoint,
            "current": next((v for v in versions if v.is_current), None),
            "versions": versions,
            "can_change": request.user.has_perm("touchpoints.change_servicestandard", standard),
        }
        return render(request, "touchpoints/standard_detail.html", context)


class StandardEditView(LoginRequiredMixin, View):
    """Editing a standard's wording publishes a new version; the old one stays as it was."""

    def _standard(self, request: HttpRequest, pk: int):
        standard = selectors.standard_get(pk=pk)
        require_perm(request.user, "touchpoints.change_servicestandard", standard)
        return standard

    def _render(self, request: HttpRequest, standard: Any, form: StandardEditForm, status: int = 200):
        context = {
            "standard": standard,
            "touchpoint": standard.touchpoint,
            "form": form,
            "versions": list(standard.versions.all()),
        }
        return render(request, "touchpoints/standard_form.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        standard = self._standard(request, pk)
        return self._render(request, standard, StandardEditForm(standard=standard))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        standard = self._standard(request, pk)
        form = StandardEditForm(request.POST, standard=standard)
        if form.is_valid():
            try:
                version = services.standard_edit(
                    standard=standard,
                    fields=form.standard_data(),
                    version=form.version_data(),
                    by=request.user,
                    based_on=form.cleaned_data.get("based_on"),
                )
            except services.StandardVersionConflict as conflict:
                form.add_error(None, str(conflict))
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                if version is None:
                    messages.success(request, _("Standard saved; its wording is unchanged."))
                else:
                    messages.success(request, _("Version %(number)s published.") % {"number": version.number})
                return redirect("touchpoints:touchpoint_standard_detail", pk=standard.pk)
        # Read again: a refused save may have set the titles on the object before it rolled back.
        return self._render(request, selectors.standard_get(pk=pk), form, status=400)


class BlueprintView(LoginRequiredMixin, View):
    """The touchpoint's service blueprint as a swimlane page that prints on one landscape sheet."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        touchpoint = _touchpoint(request, code, "touchpoints.view_blueprintstep")
        context = {
            "touchpoint": touchpoint,
            "grid": selectors.blueprint_grid(touchpoint=touchpoint),
            "can_change": request.user.has_perm("touchpoints.change_blueprintstep"),
        }
        return render(request, "touchpoints/blueprint.html", context)


class BlueprintStepFormView(LoginRequiredMixin, View):
    """Add (no pk) or edit one step of a blueprint; GET ?lane=&column= pre-fills an empty cell."""

    def _objects(self, request: HttpRequest, code: str, pk: int | None, perm: str):
        touchpoint = _touchpoint(request, code, perm)
        step = get_object_or_404(BlueprintStep, pk=pk, touchpoint=touchpoint) if pk is not None else None
        return touchpoint, step

    def _render(self, request: HttpRequest, touchpoint: Touchpoint, step: Any, form: Any, status: int = 200):
        context = {"touchpoint": touchpoint, "step": step, "form": form}
        return render(request, "touchpoints/blueprint_step_form.html", context, status=status)

    def get(self, request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
        perm = "touchpoints.change_blueprintstep" if pk else "touchpoints.add_blueprintstep"
        touchpoint, step = self._objects(request, code, pk, perm)
        initial = {key: request.GET[key] for key in ("lane", "column") if key in request.GET}
        return self._render(request, touchpoint, step, BlueprintStepForm(instance=step, initial=initial))

    def post(self, request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
        perm = "touchpoints.change_blueprintstep" if pk else "touchpoints.add_blueprintstep"
        touchpoint, step = self._objects(request, code, pk, perm)
        form = BlueprintStepForm(request.POST, instance=step)
        if form.is_valid():
            try:
                services.blueprint_step_save(touchpoint=touchpoint, fields=form.cleaned_data, step=step)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Blueprint step saved."))
                return redirect("touchpoints:touchpoint_blueprint", code=touchpoint.code)
        return self._render(request, touchpoint, step, form, status=400)


class BlueprintStepDeleteView(BlueprintStepFormView):
    def get(self, request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
        touchpoint, step = self._objects(request, code, pk, "touchpoints.delete_blueprintstep")
        return render(request, "touchpoints/blueprint_step_delete.html", {"touchpoint": touchpoint, "step": step})

    def post(self, request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
        touchpoint, step = self._objects(request, code, pk, "touchpoints.delete_blueprintstep")
        services.blueprint_step_delete(step=step)
        messages.success(request, _("Blueprint step deleted."))
        return redirect("touchpoints:touchpoint_blueprint", code=touchpoint.code)


class MapListView(LoginRequiredMixin, View):
    """The halls whose touchpoint map the user may open, with how many touchpoints do not apply."""

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "touchpoints.view_halltouchpoint")
        filterset = HallFilter(request.GET, queryset=selectors.map_halls(user=request.user), request=request)
        page = paginate(request, filterset.qs)
        applicable = selectors.applicable_touchpoint_ids_by_hall(page.object_list)
        total = Touchpoint.objects.count()
        rows = [(hall, total - len(applicable[hall.pk])) for hall in page.object_list]
        return render(request, "touchpoints/map_list.html", {"filter": filterset, "page_obj": page, "rows": rows})


class HallMapView(LoginRequiredMixin, View):
    """A hall's touchpoint map: the 16 with their zone and whether they apply. Outside scope: 404."""

    def _hall(self, request: HttpRequest, pk: int, perm: str) -> Hall:
        hall = selectors.map_hall_get(user=request.user, pk=pk)
        require_perm(request.user, perm, hall)
        return hall

    def _render(
        self, request: HttpRequest, hall: Hall, rows: list, formset: Any, errors: Any = (), status: int = 200
    ) -> HttpResponse:
        can_change = request.user.has_perm("touchpoints.change_halltouchpoint", hall)
        forms_by_code = {form["touchpoint"].value(): form for form in formset.forms} if formset else {}
        context = {
            "hall": hall,
            "rows": [(row, forms_by_code.get(row.touchpoint.code)) for row in rows],
            "formset": formset,
            "errors": [*errors, *(formset.non_form_errors() if formset and formset.is_bound else [])],
            "can_change": can_change,
            "not_applicable": sum(1 for row in rows if not row.applies),
        }
        return render(request, "touchpoints/hall_map.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = self._hall(request, pk, "touchpoints.view_halltouchpoint")
        rows = services.hall_touchpoints(hall)
        formset = None
        if request.user.has_perm("touchpoints.change_halltouchpoint", hall):
            by_code = {row.touchpoint.code: row for row in rows}
            formset = HallTouchpointFormSet(initial=map_initial(rows), prefix="map", hall=hall, rows=by_code)
        return self._render(request, hall, rows, formset)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = self._hall(request, pk, "touchpoints.change_halltouchpoint")
        rows = services.hall_touchpoints(hall)
        by_code = {row.touchpoint.code: row for row in rows}
        formset = HallTouchpointFormSet(request.POST, prefix="map", hall=hall, rows=by_code)
        errors: list[str] = []
        if formset.is_valid():
            try:
                changed = services.hall_touchpoint_map_save(hall=hall, rows=formset.map_rows(), by=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    _("Touchpoint map of %(hall)s saved (%(count)s changed).") % {"hall": hall.code, "count": changed},
                )
                return redirect("touchpoints:hall_touchpoints", pk=hall.pk)
        return self._render(request, hall, rows, formset, errors=errors, status=400)
