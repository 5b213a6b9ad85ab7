"""Fixtures for the browser tests: one headless Chromium per test session, a tablet-sized page per test.

Every test in this folder is marked `browser`; run them with `pytest tests/e2e` or deselect them with
`-m "not browser"`. They need Debian's chromium at /usr/bin/chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Sync Playwright runs an asyncio event loop in this thread; without this Django's ORM (used by fixtures
# in the same thread) raises SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 768, "height": 1024}
E2E_DIR = Path(__file__).resolve().parent
RESULTS_DIR = E2E_DIR.parent.parent / "test-results"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected from this folder with `browser` (hooks here see the whole session)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def serialized_contents(django_db_setup) -> str | None:
    """What the test database held after its migrations (the 16 touchpoints, the KPI catalogue, ...), read
    before Playwright starts: once its event loop runs in this thread, `connections` hands this thread another
    connection wrapper, one without the serialized contents, so Django's serialized rollback quietly restores
    nothing and a later test would start from empty tables (`demo_data` restores them itself)."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def browser(serialized_contents) -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install chromium`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - report any launch failure as a test failure, not a skip
        playwright.stop()
        pytest.fail(f"Could not launch {CHROMIUM}: {error}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def tablet(browser) -> Iterator:
    """A fresh page in a 768x1024 English (en-US) context, so cookies never leak between tests."""
    context = browser.new_context(viewport=TABLET, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_data(transactional_db, django_db_serialized_rollback, serialized_contents) -> None:
    """The `manage.py demo` data (region HZ, halls H001..H012, the demo users) in the test database.

    Serialized rollback: a transactional test empties every table when it ends, which would also remove
    what data migrations created (the 16 touchpoints and their standards) for the tests that run after it.
    """
    from django.core import serializers
    from django.core.management import call_command
    from django.db import transaction

    from touchpoints.models import Touchpoint

    if serialized_contents and not Touchpoint.objects.exists():
        # The flush re-created content types and permissions (post_migrate); everything else comes back.
        with transaction.atomic():
            for item in serializers.deserialize("json", serialized_contents):
                if item.object._meta.label not in ("contenttypes.ContentType", "auth.Permission"):
                    item.save()
    call_command("demo", stdout=io.StringIO())


@pytest.fixture
def screenshot(request: pytest.FixtureRequest):
    """`screenshot(page, "step")` saves test-results/<test name>-<nn>-<step>.png, numbered in order."""
    RESULTS_DIR.mkdir(exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, step: str) -> Path:
        path = RESULTS_DIR / f"{request.node.name}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, live_server_url: str, username: str, password: str | None = None) -> None:
    """Sign in through the real login form and wait until we have left it."""
    from django.conf import settings

    page.goto(f"{live_server_url}/accounts/login/")
    form = page.locator("form#login-form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password if password is not None else settings.DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"Signing in as {username!r} failed; still on {page.url}")
