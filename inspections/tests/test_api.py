"""The inspections API reads back what was submitted: scores keyed by touchpoint code, answers, checklists
with nested sections and items; everything is in the OpenAPI schema; lists do not grow in queries."""

from __future__ import annotations

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from inspections.tests.builders import answers, failing


def api(cast, who: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.users[who])
    return client


def test_an_inspection_reads_back_with_scores_keyed_by_touchpoint_code(cast, patrol):
    body = {
        "client_uuid": str(uuid.uuid4()),
        "hall": cast.hall1.pk,
        "template_version": patrol.pk,
        "answers": answers(patrol, explained=3, **failing(patrol, "greeted")),
        "comment": "Busy Saturday",
    }
    created = api(cast, "inspector").post("/api/v1/inspections/", body, format="json").json()

    read = api(cast, "manager").get(f"/api/v1/inspections/{created['id']}/").json()

    assert read["scores"] == {
        "overall": "78.5",
        "by_touchpoint": {
            "TP04": "0.0",
            "TP05": "100.0",
            "TP07": "60.0",
            "TP09": "100.0",
            "TP11": "100.0",
            "TP16": "100.0",
        },
        "by_dimension": {
            "attention": "100.0",
            "emotion": "66.7",  # greeted failed, temperature and goodbye passed
            "knowledge": "60.0",
            "efficiency": "100.0",
        },
    }
    assert read["hall_code"] == "A001" and read["comment"] == "Busy Saturday"
    greeted = next(a for a in read["answers"] if a["item"] == patrol.items.get(code="greeted").pk)
    assert greeted["passed"] is False and greeted["touchpoint"] == "TP04" and len(greeted["photo_uuids"]) == 1


def test_findings_and_actions_are_listed_for_the_hall(cast, patrol, submit):
    submit(patrol, overrides=failing(patrol, "explained", "temperature"))
    manager = api(cast, "manager")

    findings = manager.get("/api/v1/findings/?touchpoint=TP07").json()
    actions = manager.get(f"/api/v1/corrective-actions/?hall={cast.hall1.pk}&status=open").json()

    assert [f["item_code"] for f in findings["results"]] == ["explained"]
    assert findings["results"][0]["severity"] == "high"
    assert actions["count"] == 2 and {a["owner_name"] for a in actions["results"]} == {"manager1"}


def test_a_finding_is_classified_by_gap_and_root_cause(cast, patrol, submit):
    inspection, _ = submit(patrol, overrides=failing(patrol, "explained"))
    finding = inspection.findings.get()

    response = api(cast, "manager").post(
        f"/api/v1/findings/{finding.pk}/classify/", {"quality_gap": "knowledge", "root_cause": "people"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["quality_gap"], response.json()["root_cause"]) == ("knowledge", "people")


def test_a_checklist_version_nests_its_sections_and_items(cast, patrol):
    client = api(cast, "inspector")

    templates = client.get("/api/v1/checklist-templates/").json()["results"]
    version = client.get(f"/api/v1/checklist-versions/{templates[0]['current_version']}/").json()

    assert templates[0]["kind"] == "patrol"
    assert [s["title"] for s in version["sections"]][:2] == ["Entering", "Environment"]
    first = version["sections"][0]["items"][1]
    assert (first["code"], first["touchpoint"], first["critical"]) == ("greeted", "TP04", True)
    why = version["sections"][-1]["items"][-1]
    assert why["condition_item"] == patrol.items.get(code="goodbye").pk and why["condition_value"] == "no"


def test_the_inspection_list_costs_the_same_queries_for_more_rows(cast, patrol, submit):
    client = api(cast, "hq")
    submit(patrol)
    client.get("/api/v1/inspections/")  # the user's scope is read once per user object
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/inspections/").status_code == 200
    for _ in range(5):
        submit(patrol)
    with CaptureQueriesContext(connection) as six:
        assert client.get("/api/v1/inspections/").json()["count"] == 6

    assert len(one) == len(six)


def test_every_endpoint_is_in_the_openapi_schema(cast):
    schema = api(cast, "admin").get("/api/schema/?format=json").json()

    paths = set(schema["paths"])
    for path in (
        "/api/v1/checklist-templates/",
        "/api/v1/checklist-versions/{id}/",
        "/api/v1/inspections/",
        "/api/v1/inspections/{id}/",
        "/api/v1/inspections/{id}/photos/",
        "/api/v1/photos/{id}/file/",
        "/api/v1/findings/",
        "/api/v1/findings/{id}/classify/",
        "/api/v1/corrective-actions/",
        "/api/v1/corrective-actions/{id}/done/",
        "/api/v1/corrective-actions/{id}/verify/",
        "/api/v1/corrective-actions/{id}/reopen/",
        "/api/v1/corrective-actions/{id}/start/",
    ):
        assert path in paths, path
    responses = schema["paths"]["/api/v1/inspections/"]["post"]["responses"]
    assert {"200", "201", "400", "403", "409"} <= set(responses)
