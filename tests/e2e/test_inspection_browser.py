"""An inspector does today's opening check of H001 on a tablet, touchpoint by touchpoint, fails one item with a photo
and sees the score; the hall manager then finds that finding and its corrective action and marks it done."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from inspections.models import CorrectiveAction, Inspection

from .conftest import TABLET, sign_in

HALL = "H001"
FAILED_ITEM = "Floor clean and dry"  # TP05, yes/no, a photo is required when it fails


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Photos taken in the test go to a temporary folder, never into the project's media.
    settings.MEDIA_ROOT = tmp_path / "media"


def photo_of_a_wet_floor() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 160)).save(out, format="PNG")
    return out.getvalue()


def start_link(page: Page) -> Locator:
    """The Start link of H001's opening check, by what it says rather than where it is: an assignment's link
    names its checklist, kind and hall; in the hall cards it sits in the row of the opening checklist."""
    assigned = page.get_by_role("link", name=re.compile(rf"Start.*opening.*{HALL}", re.IGNORECASE))
    if assigned.count():
        return assigned.first
    hall_card = page.locator(".card").filter(has=page.get_by_role("heading", name=re.compile(rf"^{HALL}\b")))
    opening_row = hall_card.locator(".list-group-item").filter(has_text=re.compile("opening check", re.IGNORECASE))
    return opening_row.get_by_role("link", name=re.compile("^Start"))


def answer(item: Locator, fail: bool, photo: bytes) -> None:
    """Answer one item as the inspector would: a passing answer, or (for the failed one) No and a photo."""
    kind = item.get_attribute("data-type")
    if kind == "yes_no":
        item.locator("label", has_text=re.compile(r"^\s*(No)\s*$" if fail else r"^\s*Yes\s*$")).click()
    elif kind == "scale":
        item.locator("label", has_text=re.compile(r"^\s*5\s*$")).click()
    elif kind == "number":
        low, high = item.get_attribute("data-min"), item.get_attribute("data-max")
        values = [float(v) for v in (low, high) if v is not None]
        item.get_by_role("spinbutton").fill(f"{sum(values) / len(values):g}")
    elif kind == "duration":
        item.get_by_role("spinbutton").fill(str(int(item.get_attribute("data-max")) // 2))
    elif kind == "text":
        item.get_by_role("textbox").first.fill("Quiet morning, all in order")
    elif kind == "photo":
        item.locator("input[type=file]").set_input_files(
            files=[{"name": "check.png", "mimeType": "image/png", "buffer": photo}]
        )
    if fail:
        extras = item.locator("details")
        if not extras.get_attribute("open"):
            extras.locator("summary").click()
        item.locator("input[type=file]").set_input_files(
            files=[{"name": "wet-floor.png", "mimeType": "image/png", "buffer": photo}]
        )
        item.get_by_placeholder("Comment").fill("Puddle at the entrance after cleaning")


def test_inspector_fails_an_item_with_a_photo_and_the_manager_sees_the_corrective_action(
    live_server, demo_data, tablet: Page, browser, screenshot
) -> None:
    page, base = tablet, live_server.url
    photo = photo_of_a_wet_floor()
    sign_in(page, base, "inspector1")

    # "Today": start H001's opening check.
    page.goto(f"{base}/inspections/today/")
    screenshot(page, "today")
    with page.expect_navigation():
        start_link(page).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Daily opening check")

    # Walk every touchpoint screen, answering each item shown on it.
    walked = []
    failed_once = False
    while True:
        screen = page.locator(".inspection-screen.current")
        code = screen.get_attribute("data-touchpoint")
        if code == "summary":
            break
        walked.append(code)
        for item in screen.locator(".inspection-item:not(.is-hidden)").all():
            fail = FAILED_ITEM in item.inner_text()
            answer(item, fail, photo)
            failed_once = failed_once or fail
        if code == "TP05":
            expect(screen.locator(".inspection-item.is-failed")).to_have_count(1)
            screenshot(page, "failed-item-with-photo")
        page.get_by_role("button", name="Next").click()
    assert walked == [f"TP{n:02d}" for n in range(1, 17)], "one screen per touchpoint, in the customer's order"
    assert failed_once

    summary = page.locator("#summary-counts")
    expect(summary).to_contain_text("Failed so far: 1.")
    expect(page.locator("#summary-missing li")).to_have_count(0)
    screenshot(page, "summary")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit inspection").click()

    # The inspection page: the score, and the failed item as a finding with its photo.
    expect(page).to_have_url(re.compile(r"/inspections/\d+/$"))
    score = page.locator("#overall-score")
    expect(score).to_have_text(re.compile(r"^\d{1,3}\.\d$"))
    inspection = Inspection.objects.get(pk=int(re.search(r"/inspections/(\d+)/", page.url).group(1)))
    assert inspection.hall.code == HALL and inspection.kind == "opening"
    assert score.inner_text() == str(inspection.overall)
    finding = page.locator("#findings .list-group-item", has_text=FAILED_ITEM)
    expect(finding).to_have_count(1)
    expect(finding.locator("img.photo-thumb")).to_be_visible()
    screenshot(page, "inspection-with-score")

    action = CorrectiveAction.objects.get(finding__inspection=inspection)
    assert action.finding.photo is not None

    # The hall manager: the corrective action is on their list and on its own page, with the photo.
    manager_context = browser.new_context(viewport=TABLET, locale="en-US")
    manager = manager_context.new_page()
    sign_in(manager, base, "manager1")
    manager.locator(".navbar-toggler").click()
    with manager.expect_navigation():
        manager.get_by_role("link", name="Corrective actions").click()
    expect(manager.locator("#default-view")).to_contain_text("Open actions of your halls")
    row = manager.locator(f'#action-list a[data-action="{action.pk}"]')
    expect(row).to_contain_text(FAILED_ITEM)
    expect(row).to_contain_text("due in 7 days")
    row.scroll_into_view_if_needed()
    screenshot(manager, "manager-action-list")
    with manager.expect_navigation():
        row.click()

    expect(manager.locator("#action-title")).to_contain_text(FAILED_ITEM)
    expect(manager.locator("#action-badges")).to_contain_text("Open")
    expect(manager.locator("#finding-answer")).to_have_text("no")
    expect(manager.locator("#finding")).to_contain_text("Puddle at the entrance after cleaning")
    image = manager.locator("#finding-photos img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the photo loads for the manager"
    expect(manager.locator("#timeline")).to_contain_text("Found in inspection")
    screenshot(manager, "manager-action-page")

    # Close the loop as far as the hall goes: done, with the evidence typed on the tablet.
    done_form = manager.locator("#done-form")
    done_form.get_by_label("What was done").fill("Mopped and put out the wet-floor sign; mat replaced")
    with manager.expect_navigation():
        done_form.get_by_role("button", name="Mark done").click()
    expect(manager.locator("#action-badges")).to_contain_text("Done, awaiting verification")
    expect(manager.locator("#evidence-text")).to_contain_text("mat replaced")
    expect(manager.locator("#no-step")).to_contain_text("someone else verifies it")
    screenshot(manager, "manager-marked-done")
    manager_context.close()
