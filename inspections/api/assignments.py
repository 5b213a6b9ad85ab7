"""API of assignments and inspection plans: `assignments` (read; by default what the user has to do, `?scope=all`
or any filter for everything they may see) and `inspection-plans` (read, and update by HQ of the region).
Registered through inspections/api/urls.py AREAS."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api.errors import call_service
from core.api.permissions import RulesPermission

from .. import assignment_selectors as selectors
from ..assignment_filters import AssignmentFilter
from ..choices import AssignmentOrigin, AssignmentStatus, InspectionKind
from ..models import Assignment, InspectionPlan
from ..services import assignments as services
from .serializers import _choice_text

# Query parameters that narrow the list; any of them (or scope=all) lists everything the user may see.
FILTER_PARAMETERS = ("scope", "hall", "kind", "status", "month", "assignee", "origin", "at_peak")


class AssignmentSerializer(serializers.ModelSerializer):
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    hall_name = serializers.CharField(source="hall.name", read_only=True)
    kind = _choice_text(InspectionKind)
    status = _choice_text(AssignmentStatus)
    origin = _choice_text(AssignmentOrigin)
    template_name = serializers.CharField(source="template.name", read_only=True)
    checklist_version = serializers.SerializerMethodField(
        help_text="The published checklist version to fill in (POST it to /api/v1/inspections/ with `assignment`)."
    )
    assignee_name = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "hall",
            "hall_code",
            "hall_name",
            "kind",
            "template",
            "template_name",
            "checklist_version",
            "assignee",
            "assignee_name",
            "window_start",
            "due_at",
            "status",
            "inspection",
            "at_peak",
            "scenario",
            "origin",
            "cancel_reason",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_checklist_version(self, assignment: Assignment) -> int | None:
        versions = getattr(assignment.template, "published_versions", None)
        return versions[0].pk if versions else None

    def get_assignee_name(self, assignment: Assignment) -> str:
        user = assignment.assignee
        if user is None:
            return ""
        return user.get_full_name() or user.get_username()


@extend_schema_view(
    list=extend_schema(
        description="Assignments. Without parameters: the user's own to do (given to them, or a daily check of a "
        "hall they run or inspect). `scope=all`, or any filter, lists everything the user may see (a hall never "
        "sees its mystery-shop visits).",
    )
)
class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections somebody has to do in a hall within a window: daily checks, patrols, mystery-shop visits."""

    serializer_class = AssignmentSerializer
    permission_classes = [RulesPermission]
    filterset_class = AssignmentFilter
    ordering_fields = ["due_at", "window_start", "status"]

    def get_queryset(self):
        return (
            selectors.assignment_list(user=self.request.user)
            .select_related(None)
            .select_related("hall", "template", "assignee")
            .prefetch_related(selectors.published_versions_prefetch())
        )

    def filter_queryset(self, queryset):
        if self.action == "list" and not any(name in self.request.query_params for name in FILTER_PARAMETERS):
            queryset = queryset.filter(selectors.mine_q(self.request.user))
        return super().filter_queryset(queryset)


class InspectionPlanSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True, default=None)

    class Meta:
        model = InspectionPlan
        fields = ["id", "region", "region_code", *services.PLAN_FIELDS, "updated_at"]
        read_only_fields = ["id", "region", "region_code", "updated_at"]
        # The min <= max rule is checked by the service and answered on mystery_visits_max.
        validators: list = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        least = attrs.get("mystery_visits_min", getattr(self.instance, "mystery_visits_min", None))
        most = attrs.get("mystery_visits_max", getattr(self.instance, "mystery_visits_max", None))
        if least is not None and most is not None and least > most:
            raise serializers.ValidationError(
                {"mystery_visits_max": f"The most visits must not be fewer than the least ({least})."}
            )
        return attrs


class InspectionPlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """How often each region's halls are inspected (`region` null: the default plan, which only administrators
    change). Changes apply to assignments planned from then on."""

    serializer_class = InspectionPlanSerializer
    permission_classes = [RulesPermission]

    def get_queryset(self):
        return InspectionPlan.objects.visible_to(self.request.user).select_related("region").order_by("region__code")

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        body = self.get_serializer(plan, data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        call_service(services.plan_save, plan=plan, fields=body.validated_data, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)


def register(router: DefaultRouter) -> None:
    router.register("assignments", AssignmentViewSet, basename="assignment")
    router.register("inspection-plans", InspectionPlanViewSet, basename="inspectionplan")
