"""One FilterSet per list, serving both the HTML lists and the API query parameters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from halls.models import Hall
from touchpoints.models import Touchpoint

from .choices import ActionStatus, Escalation, InspectionKind, InspectionStatus, QualityGap, RootCause, Severity
from .models import ChecklistTemplate, CorrectiveAction, Finding, Inspection, TemplateVersion


def _visible_halls(request) -> QuerySet[Hall]:
    if request is None:
        return Hall.objects.none()
    return Hall.objects.visible_to(request.user).order_by("code")


class TemplateFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices, empty_label=_("All"))
    active = django_filters.BooleanFilter(
        label=_("In use"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = ChecklistTemplate
        fields = ["kind", "active"]


class VersionFilter(django_filters.FilterSet):
    published = django_filters.BooleanFilter(
        label=_("Published"), field_name="published_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = TemplateVersion
        fields = ["template", "published"]


class InspectionFilter(django_filters.FilterSet):
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices, empty_label=_("All"))
    submitted_after = django_filters.IsoDateTimeFilter(
        label=_("Submitted from"), field_name="submitted_at", lookup_expr="gte"
    )
    submitted_before = django_filters.IsoDateTimeFilter(
        label=_("Submitted before"), field_name="submitted_at", lookup_expr="lt"
    )
    mine = django_filters.BooleanFilter(label=_("Made by me"), method="by_me")

    class Meta:
        model = Inspection
        fields = ["hall", "kind", "status", "template_version"]

    def by_me(self, queryset: QuerySet[Inspection], name: str, value: bool | None) -> QuerySet[Inspection]:
        if value is None or self.request is None:
            return queryset
        user = self.request.user
        return queryset.filter(inspector=user) if value else queryset.exclude(inspector=user)


class YesNoAll(forms.NullBooleanSelect):
    """A yes / no filter whose empty choice reads "All" (the API takes true / false as before)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]


