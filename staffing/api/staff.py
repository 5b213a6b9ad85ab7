"""API for staff members (with their roles) and leave requests (ask, decide, withdraw)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
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

from .. import selectors, services
from ..choices import WorkRole
from ..filters import LeaveRequestFilter, StaffFilter
from ..models import LeaveRequest, StaffMember
from ..rules import is_own_record


@extend_schema_field(
    {
        "type": "array",
        "minItems": 1,
        # A pattern rather than an enum: the roster API names the same choices "role", and one choice set
        # under two enum names makes the schema generator warn.
        "items": {"type": "string", "pattern": "^(" + "|".join(WorkRole.values) + ")$"},
        "description": "Work roles this person can work: " + ", ".join(WorkRole.values) + ".",
    }
)
class RolesField(serializers.ListField):
    child = serializers.ChoiceField(choices=WorkRole.choices)


class StaffSerializer(serializers.ModelSerializer):
    hall = ScopedPrimaryKeyRelatedField(queryset=Hall.objects.all())
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    roles = RolesField(allow_empty=False)
    stars = serializers.CharField(read_only=True)
    user = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text=gettext_lazy("Username of the linked account; they get the staff role for the hall."),
    )

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "hall",
            "hall_code",
            "employee_number",
            "name",
            "position",
            "roles",
            "contracted_hours_week",
            "max_hours_week",
            "star_grade",
            "stars",
            "user",
            "active",
            "left_on",
            "created_at",
            "updated_at",
        ]

    def create(self, validated_data: dict[str, Any]) -> StaffMember:
        roles = validated_data.pop("roles")
        return call_service(services.staff_create, fields=validated_data, roles=roles)

    def update(self, instance: StaffMember, validated_data: dict[str, Any]) -> StaffMember:
        roles = validated_data.pop("roles", None)
        return call_service(services.staff_update, member=instance, fields=validated_data, roles=roles)


class StaffViewSet(viewsets.ModelViewSet):
    """Staff of the halls in the user's scope. Deleting is for administrators; set `active` false instead."""

    serializer_class = StaffSerializer
    permission_classes = [RulesPermission]
    filterset_class = StaffFilter
    queryset = StaffMember.objects.none()

    def get_queryset(self):
        return selectors.staff_list(user=self.request.user)

    def perform_create(self, serializer: StaffSerializer) -> None:
        if not self.request.user.has_perm("staffing.add_staffmember", serializer.validated_data["hall"]):
            raise PermissionDenied(_("You may add staff only in halls you run."))
        serializer.save()

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        try:
            member.delete()
        except ProtectedError:
            # Incentive lines are pay history: they keep the person; mark them as left instead.
            return Response(
                {"detail": _("This person has pay on record and cannot be deleted; set them inactive instead.")},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_update(self, serializer: StaffSerializer) -> None:
        hall = serializer.validated_data.get("hall")
        if hall is not None and not self.request.user.has_perm("staffing.add_staffmember", hall):
            raise PermissionDenied(_("You may move staff only into halls you run."))
        serializer.save()


class LeaveSerializer(serializers.ModelSerializer):
    staff = ScopedPrimaryKeyRelatedField(
        queryset=StaffMember.objects.all(),
        required=False,
        help_text=gettext_lazy("Staff member id; leave it out to ask for yourself."),
    )
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    hall = serializers.IntegerField(source="staff.hall_id", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "staff",
            "staff_name",
            "hall",
            "kind",
            "first_day",
            "last_day",
            "reason",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = ["status", "decided_at", "decision_note"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("staff") is None:
            member = selectors.staff_member_of(self.context["request"].user)
            if member is None:
                raise serializers.ValidationError({"staff": _("Say whose leave this is.")})
            attrs["staff"] = member
        return attrs

    def create(self, validated_data: dict[str, Any]) -> LeaveRequest:
        return call_service(services.leave_request, **validated_data)


class LeaveDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["approve"] and not attrs["note"].strip():
            raise serializers.ValidationError({"note": _("Say why the leave is refused; the person will read it.")})
        return attrs


class LeaveRequestViewSet(viewsets.ModelViewSet):
    """Leave requests: staff see and ask for their own; managers see their halls' and decide them."""

    serializer_class = LeaveSerializer
    permission_classes = [RulesPermission]
    filterset_class = LeaveRequestFilter
    queryset = LeaveRequest.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    rules_verbs = {"decide": "decide", "cancel": None}

    def get_queryset(self):
        return selectors.leave_list(user=self.request.user)

    def perform_create(self, serializer: LeaveSerializer) -> None:
        if not self.request.user.has_perm("staffing.add_leaverequest", serializer.validated_data["staff"]):
            raise PermissionDenied()
        serializer.save()

    @extend_schema(request=LeaveDecisionSerializer, responses=LeaveSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Approve or refuse (a refusal needs a note). Approval is refused while the person has shifts inside
        the leave."""
        leave = self.get_object()
        decision = LeaveDecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        leave = call_service(
            services.leave_decide,
            leave=leave,
            approve=decision.validated_data["approve"],
            by=request.user,
            note=decision.validated_data["note"],
        )
        return Response(self.get_serializer(selectors.leave_get(user=request.user, pk=leave.pk)).data)

    @extend_schema(request=None, responses=LeaveSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw a request still waiting for a decision (the person who asked, or their manager)."""
        leave = self.get_object()
        if not is_own_record.test(request.user, leave) and not request.user.has_perm(
            "staffing.decide_leaverequest", leave
        ):
            raise PermissionDenied()
        call_service(services.leave_cancel, leave=leave)
        return Response(self.get_serializer(selectors.leave_get(user=request.user, pk=leave.pk)).data)


def register(router: DefaultRouter) -> None:
    router.register("staff", StaffViewSet, basename="staff")
    router.register("leave-requests", LeaveRequestViewSet, basename="leaverequest")


urlpatterns: list = []
