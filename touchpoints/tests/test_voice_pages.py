"""The hall's queue-and-satisfaction page and the CSV upload: the same validation and report as the API, with
the file's line numbers; all or nothing when asked; the hourly table of the day."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from halls.models import IngestBatch, QueueEvent, QueueHour
from touchpoints.models import DevicePress

QUEUE_CSV = """event_id,ticket,type,counter,tier,occurred_at
q1,A001,issued,,gold,2026-03-02 09:00:00
q2,A001,called,1,,2026-03-02 09:04:00

q3,A001,served,1,,2026-03-02 09:12:00
q4,A002,issued,,platinum,2026-03-02 09:05:00
q5,A002,called,7,,2026-03-02T09:06:00+08:00
"""


def upload(client, hall, text: str, kind: str = "queue_events", strict: bool = False, encoding: str = "utf-8"):
    data = {"kind": kind, "file": SimpleUploadedFile("events.csv", text.encode(encoding), content_type="text/csv")}
    if strict:
        data["strict"] = "on"
    return client.post(f"/halls/{hall.pk}/customer-voice/upload/", data)


def test_a_csv_upload_stores_the_good_rows_and_reports_the_others_by_line(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.users["manager"])

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, cast.hall1, QUEUE_CSV)

    batch = IngestBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/halls/{cast.hall1.pk}/customer-voice/batches/{batch.pk}/"
    assert (batch.source, batch.filename, batch.stored, batch.rejected) == ("csv", "events.csv", 3, 2)
    assert [(r["row"], sorted(r["errors"])) for r in batch.rejections] == [(6, ["tier"]), (7, ["counter"])]
    # Times without an offset are the hall's local time.
    assert QueueEvent.objects.get(source_event_id="q1").occurred_at == dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    page = client.get(response["Location"]).content.decode()
    assert "Hall A001 has counters 1 to 4; there is no counter 7." in page
    assert QueueHour.objects.get(hall=cast.hall1, hour=9).served == 1


def test_all_or_nothing_stores_nothing_when_a_line_is_wrong(cast, client):
    client.force_login(cast.users["hq"])

    response = upload(client, cast.hall1, QUEUE_CSV, strict=True)

    assert response.status_code == 302
    assert not QueueEvent.objects.exists()
    assert IngestBatch.objects.get().refused
    assert "Nothing was stored" in client.get(response["Location"]).content.decode()


def test_a_file_without_the_required_columns_is_refused_as_a_whole(cast, client):
    client.force_login(cast.users["manager"])

    response = upload(
        client, cast.hall1, "event_id,counter,occurred_at\np1,1,2026-03-02 10:00\n", kind="device_presses"
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["The first line must name the columns; missing: rating."]
    assert not IngestBatch.objects.exists()


def test_a_chinese_spreadsheet_export_in_gb18030_is_read(cast, client):
    client.force_login(cast.users["manager"])
    text = "event_id,counter,rating,occurred_at,备注\np1,1,satisfied,2026-03-02 10:00,很好\n"

    upload(client, cast.hall1, text, kind="device_presses", encoding="gb18030")

    assert DevicePress.objects.get().rating == "satisfied"


def test_the_page_shows_the_hours_of_the_day_and_the_recent_deliveries(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, cast.hall1, QUEUE_CSV)
        upload(
            client,
            cast.hall1,
            "event_id,counter,rating,occurred_at\np1,1,satisfied,2026-03-02 09:12:30\n",
            "device_presses",
        )

    page = client.get(f"/halls/{cast.hall1.pk}/customer-voice/")

    assert page.status_code == 200
    assert page.context["day"] == dt.date(2026, 3, 2)
    (row,) = page.context["rows"]
    assert (row.hour, row.figures.tickets, row.figures.served, row.press_cells) == (9, 1, 1, [1, 0, 0])
    assert page.context["totals"]["satisfied_share"] == 100
    assert len(page.context["batches"]) == 2
    assert DevicePress.objects.get().tier == "gold"


def test_an_inspector_sees_the_hall_but_not_its_customer_voice_data(cast, client):
    client.force_login(cast.users["inspector"])
    assert client.get(f"/halls/{cast.hall1.pk}/customer-voice/").status_code == 403
    assert upload(client, cast.hall1, QUEUE_CSV).status_code == 403
    assert not QueueEvent.objects.exists()
