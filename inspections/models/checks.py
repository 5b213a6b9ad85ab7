"""Checklist templates and their immutable versions, inspections with answers and photos, scores, findings
and the corrective actions that close the loop."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ScopedTimeStampedModel, actor_field
from core.scoping import Scope
from halls.models import Hall, Region
from staffing.models import StaffMember

from .. import scoring
from ..choices import (
    ActionStatus,
    AnswerType,
    Dimension,
    Escalation,
    InspectionKind,
    InspectionStatus,
    QualityGap,
    RootCause,
    Severity,
)
from ..storage import private_storage


class VersionIsPublished(Exception):
    """Raised on any change to a published checklist version, its sections or items: inspections scored
    with it must keep meaning what they meant. Write a new version instead."""


def _template_scope_q(scope: Scope, path: str) -> Q:
    """Global templates for everyone; regional ones for people who hold a role in (or a hall of) the region."""
    regions = sorted(scope.region_ids | scope.hall_region_ids)
    return Q(**{f"{path}__isnull": True}) | Q(**{f"{path}__in": regions})


def not_secret_q(prefix: str = "") -> Q:
    """Not an unpublished mystery shop: what the hall itself may see."""
    return ~Q(**{f"{prefix}kind": InspectionKind.MYSTERY_SHOP}) | Q(**{f"{prefix}status": InspectionStatus.PUBLISHED})


def inspection_scope_q(scope: Scope, prefix: str = "") -> Q:
    """Who sees an inspection (and, through `prefix`, the rows hanging off one).

    HQ sees its regions; hall managers and inspectors see their halls' inspections, but a mystery shop only
    once it is published; whoever made the inspection (a mystery shopper, for one) sees it.
    """
    q = Q(pk__in=[])
    if scope.region_ids:
        q |= Q(**{f"{prefix}hall__region__in": sorted(scope.region_ids)})
    if scope.hall_ids:
        q |= Q(**{f"{prefix}hall__in": sorted(scope.hall_ids)}) & not_secret_q(prefix)
    if scope.user_id:
        q |= Q(**{f"{prefix}inspector_id": scope.user_id})
    return q


def complaint_finding_scope_q(scope: Scope, prefix: str = "") -> Q:
    """Findings made from a complaint (and, through `prefix`, their actions): hall-based, never secret. The
    hall's people see them in their halls, HQ in its regions."""
    where = Q(pk__in=[])
    if scope.hall_ids:
        where |= Q(**{f"{prefix}hall__in": sorted(scope.hall_ids)})
    if scope.region_ids:
        where |= Q(**{f"{prefix}hall__region__in": sorted(scope.region_ids)})
    return Q(**{f"{prefix}complaint__isnull": False}) & where


