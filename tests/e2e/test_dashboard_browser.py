"""HQ opens the regional dashboard on a tablet from the menu, finds the region's weakest touchpoint marked in the
heatmap, clicks its lowest hall's cell and lands on the findings behind it (the issue log filtered by that hall
and touchpoint, as /inspections/heatmap/ links)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from halls.models import Hall
from inspections.models import Finding
from touchpoints.models import Touchpoint

from .conftest import sign_in


def test_hq_clicks_the_weakest_touchpoint_and_lands_on_its_findings(live_server, demo_data, tablet: Page, screenshot):
    page = tablet
    sign_in(page, live_server.url, "hq")
    page.locator(".navbar-toggler").click()
    page.locator("a[data-nav=region_dashboard]").click()
    expect(page.locator("h1")).to_contain_text("Regional dashboard")
    expect(page.locator("#league-table tbody tr")).to_have_count(12)  # the demo region's 12 halls
    expect(page.locator("#trends-chart")).to_be_visible()

    weakest = page.locator("#weakest-touchpoint")
    expect(weakest).to_be_visible()
    code = weakest.locator(".tp-code").inner_text().strip()
    expect(page.locator("#dash-heatmap thead th.weakest-tp")).to_have_text(code)
    screenshot(page, "dashboard")

    cell = page.locator("#weakest-cell")
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box is not None and box["height"] >= 44  # a touch target
    cell.click()
    page.wait_for_url("**/inspections/findings/**")

    query = parse_qs(urlparse(page.url).query)
    touchpoint = Touchpoint.objects.get(code=code)
    assert query["touchpoint"] == [str(touchpoint.pk)]
    hall = Hall.objects.get(pk=int(query["hall"][0]))
    assert query["found_after"][0]  # the heatmap's 30-day window, as /inspections/heatmap/ links
    rows = page.locator("#finding-table tbody tr[data-finding]")
    expect(rows.first).to_be_visible()
    shown = rows.count()
    assert shown >= 1
    expected = Finding.objects.filter(hall=hall, touchpoint=touchpoint, found_at__date__gte=query["found_after"][0])
    assert expected.exists()
    for index in range(min(shown, 5)):
        text = rows.nth(index).inner_text()
        assert code in text and hall.code in text
    screenshot(page, "findings")
