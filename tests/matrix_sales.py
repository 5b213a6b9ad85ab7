"""The permission matrix rows of the monthly sales figures (issue #5, finance KPIs): the list, its CSV, the
import page, its template and the API list and import (for hall1, region A).

Those who run a hall read the figures of their halls (rows scoped by visible_to; a role that runs no hall gets
403). Only HQ (and administrators) import: a manager, inspector, shopper or staff member gets 403; HQ of
region B gets 400, because hall1 is an "unknown hall" to them and nothing is written.
"""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import Endpoint, _row

SALES_READERS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="ok", manager_other="ok", inspector="403", shopper="403", staff="403"
)
SALES_IMPORTERS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
# Importing hall1's figures: HQ of region B does not know hall1 (400, nothing written).
HALL1_SALES_IMPORTERS = {**SALES_IMPORTERS, "hq_other": "400"}


def _sales_file(c: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "hall_code,month,new_lines,new_lines_target,broadband,broadband_target,devices,devices_target\n"
        f"{c.hall1.code},2026-03,120,100,40,50,70,80\n"
    )
    return {"file": SimpleUploadedFile("sales.csv", text.encode(), content_type="text/csv")}


SALES_ENDPOINTS: list[Endpoint] = [
    Endpoint("sales figures", "get", lambda c: "/performance/sales/", SALES_READERS, label_path="/performance/sales/"),
    Endpoint(
        "sales figures: CSV",
        "get",
        lambda c: "/performance/sales.csv",
        SALES_READERS,
        label_path="/performance/sales.csv",
    ),
    Endpoint(
        "sales import form",
        "get",
        lambda c: "/performance/sales/import/",
        SALES_IMPORTERS,
        label_path="/performance/sales/import/",
    ),
    Endpoint(
        "sales import for hall1",
        "post",
        lambda c: "/performance/sales/import/",
        HALL1_SALES_IMPORTERS,
        data=_sales_file,
        label_path="/performance/sales/import/",
    ),
    Endpoint(
        "sales import template",
        "get",
        lambda c: "/performance/sales/import/template.csv",
        SALES_IMPORTERS,
        label_path="/performance/sales/import/template.csv",
    ),
    Endpoint(
        "api sales figures",
        "get",
        lambda c: "/api/v1/sales-figures/",
        SALES_READERS,
        api=True,
        label_path="/api/v1/sales-figures/",
    ),
    Endpoint(
        "api sales import for hall1",
        "post",
        lambda c: "/api/v1/sales-figures/import/",
        HALL1_SALES_IMPORTERS,
        data=_sales_file,
        api=True,
        format="multipart",
        label_path="/api/v1/sales-figures/import/",
    ),
]
