"""Where inspection photos live: a private folder under MEDIA_ROOT that no URL serves.

Photos are only ever sent by `photo-file` (inspections/api/views.py), after the scope check; `url()` refuses, so a
template cannot link a photo publicly by mistake.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_FOLDER = "private"


@deconstructible(path="inspections.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at MEDIA_ROOT/private, read from the settings when first used (so a test
    that points MEDIA_ROOT at a temporary folder is honoured), with no public URL."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / PRIVATE_FOLDER)

    def url(self, name: str | None) -> str:
        raise ValueError("Inspection photos have no public URL; link to inspections:photo_file instead.")


private_storage = PrivateStorage()
