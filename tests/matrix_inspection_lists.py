"""The permission matrix rows of the inspection list, its exports (inspections and the issue log, CSV and
XLSX) and an inspection's PDF.

They act on the rows `inspection_setup` (tests/matrix_inspections.py) creates: `inspection1` (inspector1's
patrol of hall1) and `shop1` (shopper1's unpublished mystery shop of hall1). The lists and exports answer
200 to every inspecting role, each with their own rows (tests in inspections/tests/test_inspection_lists.py
check which); staff have no inspection access (403). Naming a hall outside the user's scope in the filter is
an invalid field (400).
"""

from __future__ import annotations

from tests.matrix_inspections import INSPECTING_ROLES, SHOP1_READERS
from tests.permission_matrix import HALL1_READERS, Endpoint

# Filtered to hall1: only those who see hall1 may name it.
HALL1_FILTER = {**INSPECTING_ROLES, "manager_other": "400", "hq_other": "400", "shopper": "400"}


INSPECTION_LIST_ENDPOINTS: list[Endpoint] = [
    Endpoint("inspection list", "get", lambda c: "/inspections/", INSPECTING_ROLES, label_path="/inspections/"),
    Endpoint(
        "inspection list filtered to hall1",
        "get",
        lambda c: f"/inspections/?hall={c.hall1.pk}",
        # The page shows the field's error (status 200); the exports refuse it (400).
        INSPECTING_ROLES,
        label_path="/inspections/?hall={id}",
    ),
    Endpoint(
        "inspection export (CSV)",
        "get",
        lambda c: "/inspections/export/inspections.csv",
        INSPECTING_ROLES,
        label_path="/inspections/export/inspections.csv",
    ),
    Endpoint(
        "inspection export (XLSX)",
        "get",
        lambda c: "/inspections/export/inspections.xlsx",
        INSPECTING_ROLES,
        label_path="/inspections/export/inspections.xlsx",
    ),
    Endpoint(
        "inspection export (CSV) filtered to hall1",
        "get",
        lambda c: f"/inspections/export/inspections.csv?hall={c.hall1.pk}",
        HALL1_FILTER,
        label_path="/inspections/export/inspections.csv?hall={id}",
    ),
    Endpoint(
        "issue log export (CSV)",
        "get",
        lambda c: "/inspections/export/findings.csv",
        INSPECTING_ROLES,
        label_path="/inspections/export/findings.csv",
    ),
    Endpoint(
        "issue log export (XLSX) filtered to hall1",
        "get",
        lambda c: f"/inspections/export/findings.xlsx?hall={c.hall1.pk}",
        HALL1_FILTER,
        label_path="/inspections/export/findings.xlsx?hall={id}",
    ),
    Endpoint(
        "inspection PDF (patrol of hall1)",
        "get",
        lambda c: f"/inspections/{c.inspection1.pk}/pdf/",
        HALL1_READERS,
        label_path="/inspections/{id}/pdf/",
    ),
    Endpoint(
        "inspection PDF (unpublished mystery shop of hall1)",
        "get",
        lambda c: f"/inspections/{c.shop1.pk}/pdf/",
        SHOP1_READERS,
        label_path="/inspections/{id}/pdf/",
    ),
]
