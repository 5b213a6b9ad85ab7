"""The monthly sales import (page and API): all rows or none, row and column errors, scope hidden as "unknown
hall", created / updated counts, the KPI rebuild queued on commit, and the list page with its export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.kpi_models import DailyFact, SalesFigure
from performance.sales import SALES_COLUMNS, SalesImportError, sales_import_csv

HEADER = ",".join(SALES_COLUMNS)
MARCH = dt.date(2026, 3, 1)


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("sales.csv", content, content_type="text/csv")


def test_import_creates_and_updates_and_rebuilds_facts(cast, django_capture_on_commit_callbacks):
    SalesFigure.objects.create(hall=cast.hall1, month=MARCH, new_lines=1, new_lines_target=1)
    data = _csv("A001,2026-03,120,100,40,50,0,0", "A002,2026-04,10,20,30,40,50,60")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = sales_import_csv(user=cast.users["hq"], data=data)
    assert (result.created, result.updated) == (1, 1)
    assert len(callbacks) == 1
    march = SalesFigure.objects.get(hall=cast.hall1, month=MARCH)
    assert (march.new_lines, march.new_lines_target, march.broadband, march.devices_target) == (120, 100, 40, 0)
    # The queued task (eager in tests) rebuilt the month's first day: 120 / 100 new lines, 40 / 50 broadband,
    # and no devices fact (target 0).
    facts = {f.kpi.code: f for f in DailyFact.objects.filter(hall=cast.hall1, day=MARCH, kpi__quadrant="finance")}
    assert set(facts) == {"sales_new_lines", "sales_broadband"}
    assert (facts["sales_new_lines"].numerator, facts["sales_new_lines"].denominator) == (Decimal(120), Decimal(100))
    assert DailyFact.objects.filter(hall=cast.hall2, day=dt.date(2026, 4, 1), kpi__code="sales_devices").exists()


def test_every_problem_is_reported_and_nothing_is_written(cast):
    data = _csv(
        "A001,2026-03,1,2,3,4,5,6",  # fine
        "B001,2026-03,1,2,3,4,5,6",  # another region: unknown to hq
        "ZZZZ,2026-03,1,2,3,4,5,6",  # no such hall
        "A002,2026-13,1,2,3,4,5,6",  # bad month
        "A002,2026-05,-1,2,x,4,,6",  # negative, not a number, missing
        "A001,2026-03,7,7,7,7,7,7",  # duplicate of row 2
    )
    with pytest.raises(SalesImportError) as raised:
        sales_import_csv(user=cast.users["hq"], data=data)
    errors = raised.value.errors
    assert errors == sorted(errors)
    assert (3, "hall_code", "unknown hall “B001”") in errors
    assert (4, "hall_code", "unknown hall “ZZZZ”") in errors
    assert (5, "month", "“2026-13” is not a month: give YYYY-MM") in errors
    assert (6, "new_lines", "must not be negative") in errors
    assert (6, "broadband", "“x” is not a whole number") in errors
    assert (6, "devices", "missing: give a whole number (0 or more)") in errors
    assert (7, "month", "A001 2026-03 is also on row 2") in errors
    assert not SalesFigure.objects.exists()


def test_unknown_hall_does_not_leak_scope(cast):
    """A hall of another region and a code that does not exist read the same."""
    for code in ("B001", "NOPE"):
        with pytest.raises(SalesImportError) as raised:
            sales_import_csv(user=cast.users["hq"], data=_csv(f"{code},2026-03,1,1,1,1,1,1"))
        assert raised.value.errors == [(2, "hall_code", f"unknown hall “{code}”")]


def test_missing_columns_and_empty_file(cast):
    with pytest.raises(SalesImportError) as raised:
        sales_import_csv(user=cast.users["hq"], data=b"hall_code,month\nA001,2026-03\n")
    assert raised.value.errors[0][0] == 1 and "new_lines" in raised.value.errors[0][2]
    with pytest.raises(SalesImportError) as raised:
        sales_import_csv(user=cast.users["hq"], data=_csv())
    assert raised.value.errors == [(2, "hall_code", "the file has no rows")]


def test_gb18030_and_bom_files_are_read(cast):
    data = "\ufeff".encode() + _csv("A001,2026-03,1,1,1,1,1,1")
    assert sales_import_csv(user=cast.users["admin"], data=data).created == 1
    assert (
        sales_import_csv(
            user=cast.users["admin"], data=_csv("A001,2026-03,2,2,2,2,2,2").decode().encode("gb18030")
        ).updated
        == 1
    )


# --- pages ---


def test_import_page_reports_rows_and_counts(client, cast):
    client.force_login(cast.users["hq"])
    page = client.get(reverse("performance:sales_import"))
    assert page.status_code == 200 and b"template.csv" in page.content
    bad = client.post(reverse("performance:sales_import"), {"file": _upload(_csv("A001,2026-3,1,1,1,1,1,1"))})
    assert bad.status_code == 400
    assert "is not a month" in bad.content.decode() and 'id="import-error-table"' in bad.content.decode()
    good = client.post(
        reverse("performance:sales_import"), {"file": _upload(_csv("A001,2026-03,1,1,1,1,1,1"))}, follow=True
    )
    assert "1 created, 0 updated" in good.content.decode()
    assert SalesFigure.objects.filter(hall=cast.hall1).count() == 1


def test_template_download(client, cast):
    client.force_login(cast.users["hq"])
    response = client.get(reverse("performance:sales_import_template"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines()[0] == HEADER


def test_manager_may_list_but_not_import(client, cast):
    client.force_login(cast.users["manager"])
    assert client.get(reverse("performance:sales_list")).status_code == 200
    assert client.get(reverse("performance:sales_import")).status_code == 403


def _figures(halls, months):
    for hall in halls:
        for month in months:
            SalesFigure.objects.create(hall=hall, month=month, new_lines=5, new_lines_target=10)


def test_list_scope_filters_and_export(client, cast):
    _figures([cast.hall1, cast.hall2, cast.hall_b], [MARCH, dt.date(2026, 4, 1)])
    client.force_login(cast.users["hq"])
    page = client.get(reverse("performance:sales_list"), {"month": "2026-03"})
    figures = list(page.context["page_obj"])
    assert {f.hall.code for f in figures} == {"A001", "A002"} and {f.month for f in figures} == {MARCH}
    assert client.get(reverse("performance:sales_list"), {"month": "March"}).status_code == 400
    export = client.get(reverse("performance:sales_export"), {"hall": cast.hall1.pk})
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith(HEADER) and len(lines) == 3
    assert all(line.startswith("A001,") for line in lines[1:])
    client.force_login(cast.users["manager"])
    page = client.get(reverse("performance:sales_list"))
    assert {f.hall.code for f in page.context["page_obj"]} == {"A001"}


def test_list_query_count_does_not_grow_with_rows(client, cast, django_assert_max_num_queries):
    client.force_login(cast.users["hq"])
    _figures([cast.hall1], [MARCH])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("performance:sales_list"))
    _figures([cast.hall2], [dt.date(2025, m, 1) for m in range(1, 13)])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("performance:sales_list"))
    assert len(response.context["page_obj"]) == 13
    assert len(many) == len(few)


# --- API ---


def test_api_import_and_list(api_client, cast):
    api_client.force_authenticate(cast.users["hq"])
    url = "/api/v1/sales-figures/import/"
    bad = api_client.post(url, {"file": _upload(_csv("B001,2026-03,1,1,1,1,1,1"))}, format="multipart")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"row": 2, "column": "hall_code", "message": "unknown hall “B001”"}]
    good = api_client.post(url, {"file": _upload(_csv("A001,2026-03,1,1,1,1,1,1"))}, format="multipart")
    assert good.status_code == 200 and good.json() == {"created": 1, "updated": 0}
    again = api_client.post(url, {"file": _upload(_csv("A001,2026-03,2,2,2,2,2,2"))}, format="multipart")
    assert again.json() == {"created": 0, "updated": 1}
    listed = api_client.get("/api/v1/sales-figures/", {"month": "2026-03"}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(row["hall_code"], row["month"], row["new_lines"]) for row in rows] == [("A001", "2026-03", 2)]


def test_api_import_refused_to_managers(api_client, cast):
    api_client.force_authenticate(cast.users["manager"])
    response = api_client.post(
        "/api/v1/sales-figures/import/", {"file": _upload(_csv("A001,2026-03,1,1,1,1,1,1"))}, format="multipart"
    )
    assert response.status_code == 403
    assert not SalesFigure.objects.exists()
