"""The permission matrix rows of the regional HQ dashboard (issue #5, Dashboards): the page, its wall display
and the CSV of each panel, for region A.

HQ of region A and administrators read it; a role that is not HQ (hall managers, inspectors, shoppers, staff) is
refused first (403); HQ of region B does not see region A (404).
"""

from __future__ import annotations

from tests.permission_matrix import Endpoint, _row

REGION_DASHBOARD_READERS = _row(
    admin="ok", hq="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403", hq_other="404"
)

REGION_DASHBOARD_ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "regional dashboard of region A",
        "get",
        lambda c: f"/performance/regions/{c.region_a.pk}/dashboard/?month=2026-03",
        REGION_DASHBOARD_READERS,
        label_path="/performance/regions/{id}/dashboard/",
    ),
    Endpoint(
        "regional dashboard of region A: wall display",
        "get",
        lambda c: f"/performance/regions/{c.region_a.pk}/dashboard/big/",
        REGION_DASHBOARD_READERS,
        label_path="/performance/regions/{id}/dashboard/big/",
    ),
    *[
        Endpoint(
            f"regional dashboard of region A: {panel} CSV",
            "get",
            lambda c, panel=panel: f"/performance/regions/{c.region_a.pk}/dashboard/{panel}.csv?month=2026-03",
            REGION_DASHBOARD_READERS,
            label_path=f"/performance/regions/{{id}}/dashboard/{panel}.csv",
        )
        for panel in ("league", "trends", "wheel", "kinds", "pools", "radar")
    ],
]
