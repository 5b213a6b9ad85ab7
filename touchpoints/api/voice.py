"""The bulk API of the customer's voice: `POST /api/v1/halls/{id}/queue-events/` and `.../device-presses/`.

Up to 10,000 events a request, idempotent by the source's event id, each rejected row reported with its index
and reason; `?strict=1` stores nothing when any row is rejected. Authenticated by the hall's integration token
(`Authorization: Token hall_…` or `X-Hall-Token: hall_…`), or by a signed-in HQ user, administrator or the
hall's manager (session or personal API token), e.g. to test an integration. docs/customer-voice.md has examples.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from halls.api.authentication import HallTokenAuthentication, hall_for_ingest
from halls.choices import CustomerTier, IngestKind, IngestSource, QueueEventType
from halls.ingest import MAX_EVENTS, TooManyEvents
from halls.models import HallToken

from ..choices import Rating
from ..voice import voice_ingest

# Far more than 10,000 events need (about 2.5 MB); a bigger body is refused before it is read.
MAX_BODY_BYTES = 16 * 1024 * 1024


class QueueEventSerializer(serializers.Serializer):
    """One queue event (documentation of the request; rows are validated by halls.queue)."""

    event_id = serializers.CharField(max_length=64, help_text="The queuing system's own id of the event.")
    ticket = serializers.CharField(max_length=20, help_text="Ticket number as printed; numbers restart daily.")
    type = serializers.ChoiceField(choices=QueueEventType.choices)
    counter = serializers.IntegerField(required=False, allow_null=True, help_text="1 to the hall's counters.")
    service_type = serializers.CharField(required=False, allow_blank=True, max_length=40)
    tier = serializers.ChoiceField(choices=CustomerTier.choices, required=False, allow_blank=True)
    occurred_at = serializers.DateTimeField(help_text="ISO 8601 with its offset, e.g. 2026-03-02T09:15:00+08:00.")


class DevicePressSerializer(serializers.Serializer):
    """One satisfaction-device press (documentation of the request; rows are validated by touchpoints.voice)."""

    event_id = serializers.CharField(max_length=64)
    counter = serializers.IntegerField(help_text="1 to the hall's counters.")
    rating = serializers.ChoiceField(choices=Rating.choices)
    occurred_at = serializers.DateTimeField(help_text="ISO 8601 with its offset.")
    ticket = serializers.CharField(required=False, allow_blank=True, max_length=20)


REJECTIONS = inline_serializer(
    "IngestRejection",
    {
        "index": serializers.IntegerField(help_text="Position of the row in the request, from 0."),
        "event_id": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.CharField(), help_text="Field name to problem."),
    },
)
REPORT = inline_serializer(
    "IngestReport",
    {
        "batch": serializers.IntegerField(),
        "received": serializers.IntegerField(),
        "stored": serializers.IntegerField(),
        "duplicates": serializers.IntegerField(),
        "rejected": serializers.IntegerField(),
        "strict": serializers.BooleanField(),
        "refused": serializers.BooleanField(help_text="Strict and a row was rejected: nothing was stored."),
        "days": serializers.ListField(child=serializers.DateField(), help_text="Local days that got new events."),
        "rejections": REJECTIONS,
    },
)
STRICT = OpenApiParameter(
    "strict", bool, description="1: store nothing when any row is rejected (answers 400 with the same report)."
)


def _strict(request: Request) -> bool:
    return request.query_params.get("strict", "").strip().lower() in ("1", "true", "yes", "on")


class _IngestView(APIView):
    authentication_classes = [HallTokenAuthentication, TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    kind: str
    perm: str

    def _ingest(self, request: Request, pk: int) -> Response:
        hall = hall_for_ingest(request, pk, self.perm)
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            return Response(
                {
                    "detail": _("The request is larger than %(mb)s MB; send at most %(max)s events a request.")
                    % {"mb": MAX_BODY_BYTES // (1024 * 1024), "max": f"{MAX_EVENTS:,}"}
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        rows = request.data
        if isinstance(rows, dict):
            rows = rows.get("events")
        if not isinstance(rows, list):
            return Response(
                {"detail": _('Send a JSON array of events, or an object {"events": [...]}.')},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token = request.auth if isinstance(request.auth, HallToken) else None
        try:
            report = voice_ingest(
                hall=hall,
                kind=self.kind,
                rows=rows,
                strict=_strict(request),
                source=IngestSource.TOKEN if token else IngestSource.API,
                by=None if token else request.user,
            )
        except TooManyEvents as error:
            return Response(
                {"detail": str(error), "received": error.count, "max": MAX_EVENTS},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        return Response(report.as_dict(), status=status.HTTP_400_BAD_REQUEST if report.refused else status.HTTP_200_OK)


def _responses() -> dict[int, Any]:
    return {
        200: REPORT,
        400: OpenApiResponse(REPORT, description="Strict and a row was rejected (nothing stored), or not an array."),
        401: OpenApiResponse(description="No or an unknown token."),
        403: OpenApiResponse(description="A signed-in user who may not send for this hall."),
        404: OpenApiResponse(description="Another hall's token, or a hall outside the user's scope."),
        413: OpenApiResponse(description="More than 10,000 events, or a body over 16 MB; nothing stored."),
    }


class QueueEventsView(_IngestView):
    kind = IngestKind.QUEUE_EVENTS
    perm = "halls.add_queueevent"

    @extend_schema(
        operation_id="halls_queue_events_create",
        request=QueueEventSerializer(many=True),
        responses=_responses(),
        parameters=[STRICT],
        examples=[
            OpenApiExample(
                "Two events of one ticket",
                value=[
                    {
                        "event_id": "q-1001",
                        "ticket": "A012",
                        "type": "issued",
                        "tier": "gold",
                        "service_type": "broadband",
                        "occurred_at": "2026-03-02T09:15:00+08:00",
                    },
                    {
                        "event_id": "q-1002",
                        "ticket": "A012",
                        "type": "called",
                        "counter": 3,
                        "occurred_at": "2026-03-02T09:21:30+08:00",
                    },
                ],
                request_only=True,
            )
        ],
        tags=["customer voice"],
    )
    def post(self, request: Request, pk: int) -> Response:
        """Store a hall's queue ticket events (issued, called, service started, served, left without service)."""
        return self._ingest(request, pk)


class DevicePressesView(_IngestView):
    kind = IngestKind.DEVICE_PRESSES
    perm = "touchpoints.add_devicepress"

    @extend_schema(
        operation_id="halls_device_presses_create",
        request=DevicePressSerializer(many=True),
        responses=_responses(),
        parameters=[STRICT],
        tags=["customer voice"],
    )
    def post(self, request: Request, pk: int) -> Response:
        """Store a hall's satisfaction-device presses; each is attributed to the staff on the published roster."""
        return self._ingest(request, pk)


urlpatterns = [
    path("halls/<int:pk>/queue-events/", QueueEventsView.as_view(), name="api-hall-queue-events"),
    path("halls/<int:pk>/device-presses/", DevicePressesView.as_view(), name="api-hall-device-presses"),
]
