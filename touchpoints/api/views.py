"""API viewsets for touchpoints (read, HQ edits texts, no delete), standards and their versions (read;
POST a new version), blueprint steps (read) and halls' touchpoint maps (scoped; read and update)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.errors import call_service
from core.api.permissions import RulesPermission
from halls.models import Hall

from .. import selectors, services
from ..filters import BlueprintStepFilter, HallTouchpointFilter, StandardFilter, StandardVersionFilter
from ..models import BlueprintStep, HallTouchpoint, ServiceStandard, ServiceStandardVersion, Touchpoint
from .serializers import (
    BlueprintStepSerializer,
    HallTouchpointSerializer,
    StandardSerializer,
    StandardVersionCreateSerializer,
    StandardVersionSerializer,
    TouchpointSerializer,
)

CODE_PARAMETER = OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="TP01 to TP16.")


@extend_schema_view(
    retrieve=extend_schema(parameters=[CODE_PARAMETER]),
    update=extend_schema(parameters=[CODE_PARAMETER]),
    partial_update=extend_schema(parameters=[CODE_PARAMETER]),
)
class TouchpointViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The 16 touchpoints in the customer's order. HQ may change the texts; there is no create or delete."""

    serializer_class = TouchpointSerializer
    permission_classes = [RulesPermission]
    lookup_field = "code"
    lookup_value_regex = "[Tt][Pp][0-9]{2}"
    pagination_class = None
    queryset = Touchpoint.objects.none()

    def get_queryset(self):
        return Touchpoint.objects.order_by("order")

    def get_object(self) -> Touchpoint:
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """Service standards with their current version and every earlier one (newest first)."""

    serializer_class = StandardSerializer
    permission_classes = [RulesPermission]
    filterset_class = StandardFilter
    queryset = ServiceStandard.objects.none()
    rules_verbs = {"versions": "add"}

    def get_queryset(self):
        versions = ServiceStandardVersion.objects.select_related("created_by", "standard__touchpoint")
        return (
            ServiceStandard.objects.select_related("touchpoint")
            .prefetch_related(Prefetch("versions", queryset=versions.order_by("-number")))
            .order_by("touchpoint__order", "order", "pk")
        )

    @extend_schema(
        request=StandardVersionCreateSerializer,
        responses={
            201: StandardVersionSerializer,
            400: OpenApiResponse(description="A field is missing, or the wording did not change."),
            409: OpenApiResponse(description="A newer version than `based_on` exists."),
        },
    )
    @action(detail=True, methods=["post"], url_path="versions")
    def versions(self, request: Request, pk: Any = None) -> Response:
        """Publish new wording as the standard's next version; the earlier versions stay unchanged."""
        standard = self.get_object()
        payload = StandardVersionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        based_on = data.pop("based_on", None)
        try:
            version = call_service(
                services.standard_revise,
                passthrough=(services.StandardVersionConflict,),
                standard=standard,
                version=data,
                by=request.user,
                based_on=based_on,
            )
        except services.StandardVersionConflict as conflict:
            return Response({"detail": str(conflict), "current": conflict.current}, status=status.HTTP_409_CONFLICT)
        return Response(StandardVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class StandardVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Every version of every standard. Inspections store a version's id: it never changes."""

    serializer_class = StandardVersionSerializer
    permission_classes = [RulesPermission]
    filterset_class = StandardVersionFilter
    queryset = ServiceStandardVersion.objects.none()

    def get_queryset(self):
        return selectors.standard_version_list()


class BlueprintStepViewSet(viewsets.ReadOnlyModelViewSet):
    """The steps of the touchpoints' service blueprints, by lane and column, with fail points."""

    serializer_class = BlueprintStepSerializer
    permission_classes = [RulesPermission]
    filterset_class = BlueprintStepFilter
    queryset = BlueprintStep.objects.none()

    def get_queryset(self):
        return selectors.blueprint_steps()


@extend_schema_view(
    list=extend_schema(
        description="A hall's 16 touchpoints with their zone and whether each applies. `hall` is required; "
        "rows that do not exist yet are created with the defaults.",
        parameters=[OpenApiParameter("hall", OpenApiTypes.INT, required=True, description="The hall's id.")],
    )
)
class HallTouchpointViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Halls' touchpoint maps, scoped to the halls the user sees; their managers and HQ change them."""

    serializer_class = HallTouchpointSerializer
    permission_classes = [RulesPermission]
    filterset_class = HallTouchpointFilter
    pagination_class = None
    queryset = HallTouchpoint.objects.none()

    def get_queryset(self):
        return selectors.hall_touchpoint_list(user=self.request.user)

    def filter_queryset(self, queryset):
        # The query parameters choose a hall's map; a single row is found by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        hall_id = request.query_params.get("hall", "")
        if not hall_id:
            raise ValidationError({"hall": [_("Give the hall whose touchpoint map you want: ?hall=<id>.")]})
        if hall_id.isdigit():
            hall = Hall.objects.visible_to(request.user).filter(pk=int(hall_id)).first()
            if hall is not None:
                services.hall_touchpoints(hall)
        return super().list(request, *args, **kwargs)
