"""The inspection list and its exports: the user's scope (a manager never sees an unpublished mystery shop, a
shopper only their own visits), the filter and sort shared by the page and the files, hall-local times,
every touchpoint and dimension as a column, formulas neutralised, and query counts that do not grow."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from core import exports as core_exports
from inspections.models import Finding, Inspection
from inspections.tests.builders import failing, make_version

CSV_URL = "/inspections/export/inspections.csv"
XLSX_URL = "/inspections/export/inspections.xlsx"
FINDINGS_CSV_URL = "/inspections/export/findings.csv"


@pytest.fixture
def visits(cast, patrol, submit):
    """hall1: a patrol with one failure, an unpublished mystery shop by shopper1; hall2: a patrol by HQ."""
    shop = make_version(kind="mystery_shop", name="Mystery shop")
    return {
        "patrol": submit(patrol, overrides=failing(patrol, "explained"))[0],
        "shop": submit(shop, who="shopper", overrides=failing(shop, "explained", "door-clear"))[0],
        "hall2": submit(patrol, who="hq", hall=cast.hall2)[0],
    }


def listed(client, user, url="/inspections/", **params) -> list[int]:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return [inspection.pk for inspection in response.context["page_obj"]]


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def sheet_of(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


# --- the page ----------------------------------------------------------------------------------------------------


def test_each_role_lists_the_inspections_in_its_scope(client, cast, visits):
    assert set(listed(client, cast.users["hq"])) == {visits["patrol"].pk, visits["shop"].pk, visits["hall2"].pk}
    assert listed(client, cast.users["manager"]) == [visits["patrol"].pk]  # not the unpublished mystery shop
    assert listed(client, cast.users["inspector"]) == [visits["patrol"].pk]
    assert listed(client, cast.users["shopper"]) == [visits["shop"].pk]
    assert listed(client, cast.users["manager_other"]) == [visits["hall2"].pk]
    assert listed(client, cast.users["hq_other"]) == []


def test_staff_have_no_inspection_list(client, cast, visits):
    client.force_login(cast.users["staff"])
    assert client.get("/inspections/").status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_the_list_shows_hall_time_checklist_score_and_findings(client, cast, visits):
    cast.hall1.time_zone = "Asia/Kolkata"
    cast.hall1.save()
    moment = dt.datetime(2025, 3, 1, 2, 15, tzinfo=dt.UTC)  # 07:45 in Kolkata, 10:15 in Shanghai
    Inspection.objects.filter(pk=visits["patrol"].pk).update(submitted_at=moment)
    client.force_login(cast.users["manager"])

    page = client.get("/inspections/").content.decode()

    assert "2025-03-01 07:45" in page
    assert "Patrol checklist" in page and "v1" in page
    row = page[page.index(f'data-inspection="{visits["patrol"].pk}"') :]
    assert f">{visits['patrol'].overall}<" in row
    assert 'text-bg-danger">1<' in row  # one finding


def test_the_list_filters_by_hall_kind_and_date(client, cast, visits):
    hq = cast.users["hq"]
    assert listed(client, hq, hall=cast.hall2.pk) == [visits["hall2"].pk]
    assert listed(client, hq, kind="mystery_shop") == [visits["shop"].pk]
    Inspection.objects.filter(pk=visits["patrol"].pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    assert visits["patrol"].pk not in listed(client, hq, submitted_after=since)
    assert len(listed(client, hq, submitted_after=since)) == 2


def test_the_list_sorts_on_the_server(client, cast, visits):
    Inspection.objects.filter(pk=visits["hall2"].pk).update(overall=Decimal("50.0"))
    Inspection.objects.filter(pk=visits["shop"].pk).update(overall=Decimal("99.0"))
    Inspection.objects.filter(pk=visits["patrol"].pk).update(overall=Decimal("75.0"))
    hq = cast.users["hq"]
    by_score = [visits["hall2"].pk, visits["patrol"].pk, visits["shop"].pk]

    assert listed(client, hq, ordering="overall") == by_score
    assert listed(client, hq, ordering="-overall") == by_score[::-1]
    assert listed(client, hq, ordering="-findings")[-1] == visits["hall2"].pk  # no findings
    assert listed(client, hq, ordering="nonsense")  # an unknown sort falls back to the newest first


def test_a_bad_date_is_reported_on_the_field(client, cast, visits):
    client.force_login(cast.users["hq"])
    response = client.get("/inspections/", {"submitted_after": "yesterday"})

    assert response.status_code == 200
    assert "submitted_after" in response.context["filter"].form.errors


def _many(cast, patrol, submit, count: int) -> None:
    for _ in range(count):
        submit(patrol, overrides=failing(patrol, "explained"))


def _list_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/inspections/", {"ordering": "-overall"})
    assert response.status_code == 200
    return len(queries)


# Session and user (2), the user's scope (2), the count and the page (2), the hall choices of the filter (1).
LIST_QUERIES = 7


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_costs_the_same_queries_for_5_and_50_rows(client, cast, patrol, submit, rows):
    _many(cast, patrol, submit, rows)

    assert _list_queries(client, cast.users["manager"]) == LIST_QUERIES


# --- exports -----------------------------------------------------------------------------------------------------


def test_the_csv_has_a_row_per_inspection_with_every_touchpoint_and_dimension(client, cast, visits):
    client.force_login(cast.users["hq"])

    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="hallops-inspections-' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert {int(row["Inspection"]) for row in rows} == {visits[key].pk for key in visits}
    header = list(rows[0])
    assert [code for code in header if code.startswith("TP")] == [f"TP{n:02d}" for n in range(1, 17)]
    for label in ("Emotion", "Knowledge", "Efficiency", "Attention", "Trust", "Control"):
        assert label in header
    patrol = next(row for row in rows if int(row["Inspection"]) == visits["patrol"].pk)
    stored = visits["patrol"]
    assert patrol["Overall score"] == str(stored.overall)
    assert patrol["TP07"] == stored.by_touchpoint["TP07"]
    assert patrol["TP01"] == ""  # not in this checklist
    assert patrol["Findings"] == "1"
    assert patrol["Hall code"] == "A001"
    assert patrol["Checklist"] == "Patrol checklist" and patrol["Version"] == "1"


def test_a_managers_export_lacks_the_unpublished_mystery_shop(client, cast, visits):
    client.force_login(cast.users["manager"])
    rows = csv_rows(client.get(CSV_URL))
    assert [int(row["Inspection"]) for row in rows] == [visits["patrol"].pk]

    ids = [row[0] for row in sheet_of(client.get(XLSX_URL)).iter_rows(min_row=2, values_only=True)]
    assert ids == [visits["patrol"].pk]

    findings = csv_rows(client.get(FINDINGS_CSV_URL))
    assert {int(row["Inspection"]) for row in findings} == {visits["patrol"].pk}


def test_a_shoppers_export_holds_only_their_visit(client, cast, visits):
    client.force_login(cast.users["shopper"])
    assert [int(row["Inspection"]) for row in csv_rows(client.get(CSV_URL))] == [visits["shop"].pk]
    findings = csv_rows(client.get(FINDINGS_CSV_URL))
    assert {row["Inspection"] for row in findings} == {str(visits["shop"].pk)}
    assert {row["Corrective action"] for row in findings} == {""}  # shoppers see no corrective actions


def test_the_export_follows_the_pages_filter_and_names_the_hall(client, cast, visits):
    client.force_login(cast.users["hq"])

    response = client.get(CSV_URL, {"hall": cast.hall2.pk, "ordering": "overall"})

    assert [int(row["Inspection"]) for row in csv_rows(response)] == [visits["hall2"].pk]
    assert "hallops-inspections-A002-" in response["Content-Disposition"]


def test_times_are_in_the_halls_time_zone(client, cast, visits):
    cast.hall1.time_zone = "Asia/Kolkata"
    cast.hall1.save()
    Inspection.objects.filter(pk=visits["patrol"].pk).update(submitted_at=dt.datetime(2025, 3, 1, 2, 15, tzinfo=dt.UTC))
    client.force_login(cast.users["manager"])

    (row,) = csv_rows(client.get(CSV_URL))
    assert row["Submitted (hall time)"] == "2025-03-01 07:45"
    assert row["Time zone"] == "Asia/Kolkata"

    sheet = sheet_of(client.get(XLSX_URL))
    headers = [cell.value for cell in sheet[1]]
    values = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert values["Submitted (hall time)"] == dt.datetime(2025, 3, 1, 7, 45)
    assert values["Overall score"] == float(visits["patrol"].overall)  # a number, not text
    assert values["TP07"] == float(visits["patrol"].by_touchpoint["TP07"])


def test_the_xlsx_has_a_frozen_bold_header(client, cast, visits):
    client.force_login(cast.users["hq"])

    response = client.get(XLSX_URL)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    sheet = sheet_of(response)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet.max_row == 1 + len(visits)


def test_text_never_runs_as_a_formula(client, cast, visits):
    cast.hall1.name = '=HYPERLINK("http://evil.example","click")'
    cast.hall1.save()
    client.force_login(cast.users["manager"])

    (row,) = csv_rows(client.get(CSV_URL))
    assert row["Hall"].startswith("'=")

    sheet = sheet_of(client.get(XLSX_URL))
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("Hall") + 1)
    assert cell.data_type == "s" and cell.value == cast.hall1.name


def test_an_xlsx_too_big_is_refused_with_a_message(client, cast, visits, monkeypatch):
    monkeypatch.setattr(core_exports, "XLSX_MAX_ROWS", 2)
    client.force_login(cast.users["hq"])

    response = client.get(XLSX_URL, {"ordering": "overall"})  # 3 rows

    assert response.status_code == 400
    assert "narrow the filter or use CSV" in response.content.decode()
    assert response.templates[0].name == "inspections/inspection_list.html"
    assert client.get(XLSX_URL, {"kind": "patrol"}).status_code == 200  # 2 rows: allowed
    assert client.get(CSV_URL).status_code == 200  # the CSV is streamed, whatever its length


def test_an_export_with_a_bad_filter_answers_400_naming_the_field(client, cast, visits):
    client.force_login(cast.users["hq"])

    response = client.get(CSV_URL, {"submitted_after": "soon"})

    assert response.status_code == 400
    assert "Submitted from: Enter a valid date/time." in response.content.decode()


def test_an_export_of_a_hall_outside_the_scope_is_refused(client, cast, visits):
    client.force_login(cast.users["manager_other"])

    response = client.get(CSV_URL, {"hall": cast.hall1.pk})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert client.get(FINDINGS_CSV_URL, {"hall": cast.hall1.pk}).status_code == 400


@pytest.mark.parametrize("rows", [5, 50])
def test_an_export_costs_the_same_queries_for_5_and_50_rows(client, cast, patrol, submit, rows):
    _many(cast, patrol, submit, rows)
    client.force_login(cast.users["manager"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CSV_URL)
        body = b"".join(response.streaming_content)
    assert body.count(b"\n") == rows + 1
    # Session and user (2), the scope (2), the rows (1, streamed in chunks of 1,000).
    assert len(queries) == 5


def test_the_issue_log_lists_each_finding_with_its_source_and_action(client, cast, visits):
    finding = Finding.objects.get(inspection=visits["patrol"])
    finding.root_cause = "people"
    finding.save()
    client.force_login(cast.users["manager"])

    (row,) = csv_rows(client.get(FINDINGS_CSV_URL, {"hall": cast.hall1.pk}))

    assert row["Item code"] == "explained"
    assert row["Touchpoint"] == "TP07"
    assert row["Severity"] == "High"
    assert row["Root cause"] == "People"
    assert row["Source"] == "Patrol inspection"
    assert row["Corrective action"] == "Open"
    assert row["What was found"] == finding.description


def test_the_issue_log_in_chinese(client, cast, visits):
    client.force_login(cast.users["manager"])

    response = client.get(FINDINGS_CSV_URL, HTTP_ACCEPT_LANGUAGE="zh-hans")

    body = b"".join(response.streaming_content).decode("utf-8")
    assert "TP07" in body
    touchpoint = Finding.objects.select_related("touchpoint").get(inspection=visits["patrol"]).touchpoint
    assert touchpoint.name_zh in body


def test_the_menu_leads_to_the_list_for_inspecting_roles_only(client, cast):
    client.force_login(cast.users["manager"])
    items = {item["key"]: item["url"] for item in client.get("/").context["nav_items"]}
    assert items["inspection"] == "/inspections/"
    assert items["today"] == "/inspections/today/"

    client.force_login(cast.users["staff"])
    keys = {item["key"] for item in client.get("/").context["nav_items"]}
    assert "inspection" not in keys and "today" not in keys


def test_the_hall_never_learns_who_the_mystery_shopper_was(client, cast, visits):
    """Published to the hall, the visit shows "Mystery shopper" on the list, the page and in the export; HQ and
    the shopper themself see the name."""
    shop = visits["shop"]
    shop.status = "published"
    shop.save()
    shopper = cast.users["shopper"]
    shopper.first_name, shopper.last_name = "Secret", "Shopper"
    shopper.save()
    client.force_login(cast.users["manager"])
    for url in ("/inspections/", f"/inspections/{shop.pk}/"):
        page = client.get(url).content.decode()
        assert "Mystery shopper" in page and "Secret Shopper" not in page, url
    row = next(r for r in csv_rows(client.get(CSV_URL)) if int(r["Inspection"]) == shop.pk)
    assert "Secret" not in ",".join(row.values())
    for who in ("hq", "shopper"):
        client.force_login(cast.users[who])
        assert "Secret Shopper" in client.get(f"/inspections/{shop.pk}/").content.decode(), who
