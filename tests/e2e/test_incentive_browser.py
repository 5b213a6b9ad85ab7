"""`manager1` opens the incentive breakdown of their hall for last month; `staff1` sees their own lines only."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from performance.models import IncentiveLine

from .conftest import sign_in


def test_manager_opens_the_breakdown_and_staff_sees_only_their_own_lines(
    live_server, demo_data, tablet: Page, browser, screenshot
) -> None:
    page, base = tablet, live_server.url
    sign_in(page, base, "manager1")
    page.goto(f"{base}/performance/incentives/")
    # The manager's list shows their hall's pools, newest month first (the demo's draft run of last month).
    first = page.locator("#pools tbody tr").first
    expect(first).to_contain_text("H001")
    first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/performance/incentives/pools/\d+/"))
    expect(page.locator("#why-pool")).to_contain_text("Why is the pool this much")
    expect(page.locator("#why-kpis tbody tr").first).to_be_visible()
    expect(page.locator("#pool-lines tbody tr").first).to_be_visible()
    expect(page.locator("#review-form")).to_be_visible()
    screenshot(page, "manager-pool")
    # The what-if page keeps the numbers one click away and saves nothing.
    page.locator("#what-if").click()
    expect(page.locator("#whatif-form")).to_be_visible()
    page.locator("#whatif-submit").click()
    expect(page.locator("#whatif-pool")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, base, "staff1")
    page.goto(f"{base}/performance/incentives/mine/")
    own = list(IncentiveLine.objects.filter(staff__user__username="staff1").values_list("pk", flat=True))
    assert own, "the demo gives staff1 lines"
    links = page.locator("#my-incentive-card a[href*='/performance/incentives/lines/']")
    expect(links).to_have_count(len(own))
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs == {f"/performance/incentives/lines/{pk}/" for pk in own}
    links.first.click()
    expect(page.locator("h1")).to_contain_text("Why is my bonus this much")
    expect(page.locator("#why-line")).to_contain_text("Personal factor")
    screenshot(page, "staff-line")
    colleague = IncentiveLine.objects.exclude(staff__user__username="staff1").first()
    response = page.goto(f"{base}/performance/incentives/lines/{colleague.pk}/")
    assert response.status == 404
