"""Complaints API (/api/v1/complaints/): read for the hall's managers and HQ (their halls, their regions),
create and update through touchpoints.complaints (the roster names the staff on duty unless `staff` is given).
List filters: hall, touchpoint (TP15), status (or "active"), severity, category, channel, after/before (days).
No delete: a complaint is kept with its history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.errors import call_service
from core.api.fields import ScopedPrimaryKeyRelatedField
from core.api.permissions import RulesPermission
from halls.models import Hall
from staffing.choices import Attribution
from staffing.models import StaffMember

from .. import complaints as services
from .. import selectors
from ..filters import ComplaintFilter
from ..models import Complaint, ServiceStandard, Touchpoint


class ComplaintSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    hall = ScopedPrimaryKeyRelatedField(queryset=Hall.objects.all())
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    touchpoint = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Touchpoint.objects.all(),
        required=False,
        help_text=gettext_lazy("TP01 to TP16; TP15 (complaints and objections) when left out."),
    )
    standard = serializers.PrimaryKeyRelatedField(
        queryset=ServiceStandard.objects.all(), required=False, allow_null=True
    )
    staff = ScopedPrimaryKeyRelatedField(
        queryset=StaffMember.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Left out: the person on the published roster at that counter and time."),
    )

    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "hall",
            "hall_code",
            "channel",
            "touchpoint",
            "category",
            "severity",
            "quality_gap",
            "root_cause",
            "standard",
            "occurred_at",
            "counter",
            "staff",
            "staff_basis",
            "customer_tier",
            "customer_ref",
            "summary",
            "details",
            "status",
            "outcome",
            "resolution",
            "resolved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["staff_basis", "resolved_at", "created_at", "updated_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["hall"].read_only = True  # a complaint stays in its hall
        return fields


def _staff_arguments(data: dict[str, Any], complaint: Complaint | None) -> dict[str, Any]:
    """As rostered unless `staff` is given (null: nobody); an update without it keeps a hand-set person."""
    if "staff" in data:
        return {"staff_from_roster": False, "staff": data.pop("staff")}
    if complaint is not None and complaint.staff_basis == Attribution.MANUAL:
        return {"staff_from_roster": False, "staff": complaint.staff}
    return {"staff_from_roster": True, "staff": None}


class ComplaintViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ComplaintSerializer
    permission_classes = [RulesPermission]
    filterset_class = ComplaintFilter
    ordering_fields = ["occurred_at", "id"]
    queryset = Complaint.objects.none()

    def get_queryset(self):
        return selectors.complaint_list(user=self.request.user).select_related("standard")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        hall = data.pop("hall")
        if not request.user.has_perm("touchpoints.add_complaint", hall):
            raise PermissionDenied(_("Only the hall's managers and HQ record its complaints."))
        staff = _staff_arguments(data, None)
        complaint = call_service(services.complaint_save, fields=data, by=request.user, hall=hall, **staff)
        return Response(self.get_serializer(self.get_queryset().get(pk=complaint.pk)).data, status=201)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complaint = self.get_object()
        body = self.get_serializer(complaint, data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        staff = _staff_arguments(data, complaint)
        call_service(services.complaint_save, fields=data, by=request.user, complaint=complaint, **staff)
        return Response(self.get_serializer(self.get_queryset().get(pk=complaint.pk)).data)
