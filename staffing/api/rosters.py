"""API for rosters and shifts: read, create, generate with the solver, publish; shift edits that check
every rule and refuse stale versions with 409."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from core.api.errors import call_service
from core.api.fields import ScopedPrimaryKeyRelatedField
from core.api.permissions import RulesPermission
from halls.models import Hall

from .. import selectors
from ..binding_text import binding_sentences
from ..choices import WorkRole
from ..models import Roster, Shift, StaffMember
from ..services import counters as counter_services
from ..services import rosters as roster_services
from ..services.rosters import ShiftInput, StaleRoster


class ViolationSerializer(serializers.Serializer):
    rule = serializers.IntegerField(help_text="The hard rule broken (1-6, docs/roster-format.md).")
    staff = serializers.CharField(help_text="The person's employee number.")
    day = serializers.IntegerField(help_text="Day of the roster, 0 being its first day.")
    message = serializers.CharField(help_text="The broken rule in the request's language, with names and dates.")
    code = serializers.CharField(help_text="What broke, e.g. rest, weekly_hours, several_shifts.")
    params = serializers.DictField(help_text="The numbers behind the message (days as day numbers).")


class UnassignedShiftSerializer(serializers.Serializer):
    shift = serializers.IntegerField()
    staff = serializers.CharField()
    day = serializers.DateField()
    start = serializers.CharField(help_text="Local time in the hall.")
    end = serializers.CharField(help_text="Local time in the hall.")


class RosterSerializer(serializers.ModelSerializer):
    hall = ScopedPrimaryKeyRelatedField(queryset=Hall.objects.all())
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    shift_count = serializers.IntegerField(read_only=True)
    solver = serializers.JSONField(source="solve_progress", read_only=True)
    binding_rules = serializers.SerializerMethodField(
        help_text="The rules that bound the last solver run, in the request's language."
    )

    class Meta:
        model = Roster
        fields = [
            "id",
            "hall",
            "hall_code",
            "start_date",
            "weeks",
            "status",
            "version",
            "published_at",
            "override_reason",
            "solve_status",
            "solver",
            "binding_rules",
            "shift_count",
        ]
        read_only_fields = ["status", "version", "published_at", "override_reason", "solve_status"]

    def get_binding_rules(self, roster: Roster) -> list[str]:
        return binding_sentences(roster.solve_progress)

    def create(self, validated_data: dict[str, Any]) -> Roster:
        return call_service(roster_services.roster_create, **validated_data)


class ShiftSerializer(serializers.ModelSerializer):
    roster = ScopedPrimaryKeyRelatedField(queryset=Roster.objects.all())
    staff = ScopedPrimaryKeyRelatedField(queryset=StaffMember.objects.all())
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    start = serializers.TimeField(write_only=True, help_text="Local time in the hall.")
    end = serializers.TimeField(write_only=True, help_text="Local time in the hall.")
    roster_version = serializers.IntegerField(
        write_only=True, help_text="The roster version the edit was based on; a stale one answers 409."
    )
    role = serializers.ChoiceField(choices=WorkRole.choices)

    class Meta:
        model = Shift
        fields = [
            "id",
            "roster",
            "staff",
            "staff_name",
            "day",
            "role",
            "starts_at",
            "ends_at",
            "counter",
            "start",
            "end",
            "roster_version",
        ]
        read_only_fields = ["starts_at", "ends_at"]
        # The service checks one-shift-a-day itself, with a message that names the person and the time.
        validators: list = []

    def _save(self, shift: Shift | None, data: dict[str, Any]) -> Shift:
        roster = data.get("roster") or shift.roster
        if shift is not None and roster.pk != shift.roster_id:
            raise serializers.ValidationError({"roster": _("A shift cannot move to another roster.")})
        tz = roster.hall.tzinfo
        values = ShiftInput(
            staff=data.get("staff") or shift.staff,
            day=data.get("day") or shift.day,
            start=data.get("start") or shift.starts_at.astimezone(tz).time(),
            end=data.get("end") or shift.ends_at.astimezone(tz).time(),
            role=data.get("role") or shift.role,
            counter=data["counter"] if "counter" in data else getattr(shift, "counter", None),
        )
        saved, violations = call_service(
            roster_services.shift_save,
            passthrough=(StaleRoster,),
            roster=roster,
            data=values,
            version=data["roster_version"],
            shift=shift,
        )
        self.context["violations"] = violations
        return saved

    def create(self, validated_data: dict[str, Any]) -> Shift:
        return self._save(None, validated_data)

    def update(self, instance: Shift, validated_data: dict[str, Any]) -> Shift:
        return self._save(instance, validated_data)


def _conflict(error: StaleRoster) -> Response:
    return Response({"detail": error.messages[0]}, status=status.HTTP_409_CONFLICT)


class RosterViewSet(viewsets.ModelViewSet):
    serializer_class = RosterSerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["hall", "status", "start_date"]
    http_method_names = ["get", "post", "head", "options", "delete"]
    rules_verbs = {"generate": "change", "publish": "publish", "violations": "view", "assign_counters": "change"}

    def get_queryset(self):
        return selectors.roster_list(user=self.request.user)

    def perform_create(self, serializer: RosterSerializer) -> None:
        if not self.request.user.has_perm("staffing.add_roster", serializer.validated_data["hall"]):
            raise PermissionDenied(_("You may create rosters only for halls you run."))
        serializer.save()

    @extend_schema(
        request=inline_serializer("RosterGenerate", {"time_limit": serializers.IntegerField(required=False)}),
        responses={202: inline_serializer("RosterGenerateQueued", {"run": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def generate(self, request: Request, pk: str | None = None) -> Response:
        """Queue the solver; poll the roster's `solve_status` and `solver` for the outcome."""
        roster = self.get_object()
        run = call_service(
            roster_services.roster_request_solve,
            roster=roster,
            by=request.user,
            time_limit=int(request.data.get("time_limit") or 30),
        )
        return Response({"run": run.pk}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=inline_serializer("RosterPublish", {"override_reason": serializers.CharField(required=False)}),
        responses={200: RosterSerializer},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        roster = self.get_object()
        call_service(
            roster_services.roster_publish,
            roster=roster,
            by=request.user,
            override_reason=str(request.data.get("override_reason", "")),
        )
        return Response(RosterSerializer(self.get_queryset().get(pk=roster.pk), context={"request": request}).data)

    @extend_schema(
        request=inline_serializer(
            "RosterAssignCounters",
            {"roster_version": serializers.IntegerField(required=False, help_text="A stale version answers 409.")},
        ),
        responses={
            200: inline_serializer(
                "RosterCountersAssigned",
                {
                    "assigned": serializers.IntegerField(),
                    "unassigned": UnassignedShiftSerializer(many=True),
                    "version": serializers.IntegerField(),
                },
            ),
            409: OpenApiResponse(description="The roster changed meanwhile."),
        },
    )
    @action(detail=True, methods=["post"], url_path="assign-counters")
    def assign_counters(self, request: Request, pk: str | None = None) -> Response:
        """Give the draft's counter shifts without a counter one (never changing a counter already set)."""
        roster = self.get_object()
        version = request.data.get("roster_version")
        if version is not None and not str(version).isdigit():
            raise serializers.ValidationError({"roster_version": _("Give the roster version as a whole number.")})
        try:
            report = call_service(
                counter_services.roster_assign_counters, passthrough=(StaleRoster,), roster=roster, version=version
            )
        except StaleRoster as error:
            return _conflict(error)
        roster.refresh_from_db(fields=["version"])
        return Response(
            {
                "assigned": len(report.assigned),
                "unassigned": [counter_services.describe_shift(shift) for shift in report.unassigned],
                "version": roster.version,
            }
        )

    @extend_schema(responses={200: ViolationSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def violations(self, request: Request, pk: str | None = None) -> Response:
        roster = self.get_object()
        found = roster_services.roster_violations(roster=roster)
        return Response(ViolationSerializer(found, many=True).data)


class ShiftViewSet(viewsets.ModelViewSet):
    serializer_class = ShiftSerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["roster", "staff", "day", "role"]

    def get_queryset(self):
        return (
            Shift.objects.visible_to(self.request.user)
            .select_related("staff", "roster__hall")
            .order_by("day", "starts_at")
        )

    def _write(self, request: Request, instance: Shift | None, partial: bool) -> Response:
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        roster = serializer.validated_data.get("roster") or instance.roster
        if not request.user.has_perm("staffing.change_roster", roster):
            raise PermissionDenied()
        try:
            shift = serializer.save()
        except StaleRoster as error:
            return _conflict(error)
        data = dict(ShiftSerializer(shift, context=self.get_serializer_context()).data)
        data["violations"] = ViolationSerializer(serializer.context.get("violations", []), many=True).data
        return Response(data, status=status.HTTP_200_OK if instance else status.HTTP_201_CREATED)

    @extend_schema(responses={201: ShiftSerializer, 409: OpenApiResponse(description="The roster changed meanwhile.")})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._write(request, None, partial=False)

    @extend_schema(responses={200: ShiftSerializer, 409: OpenApiResponse(description="The roster changed meanwhile.")})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._write(request, self.get_object(), partial=kwargs.pop("partial", False))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        shift = self.get_object()
        version = request.query_params.get("roster_version")
        try:
            roster_services.shift_delete(roster=shift.roster, shift=shift, version=version)
        except StaleRoster as error:
            return _conflict(error)
        except DjangoValidationError as error:
            return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: DefaultRouter) -> None:
    router.register("rosters", RosterViewSet, basename="roster")
    router.register("shifts", ShiftViewSet, basename="shift")


urlpatterns: list = []
