"""A hall manager builds next week's roster on a tablet; the staff member then sees their shift."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from staffing.models import Roster, StaffMember
from staffing.services import rosters as roster_services

from .conftest import sign_in


def give_two_early_shifts(roster: Roster, member: StaffMember) -> None:
    """Set the stage: the staff member works Tuesday and Wednesday 08:00-14:00 and no other day. Not Monday:
    the demo's published week before may have them closing the hall on Sunday, and rest holds across it."""
    roster.shifts.filter(staff=member).delete()
    for offset in (1, 2):
        data = roster_services.ShiftInput(
            staff=member,
            day=roster.start_date + dt.timedelta(days=offset),
            start=dt.time(8),
            end=dt.time(14),
            role="counter",
        )
        roster.refresh_from_db()
        roster_services.shift_save(roster=roster, data=data, version=roster.version)


def test_manager_generates_breaks_the_rest_rule_undoes_publishes_and_staff_sees_the_shift(
    live_server, demo_data, tablet: Page, browser, screenshot
) -> None:
    page, base = tablet, live_server.url
    sign_in(page, base, "manager1")

    page.goto(f"{base}/rosters/")
    form = page.locator("form#roster-create-form")
    form.locator("input[name=time_limit]").fill("5")
    with page.expect_navigation(timeout=60_000):
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/rosters/\d+/"))
    roster = Roster.objects.get(pk=int(re.search(r"/rosters/(\d+)/", page.url).group(1)))
    assert roster.start_date.weekday() == 0, "the form proposes next Monday"
    expect(page.locator("#solver-summary")).to_contain_text("staff-slots short of demand")
    expect(page.locator("#roster-grid .shift-bar").first).to_be_visible()
    expect(page.locator("canvas#coverage-chart")).to_be_visible()
    expect(page.locator("#coverage-table")).to_be_attached()
    expect(page.locator("#no-violations")).to_be_visible()
    screenshot(page, "generated")

    member = StaffMember.objects.get(user__username="staff1")
    give_two_early_shifts(roster, member)
    tuesday = roster.start_date + dt.timedelta(days=1)
    tuesday_shift = roster.shifts.get(staff=member, day=tuesday)

    # Move Tuesday's shift to close the hall: 21:30 to Wednesday 08:00 is 10.5 hours of rest, under 11.
    page.goto(f"{base}/rosters/{roster.pk}/")
    page.locator(f'a.shift-bar[data-shift="{tuesday_shift.pk}"]').click()
    shift_form = page.locator("form#shift-form")
    shift_form.locator("input[name=start]").fill("13:30")
    shift_form.locator("input[name=end]").fill("21:30")
    with page.expect_navigation():
        shift_form.locator("button[type=submit]").click()
    violations = page.locator("#violations")
    expect(violations).to_be_visible()
    expect(violations).to_contain_text("rest")
    expect(violations).to_contain_text(member.employee_number)
    expect(page.locator("#roster-grid a.shift-bar.flagged")).to_have_count(1)
    screenshot(page, "rest-rule-broken")

    with page.expect_navigation():
        page.locator("#undo-button").click()
    expect(page.locator("#violations")).to_have_count(0)
    expect(page.locator("#no-violations")).to_be_visible()
    expect(page.locator(f'a.shift-bar[data-shift="{tuesday_shift.pk}"]')).to_contain_text("08:00")
    screenshot(page, "undone")

    with page.expect_navigation():
        page.locator("#publish-button").click()
    expect(page.locator("#roster-status")).to_have_text("Published")
    screenshot(page, "published")

    staff_context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="en-US")
    staff_page = staff_context.new_page()
    sign_in(staff_page, base, "staff1")
    staff_page.goto(f"{base}/me/shifts/")
    shifts = staff_page.locator("#my-shift-list")
    expect(shifts).to_contain_text(tuesday.isoformat())
    expect(shifts).to_contain_text("08:00–14:00")
    # Their shifts of this roster are all listed (the demo has published the coming fortnight too, so the
    # list holds more than these).
    mine = list(roster.shifts.filter(staff__user__username="staff1").order_by("day"))
    assert len(mine) == 2
    for shift in mine:
        expect(shifts.locator(".list-group-item", has_text=shift.day.isoformat())).to_have_count(1)
    screenshot(staff_page, "staff-my-shifts")
    staff_context.close()
