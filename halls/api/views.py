"""API viewsets for regions, halls, zones and special days, all scoped through visible_to."""

from __future__ import annotations

from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import RulesPermission
from core.scoping import get_scope

from .. import selectors
from ..filters import HallFilter, RegionFilter
from ..models import Hall, SpecialDay, Zone
from .serializers import HallSerializer, MeSerializer, RegionSerializer, SpecialDaySerializer, ZoneSerializer

IDENTITY_FIELDS = ("code", "region", "kind")


class RegionViewSet(viewsets.ModelViewSet):
    serializer_class = RegionSerializer
    permission_classes = [RulesPermission]
    filterset_class = RegionFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.region_list(user=self.request.user)


class HallViewSet(viewsets.ModelViewSet):
    serializer_class = HallSerializer
    permission_classes = [RulesPermission]
    filterset_class = HallFilter

    def get_queryset(self):
        return selectors.hall_list(user=self.request.user).prefetch_related("opening_hours")

    def perform_create(self, serializer: HallSerializer) -> None:
        if not self.request.user.has_perm("halls.add_hall", serializer.validated_data["region"]):
            raise PermissionDenied(_("You may add halls only in regions you manage."))
        serializer.save()

    def perform_update(self, serializer: HallSerializer) -> None:
        hall = serializer.instance
        changed = [
            name
            for name in IDENTITY_FIELDS
            if name in serializer.validated_data and serializer.validated_data[name] != getattr(hall, name)
        ]
        if changed and not self.request.user.has_perm("halls.change_hall_identity", hall):
            labels = ", ".join(str(Hall._meta.get_field(name).verbose_name) for name in changed)
            raise PermissionDenied(_("Only HQ can change: %(fields)s.") % {"fields": labels})
        if "region" in changed and not self.request.user.has_perm(
            "halls.add_hall", serializer.validated_data["region"]
        ):
            raise PermissionDenied(_("You may move halls only into regions you manage."))
        serializer.save()

    def destroy(self, request, *args, **kwargs):
        hall = self.get_object()
        try:
            hall.delete()
        except ProtectedError:
            # Staff, rosters and inspections belong to the hall; closing it keeps their history.
            return Response(
                {"detail": _("This hall still has staff or records; set its status to closed instead.")},
                status=409,
            )
        return Response(status=204)


class _HallChildViewSet(viewsets.ModelViewSet):
    permission_classes = [RulesPermission]
    filterset_fields = ["hall"]

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.visible_to(self.request.user).select_related("hall")

    def perform_create(self, serializer) -> None:
        hall = serializer.validated_data["hall"]
        if not self.request.user.has_perm(f"halls.add_{self.get_queryset().model._meta.model_name}", hall):
            raise PermissionDenied()
        serializer.save()

    def perform_destroy(self, instance) -> None:
        instance.delete()


class ZoneViewSet(_HallChildViewSet):
    serializer_class = ZoneSerializer
    queryset = Zone.objects.none()


class SpecialDayViewSet(_HallChildViewSet):
    serializer_class = SpecialDaySerializer
    queryset = SpecialDay.objects.none()


class MeView(APIView):
    """The signed-in user, their roles and the ids of the regions and halls those roles cover."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        scope = get_scope(request.user)
        data = {
            "id": request.user.pk,
            "username": request.user.get_username(),
            "name": request.user.get_full_name() or request.user.get_username(),
            "is_admin": scope.is_admin,
            "roles": sorted(scope.roles) if not scope.is_admin else ["admin"],
            "region_ids": sorted(scope.region_ids),
            "hall_ids": sorted(scope.hall_ids),
        }
        return Response(MeSerializer(data).data)
