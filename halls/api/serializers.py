"""API serializers for regions, halls, zones and special days; writes go through halls.services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.errors import call_service
from core.api.fields import ScopedPrimaryKeyRelatedField

from .. import services
from ..models import Hall, OpeningHours, Region, SpecialDay, Zone


class RegionSerializer(serializers.ModelSerializer):
    hall_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "time_zone", "hall_count", "created_at", "updated_at"]

    def create(self, validated_data: dict[str, Any]) -> Region:
        return call_service(services.region_save, fields=validated_data)

    def update(self, instance: Region, validated_data: dict[str, Any]) -> Region:
        return call_service(services.region_save, fields=validated_data, region=instance)


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "closed", "opens", "closes"]
        # The hall's week is validated as a whole by the service; no per-row unique check here.
        validators: list = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("closed"):
            return {**attrs, "opens": None, "closes": None}
        opens, closes = attrs.get("opens"), attrs.get("closes")
        if opens is None or closes is None:
            raise serializers.ValidationError({"opens": _("Give opening and closing times, or set closed.")})
        if closes <= opens:
            raise serializers.ValidationError({"closes": _("Closing time must be after opening time.")})
        return attrs


class HallSerializer(serializers.ModelSerializer):
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    region_code = serializers.CharField(source="region.code", read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, required=False)

    class Meta:
        model = Hall
        fields = [
            "id",
            "code",
            "name",
            "region",
            "region_code",
            "kind",
            "status",
            "address",
            "phone",
            "time_zone",
            "counters",
            "kiosks",
            "opening_hours",
            "created_at",
            "updated_at",
        ]

    def validate_opening_hours(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.instance is None and rows and len(rows) != 7:
            raise serializers.ValidationError(_("Give all seven weekdays, or leave opening_hours out."))
        return rows

    def create(self, validated_data: dict[str, Any]) -> Hall:
        hours = validated_data.pop("opening_hours", None) or None
        return call_service(services.hall_create, fields=validated_data, hours=hours)

    def update(self, instance: Hall, validated_data: dict[str, Any]) -> Hall:
        hours = validated_data.pop("opening_hours", None)
        return call_service(services.hall_update, hall=instance, fields=validated_data, hours=hours)


class ZoneSerializer(serializers.ModelSerializer):
    hall = ScopedPrimaryKeyRelatedField(queryset=Hall.objects.all())

    class Meta:
        model = Zone
        fields = ["id", "hall", "kind", "name", "order"]

    def create(self, validated_data: dict[str, Any]) -> Zone:
        hall = validated_data.pop("hall")
        return call_service(services.zone_save, hall=hall, fields=validated_data)

    def update(self, instance: Zone, validated_data: dict[str, Any]) -> Zone:
        validated_data.pop("hall", None)
        return call_service(services.zone_save, hall=instance.hall, fields=validated_data, zone=instance)


class SpecialDaySerializer(serializers.ModelSerializer):
    hall = ScopedPrimaryKeyRelatedField(queryset=Hall.objects.all())

    class Meta:
        model = SpecialDay
        fields = ["id", "hall", "date", "closed", "opens", "closes", "reason"]

    def create(self, validated_data: dict[str, Any]) -> SpecialDay:
        hall = validated_data.pop("hall")
        return call_service(services.special_day_save, hall=hall, fields=validated_data)

    def update(self, instance: SpecialDay, validated_data: dict[str, Any]) -> SpecialDay:
        validated_data.pop("hall", None)
        return call_service(services.special_day_save, hall=instance.hall, fields=validated_data, special_day=instance)


class MeSerializer(serializers.Serializer):
    """Who the signed-in user is and where their roles apply."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    is_admin = serializers.BooleanField()
    roles = serializers.ListField(child=serializers.CharField())
    region_ids = serializers.ListField(child=serializers.IntegerField())
    hall_ids = serializers.ListField(child=serializers.IntegerField())
