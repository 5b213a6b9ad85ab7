"""API views: checklists (read), inspections (submit with nested answers, idempotent by client UUID; read
back with scores), their photos (multipart, idempotent), findings and corrective actions with their steps."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api.errors import call_service
from core.api.permissions import RulesPermission

from .. import selectors, services
from ..filters import CorrectiveActionFilter, FindingFilter, InspectionFilter, TemplateFilter, VersionFilter
from ..models import CorrectiveAction, Inspection
from ..services.photos import PhotoConflict
from ..services.submission import SubmissionConflict
from .serializers import (
    ActionDoneSerializer,
    ActionReopenSerializer,
    ChecklistTemplateSerializer,
    CorrectiveActionSerializer,
    FindingClassifySerializer,
    FindingSerializer,
    InspectionDetailSerializer,
    InspectionSerializer,
    InspectionSubmitSerializer,
    PhotoSerializer,
    PhotoUploadSerializer,
    TemplateVersionDetailSerializer,
    TemplateVersionSerializer,
)

CONFLICT = OpenApiResponse(description="The client UUID was already used for different content; nothing was saved.")
FORBIDDEN = OpenApiResponse(description="The user may not do this for this hall or object; nothing was saved.")


def _conflict(error: Exception, **extra: Any) -> Response:
    return Response({"detail": str(error), **extra}, status=status.HTTP_409_CONFLICT)


class ChecklistTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist templates the user may use, with their versions; `current_version` is the one to inspect with."""

    serializer_class = ChecklistTemplateSerializer
    permission_classes = [RulesPermission]
    filterset_class = TemplateFilter

    def get_queryset(self):
        return selectors.template_list(user=self.request.user)


class TemplateVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist versions; one version's detail nests its sections and items."""

    permission_classes = [RulesPermission]
    filterset_class = VersionFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.version_detail_list(user=self.request.user)
        return selectors.version_list(user=self.request.user)

    def get_serializer_class(self):
        return TemplateVersionDetailSerializer if self.action == "retrieve" else TemplateVersionSerializer


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections the user may see (a mystery shop reaches the hall only once published)."""

    permission_classes = [RulesPermission]
    filterset_class = InspectionFilter
    ordering_fields = ["submitted_at", "overall"]
    rules_verbs = {"photos": "view"}

    def get_queryset(self):
        if self.action in ("retrieve", "create"):
            return selectors.inspection_detail_list(user=self.request.user)
        return selectors.inspection_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return InspectionSubmitSerializer
        return InspectionDetailSerializer if self.action == "retrieve" else InspectionSerializer

    @extend_schema(
        request=InspectionSubmitSerializer,
        responses={
            201: InspectionDetailSerializer,
            200: OpenApiResponse(InspectionDetailSerializer, description="A resend: the first result, unchanged."),
            400: OpenApiResponse(description="An answer is invalid; the message names the item. Nothing was saved."),
            403: FORBIDDEN,
            409: CONFLICT,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit a completed inspection. Sending the same `client_uuid` again returns the first result (200)."""
        serializer = InspectionSubmitSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            inspection, created = call_service(
                services.inspection_submit,
                passthrough=(SubmissionConflict,),
                hall=data["hall"],
                template_version=data["template_version"],
                by=request.user,
                client_uuid=data["client_uuid"],
                answers=data["answers"],
                timestamps=data.get("timestamps") or {},
                started_at=data.get("started_at"),
                comment=data.get("comment", ""),
                assignment=data.get("assignment"),
            )
        except SubmissionConflict as error:
            return _conflict(error, inspection=error.inspection.pk)
        body = InspectionDetailSerializer(
            self.get_queryset().get(pk=inspection.pk), context=self.get_serializer_context()
        )
        return Response(body.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(methods=["GET"], responses={200: PhotoSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={
            201: PhotoSerializer,
            200: OpenApiResponse(PhotoSerializer, description="A resend of the same photo: the first one."),
            400: OpenApiResponse(description="Not an image (checked by decoding it), or over 10 MB."),
            403: FORBIDDEN,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        """The inspection's photos; POST uploads one (multipart), idempotent by `client_uuid`."""
        inspection: Inspection = self.get_object()
        if request.method == "GET":
            photos = inspection.photos.order_by("pk")
            return Response(PhotoSerializer(photos, many=True).data)
        upload = PhotoUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        item = None
        if data.get("item"):
            item = inspection.template_version.items.filter(pk=data["item"]).first()
            if item is None:
                raise ValidationError(
                    {"item": _("Item %(id)s is not in this checklist version.") % {"id": data["item"]}}
                )
        try:
            photo, created = call_service(
                services.photo_upload,
                passthrough=(PhotoConflict,),
                inspection=inspection,
                by=request.user,
                upload=data["image"],
                client_uuid=data.get("client_uuid"),
                item=item,
                caption=data.get("caption", ""),
            )
        except PhotoConflict as error:
            return _conflict(error, photo=error.photo.pk)
        return Response(PhotoSerializer(photo).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PhotoViewSet(viewsets.ReadOnlyModelViewSet):
    """Photos of the inspections the user may see; `file` sends the image itself (never a public URL)."""

    serializer_class = PhotoSerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["inspection", "answer"]
    rules_verbs = {"file": "view"}

    def get_queryset(self):
        return selectors.photo_list(user=self.request.user)

    @extend_schema(responses={(200, "image/jpeg"): OpenApiResponse(description="The JPEG.")})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: str | None = None) -> FileResponse:
        photo = self.get_object()
        response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    """Failed items of inspections: touchpoint, severity, photo, gap, root cause, recurring."""

    serializer_class = FindingSerializer
    permission_classes = [RulesPermission]
    filterset_class = FindingFilter
    ordering_fields = ["found_at", "severity"]
    rules_verbs = {"classify": "classify"}

    def get_queryset(self):
        return selectors.finding_list(user=self.request.user)

    @extend_schema(request=FindingClassifySerializer, responses={200: FindingSerializer, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def classify(self, request: Request, pk: str | None = None) -> Response:
        """Record the service-quality gap and the fishbone root cause."""
        finding = self.get_object()
        body = FindingClassifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call_service(services.finding_classify, finding=finding, by=request.user, **body.validated_data)
        return Response(FindingSerializer(self.get_queryset().get(pk=finding.pk)).data)


class CorrectiveActionViewSet(viewsets.ReadOnlyModelViewSet):
    """Corrective actions (closed loop): start, done with evidence, verify by an inspector, reopen."""

    serializer_class = CorrectiveActionSerializer
    permission_classes = [RulesPermission]
    filterset_class = CorrectiveActionFilter
    ordering_fields = ["due_date", "status", "escalation_level"]
    rules_verbs = {"start": "work", "done": "work", "verify": "verify", "reopen": "verify"}

    def get_queryset(self):
        return selectors.action_list(user=self.request.user)

    def _answer(self, action: CorrectiveAction) -> Response:
        return Response(CorrectiveActionSerializer(self.get_queryset().get(pk=action.pk)).data)

    @extend_schema(request=None, responses={200: CorrectiveActionSerializer, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(call_service(services.action_start, action=self.get_object(), by=request.user))

    @extend_schema(
        request={"application/json": ActionDoneSerializer, "multipart/form-data": ActionDoneSerializer},
        responses={200: CorrectiveActionSerializer, 403: FORBIDDEN},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """Mark done with the evidence of the fix (text, and optionally a photo as multipart)."""
        action_ = self.get_object()
        body = ActionDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            call_service(
                services.action_done,
                action=action_,
                by=request.user,
                evidence_text=body.validated_data["evidence_text"],
                evidence_photo=body.validated_data.get("evidence_photo"),
            )
        )

    @extend_schema(request=None, responses={200: CorrectiveActionSerializer, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """An inspector checked on a later visit that the fix held."""
        return self._answer(call_service(services.action_verify, action=self.get_object(), by=request.user))

    @extend_schema(request=ActionReopenSerializer, responses={200: CorrectiveActionSerializer, 403: FORBIDDEN})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        action_ = self.get_object()
        body = ActionReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            call_service(services.action_reopen, action=action_, by=request.user, reason=body.validated_data["reason"])
        )


def register(router: DefaultRouter) -> None:
    router.register("checklist-templates", ChecklistTemplateViewSet, basename="checklisttemplate")
    router.register("checklist-versions", TemplateVersionViewSet, basename="templateversion")
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("photos", PhotoViewSet, basename="photo")
    router.register("findings", FindingViewSet, basename="finding")
    router.register("corrective-actions", CorrectiveActionViewSet, basename="correctiveaction")
