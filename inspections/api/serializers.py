"""API serializers of checklists, inspections (submitted with nested answers), photos, findings and
corrective actions. Writes go through inspections.services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ScopedPrimaryKeyRelatedField
from halls.models import Hall

from ..choices import InspectionKind, InspectionStatus, QualityGap, RootCause
from ..models import (
    Answer,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Inspection,
    Item,
    Photo,
    Section,
    TemplateVersion,
)


def _choice_text(choices: type, **kwargs: Any) -> serializers.CharField:
    """A read-only choice documented by its values in words, not as an enum: "kind" and "status" mean other
    things on halls and zones, and an enum shared by several components would get a generated name (and a
    warning from `check --deploy`) unless the settings named it."""
    values = ", ".join(str(value) for value in choices.values)
    return serializers.CharField(read_only=True, help_text=f"One of: {values}.", **kwargs)


# --- checklists -------------------------------------------------------------------------------------------


class ItemSerializer(serializers.ModelSerializer):
    touchpoint = serializers.CharField(source="touchpoint.code", read_only=True)
    touchpoint_name = serializers.CharField(source="touchpoint.name", read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "order",
            "code",
            "text",
            "text_zh",
            "guidance",
            "touchpoint",
            "touchpoint_name",
            "standard",
            "dimension",
            "answer_type",
            "weight",
            "critical",
            "required",
            "photo_required_when_failed",
            "severity",
            "pass_threshold",
            "min_value",
            "max_value",
            "max_seconds",
            "unit",
            "condition_item",
            "condition_value",
        ]
        read_only_fields = fields


class SectionSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "order", "title", "title_zh", "items"]
        read_only_fields = fields


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "published_at", "change_note"]
        read_only_fields = fields


class TemplateVersionSerializer(serializers.ModelSerializer):
    template_name = serializers.CharField(source="template.name", read_only=True)
    kind = _choice_text(InspectionKind, source="template.kind")

    class Meta:
        model = TemplateVersion
        fields = [
            "id",
            "template",
            "template_name",
            "kind",
            "number",
            "published_at",
            "scenario",
            "scenario_zh",
            "change_note",
        ]
        read_only_fields = fields


class TemplateVersionDetailSerializer(TemplateVersionSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(TemplateVersionSerializer.Meta):
        fields = [*TemplateVersionSerializer.Meta.fields, "sections"]
        read_only_fields = fields


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    kind = _choice_text(InspectionKind)
    versions = VersionSummarySerializer(many=True, read_only=True)
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "kind", "name", "description", "region", "active", "current_version", "versions"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_current_version(self, template: ChecklistTemplate) -> int | None:
        published = [v for v in template.versions.all() if v.published_at is not None]
        return max(published, key=lambda v: v.number).pk if published else None


# --- inspections ------------------------------------------------------------------------------------------


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="An item id of the checklist version.")
    value = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text='yes/no: "yes", "no" or "na"; scale: 0-5; number: a number; duration: seconds; text: text; '
        "photo: a list of photo client UUIDs.",
    )
    not_applicable = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.UUIDField(format="hex_verbose"),
        required=False,
        default=list,
        help_text="Client UUIDs of photos that will be uploaded to /inspections/{id}/photos/ for this answer.",
    )


class TimelineSerializer(serializers.Serializer):
    """Mystery-shop timestamps (UTC or with an offset)."""

    arrived_at = serializers.DateTimeField(required=False, allow_null=True)
    greeted_at = serializers.DateTimeField(required=False, allow_null=True)
    ticket_at = serializers.DateTimeField(required=False, allow_null=True)
    called_at = serializers.DateTimeField(required=False, allow_null=True)
    service_started_at = serializers.DateTimeField(required=False, allow_null=True)
    service_ended_at = serializers.DateTimeField(required=False, allow_null=True)
    left_at = serializers.DateTimeField(required=False, allow_null=True)


class InspectionSubmitSerializer(serializers.Serializer):
    """A completed inspection from a tablet. `client_uuid` makes it safe to send again."""

    client_uuid = serializers.UUIDField(help_text="Generated by the tablet; a resend returns the first result.")
    # Any hall by id: whether the user may inspect it is the submission's permission check (403), so that a
    # mystery shopper, who sees no hall data, can still submit a visit.
    hall = serializers.PrimaryKeyRelatedField(queryset=Hall.objects.all())
    template_version = ScopedPrimaryKeyRelatedField(queryset=TemplateVersion.objects.select_related("template"))
    started_at = serializers.DateTimeField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    timestamps = TimelineSerializer(required=False)
    answers = AnswerInputSerializer(many=True)
    assignment = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The assignment this fulfils (from /api/v1/assignments/); without it, the open assignment of "
        "this hall and kind whose window holds now, else the earliest overdue one.",
    )


class AnswerSerializer(serializers.ModelSerializer):
    touchpoint = serializers.CharField(source="item.touchpoint.code", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = [
            "id",
            "item",
            "touchpoint",
            "value",
            "not_applicable",
            "comment",
            "photo_uuids",
            "photos",
            "status",
            "score",
            "passed",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_photos(self, answer: Answer) -> list[int]:
        photos = self.context.get("photos_by_answer", {})
        return photos.get(answer.pk, [])


class ScoresSerializer(serializers.Serializer):
    overall = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    by_touchpoint = serializers.DictField(child=serializers.DecimalField(max_digits=4, decimal_places=1))
    by_dimension = serializers.DictField(child=serializers.DecimalField(max_digits=4, decimal_places=1))


class WaitsSerializer(serializers.Serializer):
    greeting_wait = serializers.IntegerField(allow_null=True, help_text="Seconds from arrival to greeting.")
    queue_wait = serializers.IntegerField(allow_null=True, help_text="Seconds from ticket to call.")
    service_time = serializers.IntegerField(allow_null=True, help_text="Seconds at the counter.")
    visit_time = serializers.IntegerField(allow_null=True, help_text="Seconds from arrival to leaving.")


class PhotoSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = [
            "id",
            "inspection",
            "answer",
            "client_uuid",
            "width",
            "height",
            "size",
            "caption",
            "created_at",
            "file",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, photo: Photo) -> str:
        return reverse("photo-file", kwargs={"pk": photo.pk})


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="A photo (JPEG, PNG, WebP...), at most 10 MB; re-encoded as JPEG.")
    client_uuid = serializers.UUIDField(required=False, allow_null=True)
    item = serializers.IntegerField(required=False, allow_null=True, help_text="Attach to this item's answer.")
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class InspectionSerializer(serializers.ModelSerializer):
    kind = _choice_text(InspectionKind)
    status = _choice_text(InspectionStatus)
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    template = serializers.IntegerField(source="template_version.template_id", read_only=True)
    inspector_name = serializers.SerializerMethodField()
    scores = ScoresSerializer(read_only=True)
    timestamps = serializers.SerializerMethodField()
    waits = WaitsSerializer(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "client_uuid",
            "hall",
            "hall_code",
            "template",
            "template_version",
            "kind",
            "status",
            "inspector",
            "inspector_name",
            "started_at",
            "submitted_at",
            "published_at",
            "comment",
            "scores",
            "timestamps",
            "waits",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_inspector_name(self, inspection: Inspection) -> str:
        return inspection.inspector.get_full_name() or inspection.inspector.get_username()

    @extend_schema_field(TimelineSerializer)
    def get_timestamps(self, inspection: Inspection) -> dict[str, Any]:
        return TimelineSerializer({name: getattr(inspection, name) for name in Inspection.TIMELINE}).data


class InspectionDetailSerializer(InspectionSerializer):
    answers = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "answers", "photos"]
        read_only_fields = fields

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, inspection: Inspection) -> list[dict[str, Any]]:
        by_answer: dict[int, list[int]] = {}
        for photo in inspection.photos.all():
            if photo.answer_id:
                by_answer.setdefault(photo.answer_id, []).append(photo.pk)
        context = {**self.context, "photos_by_answer": by_answer}
        return AnswerSerializer(inspection.answers.all(), many=True, context=context).data


# --- findings and corrective actions -------------------------------------------------------------------------


class CorrectiveActionSerializer(serializers.ModelSerializer):
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    touchpoint = serializers.CharField(source="finding.touchpoint.code", read_only=True)
    severity = serializers.CharField(source="finding.severity", read_only=True)
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "finding",
            "hall",
            "hall_code",
            "touchpoint",
            "severity",
            "description",
            "owner",
            "owner_name",
            "owner_staff",
            "due_date",
            "status",
            "evidence_text",
            "evidence_photo",
            "started_at",
            "done_at",
            "verified_at",
            "verified_by",
            "reopen_reason",
            "reopened_count",
            "escalation_level",
            "escalated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_owner_name(self, action: CorrectiveAction) -> str:
        if action.owner_staff_id:
            return action.owner_staff.name
        if action.owner_id:
            return action.owner.get_full_name() or action.owner.get_username()
        return ""


class FindingSerializer(serializers.ModelSerializer):
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    touchpoint = serializers.CharField(source="touchpoint.code", read_only=True)
    item_text = serializers.CharField(source="item.text", read_only=True, allow_null=True, default=None)
    actions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "complaint",
            "hall",
            "hall_code",
            "item",
            "item_code",
            "item_text",
            "touchpoint",
            "severity",
            "description",
            "photo",
            "quality_gap",
            "root_cause",
            "recurring",
            "found_at",
            "actions",
        ]
        read_only_fields = fields


class FindingClassifySerializer(serializers.Serializer):
    quality_gap = serializers.ChoiceField(choices=QualityGap.choices, required=False, allow_blank=True)
    root_cause = serializers.ChoiceField(choices=RootCause.choices, required=False, allow_blank=True)


class ActionDoneSerializer(serializers.Serializer):
    evidence_text = serializers.CharField(help_text="What was done to fix it.")
    evidence_photo = serializers.FileField(required=False, allow_null=True, help_text="A photo of the result.")


class ActionReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="What is still wrong.")
