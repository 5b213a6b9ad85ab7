"""Photos: decoded to prove they are images, at most 10 MB, re-encoded as JPEG without metadata, idempotent
by client UUID, and sent only to people who may see the inspection."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from inspections.models import Photo
from inspections.services import photos as photo_services
from inspections.tests.builders import failing


def png(width: int = 64, height: int = 48, colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    Image.new("RGB", (40, 20), "blue").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(client, inspection, data: bytes, name="photo.jpg", **fields):
    file = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(f"/api/v1/inspections/{inspection.pk}/photos/", {"image": file, **fields}, format="multipart")


@pytest.fixture
def inspector_api(cast):
    client = APIClient()
    client.force_authenticate(cast.users["inspector"])
    return client


@pytest.fixture
def failed_inspection(cast, patrol, submit):
    overrides = failing(patrol, "greeted")
    inspection, _ = submit(patrol, overrides=overrides)
    return inspection, overrides["greeted"]["photos"][0]


def test_a_text_file_named_jpg_is_refused(cast, failed_inspection, inspector_api):
    inspection, _ = failed_inspection

    response = upload(inspector_api, inspection, b"this is not a picture at all", name="evil.jpg")

    assert response.status_code == 400
    assert response.json()["image"] == ["This file is not an image we can read (JPEG, PNG, WebP, HEIF...)."]
    assert not Photo.objects.exists()


def test_a_truncated_image_is_refused(cast, failed_inspection, inspector_api):
    inspection, _ = failed_inspection

    response = upload(inspector_api, inspection, png(200, 200)[:120])

    assert response.status_code == 400
    assert not Photo.objects.exists()


def test_a_photo_over_10_mb_is_refused(cast, failed_inspection, inspector_api):
    inspection, _ = failed_inspection

    response = upload(inspector_api, inspection, b"\xff\xd8" + b"0" * (10 * 1024 * 1024))

    assert response.status_code == 400
    assert "10 MB" in response.json()["image"][0]
    assert not Photo.objects.exists()


def test_a_photo_is_re_encoded_as_jpeg_upright_and_without_metadata(cast, failed_inspection, inspector_api):
    inspection, _ = failed_inspection

    response = upload(inspector_api, inspection, jpeg_with_exif(), client_uuid=str(uuid.uuid4()))

    assert response.status_code == 201, response.content
    photo = Photo.objects.get()
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (20, 40)  # turned upright by its orientation tag
        assert not image.getexif()
    assert (photo.width, photo.height) == (20, 40)


def test_a_big_photo_is_shrunk_to_2048_px(cast, failed_inspection):
    inspection, _ = failed_inspection

    content, width, height = photo_services.reencode(png(4000, 1000))

    assert (width, height) == (2048, 512)
    assert content[:2] == b"\xff\xd8"


def test_an_announced_photo_joins_its_answer_and_finding(cast, failed_inspection, inspector_api):
    inspection, announced = failed_inspection

    response = upload(inspector_api, inspection, png(), client_uuid=announced)

    assert response.status_code == 201
    photo = Photo.objects.get()
    finding = inspection.findings.get()
    assert photo.answer == finding.answer
    assert finding.photo == photo
    assert response.json()["answer"] == finding.answer_id


def test_a_photo_sent_again_returns_the_first_and_creates_nothing(cast, failed_inspection, inspector_api):
    inspection, announced = failed_inspection
    data = png()

    first = upload(inspector_api, inspection, data, client_uuid=announced)
    again = upload(inspector_api, inspection, data, client_uuid=announced)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Photo.objects.count() == 1


def test_the_same_photo_uuid_with_another_picture_is_a_conflict(cast, failed_inspection, inspector_api):
    inspection, announced = failed_inspection
    upload(inspector_api, inspection, png(colour="red"), client_uuid=announced)

    response = upload(inspector_api, inspection, png(colour="green"), client_uuid=announced)

    assert response.status_code == 409
    assert Photo.objects.count() == 1


def test_a_photo_can_be_attached_to_an_item(cast, failed_inspection, inspector_api):
    inspection, _ = failed_inspection
    item = inspection.answers.get(item__code="explained").item

    response = upload(inspector_api, inspection, png(), item=item.pk)

    assert response.status_code == 201
    assert Photo.objects.get().answer.item == item


def test_only_the_inspections_author_or_hq_may_add_photos(cast, failed_inspection):
    inspection, _ = failed_inspection
    manager = APIClient()
    manager.force_authenticate(cast.users["manager"])

    response = upload(manager, inspection, png())

    assert response.status_code == 403
    assert not Photo.objects.exists()


def test_the_photo_is_sent_only_to_people_who_see_the_inspection(cast, failed_inspection, inspector_api):
    inspection, announced = failed_inspection
    photo_id = upload(inspector_api, inspection, png(), client_uuid=announced).json()["id"]
    url = f"/api/v1/photos/{photo_id}/file/"

    response = inspector_api.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"

    outsider = APIClient()
    outsider.force_authenticate(cast.users["manager_other"])
    assert outsider.get(url).status_code == 404
    assert APIClient().get(url).status_code == 401


def test_stored_photos_have_no_public_url(cast, failed_inspection, inspector_api):
    inspection, announced = failed_inspection
    upload(inspector_api, inspection, png(), client_uuid=announced)

    with pytest.raises(ValueError, match="no public URL"):
        _ = Photo.objects.get().image.url
