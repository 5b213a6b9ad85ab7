"""The PDF of an inspection: the same scope as its page, its photos embedded from private storage (and
nothing else fetched), Chinese text in a CJK font; and the page's print button and print style."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from inspections import pdf
from inspections.models import Finding
from inspections.services.photos import photo_upload
from inspections.tests.builders import failing, make_version
from inspections.tests.test_photos import png


@pytest.fixture
def failed(cast, patrol, submit):
    """A patrol of hall1 whose critical "greeted" failed, with the photo its answer announced."""
    overrides = failing(patrol, "greeted")
    inspection, _ = submit(patrol, overrides=overrides)
    photo, _ = photo_upload(
        inspection=inspection,
        by=cast.users["inspector"],
        upload=SimpleUploadedFile("door.png", png(320, 240, "orange"), content_type="image/png"),
        client_uuid=overrides["greeted"]["photos"][0],
    )
    return inspection, photo


def _pdf(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_pdf_embeds_the_photo_of_the_finding(client, cast, failed):
    inspection, photo = failed
    assert Finding.objects.get(inspection=inspection).photo == photo
    client.force_login(cast.users["manager"])

    response = client.get(f"/inspections/{inspection.pk}/pdf/")

    body = _pdf(response)
    assert body.startswith(b"%PDF")
    assert re.search(rb"/Subtype\s*/Image", body), "the photo is in the PDF"
    assert f'filename="inspection-{inspection.pk}-A001-' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("inline")
    assert client.get(f"/inspections/{inspection.pk}/pdf/?download=1")["Content-Disposition"].startswith("attachment")


def test_the_pdf_fetches_the_inspections_photos_from_private_storage(cast, failed):
    inspection, photo = failed
    from inspections import selectors

    loaded = selectors.inspection_detail_list(user=cast.users["inspector"]).get(pk=inspection.pk)

    content, served = pdf.render_pdf(loaded, cast.users["inspector"])

    assert content.startswith(b"%PDF")
    assert served == [photo.pk]  # fetched once, shown with the finding and with its answer


def test_the_fetcher_refuses_anything_but_the_photos_it_was_given(cast, failed):
    _inspection, photo = failed
    fetcher = pdf._fetcher_class()({photo.pk: photo})

    assert fetcher.fetch(f"hallops-photo:{photo.pk}").read()[:2] == b"\xff\xd8"  # a JPEG
    for url in (f"hallops-photo:{photo.pk + 1}", "hallops-photo:x", "file:///etc/passwd", "http://example.com/a"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_pdf_answers_404_outside_the_scope_and_403_without_the_role(client, cast, failed):
    inspection, _photo = failed
    for role, status in [("manager_other", 404), ("hq_other", 404), ("shopper", 404), ("anonymous", 302)]:
        client.logout()
        if role != "anonymous":
            client.force_login(cast.users[role])
        assert client.get(f"/inspections/{inspection.pk}/pdf/").status_code == status, role


def test_a_manager_gets_no_pdf_of_an_unpublished_mystery_shop(client, cast, submit):
    shop = make_version(kind="mystery_shop", name="Mystery shop")
    visit, _ = submit(shop, who="shopper")
    client.force_login(cast.users["manager"])
    assert client.get(f"/inspections/{visit.pk}/pdf/").status_code == 404
    client.force_login(cast.users["hq"])
    assert _pdf(client.get(f"/inspections/{visit.pk}/pdf/")).startswith(b"%PDF")


def test_chinese_text_is_set_in_a_cjk_font(client, cast, failed, monkeypatch):
    inspection, _photo = failed
    monkeypatch.setitem(pdf.PDF_OPTIONS, "uncompressed_pdf", True)  # so the font names can be read
    client.force_login(cast.users["manager"])

    body = _pdf(client.get(f"/inspections/{inspection.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="zh-hans"))

    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9-]+)", body))
    assert any(b"CJK" in font for font in fonts), fonts


def test_the_pdf_shows_the_scores_findings_and_answers(cast, failed):
    inspection, _photo = failed
    from inspections import selectors

    loaded = selectors.inspection_detail_list(user=cast.users["manager"]).get(pk=inspection.pk)
    with translation.override("en"):
        context = pdf.document_context(loaded, cast.users["manager"])
    assert [row["touchpoint"].code for row in context["by_touchpoint"]] == [
        "TP04",
        "TP05",
        "TP07",
        "TP09",
        "TP11",
        "TP16",
    ]
    assert [finding.item_code for finding in context["findings"]] == ["greeted"]
    assert len(context["findings"][0].actions.all()) == 1
    assert sum(len(group["rows"]) for group in context["answer_groups"]) == loaded.answers.count()
    assert context["loose_photos"] == []  # the photo is shown with its answer and its finding


def test_the_inspection_page_offers_pdf_and_print(client, cast, failed):
    inspection, _photo = failed
    client.force_login(cast.users["manager"])

    page = client.get(f"/inspections/{inspection.pk}/").content.decode()

    assert f'href="/inspections/{inspection.pk}/pdf/"' in page
    assert "data-print" in page and "inspections/print_button" in page
    assert "inspection_print" in page and 'media="print"' in page


def test_photos_are_shrunk_for_print_and_small_ones_left_alone():
    import io

    from PIL import Image

    def jpeg(width: int, height: int) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (width, height), "teal").save(out, format="JPEG")
        return out.getvalue()

    big = Image.open(io.BytesIO(pdf.shrink(jpeg(2048, 1536))))
    assert (big.format, big.size) == ("JPEG", (800, 600))
    small = jpeg(640, 480)
    assert pdf.shrink(small) == small
