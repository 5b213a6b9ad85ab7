"""API for a hall's demand on a date (per 30-minute slot) and the labour rules in force in a hall."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from halls.models import Hall

from .. import selectors, services
from ..choices import Period
from ..demand import day_demand
from ..models import LabourRulesBase


class DemandSlotSerializer(serializers.Serializer):
    start = serializers.CharField(help_text=gettext_lazy("Local start of the 30-minute slot, HH:MM."))
    arrivals = serializers.FloatField(help_text=gettext_lazy("Customers expected in the slot."))
    arrivals_per_hour = serializers.FloatField()
    aht_minutes = serializers.FloatField(help_text=gettext_lazy("Mean handling time used for the slot."))
    erlang_c_staff = serializers.IntegerField(help_text=gettext_lazy("Counter staff from the Erlang C formula alone."))
    required = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=gettext_lazy("People needed per work role, after the floor roles (counter capped at the counters)."),
    )
    period = serializers.ChoiceField(choices=Period.choices)


class DayDemandSerializer(serializers.Serializer):
    hall = serializers.IntegerField()
    hall_code = serializers.CharField()
    date = serializers.DateField()
    opens = serializers.CharField(allow_null=True)
    closes = serializers.CharField(allow_null=True)
    service_level_target = serializers.FloatField(
        help_text=gettext_lazy("Share of customers to serve within the target wait, e.g. 0.8.")
    )
    target_wait_minutes = serializers.FloatField()
    source = serializers.ChoiceField(
        choices=["history", "entered", "none", "closed"],
        help_text=gettext_lazy("Where the arrivals come from: past weeks, entered by hand, none, or closed."),
    )
    slots = DemandSlotSerializer(many=True)


class DemandQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])


def _hall(request: Request, pk: int, perm: str) -> Hall:
    hall = selectors.hall_get_for_staffing(user=request.user, pk=pk)
    if not request.user.has_perm(perm, hall):
        raise PermissionDenied()
    return hall


class HallDemandView(APIView):
    """A hall's demand on one date, per 30-minute slot from opening to closing."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "date",
                OpenApiTypes.DATE,
                description="YYYY-MM-DD; the hall's today when left out.",
            )
        ],
        responses=DayDemandSerializer,
        operation_id="halls_demand_retrieve",
    )
    def get(self, request: Request, pk: int) -> Response:
        hall = _hall(request, pk, "staffing.view_demand")
        query = DemandQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        date: dt.date = query.validated_data.get("date") or hall.local_now().date()
        demand = day_demand(hall, date)
        aht = float(demand.aht_minutes)
        data: dict[str, Any] = {
            "hall": hall.pk,
            "hall_code": hall.code,
            "date": date,
            "opens": f"{demand.opens:%H:%M}" if demand.opens else None,
            "closes": f"{demand.closes:%H:%M}" if demand.closes else None,
            "service_level_target": float(demand.service_level_target),
            "target_wait_minutes": float(demand.target_wait_minutes),
            "source": demand.source,
            "slots": [
                {
                    "start": f"{slot.start:%H:%M}",
                    "arrivals": slot.arrivals,
                    "arrivals_per_hour": slot.arrivals_per_hour,
                    "aht_minutes": aht,
                    "erlang_c_staff": slot.erlang_c_staff,
                    "required": slot.required,
                    "period": slot.period,
                }
                for slot in demand.slots
            ],
        }
        return Response(DayDemandSerializer(data).data)


class LabourRulesSerializer(serializers.Serializer):
    hall = serializers.IntegerField()
    in_force = serializers.DictField(child=serializers.FloatField(), help_text=gettext_lazy("Each rule in force."))
    source = serializers.DictField(
        child=serializers.ChoiceField(choices=["hall", "region", "default"]),
        help_text=gettext_lazy("Where each rule comes from."),
    )


class HallLabourRulesView(APIView):
    """The labour rules in force in a hall: the region's, with the hall's own overrides on top."""

    @extend_schema(responses=LabourRulesSerializer, operation_id="halls_labour_rules_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        hall = _hall(request, pk, "staffing.view_labourrules")
        rules = services.effective_rules(hall)
        data = {
            "hall": hall.pk,
            "in_force": {name: float(getattr(rules, name)) for name in LabourRulesBase.FIELDS},
            "source": selectors.labour_rules_sources(hall=hall),
        }
        return Response(LabourRulesSerializer(data).data)


def register(router: DefaultRouter) -> None:
    return None


urlpatterns: list = [
    path("halls/<int:pk>/demand/", HallDemandView.as_view(), name="hall-demand"),
    path("halls/<int:pk>/labour-rules/", HallLabourRulesView.as_view(), name="hall-labour-rules"),
]
