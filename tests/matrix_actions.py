"""The permission matrix rows of the closed-loop pages: the issue log of findings, the list of corrective actions,
an action's page and its steps (start, done with evidence, verify, reopen) and classifying a finding.

They act on the rows `tests/matrix_inspections.py` sets up: `action1` (open, the action of `finding1` in
inspector1's patrol of hall1) and `action_done1` (marked done by manager1, so manager1 may not verify it).
"""

from __future__ import annotations

from tests.matrix_inspections import ACTION_READERS, CLASSIFIERS, INSPECTING_ROLES, VERIFIERS
from tests.permission_matrix import HALL1_READERS, HALL1_RUNNERS, Endpoint

ACTION_ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "issue log (findings list)",
        "get",
        lambda c: "/inspections/findings/",
        INSPECTING_ROLES,
        label_path="/inspections/findings/",
    ),
    Endpoint(
        "corrective action list",
        "get",
        lambda c: "/inspections/actions/",
        ACTION_READERS,
        label_path="/inspections/actions/",
    ),
    Endpoint(
        "corrective action page (hall1)",
        "get",
        lambda c: f"/inspections/actions/{c.action1.pk}/",
        HALL1_READERS,
        label_path="/inspections/actions/{id}/",
    ),
    Endpoint(
        "start a corrective action (page)",
        "post",
        lambda c: f"/inspections/actions/{c.action1.pk}/start/",
        HALL1_RUNNERS,
        label_path="/inspections/actions/{id}/start/",
    ),
    Endpoint(
        "mark a corrective action done with evidence (page)",
        "post",
        lambda c: f"/inspections/actions/{c.action1.pk}/done/",
        HALL1_RUNNERS,
        data=lambda c: {"evidence_text": "Consultants briefed on the family plans"},
        label_path="/inspections/actions/{id}/done/",
    ),
    Endpoint(
        "verify a corrective action (page)",
        "post",
        lambda c: f"/inspections/actions/{c.action_done1.pk}/verify/",
        VERIFIERS,
        label_path="/inspections/actions/{id}/verify/",
    ),
    Endpoint(
        "reopen a corrective action with a reason (page)",
        "post",
        lambda c: f"/inspections/actions/{c.action_done1.pk}/reopen/",
        VERIFIERS,
        data=lambda c: {"reason": "Too warm again at 15:00"},
        label_path="/inspections/actions/{id}/reopen/",
    ),
    Endpoint(
        "classify a finding: gap and root cause (page)",
        "post",
        lambda c: f"/inspections/findings/{c.finding1.pk}/classify/",
        CLASSIFIERS,
        data=lambda c: {"quality_gap": "delivery", "root_cause": "people"},
        label_path="/inspections/findings/{id}/classify/",
    ),
]
