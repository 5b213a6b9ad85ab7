"""Submitting an inspection costs a fixed number of queries, however many items the checklist has."""

from __future__ import annotations

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections import services
from inspections.models import Finding
from inspections.tests.builders import answers, make_version, many_items

# In the test's transaction the service's atomic block is a savepoint (2). Then: the user's scope (2: role
# assignments, their halls' regions), the client UUID, the items with their touchpoints, the hall's
# touchpoint map (2), savepoint + insert + release of the inspection and its history row (4), the answers;
# for the failures: earlier findings (recurring), the hall's manager, the findings, the actions and their
# history rows (5).
# 18 + the two of the touchpoint-score rows (delete, insert) + the look-up of the open assignment it fulfils
# (none here; when there is one, one more query marks it done: inspections/tests/test_assignments.py pins that).
SUBMIT_QUERIES = 21


def _submit_counting(cast, size: int, failures: int) -> int:
    version = make_version(items=many_items(size), name=f"Patrol of {size}")
    overrides = {f"item-{i:03d}": "no" for i in range(0, failures * 4, 4)}  # every 4th item is a yes/no
    payload = answers(version, **overrides)
    inspector = cast.users["inspector"]
    inspector.__dict__.pop("_hallops_scope", None)
    with CaptureQueriesContext(connection) as queries:
        services.inspection_submit(
            hall=cast.hall1,
            template_version=version,
            by=inspector,
            client_uuid=uuid.uuid4(),
            answers=payload,
        )
    return len(queries)


def test_an_80_item_submission_costs_the_same_queries_as_a_20_item_one(cast):
    twenty = _submit_counting(cast, 20, failures=2)
    eighty = _submit_counting(cast, 80, failures=12)

    assert Finding.objects.count() == 14
    assert twenty == eighty == SUBMIT_QUERIES
