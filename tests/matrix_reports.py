"""The permission matrix rows of the touchpoint reports (docs/reports.md): a hall's scorecard with its two CSV
exports, and the region heatmap with its CSV export. Reads only; the rows of tests/matrix_inspections.py
(inspection1, a patrol of hall1, and shop1, an unpublished mystery shop) give them something to show.

The scorecard answers like every hall page: the hall's readers see it, anyone else gets 404. The heatmap is
for HQ and hall managers (a manager's holds only their own halls); inspectors, staff and shoppers get 403. A
region outside the user's scope is an invalid choice: 400, nothing shown.
"""

from __future__ import annotations

from tests.permission_matrix import HALL1_READERS, Endpoint, _row

HEATMAP_READERS = _row(
    admin="ok", hq="ok", hq_other="ok", manager="ok", manager_other="ok", inspector="403", shopper="403", staff="403"
)
REGION_A_HEATMAP = {**HEATMAP_READERS, "hq_other": "400"}

REPORT_ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "touchpoint scorecard of hall1",
        "get",
        lambda c: f"/inspections/scorecard/{c.hall1.pk}/",
        HALL1_READERS,
        label_path="/inspections/scorecard/{hall}/",
    ),
    Endpoint(
        "touchpoint scorecard of hall1, patrols only",
        "get",
        lambda c: f"/inspections/scorecard/{c.hall1.pk}/?kind=patrol",
        HALL1_READERS,
        label_path="/inspections/scorecard/{hall}/?kind=",
    ),
    Endpoint(
        "touchpoint scorecard CSV",
        "get",
        lambda c: f"/inspections/scorecard/{c.hall1.pk}/export.csv",
        HALL1_READERS,
        label_path="/inspections/scorecard/{hall}/export.csv",
    ),
    Endpoint(
        "experience dimensions CSV (the radar's numbers)",
        "get",
        lambda c: f"/inspections/scorecard/{c.hall1.pk}/dimensions.csv",
        HALL1_READERS,
        label_path="/inspections/scorecard/{hall}/dimensions.csv",
    ),
    Endpoint(
        "touchpoint heatmap (own regions or halls)",
        "get",
        lambda c: "/inspections/heatmap/",
        HEATMAP_READERS,
        label_path="/inspections/heatmap/",
    ),
    Endpoint(
        "touchpoint heatmap of region A, 90 days",
        "get",
        lambda c: f"/inspections/heatmap/?region={c.region_a.pk}&days=90&sort=weakest",
        REGION_A_HEATMAP,
        label_path="/inspections/heatmap/?region=&days=&sort=",
    ),
    Endpoint(
        "touchpoint heatmap CSV (own regions or halls)",
        "get",
        lambda c: "/inspections/heatmap/export.csv",
        HEATMAP_READERS,
        label_path="/inspections/heatmap/export.csv",
    ),
    Endpoint(
        "touchpoint heatmap CSV of region A",
        "get",
        lambda c: f"/inspections/heatmap/export.csv?region={c.region_a.pk}",
        REGION_A_HEATMAP,
        label_path="/inspections/heatmap/export.csv?region=",
    ),
]
