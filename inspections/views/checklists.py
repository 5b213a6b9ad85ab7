"""HTML pages where HQ keeps the checklists: the list, a checklist with its version history, a version with its
touchpoint coverage, and the editing of a draft (sections, items, order) up to publishing it.

Everyone who reads checklists sees them; those who govern a checklist (HQ of its region, administrators for
global ones) edit it. A published version is immutable: every write page refuses it with 403 and says why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.pagination import paginate
from core.views import require_perm
from touchpoints.models import Touchpoint

from .. import selectors, services
from ..checklist_forms import ChecklistForm, ItemForm, PublishForm, SectionForm
from ..choices import InspectionKind
from ..filters import TemplateFilter
from ..models import ChecklistTemplate, Item, Section, TemplateVersion

VIEW = "inspections.view_checklisttemplate"
GOVERN = "inspections.change_checklisttemplate"


class Refused(Exception):
    """A write to a published version: answered 403 with the reason and the way forward (a new draft)."""

    def __init__(self, version: TemplateVersion) -> None:
        super().__init__(version)
        self.version = version


def refusing(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            context = {"version": refused.version, "template": refused.version.template}
            return render(request, "inspections/checklists/refused.html", context, status=403)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _apply_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _template(request: HttpRequest, pk: int, perm: str = VIEW) -> ChecklistTemplate:
    template = get_object_or_404(selectors.checklist_list(user=request.user), pk=pk)
    require_perm(request.user, perm, template)
    return template


def _version(request: HttpRequest, pk: int) -> TemplateVersion:
    version = selectors.checklist_version_get(user=request.user, pk=pk)
    require_perm(request.user, "inspections.view_templateversion", version)
    return version


def _draft(request: HttpRequest, pk: int) -> TemplateVersion:
    """A version the user governs (404 outside scope, 403 without the role) that is still a draft."""
    version = selectors.checklist_version_get(user=request.user, pk=pk)
    require_perm(request.user, GOVERN, version.template)
    if version.is_published:
        raise Refused(version)
    return version


def _latest(template: ChecklistTemplate) -> tuple[TemplateVersion | None, TemplateVersion | None]:
    """The latest published version and the draft in progress, from the prefetched versions."""
    versions = list(template.versions.all())
    published = next((version for version in versions if version.is_published), None)
    draft = next((version for version in versions if not version.is_published), None)
    return published, draft


# --- Checklists ----------------------------------------------------------------------------------------------


@login_required
def checklist_list(request: HttpRequest) -> HttpResponse:
    """Every checklist the user sees: kind, region, in use, latest published version, draft in progress."""
    require_perm(request.user, VIEW)
    filterset = TemplateFilter(request.GET, queryset=selectors.checklist_list(user=request.user), request=request)
    page = paginate(request, filterset.qs)
    rows = []
    for template in page:
        published, draft = _latest(template)
        rows.append(
            {
                "template": template,
                "published": published,
                "draft": draft,
                "can_change": request.user.has_perm(GOVERN, template),
            }
        )
    context = {"filter": filterset, "page_obj": page, "rows": rows, "can_create": request.user.has_perm(GOVERN)}
    return render(request, "inspections/checklists/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_create(request: HttpRequest) -> HttpResponse:
    """A new checklist: its first version starts as a draft, empty or copied from a published version."""
    require_perm(request.user, GOVERN)
    initial = {"based_on": request.GET["based_on"]} if request.GET.get("based_on", "").isdigit() else {}
    form = ChecklistForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.checklist_create(
                fields=form.template_fields(),
                based_on=form.cleaned_data.get("based_on"),
                **form.draft_fields(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Checklist “%(name)s” created: add its items to draft 1.") % {"name": draft.template.name}
            )
            return redirect("inspections:checklist_version", pk=draft.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/checklists/checklist_form.html", {"form": form}, status=status)


@login_required
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A checklist and its version history: who published which version when, and what changed."""
    template = _template(request, pk)
    published, draft = _latest(template)
    context = {
        "template": template,
        "published": published,
        "draft": draft,
        "history": selectors.checklist_history(template=template),
        "can_change": request.user.has_perm(GOVERN, template),
    }
    return render(request, "inspections/checklists/checklist_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Name, description, in use; kind and region until a version is published; the draft's scenario."""
    template = _template(request, pk, GOVERN)
    _published, draft = _latest(template)
    # The form works on its own copy, so that the page's title keeps the saved name while errors are shown.
    editable = ChecklistTemplate.objects.get(pk=template.pk)
    form = ChecklistForm(request.POST or None, instance=editable, user=request.user, draft=draft)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(template=template, fields=form.template_fields(), draft_fields=form.draft_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Checklist “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
            return redirect("inspections:checklist_detail", pk=template.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "template": template, "draft": draft}
    return render(request, "inspections/checklists/checklist_form.html", context, status=status)


@login_required
@require_POST
def checklist_new_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft: a copy of the latest published version, to change and publish as the next version."""
    template = _template(request, pk, GOVERN)
    try:
        draft = services.version_draft(template=template, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        _published, draft = _latest(template)
        if draft is None:
            return redirect("inspections:checklist_detail", pk=template.pk)
        return redirect("inspections:checklist_version", pk=draft.pk)
    messages.success(request, _("Draft %(number)s started as a copy of the latest version.") % {"number": draft.number})
    return redirect("inspections:checklist_version", pk=draft.pk)


# --- A version -----------------------------------------------------------------------------------------------


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A version: its touchpoint coverage, its sections, its items touchpoint by touchpoint in the customer's
    order with every attribute; for a draft, the editing controls."""
    version = _version(request, pk)
    return render(request, "inspections/checklists/version_detail.html", _version_context(request, version))


def _version_context(request: HttpRequest, version: TemplateVersion) -> dict[str, Any]:
    items = selectors.version_items(version=version)
    touchpoints = list(Touchpoint.objects.order_by("order"))
    coverage = selectors.version_coverage(items, touchpoints)
    sections = list(Section.objects.filter(version=version).order_by("order", "pk"))
    in_section: dict[int, int] = {}
    for item in items:
        in_section[item.section_id] = in_section.get(item.section_id, 0) + 1
    for section in sections:
        section.item_count = in_section.get(section.pk, 0)
    history = list(version.template.versions.select_related("published_by").order_by("-number"))
    can_change = request.user.has_perm(GOVERN, version.template)
    latest = history[0] if history else None
    by = version.published_by
    return {
        "publisher": (by.get_full_name() or by.username) if by else _("HallOps (shipped with it)"),
        "version": version,
        "template": version.template,
        "coverage": coverage,
        "groups": [row for row in coverage if row.covered],
        "covered_count": sum(1 for row in coverage if row.covered),
        "item_count": len(items),
        "sections": sections,
        "history": history,
        "is_mystery_shop": version.template.kind == InspectionKind.MYSTERY_SHOP,
        "can_change": can_change,
        "can_edit": can_change and not version.is_published,
        "can_start_draft": can_change and latest is not None and latest.pk == version.pk and version.is_published,
        "draft": next((other for other in history if not other.is_published), None),
    }


@login_required
@refusing
@require_http_methods(["GET", "POST"])
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then publish: from then on the version never changes and new inspections use it."""
    version = _draft(request, pk)
    form = PublishForm(request.POST or None, initial={"change_note": version.change_note})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.version_publish(version=version, by=request.user, change_note=form.cleaned_data["change_note"])
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Version %(number)s of “%(name)s” is published; new inspections use it.")
                % {"number": version.number, "name": version.template.name},
            )
            return redirect("inspections:checklist_version", pk=version.pk)
    context = {**_version_context(request, version), "form": form, "errors": errors}
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/checklists/version_publish.html", context, status=status)


@login_required
@refusing
@require_http_methods(["GET", "POST"])
def version_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then throw the draft away with its sections and items."""
    version = _draft(request, pk)
    if request.method == "POST":
        template = version.template
        services.version_discard(version=version)
        messages.success(request, _("Draft %(number)s discarded.") % {"number": version.number})
        return redirect("inspections:checklist_detail", pk=template.pk)
    context = {"version": version, "template": version.template, "item_count": version.items.count()}
    return render(request, "inspections/checklists/version_discard.html", context)


# --- Sections of a draft -------------------------------------------------------------------------------------


@login_required
@refusing
@require_http_methods(["GET", "POST"])
def section_form(request: HttpRequest, pk: int, section: int | None = None) -> HttpResponse:
    version = _draft(request, pk)
    instance = get_object_or_404(Section, pk=section, version=version) if section else None
    form = SectionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(version=version, section=instance, fields=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Section “%(title)s” saved.") % {"title": form.cleaned_data["title"]})
            return redirect(_version_anchor(version, "sections"))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "version": version, "template": version.template, "section": instance}
    return render(request, "inspections/checklists/section_form.html", context, status=status)


@login_required
@refusing
@require_POST
def section_delete(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    version = _draft(request, pk)
    instance = get_object_or_404(Section, pk=section, version=version)
    try:
        services.section_delete(section=instance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Section “%(title)s” deleted.") % {"title": instance.title})
    return redirect(_version_anchor(version, "sections"))


@login_required
@refusing
@require_POST
def section_move(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    version = _draft(request, pk)
    instance = get_object_or_404(Section, pk=section, version=version)
    services.section_move(section=instance, direction=_direction(request))
    return redirect(_version_anchor(version, "sections"))


def _direction(request: HttpRequest) -> str:
    return "up" if request.POST.get("direction") == "up" else "down"


def _version_anchor(version: TemplateVersion, anchor: str) -> str:
    return reverse("inspections:checklist_version", args=[version.pk]) + f"#{anchor}"


# --- Items of a draft ----------------------------------------------------------------------------------------


@login_required
@refusing
@require_http_methods(["GET", "POST"])
def item_form(request: HttpRequest, pk: int, item: int | None = None) -> HttpResponse:
    """Add or change an item; the answer type decides which pass-rule fields apply."""
    version = _draft(request, pk)
    instance = get_object_or_404(Item.objects.select_related("touchpoint"), pk=item, version=version) if item else None
    initial = {}
    if instance is None and request.GET.get("touchpoint"):
        initial["touchpoint"] = request.GET["touchpoint"]
    # The form works on its own copy of the item, so that the page's title keeps the saved code.
    editable = Item.objects.select_related("touchpoint").get(pk=instance.pk) if instance else None
    form = ItemForm(request.POST or None, instance=editable, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.item_save(version=version, item=instance, fields=form.item_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Item %(item)s saved.") % {"item": saved.label})
            if "add_another" in request.POST:
                url = request.path if instance is None else _item_create_url(version)
                return redirect(f"{url}?touchpoint={saved.touchpoint_id}")
            return redirect(_version_anchor(version, f"item-{saved.pk}"))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "version": version, "template": version.template, "item": instance}
    return render(request, "inspections/checklists/item_form.html", context, status=status)


def _item_create_url(version: TemplateVersion) -> str:
    return reverse("inspections:checklist_item_create", args=[version.pk])


@login_required
@refusing
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    version = _draft(request, pk)
    instance = get_object_or_404(Item.objects.select_related("touchpoint"), pk=item, version=version)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.item_delete(item=instance)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Item %(item)s deleted.") % {"item": instance.label})
            return redirect(_version_anchor(version, f"tp-{instance.touchpoint.code}"))
    context = {"version": version, "template": version.template, "item": instance, "errors": errors}
    return render(request, "inspections/checklists/item_delete.html", context, status=400 if errors else 200)


@login_required
@refusing
@require_POST
def item_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    version = _draft(request, pk)
    instance = get_object_or_404(Item, pk=item, version=version)
    try:
        services.item_move(item=instance, direction=_direction(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_version_anchor(version, f"item-{instance.pk}"))


urlpatterns = [
    path("inspections/checklists/", checklist_list, name="checklist_list"),
    path("inspections/checklists/new/", checklist_create, name="checklist_create"),
    path("inspections/checklists/<int:pk>/", checklist_detail, name="checklist_detail"),
    path("inspections/checklists/<int:pk>/edit/", checklist_edit, name="checklist_edit"),
    path("inspections/checklists/<int:pk>/new-draft/", checklist_new_draft, name="checklist_new_draft"),
    path("inspections/checklists/versions/<int:pk>/", version_detail, name="checklist_version"),
    path("inspections/checklists/versions/<int:pk>/publish/", version_publish, name="checklist_version_publish"),
    path("inspections/checklists/versions/<int:pk>/discard/", version_discard, name="checklist_version_discard"),
    path("inspections/checklists/versions/<int:pk>/sections/new/", section_form, name="checklist_section_create"),
    path(
        "inspections/checklists/versions/<int:pk>/sections/<int:section>/edit/",
        section_form,
        name="checklist_section_edit",
    ),
    path(
        "inspections/checklists/versions/<int:pk>/sections/<int:section>/delete/",
        section_delete,
        name="checklist_section_delete",
    ),
    path(
        "inspections/checklists/versions/<int:pk>/sections/<int:section>/move/",
        section_move,
        name="checklist_section_move",
    ),
    path("inspections/checklists/versions/<int:pk>/items/new/", item_form, name="checklist_item_create"),
    path("inspections/checklists/versions/<int:pk>/items/<int:item>/edit/", item_form, name="checklist_item_edit"),
    path(
        "inspections/checklists/versions/<int:pk>/items/<int:item>/delete/", item_delete, name="checklist_item_delete"
    ),
    path("inspections/checklists/versions/<int:pk>/items/<int:item>/move/", item_move, name="checklist_item_move"),
]
