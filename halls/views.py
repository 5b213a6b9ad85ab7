"""HTML views for regions, halls, zones and special days: parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.form_errors import apply_form_errors
from core.pagination import paginate
from core.scoping import get_scope
from core.views import require_perm

from . import selectors, services, tokens
from .filters import HallFilter, RegionFilter
from .forms import HallForm, HoursFormSet, RegionForm, SpecialDayForm, ZoneForm, hours_initial
from .models import Hall, HallToken, SpecialDay, Zone

# The session key under which a freshly issued token waits for the hall page to show it, once.
NEW_TOKEN_KEY = "hallops:new-hall-token"  # noqa: S105 - a session key, not a secret


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Start page: the user's halls with whether each is open now; other roles see what is theirs."""
    halls = []
    if request.user.has_perm("halls.view_hall"):
        now = timezone.now()
        halls = [(hall, hall.is_open_at(now)) for hall in selectors.halls_with_hours(user=request.user)[:24]]
    return render(request, "halls/home.html", {"halls": halls, "scope": get_scope(request.user)})


class RegionListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "halls.view_region")
        filterset = RegionFilter(request.GET, queryset=selectors.region_list(user=request.user), request=request)
        page = paginate(request, filterset.qs)
        return render(request, "halls/region_list.html", {"filter": filterset, "page_obj": page})


class RegionDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        region = selectors.region_get(user=request.user, pk=pk)
        require_perm(request.user, "halls.view_region", region)
        halls = selectors.hall_list(user=request.user).filter(region=region)
        return render(request, "halls/region_detail.html", {"region": region, "page_obj": paginate(request, halls)})


class RegionFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit a region."""

    def _region(self, request: HttpRequest, pk: int | None):
        if pk is None:
            require_perm(request.user, "halls.add_region")
            return None
        region = selectors.region_get(user=request.user, pk=pk)
        require_perm(request.user, "halls.change_region", region)
        return region

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        region = self._region(request, pk)
        return render(request, "halls/region_form.html", {"form": RegionForm(instance=region), "region": region})

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        region = self._region(request, pk)
        form = RegionForm(request.POST, instance=region)
        if form.is_valid():
            try:
                region = services.region_save(fields=form.cleaned_data, region=region)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Region %(code)s saved.") % {"code": region.code})
                return redirect("halls:region_detail", pk=region.pk)
        return render(request, "halls/region_form.html", {"form": form, "region": region}, status=400)


class HallListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "halls.view_hall")
        filterset = HallFilter(request.GET, queryset=selectors.hall_list(user=request.user), request=request)
        page = paginate(request, filterset.qs)
        can_add = request.user.has_perm("halls.add_hall")
        return render(request, "halls/hall_list.html", {"filter": filterset, "page_obj": page, "can_add": can_add})


class HallDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = selectors.hall_get(user=request.user, pk=pk)
        require_perm(request.user, "halls.view_hall", hall)
        context = {
            "hall": hall,
            "open_now": hall.is_open_at(timezone.now()),
            "local_now": hall.local_now(),
            "can_change": request.user.has_perm("halls.change_hall", hall),
            "can_manage_zones": request.user.has_perm("halls.change_zone", hall),
        }
        if request.user.has_perm("halls.view_halltoken", hall):
            new_token = request.session.pop(NEW_TOKEN_KEY, None)
            context.update(
                show_token=True,
                token=HallToken.objects.filter(hall=hall).select_related("created_by").first(),
                can_manage_token=request.user.has_perm("halls.manage_halltoken", hall),
                new_token=new_token["key"] if new_token and new_token.get("hall") == hall.pk else None,
            )
        return render(request, "halls/hall_detail.html", context)


class HallTokenIssueView(LoginRequiredMixin, View):
    """Create or rotate the hall's integration token; the hall page shows it once."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = selectors.hall_get(user=request.user, pk=pk)
        require_perm(request.user, "halls.manage_halltoken", hall)
        rotated = HallToken.objects.filter(hall=hall).exists()
        key = tokens.token_issue(hall=hall, by=request.user)
        request.session[NEW_TOKEN_KEY] = {"hall": hall.pk, "key": key}
        if rotated:
            messages.warning(request, _("The token was replaced: the old one no longer works."))
        return redirect(f"{reverse('halls:hall_detail', args=[hall.pk])}#integration")


class HallTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hall = selectors.hall_get(user=request.user, pk=pk)
        require_perm(request.user, "halls.manage_halltoken", hall)
        if tokens.token_revoke(hall=hall):
            messages.success(request, _("The integration token was revoked; the hall's systems can no longer send."))
        else:
            messages.info(request, _("This hall had no integration token."))
        return redirect(f"{reverse('halls:hall_detail', args=[hall.pk])}#integration")


class HallFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit a hall together with its week of opening hours, in one transaction."""

    def _hall(self, request: HttpRequest, pk: int | None) -> Hall | None:
        if pk is None:
            require_perm(request.user, "halls.add_hall")
            return None
        hall = selectors.hall_get(user=request.user, pk=pk)
        require_perm(request.user, "halls.change_hall", hall)
        return hall

    def _render(self, request: HttpRequest, hall: Hall | None, form: HallForm, hours: Any, status: int = 200):
        return render(request, "halls/hall_form.html", {"form": form, "hours": hours, "hall": hall}, status=status)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        hall = self._hall(request, pk)
        form = HallForm(instance=hall, user=request.user)
        hours = HoursFormSet(initial=hours_initial(hall), prefix="hours")
        return self._render(request, hall, form, hours)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        hall = self._hall(request, pk)
        form = HallForm(request.POST, instance=hall, user=request.user)
        hours = HoursFormSet(request.POST, prefix="hours")
        if form.is_valid() and hours.is_valid():
            if hall is None:
                require_perm(request.user, "halls.add_hall", form.cleaned_data["region"])
            fields = {name: form.cleaned_data[name] for name in form.fields if not form.fields[name].disabled}
            rows = [f.cleaned_data for f in hours.forms]
            try:
                if hall is None:
                    hall = services.hall_create(fields=fields, hours=rows)
                else:
                    hall = services.hall_update(hall=hall, fields=fields, hours=rows)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Hall %(code)s saved.") % {"code": hall.code})
                return redirect("halls:hall_detail", pk=hall.pk)
        return self._render(request, hall, form, hours, status=400)


class _HallChildView(LoginRequiredMixin, View):
    """Create, edit or delete a row that belongs to a hall (zone, special day)."""

    model: type[Zone] | type[SpecialDay]
    form_class: type
    template_name: str
    save_service: Any
    delete_service: Any
    service_kwarg: str

    def _objects(self, request: HttpRequest, hall_pk: int, pk: int | None, verb: str):
        hall = selectors.hall_get(user=request.user, pk=hall_pk)
        obj = None
        if pk is not None:
            obj = get_object_or_404(self.model.objects.visible_to(request.user).filter(hall=hall), pk=pk)
        require_perm(request.user, f"halls.{verb}_{self.model._meta.model_name}", obj or hall)
        return hall, obj

    def _render(self, request, hall, obj, form, status=200):
        context = {"hall": hall, "object": obj, "form": form, "model_name": self.model._meta.verbose_name}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, hall_pk: int, pk: int | None = None) -> HttpResponse:
        hall, obj = self._objects(request, hall_pk, pk, "change" if pk else "add")
        return self._render(request, hall, obj, self.form_class(instance=obj, hall=hall))

    def post(self, request: HttpRequest, hall_pk: int, pk: int | None = None) -> HttpResponse:
        hall, obj = self._objects(request, hall_pk, pk, "change" if pk else "add")
        form = self.form_class(request.POST, instance=obj, hall=hall)
        if form.is_valid():
            try:
                type(self).save_service(hall=hall, fields=form.cleaned_data, **{self.service_kwarg: obj})
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("halls:hall_detail", pk=hall.pk)
        return self._render(request, hall, obj, form, status=400)


class _HallChildDeleteView(_HallChildView):
    def get(self, request: HttpRequest, hall_pk: int, pk: int | None = None) -> HttpResponse:
        hall, obj = self._objects(request, hall_pk, pk, "delete")
        return render(request, "halls/confirm_delete.html", {"hall": hall, "object": obj})

    def post(self, request: HttpRequest, hall_pk: int, pk: int | None = None) -> HttpResponse:
        hall, obj = self._objects(request, hall_pk, pk, "delete")
        type(self).delete_service(**{self.service_kwarg: obj})
        messages.success(request, _("Deleted."))
        return redirect("halls:hall_detail", pk=hall.pk)


class ZoneFormView(_HallChildView):
    model = Zone
    form_class = ZoneForm
    template_name = "halls/child_form.html"
    save_service = services.zone_save
    service_kwarg = "zone"


class ZoneDeleteView(_HallChildDeleteView):
    model = Zone
    delete_service = services.zone_delete
    service_kwarg = "zone"


class SpecialDayFormView(_HallChildView):
    model = SpecialDay
    form_class = SpecialDayForm
    template_name = "halls/child_form.html"
    save_service = services.special_day_save
    service_kwarg = "special_day"


class SpecialDayDeleteView(_HallChildDeleteView):
    model = SpecialDay
    delete_service = services.special_day_delete
    service_kwarg = "special_day"
