"""Labour rules: HQ sets a region's rules; a hall manager (or HQ) sets the hall's overrides and sees the
rules in force."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from core.form_errors import apply_form_errors
from core.views import require_perm
from halls.models import Hall, Region

from .. import selectors, services
from ..forms import HallLabourRulesForm, RegionLabourRulesForm
from ..models import HallLabourRules, LabourRulesBase, RegionLabourRules


def _rule_rows(hall: Hall, form: HallLabourRulesForm | None = None) -> list[dict]:
    """Each rule with the value in force and where it comes from, for the "rules in force" table."""
    rules = services.effective_rules(hall)
    sources = selectors.labour_rules_sources(hall=hall)
    return [
        {
            "label": HallLabourRules._meta.get_field(name).verbose_name,
            "value": getattr(rules, name),
            "source": sources[name],
            "field": form[name] if form is not None else None,
        }
        for name in LabourRulesBase.FIELDS
    ]


def _override_count(hall: Hall) -> int:
    override = getattr(hall, "labour_rules", None)  # None when the hall has no row of overrides
    return sum(1 for name in LabourRulesBase.FIELDS if getattr(override, name, None) is not None)


class RegionLabourRulesView(LoginRequiredMixin, View):
    def _region(self, request: HttpRequest, pk: int) -> Region:
        region = selectors.region_get_for_staffing(user=request.user, pk=pk)
        require_perm(request.user, "staffing.change_labourrules", region)
        return region

    def _render(self, request: HttpRequest, region: Region, form: RegionLabourRulesForm, status: int = 200):
        halls = (
            Hall.objects.visible_to(request.user).filter(region=region).select_related("labour_rules").order_by("code")
        )
        overrides = [{"hall": hall, "count": _override_count(hall)} for hall in halls]
        context = {"region": region, "form": form, "overrides": overrides}
        return render(request, "staffing/labour_region.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        region = self._region(request, pk)
        instance = RegionLabourRules.objects.filter(region=region).first() or RegionLabourRules(region=region)
        return self._render(request, region, RegionLabourRulesForm(instance=instance))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        region = self._region(request, pk)
        instance = RegionLabourRules.objects.filter(region=region).first() or RegionLabourRules(region=region)
        form = RegionLabourRulesForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                services.region_rules_save(region=region, fields=form.cleaned_data)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Labour rules of %(region)s saved.") % {"region": region.name})
                return redirect("staffing:labour_region", pk=region.pk)
        return self._render(request, region, form, status=400)


class HallLabourRulesView(LoginRequiredMixin, View):
    def _hall(self, request: HttpRequest, pk: int, perm: str) -> Hall:
        hall = selectors.hall_get_for_staffing(user=request.user, pk=pk)
        require_perm(request.user, perm, hall)
        return hall

    def _form(self, hall: Hall, data=None) -> HallLabourRulesForm:
        region_rules = RegionLabourRules.objects.filter(region_id=hall.region_id).first() or RegionLabourRules()
        region_values = {name: getattr(region_rules, name) for name in LabourRulesBase.FIELDS}
        instance = HallLabourRules.objects.filter(hall=hall).first() or HallLabourRules(hall=hall)
        return HallLabourRulesForm(data, instance=instance, region_values=region_values)

    def _render(self, request: HttpRequest, hall: Hall, form: HallLabourRulesForm, status: int = 200):
        can_change = request.user.has_perm("staffing.change_labourrules", hall)
        context = {
            "hall": hall,
            "form": form,
            "rows": _rule_rows(hall, form if can_change else None),
            "can_change": can_change,
            "can_change_region": request.user.has_perm("staffing.change_labourrules", hall.region),
        }
        return render(request, "staffing/labour_hall.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = self._hall(request, pk, "staffing.view_labourrules")
        return self._render(request, hall, self._form(hall))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = self._hall(request, pk, "staffing.change_labourrules")
        form = self._form(hall, request.POST)
        if form.is_valid():
            try:
                services.hall_rules_save(hall=hall, fields=form.cleaned_data)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Labour rules of %(hall)s saved.") % {"hall": hall.code})
                return redirect("staffing:labour_hall", pk=hall.pk)
        return self._render(request, hall, form, status=400)


urlpatterns = [
    path("regions/<int:pk>/labour-rules/", RegionLabourRulesView.as_view(), name="labour_region"),
    path("halls/<int:pk>/labour-rules/", HallLabourRulesView.as_view(), name="labour_hall"),
]
