"""API of the mystery-shop review and appeals: HQ corrects answers of a visit under review, records the staff
observed and publishes it; anyone who sees a visit reads its score history; hall managers appeal a published
visit and HQ upholds (with corrected answers) or rejects. Writes go through inspections/services/reviews.py."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api.errors import call_service
from core.api.fields import ScopedPrimaryKeyRelatedField
from core.api.permissions import RulesPermission

from .. import reviews, selectors
from ..choices import InspectionKind
from ..models import Appeal, Inspection, ScoreChange
from ..services import reviews as services
from .serializers import InspectionSerializer

FORBIDDEN = OpenApiResponse(description="The user's role may not do this for this visit; nothing was saved.")
INVALID = OpenApiResponse(description="Bad input; the message names the field (or the item). Nothing was saved.")


# --- serializers ---------------------------------------------------------------------------------------------


class ScoreChangeSerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField()
    cause = serializers.CharField(read_only=True, help_text="One of: review, appeal.")
    old_value = serializers.JSONField(read_only=True)
    new_value = serializers.JSONField(read_only=True)
    old_scores = serializers.JSONField(read_only=True, help_text="{overall, by_touchpoint, by_dimension} before.")
    new_scores = serializers.JSONField(read_only=True, help_text="{overall, by_touchpoint, by_dimension} after.")

    class Meta:
        model = ScoreChange
        fields = [
            "id",
            "inspection",
            "answer",
            "item_code",
            "cause",
            "appeal",
            "reason",
            "by",
            "by_name",
            "at",
            "old_value",
            "new_value",
            "old_not_applicable",
            "new_not_applicable",
            "old_scores",
            "new_scores",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_by_name(self, change: ScoreChange) -> str:
        return "" if change.by is None else (change.by.get_full_name() or change.by.get_username())


class CorrectedAnswerSerializer(serializers.Serializer):
    answer = serializers.IntegerField(help_text="An answer id of this inspection.")
    value = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text='The corrected value, as at submission: "yes"/"no", 0-5, a number, seconds, text.',
    )
    not_applicable = serializers.BooleanField(required=False, default=False)


class CorrectionSerializer(CorrectedAnswerSerializer):
    reason = serializers.CharField(help_text="Why: kept in the score history.", allow_blank=True)


class ObservedStaffSerializer(serializers.Serializer):
    observed_staff = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, help_text="Staff member ids of the hall."
    )


class ReviewedInspectionSerializer(InspectionSerializer):
    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "reviewed_by", "reviewed_at", "published_by", "observed_staff"]
        read_only_fields = fields


class AppealSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="One of: pending, upheld, rejected.")
    hall = serializers.IntegerField(source="inspection.hall_id", read_only=True)
    answers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "inspection",
            "hall",
            "answers",
            "reason",
            "evidence_text",
            "evidence_photo",
            "status",
            "filed_by",
            "filed_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


class AppealCreateSerializer(serializers.Serializer):
    inspection = ScopedPrimaryKeyRelatedField(
        queryset=Inspection.objects.filter(kind=InspectionKind.MYSTERY_SHOP).select_related("hall"),
        help_text="A published mystery shop of your hall.",
    )
    answers = serializers.ListField(child=serializers.IntegerField(), help_text="The disputed answers' ids.")
    reason = serializers.CharField(allow_blank=True)
    evidence_text = serializers.CharField(required=False, allow_blank=True, default="")
    evidence_photo = serializers.FileField(
        required=False, allow_null=True, help_text="Optional photo (multipart), at most 10 MB."
    )


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="The hall manager reads this.")


class UpholdSerializer(DecisionSerializer):
    corrections = CorrectedAnswerSerializer(many=True, help_text="The corrected answers.")


# --- views ---------------------------------------------------------------------------------------------------


class InspectionReviewViewSet(viewsets.GenericViewSet):
    """HQ review of a mystery shop (`/inspections/{id}/...`): corrections, staff observed, publication, and
    the score history that everyone who sees the visit may read."""

    permission_classes = [RulesPermission]
    rules_verbs = {"corrections": "review", "observed_staff": "review", "publish": "publish", "score_changes": "view"}
    serializer_class = ReviewedInspectionSerializer

    def get_queryset(self):
        return selectors.inspection_list(user=self.request.user)

    def _answer(self, inspection: Inspection) -> Response:
        fresh = self.get_queryset().prefetch_related("observed_staff").get(pk=inspection.pk)
        return Response(ReviewedInspectionSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        request=CorrectionSerializer,
        responses={201: ScoreChangeSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"])
    def corrections(self, request: Request, pk: str | None = None) -> Response:
        """Correct one answer of a mystery shop under review (HQ), with a reason: the visit is re-scored and the
        change kept as a score change (returned)."""
        inspection = self.get_object()
        body = CorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = call_service(
            services.inspection_correct, inspection=inspection, by=request.user, **body.validated_data
        )
        return Response(ScoreChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ObservedStaffSerializer,
        responses={200: ReviewedInspectionSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], url_path="observed-staff")
    def observed_staff(self, request: Request, pk: str | None = None) -> Response:
        """Record which staff of the hall served the shopper or were watched (replaces the list)."""
        inspection = self.get_object()
        body = ObservedStaffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            services.inspection_observed_staff_set,
            inspection=inspection,
            by=request.user,
            staff=body.validated_data["observed_staff"],
        )
        return self._answer(inspection)

    @extend_schema(request=None, responses={200: ReviewedInspectionSerializer, 400: INVALID, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish a reviewed mystery shop to the hall (HQ); the hall's managers are told."""
        inspection = self.get_object()
        call_service(services.inspection_publish, inspection=inspection, by=request.user)
        return self._answer(inspection)

    @extend_schema(request=None, responses={200: ScoreChangeSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="score-changes")
    def score_changes(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the visit's stored scores since submission, oldest first: who, when, why, before and
        after."""
        inspection = self.get_object()
        changes = reviews.score_changes(user=request.user, inspection=inspection)
        return Response(ScoreChangeSerializer(changes, many=True).data)


class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Appeals of published mystery shops: a hall manager files one (within 7 days of publication, one pending
    at a time); HQ of the region upholds it with corrected answers or rejects it, with a reason."""

    permission_classes = [RulesPermission]
    serializer_class = AppealSerializer
    filterset_fields = ["status", "inspection"]
    rules_verbs = {"uphold": "decide", "reject": "decide"}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.action == "list":
            return reviews.appeal_list(user=self.request.user)
        return reviews.appeal_detail_list(user=self.request.user)

    def _answer(self, appeal: Appeal, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            AppealSerializer(reviews.appeal_detail_list(user=self.request.user).get(pk=appeal.pk)).data, code
        )

    @extend_schema(
        request={"application/json": AppealCreateSerializer, "multipart/form-data": AppealCreateSerializer},
        responses={201: AppealSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """File an appeal (a manager of the visit's hall): the disputed answers, a reason, evidence and optionally
        a photo (multipart)."""
        body = AppealCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        appeal = call_service(
            services.appeal_file,
            inspection=data["inspection"],
            by=request.user,
            reason=data["reason"],
            answers=data["answers"],
            evidence_text=data.get("evidence_text", ""),
            evidence_photo=data.get("evidence_photo"),
        )
        return self._answer(appeal, status.HTTP_201_CREATED)

    @extend_schema(request=UpholdSerializer, responses={200: AppealSerializer, 400: INVALID, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def uphold(self, request: Request, pk: str | None = None) -> Response:
        """Uphold (HQ): the corrected answers re-score the visit; each change is kept with the appeal."""
        appeal = self.get_object()
        body = UpholdSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(
            services.appeal_uphold,
            appeal=appeal,
            by=request.user,
            reason=body.validated_data["reason"],
            corrections=body.validated_data["corrections"],
        )
        return self._answer(appeal)

    @extend_schema(request=DecisionSerializer, responses={200: AppealSerializer, 400: INVALID, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject (HQ), with a reason: the scores stay as they are."""
        appeal = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(services.appeal_reject, appeal=appeal, by=request.user, reason=body.validated_data["reason"])
        return self._answer(appeal)


def register(router: DefaultRouter) -> None:
    router.register("appeals", AppealViewSet, basename="appeal")


# The review actions hang under /inspections/{id}/ without registering a second viewset on the "inspections"
# prefix (the router's API root would then lose its link to the inspection list).
urlpatterns = [
    path(
        "inspections/<int:pk>/corrections/",
        InspectionReviewViewSet.as_view({"post": "corrections"}),
        name="inspection-corrections",
    ),
    path(
        "inspections/<int:pk>/observed-staff/",
        InspectionReviewViewSet.as_view({"post": "observed_staff"}),
        name="inspection-observed-staff",
    ),
    path(
        "inspections/<int:pk>/publish/", InspectionReviewViewSet.as_view({"post": "publish"}), name="inspection-publish"
    ),
    path(
        "inspections/<int:pk>/score-changes/",
        InspectionReviewViewSet.as_view({"get": "score_changes"}),
        name="inspection-score-changes",
    ),
]

__all__ = ["AppealViewSet", "InspectionReviewViewSet", "register", "urlpatterns"]
