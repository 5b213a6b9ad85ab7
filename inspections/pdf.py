"""The PDF of one inspection (WeasyPrint): header, scores by touchpoint and dimension, findings with their
photos and corrective actions, every answer with its photos.

Photos live in private storage and have no URL. The document names them `hallops-photo:<pk>`, and the URL
fetcher below answers only for the photos of the inspection being printed (which the caller has already
fetched through the user's scope); it fetches nothing else: no file, no network, no other photo.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image

from touchpoints.choices import Dimension

from .models import CorrectiveAction, Finding, Inspection, Photo

PHOTO_SCHEME = "hallops-photo:"
# Photos are printed at most 6 cm wide: 800 px on the long side is over 300 dpi there, and a tenth of the bytes
# of a stored 2048 px photo. Shrinking them before WeasyPrint sees them is much faster than its own `dpi` option.
PHOTO_MAX_SIDE = 800
PHOTO_QUALITY = 80
PDF_OPTIONS: dict[str, Any] = {}


def photo_src(photo: Photo) -> str:
    return f"{PHOTO_SCHEME}{photo.pk}"


def shrink(jpeg: bytes) -> bytes:
    """A stored photo (a JPEG, inspections/services/photos.py) at most PHOTO_MAX_SIDE on its long side. The
    JPEG decoder scales while decoding (`draft`), so a 2048 px photo costs a few milliseconds."""
    with Image.open(io.BytesIO(jpeg)) as image:
        if max(image.size) <= PHOTO_MAX_SIDE:
            return jpeg
        image.draft("RGB", (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        picture = image.convert("RGB")
    picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=PHOTO_QUALITY)
    smaller = out.getvalue()
    return smaller if len(smaller) < len(jpeg) else jpeg  # a plain picture can be smaller as it was


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PhotoFetcher(URLFetcher):
        """Serves the given photos from private storage and refuses every other URL."""

        def __init__(self, photos: dict[int, Photo]) -> None:
            super().__init__(allowed_protocols=[PHOTO_SCHEME.rstrip(":")])
            self.photos = photos
            self.served: list[int] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if not url.startswith(PHOTO_SCHEME):
                raise ValueError(f"Not a photo of this inspection: {url}")
            try:
                photo = self.photos[int(url.removeprefix(PHOTO_SCHEME))]
            except (KeyError, ValueError) as error:
                raise ValueError(f"Not a photo of this inspection: {url}") from error
            with photo.image.open("rb") as handle:
                body = shrink(handle.read())
            self.served.append(photo.pk)
            return URLFetcherResponse(url, body, headers={"Content-Type": "image/jpeg"})

    return PhotoFetcher


def document_context(inspection: Inspection, user: Any) -> dict[str, Any]:
    """What the PDF shows; `inspection` comes from selectors.inspection_detail_list (answers and photos
    prefetched). Corrective actions are shown as far as the user sees them."""
    findings = list(
        Finding.objects.filter(inspection=inspection)
        .select_related("touchpoint", "item", "photo")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=CorrectiveAction.objects.visible_to(user)
                .select_related("owner", "owner_staff", "evidence_photo")
                .order_by("pk"),
            )
        )
        .order_by("item__order", "pk")
    )
    photos = {photo.pk: photo for photo in inspection.photos.all()}
    by_answer: dict[int | None, list[Photo]] = defaultdict(list)
    for photo in photos.values():
        by_answer[photo.answer_id].append(photo)
    shown_elsewhere = {finding.photo_id for finding in findings} | {
        action.evidence_photo_id for finding in findings for action in finding.actions.all()
    }
    touchpoints: dict[str, Any] = {}
    sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for answer in inspection.answers.all():
        touchpoint = answer.item.touchpoint
        touchpoints.setdefault(touchpoint.code, touchpoint)
        sections[touchpoint.code].append({"answer": answer, "photos": by_answer.get(answer.pk, [])})
    ordered = sorted(touchpoints.items(), key=lambda pair: pair[1].order)
    hall = inspection.hall
    return {
        "inspection": inspection,
        "viewer": user,
        "hall": hall,
        "submitted_local": timezone.localtime(inspection.submitted_at, hall.tzinfo)
        if inspection.submitted_at
        else None,
        "generated_local": timezone.localtime(timezone.now(), hall.tzinfo),
        "by_touchpoint": [
            {"touchpoint": touchpoint, "score": inspection.by_touchpoint.get(code)} for code, touchpoint in ordered
        ],
        "by_dimension": [
            (Dimension(name).label if name in Dimension.values else name, score)
            for name, score in sorted(inspection.by_dimension.items())
        ],
        "findings": findings,
        "answer_groups": [{"touchpoint": touchpoint, "rows": sections[code]} for code, touchpoint in ordered],
        "loose_photos": [photo for photo in by_answer.get(None, []) if photo.pk not in shown_elsewhere],
        "photo_count": len(photos),
    }


def render_pdf(inspection: Inspection, user: Any) -> tuple[bytes, list[int]]:
    """The PDF bytes, and the pks of the photos embedded (for the caller's log or a test)."""
    from weasyprint import HTML

    context = document_context(inspection, user)
    html = render_to_string("inspections/inspection_pdf.html", context)
    fetcher = _fetcher_class()({photo.pk: photo for photo in inspection.photos.all()})
    document = HTML(string=html, url_fetcher=fetcher)
    pdf = document.write_pdf(**PDF_OPTIONS)
    return pdf, fetcher.served


def file_name(inspection: Inspection) -> str:
    """`inspection-1234-H001-2025-01-31.pdf` (the hall's local date of submission)."""
    moment = inspection.submitted_at or inspection.created_at
    day = timezone.localtime(moment, inspection.hall.tzinfo).date()
    return f"inspection-{inspection.pk}-{inspection.hall.code}-{day.isoformat()}.pdf"
