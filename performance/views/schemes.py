"""Incentive scheme pages: the versions per region and hall kind, one version, a new scheme or version (HQ of
the region, administrators) and editing a version no run has used yet. Managers read their halls' schemes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.form_errors import apply_form_errors
from core.views import require_perm

from .. import incentive_selectors as selectors
from ..forms_incentives import SCHEME_FIELDS, SchemeForm, SchemeKpiFormSet
from ..incentive_models import SCHEME_TERMS
from ..models import IncentiveScheme, SchemeKpi


class SchemeListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.view_incentivescheme")
        schemes = list(selectors.scheme_list(user=request.user))
        month = timezone.localdate().replace(day=1)
        context = {
            "schemes": schemes,
            "in_force": selectors.schemes_in_force(schemes, month),
            "can_add": selectors.regions_managed(user=request.user).exists(),
        }
        return render(request, "performance/scheme_list.html", context)


class SchemeDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        require_perm(request.user, "performance.view_incentivescheme")
        scheme = selectors.scheme_get(user=request.user, pk=pk)
        can_change = request.user.has_perm("performance.change_incentivescheme", scheme)
        context = {
            "scheme": scheme,
            "kpis": selectors.scheme_kpis(scheme),
            "can_change": can_change,
            "fields": [(scheme._meta.get_field(name), getattr(scheme, name)) for name in SCHEME_TERMS],
        }
        return render(request, "performance/scheme_detail.html", context)


def _next_version(region_id: int, kind: str) -> int:
    top = IncentiveScheme.objects.filter(region_id=region_id, hall_kind=kind).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


@transaction.atomic
def _save(form: SchemeForm, kpis: Any, *, by: Any, new: bool) -> IncentiveScheme:
    """Save the scheme and its KPI weights together (nothing half-written). A new row takes the next version
    of its region and kind; an existing one must still be unused (checked again under the lock)."""
    scheme = form.save(commit=False)
    if new:
        # Lock the region's versions of this kind so two saves do not take the same number.
        list(IncentiveScheme.objects.select_for_update().filter(region=scheme.region, hall_kind=scheme.hall_kind))
        scheme.version = _next_version(scheme.region_id, scheme.hall_kind)
        scheme.created_by = by
    elif scheme.pools.exists():
        raise ValidationError(_("A run has used this version: it cannot change any more. Make a new version."))
    scheme.full_clean()
    scheme.save()
    kpis.instance = scheme
    kpis.save()
    return scheme


class UsedScheme(Exception):
    def __init__(self, scheme: IncentiveScheme) -> None:
        self.scheme = scheme


class SchemeFormView(LoginRequiredMixin, View):
    """GET/POST /schemes/new/ (optionally ?from=<id>: a new version copying that one) and /schemes/<id>/edit/."""

    def _setup(
        self, request: HttpRequest, pk: int | None
    ) -> tuple[Any, IncentiveScheme | None, IncentiveScheme | None]:
        require_perm(request.user, "performance.view_incentivescheme")
        regions = selectors.regions_managed(user=request.user)
        if pk is not None:
            scheme = selectors.scheme_get(user=request.user, pk=pk)
            require_perm(request.user, "performance.change_incentivescheme", scheme)
            if scheme.is_used:
                raise UsedScheme(scheme)
            return regions, scheme, None
        if not regions.exists():
            raise PermissionDenied
        source = None
        raw = request.GET.get("from", "")
        if raw.isdigit():
            source = selectors.scheme_get(user=request.user, pk=int(raw))
            require_perm(request.user, "performance.change_incentivescheme", source)
        return regions, None, source

    def _render(self, request, form, kpis, scheme, source, status=200):
        context = {
            "form": form,
            "kpis": kpis,
            "scheme": scheme,
            "source": source,
            "has_errors": bool(form.errors or kpis.total_error_count()),
        }
        return render(request, "performance/scheme_form.html", context, status=status)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)
        except UsedScheme as used:
            # 403 with the way forward: a new version that copies this one.
            messages.error(request, _("A run has used this version: it cannot change any more. Make a new version."))
            return render(request, "performance/scheme_used.html", {"scheme": used.scheme}, status=403)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        regions, scheme, source = self._setup(request, pk)
        if scheme is not None:
            form = SchemeForm(instance=scheme, regions=regions, fixed=True)
            kpis = SchemeKpiFormSet(instance=scheme, prefix="kpis")
            return self._render(request, form, kpis, scheme, None)
        initial: dict[str, Any] = {"effective_from": timezone.localdate().replace(day=1)}
        if source is not None:
            initial.update({name: getattr(source, name) for name in SCHEME_FIELDS})
            initial["region"] = source.region
            initial["effective_from"] = max(initial["effective_from"], _month_after(source.effective_from))
            initial["note"] = ""
        elif request.GET.get("region", "").isdigit():
            initial["region"] = regions.filter(pk=request.GET["region"]).first()
        form = SchemeForm(initial=initial, regions=regions)
        rows = [{"kpi": item.kpi_id, "weight": item.weight} for item in selectors.scheme_kpis(source)] if source else []
        kpis = _blank_formset(rows)
        return self._render(request, form, kpis, None, source)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        regions, scheme, source = self._setup(request, pk)
        form = SchemeForm(request.POST, instance=scheme, regions=regions, fixed=scheme is not None)
        kpis = SchemeKpiFormSet(request.POST, instance=scheme or IncentiveScheme(), prefix="kpis")
        if form.is_valid() and kpis.is_valid():
            require_perm(request.user, "performance.add_incentivescheme", form.cleaned_data["region"])
            try:
                saved = _save(form, kpis, by=request.user, new=scheme is None)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Scheme %(name)s version %(version)s saved.") % {"name": saved.name, "version": saved.version},
                )
                return redirect("performance:scheme_detail", pk=saved.pk)
        return self._render(request, form, kpis, scheme, source, status=400)


def _month_after(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _blank_formset(rows: list[dict[str, Any]]) -> Any:
    """An unbound formset for a new scheme, prefilled with `rows` (the KPI weights of the version copied)."""
    formset_class = type(
        "PrefilledSchemeKpiFormSet", (SchemeKpiFormSet,), {"extra": max(len(rows) + 2, SchemeKpiFormSet.extra)}
    )
    return formset_class(instance=IncentiveScheme(), prefix="kpis", initial=rows, queryset=SchemeKpi.objects.none())


urlpatterns = [
    path("performance/incentive-schemes/", SchemeListView.as_view(), name="scheme_list"),
    path("performance/incentive-schemes/new/", SchemeFormView.as_view(), name="scheme_create"),
    path("performance/incentive-schemes/<int:pk>/", SchemeDetailView.as_view(), name="scheme_detail"),
    path("performance/incentive-schemes/<int:pk>/edit/", SchemeFormView.as_view(), name="scheme_edit"),
]
