"""API of the monthly sales figures: list (scoped, filtered like the HTML list) and the CSV import, with the
same validation as the upload page (400 with every row's problem; nothing is written)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.permissions import RulesPermission

from .. import selectors
from ..filters import SalesFigureFilter
from ..forms import MAX_SALES_IMPORT_BYTES
from ..kpi_models import SalesFigure
from ..sales import SalesImportError, sales_import_csv


class SalesFigureSerializer(serializers.ModelSerializer):
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    region_code = serializers.CharField(source="hall.region.code", read_only=True)
    month = serializers.DateField(format="%Y-%m", read_only=True)

    class Meta:
        model = SalesFigure
        fields = [
            "id",
            "hall",
            "hall_code",
            "region_code",
            "month",
            "new_lines",
            "new_lines_target",
            "broadband",
            "broadband_target",
            "devices",
            "devices_target",
            "updated_at",
        ]
        read_only_fields = fields


class SalesImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV with the template's header row (UTF-8 or GB18030).")

    def validate_file(self, upload: Any) -> bytes:
        if upload.size > MAX_SALES_IMPORT_BYTES:
            raise serializers.ValidationError(_("The file is larger than 2 MB; split it into several imports."))
        return upload.read()


IMPORT_RESULT = inline_serializer(
    "SalesImportResult", {"created": serializers.IntegerField(), "updated": serializers.IntegerField()}
)
IMPORT_ERRORS = inline_serializer(
    "SalesImportErrors",
    {
        "detail": serializers.CharField(),
        "errors": inline_serializer(
            "SalesImportRowError",
            {"row": serializers.IntegerField(), "column": serializers.CharField(), "message": serializers.CharField()},
            many=True,
        ),
    },
)


class SalesFigureViewSet(viewsets.ReadOnlyModelViewSet):
    """Monthly sales figures of the halls the user may see. `import` (HQ of the halls' regions) creates or
    updates figures from CSV: all rows or none."""

    serializer_class = SalesFigureSerializer
    permission_classes = [RulesPermission]
    filterset_class = SalesFigureFilter
    rules_verbs = {"import_csv": "import"}

    def get_queryset(self):
        return selectors.sales_figure_list(user=self.request.user)

    @extend_schema(
        request={"multipart/form-data": SalesImportSerializer}, responses={200: IMPORT_RESULT, 400: IMPORT_ERRORS}
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_csv(self, request: Request) -> Response:
        body = SalesImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = sales_import_csv(user=request.user, data=body.validated_data["file"])
        except SalesImportError as error:
            return Response(
                {"detail": _("Nothing was imported; correct the rows listed."), "errors": error.as_list()},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"created": result.created, "updated": result.updated})
