"""The customer's 16 touchpoints, their versioned service standards and blueprints, each hall's map, and the
customer's voice at the touchpoints: satisfaction-device presses, complaints, tickets' staff."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ScopedTimeStampedModel, TimeStampedModel, actor_field
from core.scoping import ScopedModel
from halls.choices import CustomerTier, ZoneKind
from halls.models import Hall, IngestBatch, QueueTicket, Zone
from staffing.choices import Attribution
from staffing.models import StaffMember

from .choices import (
    BlueprintLane,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintOutcome,
    ComplaintSeverity,
    ComplaintStatus,
    ComplaintStepKind,
    Dimension,
    QualityGap,
    Rating,
    RootCause,
)

TOUCHPOINT_COUNT = 16
# The self-service touchpoint: it does not apply in a hall without kiosks.
SELF_SERVICE_CODE = "TP09"
# Peak-end rule: customers remember the worst moment and the end, so the result (TP14) and leaving (TP16)
# count half again as much as the others when touchpoint scores are averaged.
PEAK_END_WEIGHT = Decimal("1.5")


class TouchpointsAreFixed(Exception):
    """Raised on any attempt to delete one of the 16 touchpoints: inspections and scores refer to them."""


class VersionIsImmutable(Exception):
    """Raised on any attempt to change or delete a saved standard version: inspections refer to it."""


def applies_by_default(*, kiosks: int, code: str) -> bool:
    """Whether a touchpoint applies in a hall until the hall says otherwise: all of them do, except
    self-service (TP09) in a hall without kiosks (typically a small partner-run hall)."""
    return not (code == SELF_SERVICE_CODE and kiosks == 0)


def in_language(obj: Any, field: str) -> str:
    """`field_zh` in Chinese, `field_en` otherwise; falls back to the other language when one is empty."""
    zh, en = getattr(obj, f"{field}_zh"), getattr(obj, f"{field}_en")
    if (get_language() or "").lower().startswith("zh"):
        return zh or en
    return en or zh


def validate_dimensions(value: Any) -> None:
    """A list of distinct experience dimensions (emotion, knowledge, efficiency, attention, trust, control)."""
    if not isinstance(value, list):
        raise ValidationError(_("Give the dimensions as a list."), code="invalid")
    unknown = [item for item in value if item not in Dimension.values]
    if unknown:
        raise ValidationError(
            _("Unknown dimension: %(names)s. Use %(allowed)s."),
            params={"names": ", ".join(map(str, unknown)), "allowed": ", ".join(Dimension.values)},
            code="invalid_choice",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each dimension once."), code="duplicate")


class TouchpointQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise TouchpointsAreFixed(_("The 16 touchpoints cannot be deleted."))


class Touchpoint(TimeStampedModel):
    """One of the 16 moments of the customer's visit, TP01 (finding the hall) to TP16 (leaving).

    Created by a data migration in the customer's order; HQ may edit the texts, nobody may add or delete
    one. `weight` is how much the touchpoint counts when touchpoint scores are combined into a hall score:
    1.0, and 1.5 for the result (TP14) and leaving (TP16) because of the peak-end rule.
    """

    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^TP(0[1-9]|1[0-6])$", _("Use TP01 to TP16."))],
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(TOUCHPOINT_COUNT)],
        help_text=_("Position in the customer's visit, 1 to 16."),
    )
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    core_need_en = models.TextField(_("customer's core need (English)"))
    core_need_zh = models.TextField(_("customer's core need (Chinese)"))
    key_moments_en = models.TextField(_("key moments (English)"), blank=True, help_text=_("One per line."))
    key_moments_zh = models.TextField(_("key moments (Chinese)"), blank=True, help_text=_("One per line."))
    dimensions = models.JSONField(
        _("experience dimensions"),
        default=list,
        blank=True,
        validators=[validate_dimensions],
        help_text=_("The dimensions of experience this touchpoint mostly touches."),
    )
    usual_zone = models.CharField(
        _("usual zone"),
        max_length=20,
        choices=ZoneKind.choices,
        blank=True,
        help_text=_("The kind of zone where it usually happens; empty means the whole hall."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("5.0"))],
        help_text=_("How much it counts in a hall's score; 1.5 for the result and leaving (peak-end rule)."),
    )

    objects = TouchpointQuerySet.as_manager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        constraints = [
            models.CheckConstraint(condition=Q(order__gte=1, order__lte=TOUCHPOINT_COUNT), name="touchpoint_order_1_16")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TouchpointsAreFixed(_("The 16 touchpoints cannot be deleted."))

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def core_need(self) -> str:
        return in_language(self, "core_need")

    @property
    def key_moments(self) -> list[str]:
        return [line.strip() for line in in_language(self, "key_moments").splitlines() if line.strip()]

    @property
    def dimension_labels(self) -> list[tuple[str, str]]:
        return [(value, Dimension(value).label) for value in self.dimensions if value in Dimension.values]

    @property
    def is_peak_end(self) -> bool:
        return self.weight > Decimal("1.0")


class ServiceStandard(TimeStampedModel):
    """A rule of service at one touchpoint ("greet every customer within five seconds of entering").

    The key and title are stable; what staff do and what the customer must see live in versions, so an
    inspection made against version 2 still reads version 2 after HQ has published version 3.
    """

    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.PROTECT, related_name="standards", verbose_name=_("touchpoint")
    )
    key = models.SlugField(
        _("key"), max_length=60, unique=True, help_text=_("Stable identifier, e.g. tp04-greet-on-entry.")
    )
    title_en = models.CharField(_("title (English)"), max_length=120)
    title_zh = models.CharField(_("title (Chinese)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Standards no longer in use stay for the inspections that used them.")
    )

    class Meta:
        ordering = ["touchpoint__order", "order", "pk"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def current_version(self) -> ServiceStandardVersion | None:
        """The version in force; uses prefetched `versions` when they are there."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "versions" in cache:
            return next((version for version in cache["versions"] if version.is_current), None)
        return self.versions.filter(is_current=True).first()


