"""Star ladder pages: the versions per region, one version's steps, and a new version (HQ, administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from core.scoping import get_scope
from core.views import require_perm

from .. import selectors, services
from ..forms import LadderForm, StepForm

GRADES = (2, 3, 4, 5)


class LadderListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request.user, "performance.view_ladder")
        ladders = list(selectors.ladder_list(user=request.user))
        in_force = selectors.ladders_in_force(ladders)
        context = {
            "ladders": ladders,
            "in_force": in_force,
            "can_add": get_scope(request.user).is_admin or selectors.regions_governed(user=request.user).exists(),
        }
        return render(request, "performance/ladder_list.html", context)


class LadderDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        ladder = selectors.ladder_get(user=request.user, pk=pk)
        require_perm(request.user, "performance.view_ladder", ladder)
        context = {
            "ladder": ladder,
            "steps": selectors.ladder_steps(ladder),
            "can_add": request.user.has_perm("performance.add_ladder", ladder.region),
        }
        return render(request, "performance/ladder_detail.html", context)


class LadderCreateView(LoginRequiredMixin, View):
    """A new version of a region's (or the default) ladder, starting from the one in force."""

    def _setup(self, request: HttpRequest) -> tuple[Any, bool]:
        regions = selectors.regions_governed(user=request.user)
        allow_default = get_scope(request.user).is_admin
        if not allow_default and not regions.exists():
            raise PermissionDenied  # no region to govern: the role lacks the action
        return regions, allow_default

    def _render(self, request, form, steps, status=200):
        return render(
            request,
            "performance/ladder_form.html",
            {"form": form, "steps": steps, "has_errors": form.errors or any(s.errors for _g, s in steps)},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        regions, allow_default = self._setup(request)
        region = (
            regions.filter(pk=request.GET.get("region")).first() if request.GET.get("region", "").isdigit() else None
        )
        if region is None and not allow_default:
            region = regions.first()
        base = services.ladder_in_force(region.pk if region else None)
        initial_steps = {step.to_grade: step for step in (base.steps.all() if base else [])}
        form = LadderForm(
            regions=regions,
            allow_default=allow_default,
            initial={"region": region, "demotion_quarters": base.demotion_quarters if base else 2},
        )
        steps = [(grade, StepForm(prefix=f"g{grade}", instance=initial_steps.get(grade))) for grade in GRADES]
        return self._render(request, form, steps)

    def post(self, request: HttpRequest) -> HttpResponse:
        regions, allow_default = self._setup(request)
        form = LadderForm(request.POST, regions=regions, allow_default=allow_default)
        steps = [(grade, StepForm(request.POST, prefix=f"g{grade}")) for grade in GRADES]
        if form.is_valid() and all(step.is_valid() for _grade, step in steps):
            region = form.cleaned_data["region"]
            require_perm(request.user, "performance.add_ladder", region)
            try:
                ladder = services.ladder_save(
                    region=region,
                    steps={grade: step.cleaned_data for grade, step in steps},
                    demotion_quarters=form.cleaned_data["demotion_quarters"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                _apply(form, dict(steps), error)
            else:
                messages.success(request, _("Ladder version %(version)s saved.") % {"version": ladder.version})
                return redirect("performance:ladder_detail", pk=ladder.pk)
        return self._render(request, form, steps, status=400)


def _apply(form: LadderForm, steps: dict[int, StepForm], error: ValidationError) -> None:
    """Put a service error on the step form and field it names ("<grade>.<field>")."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        grade, _sep, field = key.partition(".")
        if grade.isdigit() and int(grade) in steps and field in steps[int(grade)].fields:
            steps[int(grade)].add_error(field, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)


urlpatterns = [
    path("performance/ladders/", LadderListView.as_view(), name="ladder_list"),
    path("performance/ladders/new/", LadderCreateView.as_view(), name="ladder_create"),
    path("performance/ladders/<int:pk>/", LadderDetailView.as_view(), name="ladder_detail"),
]
