"""Fixtures of the inspections tests: a published patrol checklist and a way to submit it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from inspections import services
from inspections.tests.builders import answers, make_version


@pytest.fixture
def patrol(cast):
    return make_version()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Photos go to a temporary folder, never into the project's media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submit(cast):
    """Submit through the service as `who` (a cast role), for hall1 unless told otherwise."""

    def _submit(version, who: str = "inspector", hall=None, client_uuid=None, overrides=None, **kw: Any):
        return services.inspection_submit(
            hall=hall or cast.hall1,
            template_version=version,
            by=cast.users[who],
            client_uuid=client_uuid or uuid.uuid4(),
            answers=kw.pop("answers", None) or answers(version, **(overrides or {})),
            **kw,
        )

    return _submit