class ServiceStandardVersion(models.Model):
    """One immutable wording of a standard: what staff do, what the customer must see, the dimension.

    Editing a standard adds a version and moves `is_current` to it; a saved version never changes again
    (only its `is_current` flag) and is never deleted.
    """

    standard = models.ForeignKey(
        ServiceStandard, on_delete=models.PROTECT, related_name="versions", verbose_name=_("standard")
    )
    number = models.PositiveIntegerField(_("version"))
    staff_action_en = models.TextField(_("what staff do (English)"))
    staff_action_zh = models.TextField(_("what staff do (Chinese)"))
    customer_sees_en = models.TextField(_("what the customer must see (English)"))
    customer_sees_zh = models.TextField(_("what the customer must see (Chinese)"))
    dimension = models.CharField(_("experience dimension"), max_length=20, choices=Dimension.choices)
    change_note = models.CharField(_("what changed and why"), max_length=200, blank=True)
    created_by = actor_field(_("written by"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        ordering = ["standard", "-number"]
        verbose_name = _("service standard version")
        verbose_name_plural = _("service standard versions")
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="standard_version_number_unique"),
            models.UniqueConstraint(
                fields=["standard"], condition=Q(is_current=True), name="standard_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.key} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and set(kwargs.get("update_fields") or ()) != {"is_current"}:
            raise VersionIsImmutable(_("A saved standard version cannot change; write a new version instead."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise VersionIsImmutable(_("Standard versions are kept for the inspections that used them."))

    @property
    def staff_action(self) -> str:
        return in_language(self, "staff_action")

    @property
    def customer_sees(self) -> str:
        return in_language(self, "customer_sees")


class BlueprintStep(TimeStampedModel):
    """One cell of a touchpoint's service blueprint: a lane (evidence, customer, front stage, back stage,
    support) and a column (the step of the service, left to right), possibly a fail point."""

    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.PROTECT, related_name="blueprint_steps", verbose_name=_("touchpoint")
    )
    lane = models.CharField(_("lane"), max_length=20, choices=BlueprintLane.choices)
    column = models.PositiveSmallIntegerField(
        _("column"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Step 1 to 12, left to right."),
    )
    text_en = models.CharField(_("text (English)"), max_length=300)
    text_zh = models.CharField(_("text (Chinese)"), max_length=300)
    fail_point = models.BooleanField(_("fail point"), default=False, help_text=_("Where the service often breaks."))
    fail_note_en = models.CharField(_("what goes wrong (English)"), max_length=300, blank=True)
    fail_note_zh = models.CharField(_("what goes wrong (Chinese)"), max_length=300, blank=True)

    class Meta:
        ordering = ["touchpoint__order", "column", "lane"]
        verbose_name = _("blueprint step")
        verbose_name_plural = _("blueprint steps")
        constraints = [
            models.UniqueConstraint(fields=["touchpoint", "lane", "column"], name="blueprint_one_step_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.touchpoint_id} {self.lane} {self.column}"

    @property
    def text(self) -> str:
        return in_language(self, "text")

    @property
    def fail_note(self) -> str:
        return in_language(self, "fail_note")


class HallTouchpoint(ScopedTimeStampedModel):
    """Where one touchpoint lives in one hall, and whether it applies there at all.

    Rows start as defaults (the hall's first zone of the touchpoint's usual kind; self-service does not
    apply without kiosks) and follow the hall while `customised` is false; once a manager sets something
    other than the default, their choice stays. Scores never count a touchpoint that does not apply.
    """

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="touchpoint_map", verbose_name=_("hall"))
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.PROTECT, related_name="hall_maps", verbose_name=_("touchpoint")
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("zone")
    )
    applies = models.BooleanField(_("applies"), default=True)
    reason = models.CharField(
        _("reason it does not apply"), max_length=200, blank=True, help_text=_("Required when it does not apply.")
    )
    customised = models.BooleanField(
        _("set by the hall"), default=False, help_text=_("False while the row still follows the defaults.")
    )
    updated_by = actor_field(_("changed by"))

    class Meta:
        ordering = ["hall", "touchpoint__order"]
        verbose_name = _("hall touchpoint")
        verbose_name_plural = _("hall touchpoints")
        constraints = [models.UniqueConstraint(fields=["hall", "touchpoint"], name="hall_touchpoint_unique")]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.touchpoint_id}"

    @property
    def reason_display(self) -> str:
        """The reason it does not apply; the default reason when the row still follows the defaults."""
        if self.applies:
            return ""
        if self.reason:
            return self.reason
        if self.touchpoint.code == SELF_SERVICE_CODE:
            return str(_("The hall has no self-service kiosks."))
        return ""


# --- The customer's voice (docs/customer-voice.md) ---

COMPLAINTS_TOUCHPOINT_CODE = "TP15"


class DevicePress(ScopedModel):
    """One press on a counter's satisfaction device, attributed to the staff member on the published roster
    at that counter then (or to nobody, with the reason in `attribution`).

    `ticket` and `tier` come from the queue: the ticket the source named, else the ticket being served at
    that counter at that moment; both stay empty when no ticket matches.
    """

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="device_presses", verbose_name=_("hall"))
    source_event_id = models.CharField(_("source event id"), max_length=64)
    counter = models.PositiveSmallIntegerField(_("counter"))
    occurred_at = models.DateTimeField(_("pressed at"))
    service_day = models.DateField(_("day"), help_text=_("The hall's local date."))
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    ticket = models.CharField(_("ticket"), max_length=20, blank=True)
    ticket_given = models.BooleanField(_("ticket given by the device"), default=False)
    tier = models.CharField(_("customer tier"), max_length=10, choices=CustomerTier.choices, blank=True)
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="device_presses",
        verbose_name=_("staff member"),
    )
    attribution = models.CharField(_("attribution"), max_length=12, choices=Attribution.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    batch = models.ForeignKey(
        IngestBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("batch")
    )

    class Meta:
        ordering = ["hall", "occurred_at", "pk"]
        verbose_name = _("device press")
        verbose_name_plural = _("device presses")
        constraints = [
            models.UniqueConstraint(fields=["hall", "source_event_id"], name="device_press_source_id_unique"),
        ]
        indexes = [
            models.Index(fields=["hall", "service_day"], name="device_press_hall_day"),
            models.Index(fields=["staff", "occurred_at"], name="device_press_staff"),
            models.Index(fields=["received_at"], name="device_press_received"),
        ]

    def __str__(self) -> str:
        return f"{self.hall_id} {self.counter} {self.rating} {self.occurred_at:%Y-%m-%d %H:%M}"


class TicketAttribution(ScopedModel):
    """The staff member a queue ticket is attributed to (the halls app knows no staff, so this lives here):
    whoever was on the published roster at the ticket's counter when service started (else when called,
    else when served). Rebuilt with the ticket."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    ticket = models.OneToOneField(
        QueueTicket, on_delete=models.CASCADE, primary_key=True, related_name="attribution", verbose_name=_("ticket")
    )
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticket_attributions",
        verbose_name=_("staff member"),
    )
    basis = models.CharField(_("attribution"), max_length=12, choices=Attribution.choices)

    class Meta:
        verbose_name = _("ticket attribution")
        verbose_name_plural = _("ticket attributions")
        indexes = [models.Index(fields=["staff"], name="ticket_attribution_staff")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.staff_id or '-'}"


class Complaint(ScopedTimeStampedModel):
    """A customer's complaint or objection (touchpoint 15 mostly, but any touchpoint), classified by the
    service-quality gap and the fishbone root cause, with the staff member on duty at that counter and time
    (looked up from the published roster, editable), the handling steps and the outcome. Every change is
    kept in its history."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("hall"))
    channel = models.CharField(_("channel"), max_length=12, choices=ComplaintChannel.choices)
    touchpoint = models.ForeignKey(
        Touchpoint, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("touchpoint")
    )
    category = models.CharField(_("category"), max_length=12, choices=ComplaintCategory.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=ComplaintSeverity.choices, default=ComplaintSeverity.MEDIUM
    )
    quality_gap = models.CharField(_("quality gap"), max_length=20, choices=QualityGap.choices, blank=True)
    root_cause = models.CharField(_("root cause"), max_length=20, choices=RootCause.choices, blank=True)
    standard = models.ForeignKey(
        ServiceStandard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("standard broken"),
        help_text=_("When the complaint shows a service standard was broken."),
    )
    occurred_at = models.DateTimeField(_("happened at"))
    counter = models.PositiveSmallIntegerField(_("counter"), null=True, blank=True)
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("staff on duty"),
    )
    staff_basis = models.CharField(_("how the staff member was found"), max_length=12, choices=Attribution.choices)
    customer_tier = models.CharField(_("customer tier"), max_length=10, choices=CustomerTier.choices, blank=True)
    customer_ref = models.CharField(
        _("customer reference"),
        max_length=60,
        blank=True,
        help_text=_("A ticket, case or order number to find the customer again; no full personal data."),
    )
    summary = models.CharField(_("summary"), max_length=200)
    details = models.TextField(_("what the customer said"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=14, choices=ComplaintOutcome.choices, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_by = actor_field(_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["hall", "-occurred_at"], name="complaint_hall_time"),
            models.Index(fields=["staff", "occurred_at"], name="complaint_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.summary}"

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}" if self.pk else "C-new"

    @property
    def is_open(self) -> bool:
        return self.status in ComplaintStatus.active()


class ComplaintStep(TimeStampedModel):
    """One step of handling a complaint: what was done, when, by whom."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="steps", verbose_name=_("complaint")
    )
    kind = models.CharField(_("step"), max_length=14, choices=ComplaintStepKind.choices)
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)
    by = actor_field(_("by"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("complaint handling step")
        verbose_name_plural = _("complaint handling steps")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
