"""Photo upload: decoded with Pillow to prove it is an image (the file name proves nothing), at most 10 MB,
re-encoded as JPEG without its metadata (no GPS position leaves the tablet), kept in private storage, and
idempotent by the client's UUID."""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..models import Answer, Finding, Inspection, Item, Photo

MAX_BYTES = 10 * 1024 * 1024
# Long side after re-encoding: plenty to read a price tag, a fraction of a phone camera's file size.
MAX_SIDE = 2048
JPEG_QUALITY = 85
# Refuse decompression bombs: a small file that decodes to a gigantic bitmap.
MAX_PIXELS = 50_000_000


class PhotoConflict(Exception):
    """The client UUID was already used for another photo (the API answers 409)."""

    def __init__(self, photo: Photo) -> None:
        self.photo = photo
        super().__init__(
            _("This client UUID was already used for another photo (%(id)s). Nothing was saved.") % {"id": photo.pk}
        )


def read_upload(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError({"image": _("The photo is larger than 10 MB; take it again at a lower resolution.")})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"image": _("The photo is larger than 10 MB; take it again at a lower resolution.")})
    if not data:
        raise ValidationError({"image": _("The file is empty.")})
    return data


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """Decode the upload fully, turn it upright, shrink it to 2048 px on its long side and save it as a JPEG
    without metadata. Anything Pillow cannot decode is not an image."""
    not_an_image = ValidationError({"image": _("This file is not an image we can read (JPEG, PNG, WebP, HEIF...).")})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError({"image": _("The photo has too many pixels.")})
                image.load()
                picture = ImageOps.exif_transpose(image) or image
                picture = picture.convert("RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as error:
        raise not_an_image from error
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), picture.width, picture.height


def _answer_for(inspection: Inspection, client_uuid: uuid.UUID | None, item: Item | None) -> Answer | None:
    """The answer the photo belongs to: the one that announced its UUID, or the one of the item given."""
    answers = list(inspection.answers.all())
    if client_uuid is not None:
        for answer in answers:
            if str(client_uuid) in (answer.photo_uuids or []):
                return answer
    if item is not None:
        answer = next((a for a in answers if a.item_id == item.pk), None)
        if answer is None:
            raise ValidationError(
                {"item": _("This inspection has no answer for item %(item)s.") % {"item": item.label}}
            )
        return answer
    return None


@transaction.atomic
def photo_upload(
    *,
    inspection: Inspection,
    by: Any,
    upload: Any,
    client_uuid: uuid.UUID | str | None = None,
    item: Item | None = None,
    caption: str = "",
) -> tuple[Photo, bool]:
    """Store a photo for an inspection; returns it and whether it was created. The same client UUID with
    the same file returns the first photo; with another file (or inspection) raises PhotoConflict. A photo
    announced by an answer (or sent with its item) is attached to it, and to the answer's finding."""
    if not by.has_perm("inspections.add_photo", inspection):
        raise PermissionDenied(_("Only the person who made the inspection, or HQ, may add photos to it."))
    client_uuid = uuid.UUID(str(client_uuid)) if client_uuid else None
    return photo_store(inspection=inspection, by=by, upload=upload, client_uuid=client_uuid, item=item, caption=caption)


def photo_store(
    *,
    inspection: Inspection,
    by: Any,
    upload: Any,
    client_uuid: uuid.UUID | None = None,
    item: Item | None = None,
    caption: str = "",
) -> tuple[Photo, bool]:
    """The upload without the permission check (the caller made it): also used for evidence of a fix."""
    data = read_upload(upload)
    digest = hashlib.sha256(data).hexdigest()
    if client_uuid is not None:
        existing = _existing(client_uuid, inspection, digest)
        if existing is not None:
            return existing, False
    content, width, height = reencode(data)
    answer = _answer_for(inspection, client_uuid, item)
    photo = Photo(
        inspection=inspection,
        answer=answer,
        client_uuid=client_uuid,
        sha256=digest,
        width=width,
        height=height,
        size=len(content),
        caption=caption[:200],
        taken_by=by,
    )
    photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        photo.image.delete(save=False)
        existing = _existing(client_uuid, inspection, digest) if client_uuid else None
        if existing is None:
            raise
        return existing, False
    if answer is not None:
        # The finding of a failed item shows its first photo.
        Finding.objects.filter(answer=answer, photo__isnull=True).update(photo=photo)
    return photo, True


def _existing(client_uuid: uuid.UUID, inspection: Inspection, digest: str) -> Photo | None:
    existing = Photo.objects.filter(client_uuid=client_uuid).first()
    if existing is None:
        return None
    if existing.inspection_id != inspection.pk or existing.sha256 != digest:
        raise PhotoConflict(existing)
    return existing
