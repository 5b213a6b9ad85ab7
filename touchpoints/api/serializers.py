"""API serializers for touchpoints, standards and their versions, blueprint steps and halls' maps.
Writes go through touchpoints.services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.errors import call_service
from core.api.fields import ScopedPrimaryKeyRelatedField
from halls.models import Zone

from .. import services
from ..choices import Dimension
from ..models import BlueprintStep, HallTouchpoint, ServiceStandard, ServiceStandardVersion, Touchpoint


class TouchpointSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("The name in the request's language."))
    # Plain strings in the schema: the values are the `dimension` enum of standard versions, and a second
    # enum of the same choices would get a second name.
    dimensions = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Experience dimensions: emotion, knowledge, efficiency, attention, trust, control."),
    )
    usual_zone = serializers.CharField(
        read_only=True, help_text=_("A zone kind, as in a zone's `kind`; empty means the whole hall.")
    )

    class Meta:
        model = Touchpoint
        fields = [
            "id",
            "code",
            "order",
            "name",
            "name_en",
            "name_zh",
            "core_need_en",
            "core_need_zh",
            "key_moments_en",
            "key_moments_zh",
            "dimensions",
            "usual_zone",
            "weight",
            "updated_at",
        ]
        read_only_fields = ["code", "order", "usual_zone", "weight", "updated_at"]

    def update(self, instance: Touchpoint, validated_data: dict[str, Any]) -> Touchpoint:
        return call_service(services.touchpoint_update, touchpoint=instance, fields=validated_data)


class StandardVersionSerializer(serializers.ModelSerializer):
    standard_key = serializers.CharField(source="standard.key", read_only=True)
    touchpoint = serializers.CharField(source="standard.touchpoint.code", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = ServiceStandardVersion
        fields = [
            "id",
            "standard",
            "standard_key",
            "touchpoint",
            "number",
            "is_current",
            "staff_action_en",
            "staff_action_zh",
            "customer_sees_en",
            "customer_sees_zh",
            "dimension",
            "change_note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class StandardVersionCreateSerializer(serializers.Serializer):
    """New wording for a standard; it becomes the next version and the current one."""

    staff_action_en = serializers.CharField()
    staff_action_zh = serializers.CharField()
    customer_sees_en = serializers.CharField()
    customer_sees_zh = serializers.CharField()
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    change_note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    based_on = serializers.IntegerField(
        required=False,
        help_text=_("The version number the new wording was based on; if a newer one exists the answer is 409."),
    )


class StandardSerializer(serializers.ModelSerializer):
    touchpoint = serializers.CharField(source="touchpoint.code", read_only=True)
    title = serializers.CharField(read_only=True)
    current_version = StandardVersionSerializer(read_only=True, allow_null=True)
    versions = StandardVersionSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceStandard
        fields = [
            "id",
            "key",
            "touchpoint",
            "order",
            "title",
            "title_en",
            "title_zh",
            "active",
            "current_version",
            "versions",
        ]
        read_only_fields = fields


class BlueprintStepSerializer(serializers.ModelSerializer):
    touchpoint = serializers.CharField(source="touchpoint.code", read_only=True)

    class Meta:
        model = BlueprintStep
        fields = [
            "id",
            "touchpoint",
            "column",
            "lane",
            "text_en",
            "text_zh",
            "fail_point",
            "fail_note_en",
            "fail_note_zh",
        ]
        read_only_fields = fields


class HallTouchpointSerializer(serializers.ModelSerializer):
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    touchpoint = serializers.CharField(source="touchpoint.code", read_only=True)
    touchpoint_name = serializers.CharField(source="touchpoint.name", read_only=True)
    zone = ScopedPrimaryKeyRelatedField(
        queryset=Zone.objects.all(), allow_null=True, required=False, help_text=_("One of the hall's zones, or null.")
    )
    zone_name = serializers.CharField(source="zone.name", read_only=True, default=None)
    reason_display = serializers.CharField(
        read_only=True, help_text=_("Why it does not apply, including the default reason.")
    )
    updated_by = serializers.CharField(source="updated_by.username", read_only=True, default=None)

    class Meta:
        model = HallTouchpoint
        fields = [
            "id",
            "hall",
            "hall_code",
            "touchpoint",
            "touchpoint_name",
            "zone",
            "zone_name",
            "applies",
            "reason",
            "reason_display",
            "customised",
            "updated_by",
            "updated_at",
        ]
        read_only_fields = ["hall", "customised", "updated_at"]

    def update(self, instance: HallTouchpoint, validated_data: dict[str, Any]) -> HallTouchpoint:
        by = self.context["request"].user
        return call_service(services.hall_touchpoint_update, row=instance, fields=validated_data, by=by)
