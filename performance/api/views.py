"""API of the star ladder: ladders (read), evaluations (read, run), proposals (recommend, hold, approve,
reject), mentoring pairs (read, start, sign off, end) and honours (read, award by hand)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api.errors import call_service
from core.api.permissions import RulesPermission
from staffing.services import grades as staffing_grades

from .. import selectors, services
from .serializers import (
    EvaluationDetailSerializer,
    EvaluationRunSerializer,
    EvaluationSerializer,
    GradeProposalSerializer,
    HonourSerializer,
    LadderSerializer,
    MentoringEndSerializer,
    MentoringPairSerializer,
    NoteSerializer,
)


class PerformanceRulesPermission(RulesPermission):
    """RulesPermission with the performance app's perms, also for the staffing rows it manages (pairs,
    honours): `performance.<verb>_<model>`."""

    def _perm(self, view: Any) -> str | None:
        perm = super()._perm(view)
        return None if perm is None else "performance." + perm.split(".", 1)[1]


def _require(request: Request, perm: str, obj: Any) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


class LadderViewSet(viewsets.ReadOnlyModelViewSet):
    """Star ladder versions the user may see, with their steps; the latest of a region is in force."""

    serializer_class = LadderSerializer
    permission_classes = [PerformanceRulesPermission]
    filterset_fields = ["region"]

    def get_queryset(self):
        return selectors.ladder_list(user=self.request.user)


class EvaluationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Quarterly evaluations; one evaluation's detail nests its proposals with the evidence. POST runs (or
    refreshes) the evaluation of a hall for an ended quarter: it proposes, it changes no grade."""

    permission_classes = [PerformanceRulesPermission]
    filterset_fields = ["hall", "quarter_start"]
    rules_verbs = {"create": "run"}

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.evaluation_list(user=self.request.user).prefetch_related("proposals__staff")
        return selectors.evaluation_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return EvaluationRunSerializer
        return EvaluationDetailSerializer if self.action == "retrieve" else EvaluationSerializer

    @extend_schema(request=EvaluationRunSerializer, responses={201: EvaluationDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = EvaluationRunSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        hall = serializer.validated_data["hall"]
        _require(request, "performance.run_evaluation", hall)
        evaluation = call_service(
            services.evaluation_run,
            hall=hall,
            quarter_start=serializer.validated_data["quarter_start"],
            by=request.user,
        )
        body = EvaluationDetailSerializer(self.get_queryset().get(pk=evaluation.pk))
        return Response(body.data, status=status.HTTP_201_CREATED)


class GradeProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Proposals of the evaluations; the manager recommends or holds (with a note), HQ approves (the grade
    changes and a GradeChange is written) or rejects (with a note)."""

    serializer_class = GradeProposalSerializer
    permission_classes = [PerformanceRulesPermission]
    filterset_fields = ["evaluation", "status", "change", "staff"]
    rules_verbs = {"recommend": "recommend", "hold": "recommend", "approve": "approve", "reject": "approve"}

    def get_queryset(self):
        return selectors.proposal_list(user=self.request.user).select_related("evaluation__ladder").order_by("pk")

    def _act(self, request: Request, service: Any) -> Response:
        proposal = self.get_object()
        note = NoteSerializer(data=request.data)
        note.is_valid(raise_exception=True)
        proposal = call_service(service, proposal=proposal, by=request.user, note=note.validated_data["note"])
        return Response(GradeProposalSerializer(proposal).data)

    @extend_schema(request=NoteSerializer, responses={200: GradeProposalSerializer})
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, services.proposal_recommend)

    @extend_schema(request=NoteSerializer, responses={200: GradeProposalSerializer})
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, services.proposal_hold)

    @extend_schema(request=NoteSerializer, responses={200: GradeProposalSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, services.proposal_approve)

    @extend_schema(request=NoteSerializer, responses={200: GradeProposalSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, services.proposal_reject)


class MentoringPairViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Mentoring pairs; POST starts one (the mentee's baseline is taken then)."""

    serializer_class = MentoringPairSerializer
    permission_classes = [PerformanceRulesPermission]
    filterset_fields = ["hall", "status", "mentor", "mentee"]
    rules_verbs = {"sign_off": "sign_off", "end": "end"}

    def get_queryset(self):
        return selectors.mentoring_list(user=self.request.user).order_by("pk")

    def perform_create(self, serializer: MentoringPairSerializer) -> None:
        data = serializer.validated_data
        _require(self.request, "performance.add_mentoringpair", data["mentor"].hall)
        serializer.instance = call_service(
            services.mentoring_create,
            mentor=data["mentor"],
            mentee=data["mentee"],
            goals=data["goals"],
            started_on=data["started_on"],
            ends_on=data.get("ends_on"),
            by=self.request.user,
        )

    @extend_schema(request=None, responses={200: MentoringPairSerializer})
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: str | None = None) -> Response:
        pair = call_service(staffing_grades.mentoring_sign_off, pair=self.get_object())
        return Response(MentoringPairSerializer(pair, context=self.get_serializer_context()).data)

    @extend_schema(request=MentoringEndSerializer, responses={200: MentoringPairSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        pair = self.get_object()
        body = MentoringEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pair = call_service(services.mentoring_close, pair=pair, completed=body.validated_data["completed"])
        return Response(MentoringPairSerializer(pair, context=self.get_serializer_context()).data)


class HonourViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Honours (by rule or by hand); POST awards one by hand."""

    serializer_class = HonourSerializer
    permission_classes = [PerformanceRulesPermission]
    filterset_fields = ["staff", "kind"]

    def get_queryset(self):
        return selectors.honour_list(user=self.request.user).order_by("-period_end", "pk")

    def perform_create(self, serializer: HonourSerializer) -> None:
        data = serializer.validated_data
        _require(self.request, "performance.add_honour", data["staff"].hall)
        serializer.instance = call_service(
            services.honour_award_by_hand,
            staff=data["staff"],
            kind=data["kind"],
            title=data.get("title", ""),
            period_start=data["period_start"],
            period_end=data["period_end"],
            reason=data.get("reason", ""),
            by=self.request.user,
        )


def register(router: DefaultRouter) -> None:
    router.register("star-ladders", LadderViewSet, basename="star-ladder")
    router.register("star-evaluations", EvaluationViewSet, basename="star-evaluation")
    router.register("grade-proposals", GradeProposalViewSet, basename="grade-proposal")
    router.register("mentoring-pairs", MentoringPairViewSet, basename="mentoring-pair")
    router.register("honours", HonourViewSet, basename="honour")
    from .sales import SalesFigureViewSet

    router.register("sales-figures", SalesFigureViewSet, basename="sales-figure")
