"""Forms of the checklist pages HQ uses: a checklist (template), a section, an item of a draft, publishing.

They check what a person can get wrong while typing and name the field; the services check the rest (and
refuse published versions). The tablet's answer form is elsewhere (forms.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.scoping import get_scope
from halls.models import Region
from touchpoints.models import ServiceStandardVersion, Touchpoint

from . import scoring
from .choices import AnswerType, InspectionKind
from .models import ChecklistTemplate, Item, Section, TemplateVersion
from .services.templates import TYPE_FIELDS

# What a condition may compare with, for the answer types whose answers are few.
CONDITION_VALUES: dict[str, list[str]] = {
    AnswerType.YES_NO: ["yes", "no", "na"],
    AnswerType.SCALE: [str(value) for value in range(6)],
    AnswerType.PHOTO: ["yes", "no", "na"],
}


def governed_regions(user: Any) -> Any:
    """Regions in which the user may keep checklists: all for administrators, their HQ regions otherwise."""
    scope = get_scope(user)
    if scope.is_admin:
        return Region.objects.order_by("name")
    ids = [region for region, roles in scope.region_roles.items() if Role.HQ in roles]
    return Region.objects.filter(pk__in=ids).order_by("name")


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TemplateVersion) -> str:
        return _("%(name)s, version %(number)s") % {"name": obj.template.name, "number": obj.number}


class ChecklistForm(forms.ModelForm):
    """Create or edit a checklist. Only administrators keep global checklists; HQ keeps its regions'. The
    scenario belongs to a version: it is written into the draft (the first draft when creating)."""

    scenario = forms.CharField(
        label=_("Scenario"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mystery-shopper visits: what the shopper asks for, e.g. a family plan."),
    )
    scenario_zh = forms.CharField(
        label=_("Scenario (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    based_on = VersionChoiceField(
        label=_("Start from"),
        queryset=TemplateVersion.objects.none(),
        required=False,
        empty_label=_("An empty checklist"),
        help_text=_("Copies the sections and items of a published version into the first draft."),
    )

    class Meta:
        model = ChecklistTemplate
        fields = ["kind", "name", "description", "region", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, draft: TemplateVersion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draft = draft
        creating = self.instance.pk is None
        region = self.fields["region"]
        region.queryset = governed_regions(user)
        if get_scope(user).is_admin:
            region.required = False
            region.empty_label = _("Every region (global)")
        else:
            region.required = True
            region.empty_label = None
            region.help_text = _("The region whose halls use it. Global checklists are kept by administrators.")
        if creating:
            self.fields["based_on"].queryset = (
                TemplateVersion.objects.visible_to(user)
                .filter(published_at__isnull=False)
                .select_related("template")
                .order_by("template__name", "-number")
            )
        else:
            del self.fields["based_on"]
            if self.instance.versions.filter(published_at__isnull=False).exists():
                for name in ("kind", "region"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Fixed once a version is published.")
                if self.instance.region_id and not region.queryset.filter(pk=self.instance.region_id).exists():
                    region.queryset = Region.objects.filter(pk=self.instance.region_id)
            if draft is None:
                for name in ("scenario", "scenario_zh"):
                    self.fields[name].disabled = True
                self.fields["scenario"].help_text = _(
                    "The scenario belongs to a version: start a new draft to change it."
                )
        source = draft if draft is not None else self._latest()
        if source is not None and not self.is_bound:
            self.initial.setdefault("scenario", source.scenario)
            self.initial.setdefault("scenario_zh", source.scenario_zh)

    def _latest(self) -> TemplateVersion | None:
        if self.instance.pk is None:
            return None
        return self.instance.versions.order_by("-number").first()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") != InspectionKind.MYSTERY_SHOP and (cleaned.get("scenario") or "").strip():
            if not self.fields["scenario"].disabled:
                self.add_error("scenario", _("Only mystery-shopper visits have a scenario; leave it empty."))
        return cleaned

    def template_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def draft_fields(self) -> dict[str, Any]:
        if self.fields["scenario"].disabled:
            return {}
        return {"scenario": self.cleaned_data["scenario"], "scenario_zh": self.cleaned_data["scenario_zh"]}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "title_zh"]


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Section) -> str:
        chinese = (get_language() or "").lower().startswith("zh")
        return (obj.title_zh or obj.title) if chinese else obj.title


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed and why"),
        max_length=200,
        required=False,
        help_text=_("Shown in the version history, e.g. “Greeting now timed; kiosk check added”."),
    )


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        chinese = (get_language() or "").lower().startswith("zh")
        return f"{obj.touchpoint.code} · {obj.code} · {(obj.text_zh or obj.text) if chinese else obj.text}"


class StandardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceStandardVersion) -> str:
        return f"{obj.standard.touchpoint.code} · {obj.standard.title} (v{obj.number})"


class ItemForm(forms.ModelForm):
    """An item of a draft. The answer type decides which pass-rule fields apply (the others are cleared); the
    condition may only point to an earlier item of the same version, and its value must be a possible answer."""

    section = SectionChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("The touchpoint's own section"),
        help_text=_("Empty: the section named after the touchpoint (created when needed)."),
    )
    condition_item = ItemChoiceField(
        label=_("Shown only when item"),
        queryset=Item.objects.none(),
        required=False,
        empty_label=_("Always shown"),
        help_text=_("An earlier item of this version; this item appears only after that answer."),
    )
    standard = StandardChoiceField(
        label=_("Service standard"),
        queryset=ServiceStandardVersion.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The standard this item checks, in the wording in force now."),
    )

    class Meta:
        model = Item
        fields = [
            "touchpoint",
            "section",
            "code",
            "text",
            "text_zh",
            "guidance",
            "standard",
            "dimension",
            "answer_type",
            "pass_threshold",
            "min_value",
            "max_value",
            "unit",
            "max_seconds",
            "required",
            "weight",
            "severity",
            "critical",
            "photo_required_when_failed",
            "condition_item",
            "condition_value",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_zh": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, version: TemplateVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        item = self.instance
        if item.pk is None:
            item.version = version
            # Provisional place (last); the service puts it among its touchpoint's items.
            item.order = (version.items.aggregate(top=Max("order"))["top"] or 0) + 1
        self.fields["code"].required = False
        self.fields["code"].help_text = _(
            "Stable across versions, e.g. P-TP05-02. Empty: numbered after the touchpoint."
        )
        self.fields["touchpoint"].queryset = Touchpoint.objects.order_by("order")
        self.fields["section"].queryset = Section.objects.filter(version=version).order_by("order", "pk")
        # Any other item of the version; the script offers only those before the chosen touchpoint, and the form
        # and the service refuse a later one (the touchpoint may change in the same edit).
        others = Item.objects.filter(version=version).select_related("touchpoint").exclude(pk=item.pk)
        self.fields["condition_item"].queryset = others.order_by("touchpoint__order", "order")
        standards = Q(is_current=True, standard__active=True)
        if item.standard_id:
            standards |= Q(pk=item.standard_id)
        self.fields["standard"].queryset = (
            ServiceStandardVersion.objects.filter(standards)
            .select_related("standard__touchpoint")
            .order_by("standard__touchpoint__order", "standard__order", "standard__pk")
        )
        self.fields["condition_value"].help_text = _(
            "The answer that shows this item: yes, no or na for a yes/no item; 0 to 5 for a scale."
        )

    def script_data(self) -> dict[str, Any]:
        """What the page's script needs: each possible condition item (touchpoint order, order, answer type,
        possible answers), the item's own place, and which answer types each pass-rule field applies to."""
        items = {
            str(item.pk): {
                "tp": item.touchpoint.order,
                "order": item.order,
                "values": CONDITION_VALUES.get(item.answer_type, []),
            }
            for item in self.fields["condition_item"].queryset
        }
        touchpoints = {str(tp.pk): tp.order for tp in self.fields["touchpoint"].queryset}
        own = self.instance
        return {
            "items": items,
            "touchpoints": touchpoints,
            "self": {"tp": own.touchpoint_id if own.pk else None, "order": own.order if own.pk else None},
            "applies": {name: list(types) for name, types in TYPE_FIELDS.items()},
        }

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code") or ""
        if code and Item.objects.filter(version=self.version, code=code).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another item of this version has the code %(code)s."), params={"code": code})
        return code

    def clean_weight(self) -> Any:
        weight = self.cleaned_data.get("weight")
        if weight is not None and weight <= 0:
            raise ValidationError(_("The weight must be above 0 (0.01 to 10)."))
        return weight

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        answer_type = cleaned.get("answer_type")
        for name, types in TYPE_FIELDS.items():
            # A value typed before the answer type changed (the script hides the field) is dropped.
            if answer_type not in types and name in cleaned:
                cleaned[name] = "" if name == "unit" else (False if name == "required" else None)
        self._clean_condition(cleaned)
        standard, touchpoint = cleaned.get("standard"), cleaned.get("touchpoint")
        if standard is not None and touchpoint is not None and standard.standard.touchpoint_id != touchpoint.pk:
            self.add_error(
                "standard",
                _("This standard belongs to %(code)s, not to the item's touchpoint.")
                % {"code": standard.standard.touchpoint.code},
            )
        return cleaned

    def _clean_condition(self, cleaned: dict[str, Any]) -> None:
        parent, value = cleaned.get("condition_item"), (cleaned.get("condition_value") or "").strip()
        if parent is None:
            if value:
                self.add_error("condition_item", _("Choose the item whose answer shows this one, or clear the answer."))
            cleaned["condition_value"] = ""
            return
        touchpoint, item = cleaned.get("touchpoint"), self.instance
        stays = item.pk is not None and touchpoint is not None and item.touchpoint_id == touchpoint.pk
        if touchpoint is not None and (
            parent.touchpoint.order > touchpoint.order
            or (stays and parent.touchpoint_id == touchpoint.pk and parent.order > item.order)
        ):
            self.add_error(
                "condition_item",
                _("%(item)s comes after this item on the tablet: a condition must be an earlier item.")
                % {"item": parent.label},
            )
            return
        if not value:
            self.add_error(
                "condition_value", _("Give the answer of %(item)s that shows this item.") % {"item": parent.label}
            )
            return
        try:
            canonical = scoring.canonical(scoring.normalise(parent.answer_type, value))
        except scoring.InvalidAnswer:
            allowed = CONDITION_VALUES.get(parent.answer_type)
            self.add_error(
                "condition_value",
                _("“%(value)s” is not a possible answer of %(item)s (%(type)s)%(allowed)s.")
                % {
                    "value": value,
                    "item": parent.label,
                    "type": parent.get_answer_type_display(),
                    "allowed": (": " + ", ".join(allowed)) if allowed else "",
                },
            )
            return
        if parent.answer_type == AnswerType.PHOTO:
            canonical = value.lower()
            if canonical not in CONDITION_VALUES[AnswerType.PHOTO]:
                self.add_error("condition_value", _("A photo item's answer is yes (a photo), no or na."))
                return
        cleaned["condition_value"] = canonical

    def item_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
