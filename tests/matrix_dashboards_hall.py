"""The permission matrix rows of the hall manager's "today" dashboard and the staff member's "me" dashboard
(issue #5, Dashboards): pages, the JSON the "today" page redraws from, and every CSV.

"Today" is for those who run the hall (hall1's manager, HQ of region A, administrators): a role that runs no
hall (inspector, mystery shopper, staff) is refused first (403); another hall's manager and another region's
HQ do not see hall1 (404). /performance/today/ lists the halls the user runs and takes a user who runs one
hall straight to it (302; region B has one hall, so HQ of region B too). "Me" is for a person with a staff
record: other roles 403, an administrator (no record) 404, as /performance/me/.
"""

from __future__ import annotations

from tests.permission_matrix import Endpoint, _row

TODAY_READERS = _row(
    admin="ok", hq="ok", manager="ok", inspector="403", manager_other="404", hq_other="404", shopper="403", staff="403"
)
TODAY_CHOOSER = _row(
    admin="ok", hq="ok", hq_other="302", manager="302", manager_other="302", inspector="403", shopper="403", staff="403"
)
ME_ONLY = {
    **{role: "403" for role in ("hq", "hq_other", "manager", "manager_other", "inspector", "shopper")},
    "admin": "404",
    "staff": "ok",
}
PANELS = ("queue", "floor", "satisfaction", "follow-up", "summary")

DASHBOARD_HALL_ENDPOINTS: list[Endpoint] = [
    Endpoint("today: choose a hall", "get", lambda c: "/performance/today/", TODAY_CHOOSER),
    Endpoint(
        "today of hall1",
        "get",
        lambda c: f"/performance/halls/{c.hall1.pk}/today/",
        TODAY_READERS,
        label_path="/performance/halls/{id}/today/",
    ),
    Endpoint(
        "today of hall1: JSON",
        "get",
        lambda c: f"/performance/halls/{c.hall1.pk}/today.json",
        TODAY_READERS,
        label_path="/performance/halls/{id}/today.json",
    ),
    *(
        Endpoint(
            f"today of hall1: {panel} CSV",
            "get",
            lambda c, panel=panel: f"/performance/halls/{c.hall1.pk}/today/{panel}.csv",
            TODAY_READERS,
            label_path=f"/performance/halls/{{id}}/today/{panel}.csv",
        )
        for panel in PANELS
    ),
    Endpoint("my dashboard", "get", lambda c: "/performance/me/dashboard/", ME_ONLY),
    Endpoint("my dashboard: scores CSV", "get", lambda c: "/performance/me/dashboard/scores.csv", ME_ONLY),
]
