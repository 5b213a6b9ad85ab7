"""API of incentives: schemes (read; HQ creates a version), runs (read; HQ starts, recomputes, approves, locks
and corrects), hall pools (read; the hall's manager reviews) and lines (read, staff only their own; the hall's
manager corrects hours worked). Same predicates as the pages; the arithmetic is the engine's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Max
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api.errors import call_service
from core.api.fields import ScopedPrimaryKeyRelatedField
from halls.models import Region

from .. import incentive_selectors as selectors
from ..incentive_models import SCHEME_TERMS
from ..models import HallPool, IncentiveLine, IncentiveRun, IncentiveScheme, KpiDefinition, SchemeKpi
from .views import PerformanceRulesPermission


# --- serializers -------------------------------------------------------------------------------------------
class SchemeKpiSerializer(serializers.ModelSerializer):
    kpi = serializers.SlugRelatedField(slug_field="code", queryset=KpiDefinition.objects.filter(active=True))

    class Meta:
        model = SchemeKpi
        fields = ["kpi", "weight"]


SCHEME_FIELDS = ["id", "region", "hall_kind", "version", "effective_from", "name", "note", *SCHEME_TERMS]
SCHEME_FIELDS += ["is_used", "kpis", "created_at"]


class IncentiveSchemeSerializer(serializers.ModelSerializer):
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    kpis = SchemeKpiSerializer(many=True)
    is_used = serializers.BooleanField(read_only=True)

    class Meta:
        model = IncentiveScheme
        fields = SCHEME_FIELDS
        read_only_fields = ["version", "created_at"]
        validators: list = []  # the version is the next one, taken under a lock in create()

    def validate_kpis(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise serializers.ValidationError("Give at least one KPI with its weight.")
        codes = [item["kpi"].code for item in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError("A KPI appears twice.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The model's own checks (first day of the month, floors below caps), with the page's messages.
        scheme = IncentiveScheme(**{name: value for name, value in attrs.items() if name != "kpis"})
        try:
            scheme.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> IncentiveScheme:
        kpis = validated_data.pop("kpis")
        region, kind = validated_data["region"], validated_data["hall_kind"]
        list(IncentiveScheme.objects.select_for_update().filter(region=region, hall_kind=kind))
        top = IncentiveScheme.objects.filter(region=region, hall_kind=kind).aggregate(top=Max("version"))["top"]
        scheme = IncentiveScheme(**validated_data, version=(top or 0) + 1)
        scheme.full_clean()
        scheme.save()
        SchemeKpi.objects.bulk_create([SchemeKpi(scheme=scheme, **item) for item in kpis])
        scheme.is_used = False
        return scheme


class HallPoolSerializer(serializers.ModelSerializer):
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    month = serializers.DateField(source="run.month", read_only=True)
    run_status = serializers.CharField(source="run.status", read_only=True)

    class Meta:
        model = HallPool
        fields = [
            "id",
            "run",
            "month",
            "run_status",
            "hall",
            "hall_code",
            "scheme",
            "headcount",
            "base",
            "attainment",
            "factor",
            "pool_before_gates",
            "gate_cut",
            "pool",
            "paid",
            "withheld",
            "frozen",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields


class HallPoolDetailSerializer(HallPoolSerializer):
    class Meta(HallPoolSerializer.Meta):
        fields = [*HallPoolSerializer.Meta.fields, "explanation"]
        read_only_fields = fields


class IncentiveRunSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    hall_count = serializers.IntegerField(read_only=True)
    reviewed_count = serializers.IntegerField(read_only=True)
    total_pool = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    total_paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    total_withheld = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    correction_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = IncentiveRun
        fields = [
            "id",
            "region",
            "region_code",
            "month",
            "status",
            "corrects",
            "note",
            "computed_at",
            "approved_at",
            "locked_at",
            "hall_count",
            "reviewed_count",
            "total_pool",
            "total_paid",
            "total_withheld",
            "correction_count",
        ]
        read_only_fields = fields


class RunStartSerializer(serializers.Serializer):
    region = ScopedPrimaryKeyRelatedField(queryset=Region.objects.all())
    month = serializers.DateField(help_text="Any day of the month (the first is kept).")


class ApproveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class NoteBodySerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IncentiveLineSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    hall = serializers.IntegerField(source="pool.hall_id", read_only=True)
    month = serializers.DateField(source="pool.run.month", read_only=True)
    run = serializers.IntegerField(source="pool.run_id", read_only=True)

    class Meta:
        model = IncentiveLine
        fields = [
            "id",
            "pool",
            "run",
            "month",
            "hall",
            "staff",
            "staff_name",
            "grade",
            "star_coefficient",
            "hours_rostered",
            "hours_worked",
            "hours_note",
            "mystery_score",
            "satisfaction_rate",
            "personal_factor",
            "points",
            "share",
            "cut",
            "amount",
            "previous_amount",
            "frozen",
            "frozen_reason",
            "explanation",
        ]
        read_only_fields = fields


class CorrectHoursSerializer(serializers.Serializer):
    hours_worked = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("744")
    )
    note = serializers.CharField(max_length=200, help_text="Why hours worked differ from the roster (required).")


# --- viewsets --------------------------------------------------------------------------------------------------
def _require(request: Request, perm: str, obj: Any) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


class RoleFirstMixin:
    """The role check comes before the scope, as on the pages: a role that may not read these rows at all gets
    403 on the list and on a detail alike (then visible_to answers 404 outside the user's scope)."""

    role_perm = ""

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        if self.role_perm and not request.user.has_perm(self.role_perm):
            self.permission_denied(request)


def _engine() -> Any:
    from ..incentives import runs

    return runs


class IncentiveSchemeViewSet(RoleFirstMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Incentive scheme versions (HQ of the region; managers read their halls' schemes). POST creates the next
    version of a region and hall kind, with its KPI weights (by KPI code)."""

    serializer_class = IncentiveSchemeSerializer
    permission_classes = [PerformanceRulesPermission]
    role_perm = "performance.view_incentivescheme"
    filterset_fields = ["region", "hall_kind"]

    def get_queryset(self):
        return selectors.scheme_list(user=self.request.user).prefetch_related("kpis__kpi")

    def perform_create(self, serializer: IncentiveSchemeSerializer) -> None:
        _require(self.request, "performance.add_incentivescheme", serializer.validated_data["region"])
        serializer.save(created_by=self.request.user)


class IncentiveRunViewSet(RoleFirstMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly incentive runs of the user's regions (HQ). POST starts the month's run of a region (computed in
    the background); recompute, approve (with a reason when halls are not reviewed), lock and correct."""

    serializer_class = IncentiveRunSerializer
    permission_classes = [PerformanceRulesPermission]
    role_perm = "performance.view_incentiverun"
    filterset_fields = ["region", "month", "status"]
    rules_verbs = {"recompute": "manage", "approve": "manage", "lock": "manage", "correct": "manage"}

    def get_queryset(self):
        return selectors.run_list(user=self.request.user)

    def _body(self, run: IncentiveRun, code: int = status.HTTP_200_OK) -> Response:
        return Response(IncentiveRunSerializer(self.get_queryset().get(pk=run.pk)).data, status=code)

    @extend_schema(request=RunStartSerializer, responses={201: IncentiveRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = RunStartSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        region = body.validated_data["region"]
        _require(request, "performance.add_incentiverun", region)
        run = call_service(_engine().start_run, region=region, month=body.validated_data["month"], by=request.user)
        return self._body(run, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: IncentiveRunSerializer})
    @action(detail=True, methods=["post"])
    def recompute(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        call_service(_engine().compute_run, run=run, by=request.user)
        return self._body(run)

    @extend_schema(request=ApproveSerializer, responses={200: IncentiveRunSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(_engine().approve_run, run=run, by=request.user, reason=body.validated_data["reason"])
        return self._body(run)

    @extend_schema(request=None, responses={200: IncentiveRunSerializer})
    @action(detail=True, methods=["post"])
    def lock(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        call_service(_engine().lock_run, run=run, by=request.user)
        return self._body(run)

    @extend_schema(request=NoteBodySerializer, responses={201: IncentiveRunSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        body = NoteBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = body.validated_data["note"]
        correction = call_service(_engine().start_correction, run=run, by=request.user, note=note)
        return self._body(correction, status.HTTP_201_CREATED)


class HallPoolViewSet(RoleFirstMixin, viewsets.ReadOnlyModelViewSet):
    """Hall pools of the halls the user runs (managers) or of their regions (HQ); the detail carries the
    explanation ("why is the pool this much"). The hall's manager marks a draft pool reviewed."""

    permission_classes = [PerformanceRulesPermission]
    role_perm = "performance.view_hallpool"
    filterset_fields = ["run", "hall"]
    rules_verbs = {"review": "review"}

    def get_queryset(self):
        return selectors.pool_list(user=self.request.user)

    def get_serializer_class(self):
        return HallPoolDetailSerializer if self.action == "retrieve" else HallPoolSerializer

    @extend_schema(request=NoteBodySerializer, responses={200: HallPoolSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        pool = self.get_object()
        body = NoteBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pool = call_service(_engine().review_pool, pool=pool, by=request.user, note=body.validated_data["note"])
        return Response(HallPoolSerializer(self.get_queryset().get(pk=pool.pk)).data)


class IncentiveLineViewSet(RoleFirstMixin, viewsets.ReadOnlyModelViewSet):
    """Incentive lines: a staff member sees only their own; managers their halls', HQ their regions'. The
    hall's manager corrects hours worked on a draft run (with the reason); the hall is recomputed."""

    serializer_class = IncentiveLineSerializer
    permission_classes = [PerformanceRulesPermission]
    role_perm = "performance.view_incentiveline"
    filterset_fields = ["pool", "staff", "frozen"]
    rules_verbs = {"correct_hours": "correct"}

    def get_queryset(self):
        return selectors.line_list(user=self.request.user)

    @extend_schema(request=CorrectHoursSerializer, responses={200: IncentiveLineSerializer})
    @action(detail=True, methods=["post"], url_path="correct-hours")
    def correct_hours(self, request: Request, pk: str | None = None) -> Response:
        line = self.get_object()
        body = CorrectHoursSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        line = call_service(
            _engine().correct_hours,
            line=line,
            hours_worked=body.validated_data["hours_worked"],
            note=body.validated_data["note"],
            by=request.user,
        )
        return Response(IncentiveLineSerializer(self.get_queryset().get(pk=line.pk)).data)


def register(router: DefaultRouter) -> None:
    router.register("incentive-schemes", IncentiveSchemeViewSet, basename="incentive-scheme")
    router.register("incentive-runs", IncentiveRunViewSet, basename="incentive-run")
    router.register("incentive-pools", HallPoolViewSet, basename="incentive-pool")
    router.register("incentive-lines", IncentiveLineViewSet, basename="incentive-line")