class TouchpointSelect(forms.Select):
    """The 16 touchpoints in the customer's order, valued by pk; a code in the query (`TP05`, as people type
    it) shows as its touchpoint too. Loaded only when the form is drawn, so the API pays no query for it."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = CallableChoiceIterator(self._options)
        self._touchpoints: list[Any] | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> TouchpointSelect:
        copied = super().__deepcopy__(memo)
        copied.choices = CallableChoiceIterator(copied._options)
        copied._touchpoints = None
        return copied

    def _all(self) -> list[Any]:
        if self._touchpoints is None:
            self._touchpoints = list(Touchpoint.objects.order_by("order"))
        return self._touchpoints

    def _options(self) -> list[tuple[str, str]]:
        return [("", str(_("All"))), *((str(tp.pk), str(tp)) for tp in self._all())]

    def format_value(self, value: Any) -> list[str]:
        values = super().format_value(value)
        if all(not given or given.isdigit() for given in values):
            return values
        by_code = {tp.code: str(tp.pk) for tp in self._all()}
        return [by_code.get(given.upper(), given) for given in values]


class OrderingThen(django_filters.OrderingFilter):
    """Sorts by the chosen column, then by `then` (so that equal rows keep a stable order across pages)."""

    def __init__(self, *args: Any, then: tuple[str, ...] = ("pk",), **kwargs: Any) -> None:
        self.then = then
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        chosen = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*chosen, *(field for field in self.then if field not in chosen))


# Severity and status in their natural order (not alphabetical) for sorting.
STATUS_ORDER = [
    ActionStatus.OPEN,
    ActionStatus.REOPENED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.VERIFIED,
]
SEVERITY_RANK = Case(
    *(When(severity=value, then=Value(rank)) for rank, value in enumerate(Severity.values)),
    default=Value(0),
    output_field=IntegerField(),
)
STATUS_RANK = Case(
    *(When(status=value, then=Value(rank)) for rank, value in enumerate(STATUS_ORDER)),
    default=Value(0),
    output_field=IntegerField(),
)
# Done and waiting for an inspector first (0), then the rest (1): the inspector's default order.
AWAITING_FIRST = Case(When(status=ActionStatus.DONE, then=Value(0)), default=Value(1), output_field=IntegerField())


def _open_actions(**where: Any) -> Exists:
    return Exists(CorrectiveAction.objects.filter(finding=OuterRef("pk"), **where))


class FindingFilter(django_filters.FilterSet):
    """The issue log (问题总录). The region heatmap links here with `?hall=<pk>&touchpoint=<pk>&found_after=<date>`;
    `touchpoint` takes a pk or a code; `found_after`/`found_before` take a date (the start of that day in the
    server's time zone) or a date and time."""

    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    touchpoint = django_filters.CharFilter(label=_("Touchpoint"), method="by_touchpoint", widget=TouchpointSelect)
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices, empty_label=_("All"))
    quality_gap = django_filters.ChoiceFilter(label=_("Gap"), choices=QualityGap.choices, empty_label=_("All"))
    root_cause = django_filters.ChoiceFilter(label=_("Root cause"), choices=RootCause.choices, empty_label=_("All"))
    recurring = django_filters.BooleanFilter(label=_("Recurring"), widget=YesNoAll)
    found_after = django_filters.IsoDateTimeFilter(
        label=_("Found from"),
        field_name="found_at",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    found_before = django_filters.IsoDateTimeFilter(
        label=_("Found before"),
        field_name="found_at",
        lookup_expr="lt",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    open = django_filters.BooleanFilter(label=_("Not yet verified"), method="by_open", widget=YesNoAll)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="by_overdue", widget=YesNoAll)
    ordering = OrderingThen(
        label=_("Sort"),
        then=("-found_at", "pk"),
        empty_label=_("Newest first"),
        fields=(
            ("found_at", "found_at"),
            ("severity_rank", "severity"),
            ("hall__code", "hall"),
            ("touchpoint__order", "touchpoint"),
        ),
        field_labels={
            "found_at": _("Found"),
            "severity_rank": _("Severity"),
            "hall__code": _("Hall"),
            "touchpoint__order": _("Touchpoint"),
        },
    )

    class Meta:
        model = Finding
        fields = ["hall", "inspection", "touchpoint", "severity", "recurring", "quality_gap", "root_cause"]

    def filter_queryset(self, queryset: QuerySet[Finding]) -> QuerySet[Finding]:
        return super().filter_queryset(queryset.annotate(severity_rank=SEVERITY_RANK))

    def by_touchpoint(self, queryset: QuerySet[Finding], name: str, value: str) -> QuerySet[Finding]:
        value = (value or "").strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(touchpoint_id=int(value))
        return queryset.filter(touchpoint__code__iexact=value)

    def by_open(self, queryset: QuerySet[Finding], name: str, value: bool | None) -> QuerySet[Finding]:
        if value is None:
            return queryset
        unverified = _open_actions(status__in=[*ActionStatus.active(), ActionStatus.DONE])
        return queryset.filter(unverified) if value else queryset.exclude(unverified)

    def by_overdue(self, queryset: QuerySet[Finding], name: str, value: bool | None) -> QuerySet[Finding]:
        if value is None:
            return queryset
        # Server date, as for corrective actions below.
        late = _open_actions(status__in=ActionStatus.active(), due_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class CorrectiveActionFilter(django_filters.FilterSet):
    hall = django_filters.ModelChoiceFilter(label=_("Hall"), queryset=_visible_halls, empty_label=_("All"))
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=ActionStatus.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "btn-check"}),
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="by_overdue", widget=YesNoAll)
    escalated = django_filters.BooleanFilter(label=_("Escalated"), method="by_escalated", widget=YesNoAll)
    recurring = django_filters.BooleanFilter(label=_("Recurring"), field_name="finding__recurring", widget=YesNoAll)
    mine = django_filters.BooleanFilter(label=_("Mine"), method="by_owner")
    owner = django_filters.ChoiceFilter(
        label=_("Owner"), choices=[("me", _("Me"))], empty_label=_("Anyone"), method="by_owner_me"
    )
    ordering = OrderingThen(
        label=_("Sort"),
        then=("due_date", "pk"),
        empty_label=_("Due date"),
        fields=(
            ("due_date", "due_date"),
            ("status_rank", "status"),
            ("hall__code", "hall"),
            ("escalation_level", "escalation_level"),
            ("awaiting_first", "awaiting_first"),
        ),
        field_labels={
            "due_date": _("Due"),
            "status_rank": _("Status"),
            "hall__code": _("Hall"),
            "escalation_level": _("Escalation"),
            "awaiting_first": _("Awaiting verification first"),
        },
    )

    class Meta:
        model = CorrectiveAction
        fields = ["hall", "status", "finding", "escalation_level"]

    def filter_queryset(self, queryset: QuerySet[CorrectiveAction]) -> QuerySet[CorrectiveAction]:
        queryset = queryset.annotate(status_rank=STATUS_RANK, awaiting_first=AWAITING_FIRST)
        return super().filter_queryset(queryset)

    def by_escalated(self, queryset: QuerySet[CorrectiveAction], name: str, value: bool | None):
        if value is None:
            return queryset
        escalated = {"escalation_level__gt": Escalation.NONE}
        return queryset.filter(**escalated) if value else queryset.exclude(**escalated)

    def by_owner_me(self, queryset: QuerySet[CorrectiveAction], name: str, value: str):
        return self.by_owner(queryset, name, value == "me")

    def by_overdue(self, queryset: QuerySet[CorrectiveAction], name: str, value: bool | None):
        if value is None:
            return queryset
        # Server date: a hall's local date differs by at most a day; the escalation job is exact.
        overdue = {"status__in": ActionStatus.active(), "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)

    def by_owner(self, queryset: QuerySet[CorrectiveAction], name: str, value: bool | None):
        if not value or self.request is None:
            return queryset
        user = self.request.user
        return queryset.filter(owner=user) | queryset.filter(owner_staff__user=user)
