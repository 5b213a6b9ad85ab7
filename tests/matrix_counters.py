"""The permission matrix rows of "Assign counters" on a draft roster (page button and API action).

roster1 (hall1, draft, from tests/matrix_rosters.py) holds shift1, a counter shift without a counter: the
action gives it one. Those who run hall1 may (administrators, HQ of region A, hall1's manager); the inspector
sees no roster action (403); other halls' managers, other regions' HQ, shoppers and staff do not see the
roster (404).
"""

from __future__ import annotations

from tests.permission_matrix import Endpoint, _row

COUNTER_ASSIGNERS = _row(
    admin="ok", hq="ok", manager="ok", inspector="403", manager_other="404", hq_other="404", shopper="404", staff="404"
)

COUNTER_ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "roster assign counters",
        "post",
        lambda c: f"/rosters/{c.roster1.pk}/assign-counters/",
        COUNTER_ASSIGNERS,
        data=lambda c: {"version": c.roster1.version},
        label_path="/rosters/{id}/assign-counters/",
    ),
    Endpoint(
        "API: roster assign counters",
        "post",
        lambda c: f"/api/v1/rosters/{c.roster1.pk}/assign-counters/",
        COUNTER_ASSIGNERS,
        api=True,
        data=lambda c: {"roster_version": c.roster1.version},
        label_path="/api/v1/rosters/{id}/assign-counters/",
    ),
]
