"""The permission matrix rows of the hall scorecard (issue #5, KPIs): the page and its CSV for hall1.

Those who run the hall read it (hall1's manager, HQ of region A, administrators); a role that runs no hall
(inspector, mystery shopper, staff) is refused first (403); other halls' managers and other regions' HQ do not
see hall1 (404).
"""

from __future__ import annotations

from tests.permission_matrix import Endpoint, _row

SCORECARD_READERS = _row(
    admin="ok", hq="ok", manager="ok", inspector="403", manager_other="404", hq_other="404", shopper="403", staff="403"
)

KPI_ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "kpi scorecard of hall1",
        "get",
        lambda c: f"/performance/halls/{c.hall1.pk}/scorecard/?month=2026-03",
        SCORECARD_READERS,
        label_path="/performance/halls/{id}/scorecard/",
    ),
    Endpoint(
        "kpi scorecard of hall1: CSV",
        "get",
        lambda c: f"/performance/halls/{c.hall1.pk}/scorecard.csv?month=2026-03",
        SCORECARD_READERS,
        label_path="/performance/halls/{id}/scorecard.csv",
    ),
]

KPI_MODELS = ["performance.KpiDefinition", "performance.KpiTarget", "performance.SalesFigure", "performance.DailyFact"]
