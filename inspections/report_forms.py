"""The query-string forms of the touchpoint reports: which inspections, which halls, which window, which order.
A bad value is refused with a message naming the parameter; the page then shows the defaults."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from halls.choices import HallKind

from .reports import HEATMAP_DAYS, HeatmapSort, ReportKind, heatmap_regions


class ScorecardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Inspections"), choices=ReportKind.choices, required=False)

    def kind_or_default(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""


class HeatmapForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Region"), coerce=int, required=False, empty_value=None)
    days = forms.TypedChoiceField(
        label=pgettext_lazy("report window", "Period"),
        # Formatted when the form is built, in the request's language (a lazy string formatted here would not be).
        choices=[(days, days) for days in HEATMAP_DAYS],
        coerce=int,
        required=False,
        empty_value=HEATMAP_DAYS[0],
    )
    kind = forms.ChoiceField(label=_("Inspections"), choices=ReportKind.choices, required=False)
    hall_kind = forms.ChoiceField(label=_("Halls"), choices=[("", _("All halls")), *HallKind.choices], required=False)
    sort = forms.ChoiceField(label=_("Order"), choices=HeatmapSort.choices, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [(days, gettext("Last %(days)s days") % {"days": days}) for days in HEATMAP_DAYS]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
        # The regions the user sees, once (the choices and the chosen one's time zone come from this list).
        self.regions = {region.pk: region for region in heatmap_regions(user=user)}
        choices = [(pk, str(region)) for pk, region in self.regions.items()]
        if len(self.regions) == 1:
            # One region: it is the default and the only choice.
            self.fields["region"].choices = choices
            self.fields["region"].initial = next(iter(self.regions))
        else:
            self.fields["region"].choices = [("", _("All my regions")), *choices]

    def options(self) -> dict[str, Any]:
        """The cleaned choices, or the defaults when the query string is bad."""
        defaults = {
            "region": next(iter(self.regions.values())) if len(self.regions) == 1 else None,
            "days": HEATMAP_DAYS[0],
            "kind": ReportKind.ALL,
            "hall_kind": "",
            "sort": HeatmapSort.OVERALL,
        }
        if not self.is_valid():
            return defaults
        chosen = {key: self.cleaned_data.get(key) or default for key, default in defaults.items()}
        if self.cleaned_data.get("region"):
            chosen["region"] = self.regions[self.cleaned_data["region"]]
        return chosen