class ChecklistTemplate(ScopedTimeStampedModel):
    """A checklist HQ maintains (daily opening or closing check, 5S, patrol, mystery-shopper visit).

    Its content lives in versions; inspections are filled in with a published version. A template without a
    region is used everywhere.
    """

    scope_region_field = "region"

    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_templates",
        verbose_name=_("region"),
        help_text=_("Empty: used in every region."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return _template_scope_q(scope, "region")


class TemplateVersion(ScopedTimeStampedModel):
    """One version of a checklist: its sections and items. A draft can be edited; once published it never
    changes again (the service refuses, and so does `save`), so stored scores keep their meaning."""

    scope_region_field = "template__region"

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="versions", verbose_name=_("template")
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = actor_field(_("published by"))
    scenario = models.TextField(
        _("scenario"), blank=True, help_text=_("Mystery shops: what the shopper asks for, e.g. a family plan.")
    )
    scenario_zh = models.TextField(_("scenario (Chinese)"), blank=True)
    change_note = models.CharField(_("what changed and why"), max_length=200, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> TemplateVersion:
        instance = super().from_db(db, field_names, values)
        instance._published_in_db = instance.__dict__.get("published_at") is not None
        return instance

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return _template_scope_q(scope, "template__region")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_published_in_db", False):
            raise VersionIsPublished(_("Version %(number)s is published and cannot change.") % {"number": self.number})
        super().save(*args, **kwargs)
        self._published_in_db = self.published_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if getattr(self, "_published_in_db", False) or self.inspections.exists():
            raise VersionIsPublished(_("A published version is kept for the inspections that used it."))
        return super().delete(*args, **kwargs)


class _VersionPart(models.Model):
    """A section or item: refuses to change once its version is published."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._guard()
        return super().delete(*args, **kwargs)

    def _guard(self) -> None:
        published = TemplateVersion.objects.filter(pk=self.version_id, published_at__isnull=False).exists()
        if published:
            raise VersionIsPublished(_("This checklist version is published; write a new version to change it."))


class Section(_VersionPart):
    """A heading of a checklist version (usually one per touchpoint or hall area), in order."""

    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=120)
    title_zh = models.CharField(_("title (Chinese)"), max_length=120, blank=True)

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Item(_VersionPart):
    """One check: a touchpoint, an experience dimension, an answer type with its pass rule, a weight.

    `code` is stable across the versions of a template ("the same item" when findings recur). Pass rules:
    scale passes at `pass_threshold` (default 3); number inside [`min_value`, `max_value`]; duration at most
    `max_seconds`; text and photo are informative unless `required`. `condition_item`/`condition_value`
    show the item only when another item of the version was answered that value ("no", "3", ...).
    """

    version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("Position in the whole checklist."))
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stable across versions, e.g. P-TP05-02."))
    text = models.CharField(_("text"), max_length=300)
    text_zh = models.CharField(_("text (Chinese)"), max_length=300, blank=True)
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("What good looks like; shown on the tablet."))
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint", on_delete=models.PROTECT, related_name="checklist_items", verbose_name=_("touchpoint")
    )
    standard = models.ForeignKey(
        "touchpoints.ServiceStandardVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("service standard"),
        help_text=_("The version of the standard this item checks; it stays the same when the standard changes."),
    )
    dimension = models.CharField(_("experience dimension"), max_length=20, choices=Dimension.choices, blank=True)
    answer_type = models.CharField(_("answer type"), max_length=20, choices=AnswerType.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10"))],
    )
    critical = models.BooleanField(_("critical"), default=False, help_text=_("A failure zeroes the touchpoint."))
    required = models.BooleanField(
        _("required"), default=False, help_text=_("Text and photo items: must be given and count in the score.")
    )
    photo_required_when_failed = models.BooleanField(_("photo required when failed"), default=False)
    severity = models.CharField(
        _("severity when failed"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    pass_threshold = models.DecimalField(
        _("pass threshold"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
        help_text=_("Scale items: passes at this value or above (3 when empty)."),
    )
    min_value = models.DecimalField(_("lowest passing value"), max_digits=10, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("highest passing value"), max_digits=10, decimal_places=2, null=True, blank=True)
    max_seconds = models.PositiveIntegerField(
        _("maximum seconds"), null=True, blank=True, help_text=_("Duration items: passes at this or less.")
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    condition_item = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("shown only when item"),
    )
    condition_value = models.CharField(_("has the answer"), max_length=40, blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="item_code_unique_in_version"),
            models.UniqueConstraint(fields=["version", "order"], name="item_order_unique_in_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def label(self) -> str:
        """How error messages and findings name the item."""
        return f"{self.code} “{self.text}”"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.section_id and self.version_id and self.section.version_id != self.version_id:
            errors["section"] = _("The section belongs to another version.")
        if self.answer_type == AnswerType.NUMBER and self.min_value is None and self.max_value is None:
            errors["min_value"] = _("A number item needs a pass range: a lowest or a highest value, or both.")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("The highest passing value must not be below the lowest.")
        if self.answer_type == AnswerType.DURATION and not self.max_seconds:
            errors["max_seconds"] = _("A duration item needs a maximum in seconds.")
        if self.required and self.answer_type not in (AnswerType.TEXT, AnswerType.PHOTO):
            errors["required"] = _("Only text and photo items can be marked required; the others always count.")
        if self.condition_item_id:
            parent = self.condition_item
            if parent.version_id != self.version_id:
                errors["condition_item"] = _("The condition must be an item of the same version.")
            elif parent.order >= self.order:
                errors["condition_item"] = _("The condition must be an item that comes earlier.")
            elif not self.condition_value:
                errors["condition_value"] = _("Give the answer that shows this item.")
        if errors:
            raise ValidationError(errors)

    def rule(self) -> scoring.Item:
        """This item as the scoring module sees it (touchpoint by code: select_related it)."""
        return scoring.Item(
            id=self.pk,
            touchpoint=self.touchpoint.code,
            answer_type=self.answer_type,
            dimension=self.dimension,
            weight=self.weight,
            critical=self.critical,
            required=self.required,
            threshold=self.pass_threshold,
            minimum=self.min_value,
            maximum=Decimal(self.max_seconds) if self.answer_type == AnswerType.DURATION else self.max_value,
            condition_item=self.condition_item_id,
            condition_value=self.condition_value,
        )


class Inspection(ScopedTimeStampedModel):
    """One self-inspection, patrol or mystery-shopper visit of one hall, with its stored scores.

    Scores are computed once at submission (docs/scoring.md) and stored: `overall` 0-100, `by_touchpoint`
    keyed by touchpoint code, `by_dimension` keyed by dimension. A tablet sends a `client_uuid`: sending the
    same one again returns this inspection; `payload_hash` tells a resend from a different submission.
    """

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("hall"))
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("checklist version")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="inspections_made",
        verbose_name=_("inspector"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT
    )
    client_uuid = models.UUIDField(
        _("client UUID"), unique=True, null=True, blank=True, help_text=_("Generated by the tablet; empty for drafts.")
    )
    payload_hash = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reviewed_by = actor_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("review started"), null=True, blank=True)
    published_by = actor_field(_("published by"))
    observed_staff = models.ManyToManyField(
        StaffMember,
        blank=True,
        related_name="observed_in",
        verbose_name=_("staff observed"),
        help_text=_("Mystery shops and patrols: who served or was watched, so personal scores are fair."),
    )
    comment = models.TextField(_("general remarks"), blank=True)
    # Mystery-shop timeline, from which the waits are derived.
    arrived_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    greeted_at = models.DateTimeField(_("greeting"), null=True, blank=True)
    ticket_at = models.DateTimeField(_("ticket taken"), null=True, blank=True)
    called_at = models.DateTimeField(_("called to the counter"), null=True, blank=True)
    service_started_at = models.DateTimeField(_("service start"), null=True, blank=True)
    service_ended_at = models.DateTimeField(_("service end"), null=True, blank=True)
    left_at = models.DateTimeField(_("leaving"), null=True, blank=True)
    # Stored scores.
    overall = models.DecimalField(_("overall score"), max_digits=4, decimal_places=1, null=True, blank=True)
    by_touchpoint = models.JSONField(_("scores by touchpoint"), default=dict, blank=True)
    by_dimension = models.JSONField(_("scores by dimension"), default=dict, blank=True)
    applicable_touchpoints = models.JSONField(
        _("touchpoints that applied"), default=list, blank=True, help_text=_("Codes, as they were at submission.")
    )
    history = HistoricalRecords()

    TIMELINE = (
        "arrived_at",
        "greeted_at",
        "ticket_at",
        "called_at",
        "service_started_at",
        "service_ended_at",
        "left_at",
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [
            models.Index(fields=["hall", "submitted_at"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hall_id} {self.submitted_at or ''}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return inspection_scope_q(scope)

    def _seconds(self, start: str, end: str) -> int | None:
        first, last = getattr(self, start), getattr(self, end)
        if first is None or last is None:
            return None
        return int((last - first).total_seconds())

    @property
    def waits(self) -> dict[str, int | None]:
        """Derived waits in seconds (None where a timestamp is missing)."""
        return {
            "greeting_wait": self._seconds("arrived_at", "greeted_at"),
            "queue_wait": self._seconds("ticket_at", "called_at"),
            "service_time": self._seconds("service_started_at", "service_ended_at"),
            "visit_time": self._seconds("arrived_at", "left_at"),
        }

    @property
    def scores(self) -> dict[str, Any]:
        return {"overall": self.overall, "by_touchpoint": self.by_touchpoint, "by_dimension": self.by_dimension}


class _InspectionPart(ScopedTimeStampedModel):
    scope_hall_field = "inspection__hall"
    scope_region_field = "inspection__hall__region"

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        return inspection_scope_q(scope, "inspection__")


class Answer(_InspectionPart):
    """The answer to one item: its value (JSON, canonical for the item's type) or not applicable, a comment,
    the photos announced for it, and the score it got at submission."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="answers", verbose_name=_("inspection")
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item"))
    value = models.JSONField(_("value"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    photo_uuids = models.JSONField(
        _("photos announced"), default=list, blank=True, help_text=_("Client UUIDs of the photos sent for it.")
    )
    status = models.CharField(_("scoring state"), max_length=20, blank=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "item__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="answer_one_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


def photo_path(instance: Photo, filename: str) -> str:
    today = dt.date.today()
    return f"inspections/{today:%Y/%m}/{uuid.uuid4().hex}.jpg"


class Photo(_InspectionPart):
    """A photo taken during an inspection (or as evidence of a fix), re-encoded as JPEG without its metadata,
    kept in private storage and sent only to people who may see the inspection."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="photos", verbose_name=_("inspection")
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos", verbose_name=_("answer")
    )
    client_uuid = models.UUIDField(_("client UUID"), unique=True, null=True, blank=True)
    image = models.FileField(_("image"), storage=private_storage, upload_to=photo_path, max_length=200)
    sha256 = models.CharField(_("checksum of the upload"), max_length=64, editable=False)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("bytes stored"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_by = actor_field(_("taken by"))

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.client_uuid or self.pk}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # The hall's people and HQ see the inspection's photos (mystery shops once published); the author of a
        # visit who is not one of them (a mystery shopper) sees only the photos they took, never the hall's
        # evidence of a fix or of an appeal stored on the same inspection.
        hall_people = Scope(region_roles=scope.region_roles, hall_roles=scope.hall_roles)
        q = inspection_scope_q(hall_people, "inspection__")
        if scope.user_id:
            q |= Q(inspection__inspector_id=scope.user_id, taken_by_id=scope.user_id)
            # The owner of a corrective action (a staff member) sees the finding's photo and the fix's photo.
            owned = CorrectiveAction.objects.filter(
                Q(owner_id=scope.user_id) | Q(owner_staff__user_id=scope.user_id),
                not_secret_q("finding__inspection__"),
            )
            q |= Q(pk__in=owned.values("finding__photo")) | Q(pk__in=owned.values("evidence_photo"))
        return q


class Finding(ScopedTimeStampedModel):
    """A failed item of an inspection: where (hall, touchpoint), how bad, the photo, which service-quality gap
    it shows and its fishbone root cause. Three failures of the same item in 30 days in one hall are
    recurring."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("inspection"),
        help_text=_("Empty when the finding comes from a complaint."),
    )
    complaint = models.OneToOneField(
        "touchpoints.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="finding",
        verbose_name=_("complaint"),
        help_text=_("The complaint that showed a standard was broken."),
    )
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="findings", verbose_name=_("hall"))
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("item")
    )
    answer = models.OneToOneField(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="finding", verbose_name=_("answer")
    )
    item_code = models.SlugField(_("item code"), max_length=40, blank=True)
    touchpoint = models.ForeignKey(
        "touchpoints.Touchpoint", on_delete=models.PROTECT, related_name="findings", verbose_name=_("touchpoint")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField(_("what was found"))
    photo = models.ForeignKey(
        Photo, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("photo")
    )
    quality_gap = models.CharField(_("service-quality gap"), max_length=20, choices=QualityGap.choices, blank=True)
    root_cause = models.CharField(_("root cause"), max_length=20, choices=RootCause.choices, blank=True)
    recurring = models.BooleanField(
        _("recurring"), default=False, help_text=_("The same item failed three times in 30 days in this hall.")
    )
    found_at = models.DateTimeField(_("found"))

    class Meta:
        ordering = ["-found_at", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [
            models.Index(fields=["hall", "item_code", "found_at"]),
            models.Index(fields=["hall", "touchpoint", "found_at"]),
        ]
        constraints = [
            # From an inspection (with its item) or from a complaint, never both, never neither.
            models.CheckConstraint(
                condition=(
                    Q(inspection__isnull=False, item__isnull=False, complaint__isnull=True)
                    | Q(inspection__isnull=True, complaint__isnull=False)
                ),
                name="finding_has_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_code or self.source_label} {self.get_severity_display()}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # From an inspection: as the inspection. From a complaint: the hall's people and HQ (never secret).
        return inspection_scope_q(scope, "inspection__") | complaint_finding_scope_q(scope)

    @property
    def from_complaint(self) -> bool:
        return self.complaint_id is not None

    @property
    def source_label(self) -> str:
        """How lists name where the finding comes from: "Complaint #N" or the inspection's kind."""
        if self.complaint_id is not None:
            return _("Complaint #%(number)s") % {"number": self.complaint_id}
        return str(self.inspection.get_kind_display()) if self.inspection_id else ""


class CorrectiveAction(ScopedTimeStampedModel):
    """What the hall does about a finding (closed loop): an owner, a due date from the severity (critical 1
    day, high 3, medium 7, low 14), evidence of the fix, and an inspector's check that it held. Overdue
    actions escalate to the hall manager (level 1), then to HQ (level 2)."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("finding"))
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="corrective_actions", verbose_name=_("hall"))
    description = models.TextField(_("what to do"))
    owner = actor_field(_("owner"), related_name="corrective_actions")
    owner_staff = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrective_actions",
        verbose_name=_("owner (staff member)"),
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    evidence_text = models.TextField(_("evidence of the fix"), blank=True)
    evidence_photo = models.ForeignKey(
        Photo, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("evidence photo")
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = actor_field()
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = actor_field(_("verified by"))
    reopen_reason = models.TextField(_("why it was reopened"), blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["hall", "status"])]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.get_status_display()}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # The hall's people, not the author of the visit (a shopper sees no corrective actions); owners see theirs.
        hall_people = Scope(region_roles=scope.region_roles, hall_roles=scope.hall_roles)
        q = inspection_scope_q(hall_people, "finding__inspection__") | complaint_finding_scope_q(scope, "finding__")
        if scope.user_id:
            owns = Q(owner_id=scope.user_id) | Q(owner_staff__user_id=scope.user_id)
            q |= owns & (Q(finding__complaint__isnull=False) | not_secret_q("finding__inspection__"))
        return q

    def is_overdue(self, today: dt.date) -> bool:
        return self.status in ActionStatus.active() and self.due_date < today
